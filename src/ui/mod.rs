//! The desktop app. Draws and dispatches; every policy question goes to the core.

use crate::cli::Lang;

pub fn run(
    _library: Option<std::path::PathBuf>,
    _project: Option<std::path::PathBuf>,
    _lang: Lang,
) -> anyhow::Result<()> {
    anyhow::bail!("the app is not built yet")
}
