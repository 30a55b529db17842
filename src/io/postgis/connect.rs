//! Opening a connection to the shared library from a `postgresql://` URL (or `key=value` conninfo), filling what it
//! leaves out the way libpq does: PGHOST, PGPORT, PGUSER, PGDATABASE, then the password from PGPASSWORD or the
//! password file (PGPASSFILE / ~/.pgpass), else a prompt on a terminal. No password is ever written to a file.

use std::io::{BufRead, IsTerminal, Write};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use postgres::config::Host;
use postgres::{Client, Config, NoTls};

use super::pgpass;

/// True for what `--library` treats as a shared library rather than a file.
///
/// ```
/// use stockfirst::io::postgis::is_database_url;
/// assert!(is_database_url("postgresql://officer@db.jz/stock"));
/// assert!(is_database_url("postgres://db.jz/stock"));
/// assert!(!is_database_url("sample-data/jiaozuo-stock-sample.gpkg"));
/// ```
pub fn is_database_url(s: &str) -> bool {
    let l = s.trim_start().to_ascii_lowercase();
    l.starts_with("postgresql://") || l.starts_with("postgres://")
}

/// The URL as shown to people and written in reports: any password in it replaced by `***`.
///
/// ```
/// use stockfirst::io::postgis::redacted;
/// assert_eq!(redacted("postgresql://li:secret@db.jz:5432/stock"), "postgresql://li:***@db.jz:5432/stock");
/// assert_eq!(redacted("postgresql://li@db.jz/stock"), "postgresql://li@db.jz/stock");
/// ```
pub fn redacted(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}{tail}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The connection settings with libpq's environment defaults filled in, the password too.
pub fn config(url: &str) -> Result<Config> {
    let mut c = defaults(url)?;
    if c.get_password().is_none() {
        if let Some(pw) = typed_password(&c) {
            c.password(pw);
        } else if let Some(pw) = env("PGPASSWORD") {
            c.password(pw);
        } else if let Some(pw) = password_file_entry(&c) {
            c.password(pw);
        }
    }
    c.application_name("stockfirst");
    if c.get_connect_timeout().is_none() {
        c.connect_timeout(Duration::from_secs(10));
    }
    Ok(c)
}

/// Host, port, user and database with libpq's environment defaults; the password only if the URL has one.
fn defaults(url: &str) -> Result<Config> {
    let mut c: Config = url
        .parse()
        .map_err(|e| anyhow!("{}: 连接串无效 / invalid connection string: {e}", redacted(url)))?;
    if c.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(h) => {
                c.host(&h);
            }
            None if std::path::Path::new("/var/run/postgresql").is_dir() => {
                c.host("/var/run/postgresql");
            }
            None => {
                c.host("localhost");
            }
        }
    }
    if c.get_ports().is_empty()
        && let Some(p) = env("PGPORT").and_then(|p| p.parse::<u16>().ok())
    {
        c.port(p);
    }
    if c.get_user().is_none() {
        let user = env("PGUSER")
            .or_else(|| env("USER"))
            .unwrap_or_else(|| "postgres".into());
        c.user(&user);
    }
    if c.get_dbname().is_none()
        && let Some(d) = env("PGDATABASE")
    {
        c.dbname(&d);
    }
    Ok(c)
}

fn host_and_port(c: &Config) -> (String, u16) {
    let host = match c.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        // libpq matches a socket connection as "localhost".
        _ => "localhost".to_string(),
    };
    (host, c.get_ports().first().copied().unwrap_or(5432))
}

/// Passwords typed into the app's password dialog: kept in this process's memory only, never in a file.
static TYPED: std::sync::Mutex<Vec<(String, String)>> = std::sync::Mutex::new(Vec::new());

fn login_key(c: &Config) -> String {
    let (host, port) = host_and_port(c);
    let user = c.get_user().unwrap_or_default();
    format!("{user}@{host}:{port}/{}", c.get_dbname().unwrap_or(user))
}

fn typed_password(c: &Config) -> Option<String> {
    let key = login_key(c);
    let typed = TYPED.lock().ok()?;
    typed.iter().find(|(k, _)| *k == key).map(|(_, pw)| pw.clone())
}

/// Remembers, for this process only, the password typed for the login `url` names (the app's password dialog).
pub fn remember_password(url: &str, password: &str) -> Result<()> {
    let key = login_key(&defaults(url)?);
    if let Ok(mut typed) = TYPED.lock() {
        typed.retain(|(k, _)| *k != key);
        typed.push((key, password.to_string()));
    }
    Ok(())
}

/// In a connection error (`explain`): the server wants a password and none was given.
const PASSWORD_MISSING: &str = "需要密码 / the server wants a password";
/// In a connection error (`explain`): the password given was refused.
const PASSWORD_WRONG: &str = "密码错误 / wrong password";

/// What a connection error says about the password, for the app's password dialog.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordTrouble {
    Missing,
    Wrong,
}

