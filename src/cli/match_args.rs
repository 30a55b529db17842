//! The `match` command line, shared by the one-project run (`match_cmd`) and the batch (`batch`), and the engine
//! it sets up once: rules, library, counties, the land-use catalogue, options, and the control layers.

use std::path::PathBuf;

use anyhow::Result;

use super::match_one::Engine;
use crate::io;
use crate::library::StockLibrary;
use crate::matching::MatchOptions;
use crate::model::{Counties, LandUseCatalog, Lang};

#[derive(clap::Args, Debug)]
pub struct MatchArgs {
    /// Stock library (any GDAL polygon source or boundary TXT).
    #[arg(long)]
    pub library: PathBuf,
    /// Project red line (boundary TXT or a GDAL polygon source); all its polygons are one red line.
    #[arg(long, conflicts_with = "at", required_unless_present_any = ["at", "projects"])]
    pub footprint: Option<PathBuf>,
    /// A location instead of a red line: X,Y in the working CRS (easting with zone prefix, northing).
    #[arg(long, value_name = "X,Y")]
    pub at: Option<String>,
    /// Batch 套核: each feature of FILE (a GDAL polygon or point source), or each boundary TXT of a folder, is its
    /// own project; use, area, county and tier come from its fields (YDYHFLDM, PZZMJ, XZQDM/XZQMC, 项目层级 …)
    /// or from --use/--area/--county/--tier. One result per project (--format); failures are reported and the
    /// run goes on; the exit code is non-zero when any project failed.
    #[arg(long, value_name = "FILE|DIR", conflicts_with_all = ["footprint", "at", "choose", "cultivated", "name"])]
    pub projects: Option<PathBuf>,
    /// With --projects: a field map (RON, as for the library; see assets/field_map.example.ron).
    #[arg(long = "fields", value_name = "FILE", requires = "projects")]
    pub field_map: Option<PathBuf>,
    /// With --projects: jsonl (default), csv or xlsx; default from the --out extension.
    #[arg(long, value_parser = ["jsonl", "csv", "xlsx"], requires = "projects")]
    pub format: Option<String>,
    /// Write the answer to FILE by its extension: .xlsx (the candidates and the 套核, a sheet each), .csv (the
    /// candidates, with a BOM) or .json. With --projects: one row a project (.xlsx, .csv or .jsonl), instead of the
    /// terminal.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Intended use, a 2023 用地用海 code (older codes are converted, with a warning). With --projects, the
    /// default for projects whose use field is empty.
    #[arg(long = "use", value_name = "CODE", required_unless_present = "projects")]
    pub land_use: Option<String>,
    /// Required area in 亩 (default: the red line's area; required with --at).
    #[arg(long, value_name = "亩")]
    pub area: Option<f64>,
    /// County: name or adcode (default: found from the location).
    #[arg(long)]
    pub county: Option<String>,
    /// Project tier: national / provincial-single-site / provincial-key / municipal-key / ordinary, or Chinese.
    #[arg(long)]
    pub tier: Option<String>,
    /// How many candidates to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    /// Also list parcels whose use does not fit.
    #[arg(long)]
    pub include_unfit: bool,
    /// Also list parcels that are not 可供.
    #[arg(long)]
    pub include_unavailable: bool,
    /// Matching rules (RON); default: the built-in assets/matching.ron.
    #[arg(long)]
    pub rules: Option<PathBuf>,
    /// Control layers (合规性审查): each candidate gets the cultivated 亩 of its increment and the findings.
    #[arg(long = "layers")]
    pub layers: Vec<PathBuf>,
    /// Role map for the control layers (RON).
    #[arg(long)]
    pub roles: Option<PathBuf>,
    /// Review rules (RON); default: the built-in assets/controls.ron.
    #[arg(long = "control-rules")]
    pub control_rules: Option<PathBuf>,
    /// Project category for clause (十一), e.g. culture-tourism, urban.
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    #[arg(long)]
    pub csv: bool,
    /// Write this project's quota entry (RON, one item for a scenario's `projects: [...]`) to FILE: its new land is
    /// the chosen candidate's shortfall, else the 套核 remainder, else the required area (clause 二). With
    /// --projects: every matched project's entry, as a list.
    #[arg(long, value_name = "FILE", requires = "date")]
    pub quota_project: Option<PathBuf>,
    /// With --quota-project: the chosen candidate, its 地块编号 joined by "+" as listed (default: none chosen).
    #[arg(long, value_name = "ID[+ID…]", requires = "quota_project")]
    pub choose: Option<String>,
    /// With --quota-project: the project name.
    #[arg(long, requires = "quota_project")]
    pub name: Option<String>,
    /// With --quota-project: the project date, YYYY-MM-DD in the plan year.
    #[arg(long, value_name = "YYYY-MM-DD", requires = "quota_project")]
    pub date: Option<String>,
    /// With --quota-project: 亩 of the new land that is cultivated land (耕地); clamped to the new land. Default:
    /// with --layers, the cultivated 亩 (net of 田坎) of the footprint's increment overlay; without, 0.
    #[arg(long, value_name = "亩", requires = "quota_project")]
    pub cultivated: Option<f64>,
}

/// The answer's engine for this command line: rules, library, counties, catalogue, options, category, layers.
pub(super) struct Loaded {
    pub rules: crate::matching::MatchRules,
    pub counties: Counties,
    pub catalog: LandUseCatalog,
    pub lib: StockLibrary,
    pub controls: Option<(crate::controls::ControlRules, crate::io::control_layers::LoadedControls)>,
    pub opts: MatchOptions,
    pub category: Option<crate::model::ProjectCategory>,
}

impl Loaded {
    pub fn read(args: &MatchArgs, lang: Lang) -> Result<Loaded> {
        let rules = match &args.rules {
            Some(p) => io::load_match_rules(p)?,
            None => io::match_rules()?,
        };
        let category = match &args.category {
            Some(c) => super::controls_cmd::parse_tier_category(None, Some(c))?.category,
            None => None,
        };
        let lib = io::load_library(&args.library)?;
        let controls = if args.layers.is_empty() {
            None
        } else {
            Some(super::controls_cmd::load_match_controls(
                (&args.layers, args.roles.as_ref(), args.control_rules.as_ref()),
                lang,
            )?)
        };
        Ok(Loaded {
            rules,
            counties: io::assets::counties()?,
            catalog: io::assets::land_use_catalog()?,
            lib,
            controls,
            opts: MatchOptions {
                top: args.top,
                include_unfit: args.include_unfit,
                include_unavailable: args.include_unavailable,
                merge: true,
            },
            category,
        })
    }

    pub fn engine(&self) -> Engine<'_> {
        Engine {
            lib: &self.lib,
            rules: &self.rules,
            counties: &self.counties,
            catalog: &self.catalog,
            opts: self.opts,
            controls: self.controls.as_ref().map(|(r, l)| (r, l)),
            category: self.category,
        }
    }
}
