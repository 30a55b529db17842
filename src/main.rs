//! `stockfirst` — with no subcommand it opens the desktop app; subcommands run the same engines headless.

use clap::{CommandFactory, Parser, Subcommand};
use stockfirst::cli;

/// mimalloc: a library is a million parcels of a dozen small allocations each, which glibc's malloc makes and frees
/// more slowly, from two reading threads at once (docs/benchmarks.md, "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(name = "stockfirst", version, about = "存量优先 — stock-first land matching (焦作)")]
#[command(
    long_about = "存量优先 — stock-first land matching and quota simulation for the Jiaozuo land bureau (焦作).\n\n\
    With no subcommand it opens the desktop app on the library given by --library (else the bundled sample) and \
    opens PROJECT: a project file (.ron), or a 界址点 boundary TXT that becomes the project footprint. The \
    subcommands run the same engines headless."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Output language: zh (default) or en.
    #[arg(long, global = true, default_value = "zh")]
    lang: String,
    /// Library to open in the app (any GDAL polygon source, or a shared library postgresql://…). Defaults to the
    /// bundled sample.
    #[arg(long)]
    library: Option<std::path::PathBuf>,
    /// Project file (.ron) to open in the app, or a 界址点 boundary TXT to use as the project footprint.
    project: Option<std::path::PathBuf>,
}

/// The same command line without the project argument: parsing with it gives clap's own "unrecognized
/// subcommand … a similar subcommand exists" for a bare word that is not a project file (`stockfirst mach`).
#[derive(Parser)]
#[command(name = "stockfirst", version, about = "存量优先 — stock-first land matching (焦作)")]
struct SubcommandsOnly {
    #[command(subcommand)]
    command: Option<Command>,
    #[arg(long, global = true, default_value = "zh")]
    lang: String,
    #[arg(long)]
    library: Option<std::path::PathBuf>,
}

// Parsed once at start-up and matched straight away: the size of the largest variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Layers, CRS, parcel counts and 亩 totals, problems found.
    Info(cli::info::InfoArgs),
    /// Convert between boundary TXT, GeoPackage, GeoJSON and Shapefile.
    Convert(cli::convert::ConvertArgs),
    /// 套核 and stock-first candidates for a project (clause 二).
    Match(cli::match_cmd::MatchArgs),
    /// 合规性审查: the 地类 table and planning-control findings under a red line (clauses 一, 九, 十一, 十四).
    Controls(cli::controls_cmd::ControlsArgs),
    /// 存量组合: the best sets of stock parcels for a project at a location (clauses 二, 一, 四).
    Propose(cli::propose_cmd::ProposeArgs),
    /// The print map (A4/A3, 300 dpi PNG or PDF) and the site-selection decision document (.docx, or PDF via LibreOffice).
    Report(cli::report_cmd::ReportArgs),
    /// Quota draw-down simulation (clauses 五–九, 十六, 十七).
    #[command(subcommand)]
    Quota(cli::quota_cmd::QuotaCommand),
    /// Generate the synthetic sample library and benchmark libraries.
    GenerateSample(cli::generate::GenerateArgs),
    /// The shared library on PostgreSQL + PostGIS: init, migrate, import, grant, status, export.
    #[command(subcommand)]
    Db(cli::db_cmd::DbCommand),
    /// Public catalogue of 可供 stock land: a static site with map, list, finder and downloads (clause 二).
    Publish(cli::publish_cmd::PublishArgs),
    /// Write the man pages into a directory (for packaging).
    #[command(hide = true)]
    Man { out_dir: std::path::PathBuf },
    /// Write bash, zsh and fish completions into a directory (for packaging).
    #[command(hide = true)]
    Completions { out_dir: std::path::PathBuf },
}

fn main() -> std::process::ExitCode {
    let args = Cli::parse();
    if let (None, Some(p)) = (&args.command, &args.project) {
        // A project file, or a 界址点 TXT opened from the desktop ("Open with"), which becomes the footprint.
        let is_project = p.is_file()
            && p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("ron") || e.eq_ignore_ascii_case("txt"));
        if !is_project && let Err(e) = SubcommandsOnly::command().try_get_matches() {
            e.exit();
        }
    }
    let lang = stockfirst::model::Lang::parse(&args.lang);
    if args.command.is_some() {
        // A headless command piped into `head` stops quietly when the pipe closes, as Unix tools do, instead of
        // panicking on "failed printing to stdout: Broken pipe".
        // SAFETY: restoring the default disposition of one signal at start-up, before any thread exists.
        unsafe {
            libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        }
    }
    let result = match args.command {
        Some(Command::Info(a)) => cli::info::run(a, lang),
        Some(Command::Convert(a)) => cli::convert::run(a, lang),
        Some(Command::Match(a)) => cli::match_cmd::run(a, lang),
        Some(Command::Controls(a)) => cli::controls_cmd::run(a, lang),
        Some(Command::Propose(a)) => cli::propose_cmd::run(a, lang),
        Some(Command::Report(a)) => cli::report_cmd::run(a, lang),
        Some(Command::Quota(a)) => cli::quota_cmd::run(a, lang),
        Some(Command::GenerateSample(a)) => cli::generate::run(a),
        Some(Command::Publish(a)) => cli::publish_cmd::run(a, lang),
        Some(Command::Db(c)) => cli::db_cmd::run(c, lang),
        Some(Command::Man { out_dir }) => cli::package_files::write_man_pages(Cli::command(), &out_dir).map(drop),
        Some(Command::Completions { out_dir }) => {
            cli::package_files::write_completions(Cli::command(), &out_dir).map(drop)
        }
        None => stockfirst::ui::run(args.library, args.project, lang),
    };
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误 / error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
