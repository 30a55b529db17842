//! `stockfirst quota run|diff`: the quota draw-down simulation, formatted. All rules are decided in `crate::quota`.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Value, json};

use super::quota_diff::diff_text;
use crate::io::quota_files::{builtin_rules, load_rules, load_scenario};
use crate::model::Lang;
use crate::quota::{Outcome, simulate, what_if};
use crate::report::csv::csv_many;
use crate::report::quota::{Namer, quota_tables};
use crate::report::text::aligned;
use crate::report::{Cell, Table};

#[derive(clap::Subcommand, Debug)]
pub enum QuotaCommand {
    /// Simulate a scenario: ledger, closing balances, shortfalls, next year's county table.
    Run {
        /// Scenario file (.ron).
        scenario: PathBuf,
        /// Rules file (.ron); defaults to the built-in assets/rules/jiaozuo-2026.ron.
        #[arg(long)]
        rules: Option<PathBuf>,
        /// Machine-readable JSON.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// CSV: four tables (ledger, balances, shortfalls, next year) separated by blank lines.
        #[arg(long)]
        csv: bool,
        /// Also write the four tables to FILE: .xlsx (a sheet each, 亩 as 0.00, frozen header) or .csv (BOM).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// What-if: a variant scenario against a baseline, per pool, project and county.
    Diff {
        base: PathBuf,
        variant: PathBuf,
        #[arg(long)]
        rules: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(cmd: QuotaCommand, lang: Lang) -> Result<()> {
    let counties = crate::io::assets::counties()?;
    let rules_of = |p: &Option<PathBuf>| match p {
        Some(p) => load_rules(p),
        None => builtin_rules(),
    };
    match cmd {
        QuotaCommand::Run {
            scenario,
            rules,
            json,
            csv,
            out: out_file,
        } => {
            let rules = rules_of(&rules)?;
            let sc = load_scenario(&scenario, &rules)?;
            let out = simulate(&rules, &sc)?;
            let n = Namer {
                rules: &rules,
                counties: &counties,
                lang,
            };
            if let Some(path) = &out_file {
                let tables = quota_tables(&out, &n);
                crate::report::file::write_tables(path, &tables.all())?;
                eprintln!("{}: {}", lang.pick("已写入", "written to"), path.display());
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&outcome_json(&out, &rules))?);
            } else if csv {
                // The CSV is bytes for a spreadsheet (BOM, CRLF): written as is, no extra line end.
                let tables = quota_tables(&out, &n);
                let text = csv_many(&tables.all().map(Table::clone));
                std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes())?;
            } else {
                println!("{}", outcome_text(&out, &n));
            }
        }
        QuotaCommand::Diff {
            base,
            variant,
            rules,
            json,
        } => {
            let rules = rules_of(&rules)?;
            let b = simulate(&rules, &load_scenario(&base, &rules)?)?;
            let w = simulate(&rules, &load_scenario(&variant, &rules)?)?;
            let d = what_if(&b, &w);
            let n = Namer {
                rules: &rules,
                counties: &counties,
                lang,
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
            } else {
                println!("{}", diff_text(&n, &b, &w, &d));
            }
        }
    }
    Ok(())
}

/// The year as text: the four tables, then why each county's next-year quota moved.
fn outcome_text(out: &Outcome, n: &Namer<'_>) -> String {
    let l = n.lang;
    let t = quota_tables(out, n);
    let mut s = format!(
        "{}{}（{} {}）\n{}{}\n",
        l.pick("情景：", "Scenario: "),
        out.scenario,
        out.plan_year,
        l.pick("年", "plan year"),
        l.pick("规则：", "Rules: "),
        n.rules.name
    );
    s += &format!("\n== {} ==\n", t.ledger.title);
    s += &aligned(&t.ledger);
    s += &format!("\n\n== {} ==\n", t.balances.title);
    s += &aligned(&t.balances);
    s += &format!("\n\n== {} ==\n", t.shortfalls.title);
    if t.shortfalls.rows.is_empty() {
        s += l.pick("无", "none");
    } else {
        s += &aligned(&t.shortfalls);
    }
    s += &format!("\n\n== {} ==\n", t.next_year.title);
    s += &format!(
        "{}{}\n",
        l.pick("全省平均占耕比：", "Provincial average 占耕比: "),
        Cell::Percent(Some(out.year_end.provincial_average)).to_text()
    );
    s += &aligned(&t.next_year);
    s += &format!("\n\n{}\n", l.pick("说明：", "Why:"));
    for c in &out.year_end.counties {
        let mut lines: Vec<String> = c
            .adjustments
            .iter()
            .map(|a| format!("{}{}{}", a.clause, l.pick("", " "), l.pick(&a.zh, &a.en)))
            .collect();
        lines.extend(if l == Lang::En {
            c.reasons_en.clone()
        } else {
            c.reasons_zh.clone()
        });
        s += &format!("  {}{}\n", n.county(&c.county), l.pick("：", ":"));
        for line in lines {
            s += &format!("    - {line}\n");
        }
    }
    s.trim_end().to_string()
}

fn outcome_json(out: &Outcome, rules: &crate::quota::Rules) -> Value {
    let ledger: Vec<Value> = out
        .ledger
        .iter()
        .filter_map(|line| {
            let p = out.projects.get(line.project)?;
            let a = out.accounts.get(line.account)?;
            Some(json!({
                "date": p.project.date.to_string(), "project": p.project.name, "county": p.project.county,
                "tier": p.project.tier, "purpose": line.purpose, "pool": a.key.pool, "pool_county": a.key.county,
                "mu": line.mu, "clause": line.clause, "balance_after": line.balance_after,
            }))
        })
        .collect();
    let shortfalls: Vec<Value> = out
        .shortfalls
        .iter()
        .filter_map(|s| {
            let p = out.projects.get(s.project)?;
            Some(json!({
                "project": p.project.name, "county": p.project.county, "purpose": s.purpose, "mu": s.mu,
                "pool": s.pool, "clause": s.clause,
            }))
        })
        .collect();
    json!({
        "scenario": out.scenario, "plan_year": out.plan_year, "rules": rules.name,
        "ledger": ledger, "balances": out.accounts, "shortfalls": shortfalls,
        "projects": out.projects, "next_year": out.year_end,
    })
}
