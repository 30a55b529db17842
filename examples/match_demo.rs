//! Prints `stockfirst match`'s table for a footprint on the generated sample library (until the readers land).
//! `cargo run --example match_demo [-- en]`

use stockfirst::cli::match_cmd::render_table;
use stockfirst::library::StockLibrary;
use stockfirst::matching::{MatchOptions, Requirement, match_project};
use stockfirst::model::Lang;
use stockfirst::model::{LandUse, ProjectTier};

#[path = "../benches/common/mod.rs"]
mod common;

fn main() -> anyhow::Result<()> {
    let lang = Lang::parse(&std::env::args().nth(1).unwrap_or_default());
    let lib = StockLibrary::new(common::parcels(5000));
    let fp = common::footprint_with_hits(&lib, 3, 5);
    // The red line is a sketch; the project itself needs 60 亩.
    let req = Requirement::on_footprint(fp, LandUse::ydyh("1001"))?
        .with_area(stockfirst::model::Area::from_mu(60.0))?
        .with_tier(ProjectTier::MunicipalKey);
    let rules = stockfirst::io::match_rules()?;
    let r = match_project(
        &lib,
        &req,
        &rules,
        &MatchOptions {
            top: 6,
            ..Default::default()
        },
    );
    let counties = stockfirst::io::assets::counties()?;
    let cat = stockfirst::io::assets::land_use_catalog()?;
    print!("{}", render_table(&r, &req, &lib, &counties, &cat, lang));
    Ok(())
}
