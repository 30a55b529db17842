//! The password file libpq reads (`PGPASSFILE`, else `~/.pgpass`): `host:port:database:user:password` a line, `*`
//! matching anything, `\:` and `\\` escaped. The `postgres` crate does not read it, so this does, the same way.

use std::path::{Path, PathBuf};

/// The first line matching these, as libpq takes it.
///
/// ```
/// use stockfirst::io::postgis::pgpass::lookup;
/// let file = "# bureau\n db.jz:5432:stock:officer_xiuwu:s3cr\\:et\n*:*:*:officer_boai:pw2\n";
/// assert_eq!(lookup(file, "db.jz", 5432, "stock", "officer_xiuwu").as_deref(), Some("s3cr:et"));
/// assert_eq!(lookup(file, "other", 6543, "x", "officer_boai").as_deref(), Some("pw2"));
/// assert_eq!(lookup(file, "db.jz", 5433, "stock", "officer_xiuwu"), None);
/// ```
pub fn lookup(text: &str, host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    let port = port.to_string();
    let wanted = [host, port.as_str(), dbname, user];
    text.lines().find_map(|line| {
        let line = line.trim_start();
        if line.starts_with('#') || line.is_empty() {
            return None;
        }
        let fields = split(line);
        if fields.len() != 5 {
            return None;
        }
        let hit = fields[..4].iter().zip(wanted).all(|(f, w)| f == "*" || f == w);
        hit.then(|| fields[4].clone())
    })
}

/// Splits on unescaped `:`, undoing `\:` and `\\`.
fn split(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(last)) = (chars.next(), out.last_mut()) {
                    last.push(next);
                }
            }
            ':' if out.len() < 5 => out.push(String::new()),
            _ => {
                if let Some(last) = out.last_mut() {
                    last.push(c);
                }
            }
        }
    }
    out
}

/// Where libpq would look.
pub fn default_path() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(p));
    }
    std::env::var_os("HOME").map(|h| Path::new(&h).join(".pgpass"))
}

/// The password for this connection from the password file, if the file exists and only its owner may read it
/// (libpq ignores a file others can read, and so does this, with a warning).
pub fn password_for(host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    let path = default_path()?;
    let meta = std::fs::metadata(&path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if meta.permissions().mode() & 0o077 != 0 {
            eprintln!(
                "警告：{} 的权限过宽（应为 0600），未读取 / warning: {} is readable by others (should be 0600); ignored",
                path.display(),
                path.display()
            );
            return None;
        }
    }
    #[cfg(not(unix))]
    let _ = meta;
    let text = std::fs::read_to_string(&path).ok()?;
    lookup(&text, host, port, dbname, user)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_wildcards_follow_libpq() {
        assert_eq!(split(r"a\:b:c:d\\e:f:p:q"), ["a:b", "c", "d\\e", "f", "p:q"]);
        // The first matching line wins, as in libpq.
        let f = "*:*:*:u:first\nh:5432:d:u:second\n";
        assert_eq!(lookup(f, "h", 5432, "d", "u").as_deref(), Some("first"));
        // A line with too few fields is skipped.
        assert_eq!(lookup("h:5432:d:u\n", "h", 5432, "d", "u"), None);
    }
}
