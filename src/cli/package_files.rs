//! The man pages and shell completions the Debian package ships, made from the same clap definitions the binary
//! parses with, so they never drift from the real options (`stockfirst man DIR`, `stockfirst completions DIR`;
//! both hidden, called by `make package`).

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap_complete::Shell;

/// What the man page adds after clap's own sections: where the installed files are.
const FILES_SECTION: &str = r#".SH FILES
.TP
\fI/usr/share/stockfirst/assets/\fR
The built-in rules (matching, quota, counties, land-use catalogue); the binary carries the same copies.
.TP
\fI/usr/share/stockfirst/sample-data/\fR
The synthetic sample library (jiaozuo-stock-sample.gpkg), footprints (界址点 TXT) and quota scenarios.
.SH ENVIRONMENT
.TP
\fBSTOCKFIRST_DATA_DIR\fR
A directory searched first for sample-data/ (before the working directory, the binary's directory and
/usr/share/stockfirst).
"#;

/// Writes `stockfirst.1` and one page per visible subcommand (`stockfirst-info.1`, `stockfirst-quota-run.1`, …).
pub fn write_man_pages(cmd: clap::Command, out_dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("{}", out_dir.display()))?;
    let mut cmd = cmd.disable_help_subcommand(true);
    cmd.build();
    let mut written = Vec::new();
    write_pages(&cmd, out_dir, true, &mut written)?;
    Ok(written)
}

fn write_pages(cmd: &clap::Command, out_dir: &Path, top: bool, written: &mut Vec<PathBuf>) -> Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        write_pages(sub, out_dir, false, written)?;
    }
    let man = clap_mangen::Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render(&mut page).context("man page")?;
    if top {
        page.extend_from_slice(FILES_SECTION.as_bytes());
    }
    let path = out_dir.join(man.get_filename());
    crate::io::atomic::write_bytes(&path, &page)?;
    written.push(path);
    Ok(())
}

/// Writes the bash, zsh and fish completions under the names their packages look for: `stockfirst.bash`,
/// `_stockfirst`, `stockfirst.fish`.
pub fn write_completions(mut cmd: clap::Command, out_dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(out_dir).with_context(|| format!("{}", out_dir.display()))?;
    let bin = cmd.get_name().to_string();
    let mut written = Vec::new();
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        let mut text = Vec::new();
        clap_complete::generate(shell, &mut cmd, bin.clone(), &mut text);
        let name = match shell {
            Shell::Zsh => format!("_{bin}"),
            other => format!("{bin}.{other}"),
        };
        let path = out_dir.join(name);
        crate::io::atomic::write_bytes(&path, &text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, Command};

    fn demo() -> Command {
        Command::new("demo")
            .version("1.0")
            .about("a demo")
            .arg(Arg::new("lang").long("lang"))
            .subcommand(Command::new("info").about("layers").arg(Arg::new("path")))
            .subcommand(Command::new("secret").hide(true))
    }

    #[test]
    fn one_page_per_visible_subcommand_and_the_files_section_on_the_top_page() {
        let dir = tempfile::tempdir().unwrap();
        let mut names: Vec<String> = write_man_pages(demo(), dir.path())
            .unwrap()
            .iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["demo-info.1", "demo.1"]);
        let top = std::fs::read_to_string(dir.path().join("demo.1")).unwrap();
        assert!(top.starts_with(".ie \\n(.g .ds Aq"), "{}", &top[..40]);
        assert!(top.contains(".SH FILES") && top.contains("/usr/share/stockfirst/sample-data/"));
        assert!(top.contains("\\-\\-lang"));
        let info = std::fs::read_to_string(dir.path().join("demo-info.1")).unwrap();
        assert!(!info.contains(".SH FILES"));
    }

    #[test]
    fn completions_for_bash_zsh_and_fish_name_the_subcommands() {
        let dir = tempfile::tempdir().unwrap();
        let written = write_completions(demo(), dir.path()).unwrap();
        assert_eq!(written.len(), 3);
        for (name, marker) in [
            ("demo.bash", "complete -F"),
            ("_demo", "#compdef demo"),
            ("demo.fish", "complete -c demo"),
        ] {
            let text = std::fs::read_to_string(dir.path().join(name)).unwrap();
            assert!(text.contains(marker), "{name}");
            assert!(text.contains("info"), "{name}");
            assert!(text.contains("lang"), "{name}");
        }
    }
}
