//! Writes that never leave a half-written file: write beside the target, then rename over it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// A temporary path in the same directory as `target` (so the rename stays on one file system).
pub fn temp_path_for(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let ext = target
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    target.with_file_name(format!(".{name}.tmp-{}{ext}", std::process::id()))
}

/// Writes `bytes` to `target` atomically (temp file, fsync, rename).
pub fn write_bytes(target: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    let tmp = temp_path_for(target);
    let result = (|| -> Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("{}: 无法创建临时文件 / cannot create temp file", tmp.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("{}: 写入失败 / write failed", tmp.display()))?;
        // The data must be on disk before the rename is: otherwise a power cut can leave the new name on an
        // empty file. (A failing fsync, as on some network shares, is not worth refusing the save for.)
        f.sync_all().ok();
        std::fs::rename(&tmp, target).with_context(|| format!("{}: 无法替换 / cannot replace", target.display()))?;
        sync_dir(target);
        Ok(())
    })();
    if result.is_err() {
        std::fs::remove_file(&tmp).ok();
    }
    result
}

/// Makes a rename in `target`'s directory durable (POSIX needs the directory itself synced). Best effort.
pub fn sync_dir(target: &Path) {
    #[cfg(unix)]
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty())
        && let Ok(d) = std::fs::File::open(dir)
    {
        d.sync_all().ok();
    }
    #[cfg(not(unix))]
    let _ = target;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.ron");
        write_bytes(&p, b"old").unwrap();
        write_bytes(&p, b"new content").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"new content");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
