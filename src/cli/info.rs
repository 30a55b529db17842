//! Placeholder until this command lands.

use super::Lang;

#[derive(clap::Args, Debug)]
pub struct InfoArgs {}

pub fn run(_args: InfoArgs, _lang: Lang) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
