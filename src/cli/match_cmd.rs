//! Placeholder until this command lands.

use super::Lang;

#[derive(clap::Args, Debug)]
pub struct MatchArgs {}

pub fn run(_args: MatchArgs, _lang: Lang) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