/// Whether a connection error (as `connect` words it) means the server wants a password it did not get, or refused
/// the one it got: the app then asks for one.
///
/// ```
/// use stockfirst::io::postgis::{wants_password, PasswordTrouble};
/// assert_eq!(wants_password("db: 密码错误 / wrong password (PGPASSFILE …): …"), Some(PasswordTrouble::Wrong));
/// assert_eq!(wants_password("db: 无法连接服务器 …"), None);
/// ```
pub fn wants_password(message: &str) -> Option<PasswordTrouble> {
    if message.contains(PASSWORD_WRONG) {
        Some(PasswordTrouble::Wrong)
    } else if message.contains(PASSWORD_MISSING) {
        Some(PasswordTrouble::Missing)
    } else {
        None
    }
}

fn password_file_entry(c: &Config) -> Option<String> {
    let (host, port) = host_and_port(c);
    let user = c.get_user().unwrap_or_default();
    let db = c.get_dbname().unwrap_or(user);
    pgpass::password_for(&host, port, db, user)
}

/// Connects, asking for the password on the terminal if the server wants one and none was found.
pub fn connect(url: &str) -> Result<Client> {
    let mut c = config(url)?;
    match c.connect(NoTls) {
        Ok(client) => Ok(client),
        Err(e) if needs_password(&e) && c.get_password().is_none() && std::io::stdin().is_terminal() => {
            let pw = prompt_password(&format!(
                "{} 的密码 / password for {}: ",
                c.get_user().unwrap_or_default(),
                c.get_user().unwrap_or_default()
            ))?;
            c.password(pw);
            c.connect(NoTls).map_err(|e| explain(url, &e))
        }
        Err(e) => Err(explain(url, &e)),
    }
}

/// By the SQLSTATE (28P01), not the server's words: a server with `lc_messages` in Chinese words them differently.
fn password_refused(e: &postgres::Error) -> bool {
    e.code() == Some(&postgres::error::SqlState::INVALID_PASSWORD)
}

/// The error with its causes ("invalid configuration: password missing"): the client's `Display` shows only the first.
fn with_causes(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut cause = std::error::Error::source(e);
    while let Some(c) = cause {
        let more = c.to_string();
        if !text.contains(&more) {
            text = format!("{text}: {more}");
        }
        cause = c.source();
    }
    text
}

/// The client's own error when the server asked for a password and none was given.
fn password_missing(e: &postgres::Error) -> bool {
    with_causes(e).contains("password missing")
}

fn needs_password(e: &postgres::Error) -> bool {
    password_missing(e) || password_refused(e)
}

/// A connection failure in words an officer can act on.
fn explain(url: &str, e: &postgres::Error) -> anyhow::Error {
    let text = with_causes(e);
    let hint = if password_refused(e) {
        format!("{PASSWORD_WRONG}（可用 PGPASSFILE / ~/.pgpass）")
    } else if password_missing(e) {
        format!("{PASSWORD_MISSING}（可用 PGPASSFILE / ~/.pgpass）")
    } else if text.contains("does not exist") {
        "数据库或用户不存在 / the database or role does not exist".into()
    } else if text.contains("error connecting") || text.contains("Connection refused") || text.contains("timed out") {
        "无法连接服务器，请检查地址、端口和网络；本地图库仍可使用 / cannot reach the server: check host, port and \
         network; local libraries still work"
            .into()
    } else {
        "连接失败 / connection failed".into()
    };
    anyhow!("{}: {hint}: {text}", redacted(url))
}

/// Reads a line from the terminal without echoing it.
fn prompt_password(prompt: &str) -> Result<String> {
    let mut err = std::io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    let echo_off = EchoOff::new();
    let mut line = String::new();
    let read = std::io::stdin().lock().read_line(&mut line);
    drop(echo_off);
    writeln!(err)?;
    read.context("读取密码 / reading the password")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

/// Terminal echo off while it lives (Unix); restored on drop, also on an early return.
struct EchoOff {
    #[cfg(unix)]
    saved: Option<libc::termios>,
}

impl EchoOff {
    fn new() -> Self {
        #[cfg(unix)]
        {
            // SAFETY: tcgetattr/tcsetattr on stdin with a zeroed, then filled, termios owned here.
            unsafe {
                let mut t: libc::termios = std::mem::zeroed();
                if libc::tcgetattr(libc::STDIN_FILENO, &mut t) != 0 {
                    return Self { saved: None };
                }
                let saved = t;
                t.c_lflag &= !libc::ECHO;
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t);
                Self { saved: Some(saved) }
            }
        }
        #[cfg(not(unix))]
        Self {}
    }
}

impl Drop for EchoOff {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(t) = self.saved {
            // SAFETY: restores the attributes read in `new`.
            unsafe {
                libc::tcsetattr(libc::STDIN_FILENO, libc::TCSANOW, &t);
            }
        }
    }
}
