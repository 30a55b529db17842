//! Placeholder until this command lands.

use super::Lang;

#[derive(clap::Subcommand, Debug)]
pub enum QuotaCommand {}

pub fn run(_cmd: QuotaCommand, _lang: Lang) -> anyhow::Result<()> {
    anyhow::bail!("not built yet")
}
