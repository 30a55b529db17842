//! Writes the site folder atomically: every file goes into a temp folder beside the target, and only a complete
//! folder takes the target's name. An existing site is replaced, never half-overwritten; a folder that is not a
//! site written by stockfirst is never replaced.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The file that marks a folder as a published site (and says what is in it).
pub const MARKER: &str = "stockfirst-site.json";

fn sibling(out: &Path, what: &str) -> PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "site".into());
    out.with_file_name(format!(".{name}.{what}-{}", std::process::id()))
}

/// A relative path inside the site, no `..`: a bad name is a bug, but must never write outside the folder.
fn inside(dir: &Path, rel: &str) -> Result<PathBuf> {
    let p = Path::new(rel);
    if rel.is_empty() || !p.components().all(|c| matches!(c, Component::Normal(_))) {
        bail!("{rel:?}: 不是站点内的相对路径 / not a relative path inside the site");
    }
    Ok(dir.join(p))
}

fn write_all(dir: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    use std::io::Write;
    for (rel, bytes) in files {
        let path = inside(dir, rel)?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("{}: 无法创建 / cannot create", parent.display()))?;
        }
        let mut f =
            std::fs::File::create(&path).with_context(|| format!("{}: 无法创建 / cannot create", path.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("{}: 写入失败 / write failed", path.display()))?;
        f.sync_all().ok();
    }
    Ok(())
}

/// Refuses to replace anything but an empty folder or an earlier site.
fn check_replaceable(out: &Path) -> Result<()> {
    if !out.exists() {
        return Ok(());
    }
    if !out.is_dir() {
        bail!("{}: 已存在且不是文件夹 / exists and is not a folder", out.display());
    }
    let empty = std::fs::read_dir(out)
        .with_context(|| format!("{}: 无法读取 / cannot read", out.display()))?
        .next()
        .is_none();
    if !empty && !out.join(MARKER).is_file() {
        bail!(
            "{}: 文件夹已存在且不是 stockfirst 发布的站点（没有 {MARKER}），不会覆盖 / the folder exists and is not a site stockfirst published: not replaced",
            out.display()
        );
    }
    Ok(())
}

/// Writes `files` (relative path, bytes) as the folder `out`.
pub fn write_dir_atomically(out: &Path, files: &[(String, Vec<u8>)]) -> Result<()> {
    check_replaceable(out)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("{}: 无法创建 / cannot create", parent.display()))?;
    }
    let tmp = sibling(out, "publish-tmp");
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp).ok();
    }
    std::fs::create_dir(&tmp)
        .with_context(|| format!("{}: 无法创建临时文件夹 / cannot create temp folder", tmp.display()))?;
    if let Err(e) = write_all(&tmp, files) {
        std::fs::remove_dir_all(&tmp).ok();
        return Err(e);
    }
    if out.exists() {
        // Two renames: between them the old site sits beside the target, complete, and is put back on failure.
        let old = sibling(out, "publish-old");
        if old.exists() {
            std::fs::remove_dir_all(&old).ok();
        }
        if let Err(e) = std::fs::rename(out, &old) {
            std::fs::remove_dir_all(&tmp).ok();
            return Err(e).with_context(|| format!("{}: 无法替换 / cannot replace", out.display()));
        }
        if let Err(e) = std::fs::rename(&tmp, out) {
            std::fs::rename(&old, out).ok();
            std::fs::remove_dir_all(&tmp).ok();
            return Err(e).with_context(|| format!("{}: 无法替换 / cannot replace", out.display()));
        }
        std::fs::remove_dir_all(&old).ok();
    } else if let Err(e) = std::fs::rename(&tmp, out) {
        std::fs::remove_dir_all(&tmp).ok();
        return Err(e).with_context(|| format!("{}: 无法写入 / cannot write", out.display()));
    }
    crate::io::atomic::sync_dir(out);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(extra: &str) -> Vec<(String, Vec<u8>)> {
        vec![
            (MARKER.to_string(), b"{}".to_vec()),
            ("index.html".to_string(), extra.as_bytes().to_vec()),
            ("vendor/a.js".to_string(), b"x".to_vec()),
        ]
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn a_failed_write_leaves_the_old_site_whole_and_no_temp_folder() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("site");
        write_dir_atomically(&out, &files("old")).unwrap();
        let mut bad = files("new");
        bad.insert(2, ("../escape.txt".to_string(), b"!".to_vec()));
        assert!(write_dir_atomically(&out, &bad).is_err());
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "old");
        assert_eq!(names(d.path()), vec!["site"]);
    }

    #[test]
    fn a_new_site_replaces_the_old_one_entirely() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("site");
        write_dir_atomically(&out, &files("old")).unwrap();
        std::fs::write(out.join("stale.txt"), "left over").unwrap();
        write_dir_atomically(&out, &files("new")).unwrap();
        assert_eq!(std::fs::read_to_string(out.join("index.html")).unwrap(), "new");
        assert!(!out.join("stale.txt").exists());
        assert_eq!(names(d.path()), vec!["site"]);
    }

    #[test]
    fn a_folder_that_is_no_site_is_not_replaced() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("docs");
        std::fs::create_dir(&out).unwrap();
        std::fs::write(out.join("thesis.docx"), "precious").unwrap();
        let e = format!("{:#}", write_dir_atomically(&out, &files("new")).unwrap_err());
        assert!(e.contains(MARKER), "{e}");
        assert_eq!(std::fs::read_to_string(out.join("thesis.docx")).unwrap(), "precious");
    }
}
