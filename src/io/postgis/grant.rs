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
    let mut tx = client.transaction()?;
    tx.batch_execute(&format!("GRANT stockfirst_officer TO {}", quote_ident(role)))
        .context("授权需要管理员 / granting needs the admin role")?;
    for id in &ids {
        tx.execute(
            "INSERT INTO stockfirst.officer_counties (officer, county) VALUES ($1, $2) ON CONFLICT DO NOTHING",
            &[&role, id],
        )?;
    }
    tx.commit()?;
    Ok(ids)
}
