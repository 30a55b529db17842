//! Placeholder until this command lands.

use super::Lang;

#[derive(clap::Args, Debug)]
pub struct ConvertArgs {}

pub fn run(_args: ConvertArgs, _lang: Lang) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
