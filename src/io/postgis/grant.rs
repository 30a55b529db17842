//! `db grant`: which counties an officer's login role may change. The mapping table belongs to the admin role; the
//! server reads it on `session_user`, so an officer cannot grant themselves a county from a laptop.

use anyhow::{Context, Result, bail};
use postgres::Client;

use crate::model::Counties;

/// A role name as a quoted SQL identifier.
///
/// ```
/// use stockfirst::io::postgis::quote_ident;
/// assert_eq!(quote_ident("officer_xiuwu"), "\"officer_xiuwu\"");
/// assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
/// ```
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Lets `role` change the parcels of `counties` (names, aliases or adcodes); returns the county ids granted.
pub fn grant(client: &mut Client, role: &str, counties: &[String], known: &Counties) -> Result<Vec<String>> {
    let mut ids = Vec::new();
    for c in counties {
        match known.find(c) {
            Some(county) => ids.push(county.id.clone()),
            None => bail!("未知县区 / unknown county: {c}"),
        }
    }
    let exists = client
        .query_opt("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", &[&role])?
        .map(|r| r.get::<_, bool>(0));
    match exists {
        None => bail!(
            "登录角色 {role} 不存在，请数据库管理员先建立：CREATE ROLE {role} LOGIN PASSWORD '…'（密码不经过 stockfirst）/ \
             no login role {role}: the database administrator creates it first (the password never passes through stockfirst)"
        ),
        Some(false) => eprintln!("注意：角色 {role} 不能登录 / note: role {role} cannot log in (NOLOGIN)"),
        Some(true) => {}
    }
    join_officers(client, role)?;
    let mut tx = client.transaction()?;
    for id in &ids {
        tx.execute(
            "INSERT INTO stockfirst.officer_counties (officer, county) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&role, id],
        )?;
    }
    tx.commit()?;
    Ok(ids)
}

/// Makes `role` a member of `stockfirst_officer`. Two grants of the same membership at the same moment (two admins,
/// or two `db grant` runs) make the server refuse the later one with a unique violation; by then the role is a
/// member, which is what was asked.
fn join_officers(client: &mut Client, role: &str) -> Result<()> {
    let sql = format!("GRANT stockfirst_officer TO {}", quote_ident(role));
    for _ in 0..3 {
        let member: bool = client
            .query_one(
                "SELECT pg_has_role($1::text::name, 'stockfirst_officer', 'MEMBER')",
                &[&role],
            )?
            .get(0);
        if member {
            return Ok(());
        }
        match client.batch_execute(&sql) {
            Ok(()) => return Ok(()),
            Err(e) if e.code() == Some(&postgres::error::SqlState::UNIQUE_VIOLATION) => continue,
            Err(e) => return Err(e).context("授权需要管理员 / granting needs the admin role"),
        }
    }
    bail!("授权未能完成，请重试 / the grant did not go through; try again")
}
