//! `stockfirst quota run|diff`: the quota draw-down simulation, formatted. All rules are decided in `crate::quota`.

use std::path::PathBuf;

use anyhow::Result;
use serde_json::{Value, json};

use super::Lang;
use crate::io::quota_files::{builtin_rules, load_rules, load_scenario};
use crate::model::Counties;
use crate::quota::{Outcome, PoolKey, ProjectChange, Rules, WhatIf, simulate, what_if};

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
        } => {
            let rules = rules_of(&rules)?;
            let sc = load_scenario(&scenario, &rules)?;
            let out = simulate(&rules, &sc)?;
            let v = Views {
                rules: &rules,
                counties: &counties,
                lang,
            };
            let text = if json {
                serde_json::to_string_pretty(&v.outcome_json(&out))?
            } else if csv {
                v.outcome_csv(&out)
            } else {
                v.outcome_text(&out)
            };
            println!("{text}");
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
            let v = Views {
                rules: &rules,
                counties: &counties,
                lang,
            };
            if json {
                println!("{}", serde_json::to_string_pretty(&d)?);
            } else {
                println!("{}", v.diff_text(&b, &w, &d));
            }
        }
    }
    Ok(())
}

/// 亩 with at most two decimals, no trailing zeros.
fn mu(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" { "0".into() } else { s }
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |x| format!("{:.1}%", x * 100.0))
}

/// Terminal width of a string: CJK and full-width characters take two columns.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| {
            if c >= '\u{2E80}' && !('\u{FF61}'..='\u{FFDC}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

/// Lays out rows as aligned columns; numeric columns (by index) are right-aligned.
fn table(header: &[&str], rows: &[Vec<String>], right: &[usize]) -> String {
    let n = header.len();
    let mut w: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate().take(n) {
            w[i] = w[i].max(width(c));
        }
    }
    let line = |cells: Vec<&str>| {
        let mut s = String::new();
        for (i, c) in cells.iter().enumerate() {
            let pad = " ".repeat(w[i].saturating_sub(width(c)));
            if i > 0 {
                s.push_str("  ");
            }
            if right.contains(&i) {
                s.push_str(&pad);
                s.push_str(c);
            } else {
                s.push_str(c);
                if i + 1 < cells.len() {
                    s.push_str(&pad);
                }
            }
        }
        s
    };
    let mut out = line(header.to_vec());
    for r in rows {
        out.push('\n');
        out.push_str(&line(r.iter().map(String::as_str).collect()));
    }
    out
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = header.join(",");
    for r in rows {
        out.push('\n');
        out.push_str(&r.iter().map(|c| csv_field(c)).collect::<Vec<_>>().join(","));
    }
    out
}

struct Views<'a> {
    rules: &'a Rules,
    counties: &'a Counties,
    lang: Lang,
}

type Block = (Vec<String>, Vec<Vec<String>>);

struct Tables {
    ledger: Block,
    balances: Block,
    shortfalls: Block,
    next_year: Block,
}

fn owned(h: &[&str]) -> Vec<String> {
    h.iter().map(|s| s.to_string()).collect()
}

fn refs(h: &[String]) -> Vec<&str> {
    h.iter().map(String::as_str).collect()
}

impl Views<'_> {
    fn en(&self) -> bool {
        self.lang == Lang::En
    }

    fn county(&self, id: &str) -> String {
        match self.counties.by_id(id) {
            Some(c) if self.en() => c.name_en.clone(),
            Some(c) => c.name.clone(),
            None => id.to_string(),
        }
    }

    fn key(&self, k: &PoolKey) -> (String, String) {
        (
            self.rules.pool_name(k.pool, self.en()).to_string(),
            k.county.as_deref().map_or(String::new(), |c| self.county(c)),
        )
    }

    fn yes_no(&self, b: bool) -> String {
        self.lang
            .pick(if b { "是" } else { "否" }, if b { "yes" } else { "no" })
            .to_string()
    }

    fn tables(&self, out: &Outcome) -> Tables {
        let l = self.lang;
        let ledger_rows = out
            .ledger
            .iter()
            .filter_map(|line| {
                let p = out.projects.get(line.project)?;
                let a = out.accounts.get(line.account)?;
                let (pool, county) = self.key(&a.key);
                Some(vec![
                    p.project.date.to_string(),
                    p.project.name.clone(),
                    self.county(&p.project.county),
                    l.pick(line.purpose.zh(), line.purpose.en()).to_string(),
                    if county.is_empty() {
                        pool
                    } else {
                        format!("{pool}·{county}")
                    },
                    mu(line.mu),
                    line.clause.to_string(),
                    mu(line.balance_after),
                ])
            })
            .collect();
        let balance_rows = out
            .accounts
            .iter()
            .filter(|a| a.opening != 0.0 || a.drawn != 0.0)
            .map(|a| {
                let (pool, county) = self.key(&a.key);
                vec![pool, county, mu(a.opening), mu(a.granted), mu(a.drawn), mu(a.closing)]
            })
            .collect();
        let short_rows = out
            .shortfalls
            .iter()
            .filter_map(|s| {
                let p = out.projects.get(s.project)?;
                Some(vec![
                    p.project.name.clone(),
                    self.county(&p.project.county),
                    l.pick(s.purpose.zh(), s.purpose.en()).to_string(),
                    mu(s.mu),
                    s.pool
                        .map_or("—".to_string(), |id| self.rules.pool_name(id, self.en()).to_string()),
                    s.clause.to_string(),
                ])
            })
            .collect();
        let next_rows = out
            .year_end
            .counties
            .iter()
            .map(|c| {
                let adj = |clause: u8| {
                    let s: f64 = c
                        .adjustments
                        .iter()
                        .filter(|a| a.clause.number() == clause)
                        .map(|a| a.mu)
                        .sum();
                    if s > 0.0 { format!("+{}", mu(s)) } else { mu(s) }
                };
                vec![
                    self.county(&c.county),
                    mu(c.new_land_mu),
                    mu(c.cultivated_mu),
                    pct(c.share),
                    mu(c.base_mu),
                    adj(self.rules.cultivated_share.clause.number()),
                    adj(self.rules.illegal_occupation.clause.number()),
                    mu(c.next_year_mu),
                    self.yes_no(c.eligibility.advanced_unit_priority),
                    self.yes_no(c.eligibility.advanced_eligible),
                    self.yes_no(c.eligibility.demonstration_recommendable),
                ]
            })
            .collect();
        let c16 = self.rules.cultivated_share.clause.to_string();
        let c17 = self.rules.illegal_occupation.clause.to_string();
        let (h16, h17) = (c16.as_str(), c17.as_str());
        Tables {
            ledger: (
                owned(&if self.en() {
                    [
                        "date",
                        "project",
                        "county",
                        "for",
                        "pool",
                        "mu",
                        "clause",
                        "balance after",
                    ]
                } else {
                    ["日期", "项目", "县区", "用途", "指标库", "亩", "条款", "余额"]
                }),
                ledger_rows,
            ),
            balances: (
                owned(&if self.en() {
                    ["pool", "county", "opening", "granted", "drawn", "closing"]
                } else {
                    ["指标库", "县区", "期初", "保障下达", "使用", "期末"]
                }),
                balance_rows,
            ),
            shortfalls: (
                owned(&if self.en() {
                    ["project", "county", "for", "short mu", "last pool tried", "clause"]
                } else {
                    ["项目", "县区", "用途", "缺口（亩）", "最后尝试的指标库", "条款"]
                }),
                short_rows,
            ),
            next_year: (
                owned(&if self.en() {
                    [
                        "county",
                        "new land",
                        "cultivated",
                        "占耕比",
                        "base",
                        h16,
                        h17,
                        "next year",
                        "advanced priority",
                        "advanced eligible",
                        "demonstration",
                    ]
                } else {
                    [
                        "县区",
                        "新增",
                        "占用耕地",
                        "占耕比",
                        "基数",
                        h16,
                        h17,
                        "下年度指标",
                        "先进优先",
                        "先进资格",
                        "示范推荐",
                    ]
                }),
                next_rows,
            ),
        }
    }

    fn outcome_text(&self, out: &Outcome) -> String {
        let l = self.lang;
        let t = self.tables(out);
        let mut s = format!(
            "{}{}（{} {}）\n{}{}\n",
            l.pick("情景：", "Scenario: "),
            out.scenario,
            out.plan_year,
            l.pick("年", "plan year"),
            l.pick("规则：", "Rules: "),
            self.rules.name
        );
        s += &format!("\n== {} ==\n", l.pick("台账", "Ledger"));
        s += &table(&refs(&t.ledger.0), &t.ledger.1, &[5, 7]);
        s += &format!("\n\n== {} ==\n", l.pick("期末余额", "Closing balances"));
        s += &table(&refs(&t.balances.0), &t.balances.1, &[2, 3, 4, 5]);
        s += &format!("\n\n== {} ==\n", l.pick("缺口", "Shortfalls"));
        if t.shortfalls.1.is_empty() {
            s += l.pick("无", "none");
        } else {
            s += &table(&refs(&t.shortfalls.0), &t.shortfalls.1, &[3]);
        }
        s += &format!(
            "\n\n== {}{} ==\n",
            out.plan_year + 1,
            l.pick("年度县级新增建设用地计划指标表", " county plan-quota table")
        );
        s += &format!(
            "{}{}\n",
            l.pick("全省平均占耕比：", "Provincial average 占耕比: "),
            pct(Some(out.year_end.provincial_average))
        );
        s += &table(&refs(&t.next_year.0), &t.next_year.1, &[1, 2, 3, 4, 5, 6, 7]);
        s += &format!("\n\n{}\n", l.pick("说明：", "Why:"));
        for c in &out.year_end.counties {
            let mut lines: Vec<String> = c
                .adjustments
                .iter()
                .map(|a| format!("{}{}{}", a.clause, l.pick("", " "), l.pick(&a.zh, &a.en)))
                .collect();
            lines.extend(if self.en() {
                c.reasons_en.clone()
            } else {
                c.reasons_zh.clone()
            });
            s += &format!("  {}{}\n", self.county(&c.county), l.pick("：", ":"));
            for line in lines {
                s += &format!("    - {line}\n");
            }
        }
        s.trim_end().to_string()
    }

    fn outcome_csv(&self, out: &Outcome) -> String {
        let t = self.tables(out);
        [t.ledger, t.balances, t.shortfalls, t.next_year]
            .iter()
            .map(|(h, r)| csv(&refs(h), r))
            .collect::<Vec<_>>()
            .join("\n\n")
    }

    fn outcome_json(&self, out: &Outcome) -> Value {
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
            "scenario": out.scenario, "plan_year": out.plan_year, "rules": self.rules.name,
            "ledger": ledger, "balances": out.accounts, "shortfalls": shortfalls,
            "projects": out.projects, "next_year": out.year_end,
        })
    }

    fn diff_text(&self, base: &Outcome, variant: &Outcome, d: &WhatIf) -> String {
        let l = self.lang;
        let opt = |x: Option<f64>| x.map_or("—".to_string(), mu);
        let delta = |a: Option<f64>, b: Option<f64>| {
            let x = b.unwrap_or(0.0) - a.unwrap_or(0.0);
            if x > 0.0 { format!("+{}", mu(x)) } else { mu(x) }
        };
        let mut s = format!(
            "{}{}\n{}{}\n",
            l.pick("基准：", "Base:    "),
            base.scenario,
            l.pick("变化：", "Variant: "),
            variant.scenario
        );
        if d.is_empty() {
            return s + l.pick("两者无差异。", "No differences.");
        }
        s += &format!("\n== {} ==\n", l.pick("指标库", "Pools"));
        let rows: Vec<Vec<String>> = d
            .pools
            .iter()
            .map(|p| {
                let (pool, county) = self.key(&p.key);
                vec![
                    pool,
                    county,
                    opt(p.base_drawn),
                    opt(p.variant_drawn),
                    opt(p.base_closing),
                    opt(p.variant_closing),
                    delta(p.base_closing, p.variant_closing),
                ]
            })
            .collect();
        let h = if self.en() {
            vec![
                "pool",
                "county",
                "base drawn",
                "variant drawn",
                "base closing",
                "variant closing",
                "Δ closing",
            ]
        } else {
            vec![
                "指标库",
                "县区",
                "基准使用",
                "变化使用",
                "基准期末",
                "变化期末",
                "期末差额",
            ]
        };
        s += &table(&h, &rows, &[2, 3, 4, 5, 6]);
        s += &format!("\n\n== {} ==\n", l.pick("项目", "Projects"));
        let rows: Vec<Vec<String>> = d
            .projects
            .iter()
            .map(|p| {
                let change = match p.change {
                    ProjectChange::Added => l.pick("新增", "added"),
                    ProjectChange::Removed => l.pick("撤出", "removed"),
                    ProjectChange::Changed => l.pick("变化", "changed"),
                };
                vec![
                    p.name.clone(),
                    change.to_string(),
                    mu(p.base_allocated_mu),
                    mu(p.variant_allocated_mu),
                    mu(p.base_short_mu),
                    mu(p.variant_short_mu),
                ]
            })
            .collect();
        let h = if self.en() {
            vec![
                "project",
                "change",
                "base allocated",
                "variant allocated",
                "base short",
                "variant short",
            ]
        } else {
            vec!["项目", "变化", "基准已配", "变化已配", "基准缺口", "变化缺口"]
        };
        s += &table(&h, &rows, &[2, 3, 4, 5]);
        s += &format!(
            "\n\n== {} ==\n",
            l.pick("县区（下年度指标与资格）", "Counties (next year and eligibility)")
        );
        let rows: Vec<Vec<String>> = d
            .counties
            .iter()
            .map(|c| {
                let mut flags = Vec::new();
                if let (Some(a), Some(b)) = (c.base_eligibility, c.variant_eligibility) {
                    for (name, x, y) in [
                        (
                            l.pick("先进优先", "advanced priority"),
                            a.advanced_unit_priority,
                            b.advanced_unit_priority,
                        ),
                        (
                            l.pick("先进资格", "advanced eligible"),
                            a.advanced_eligible,
                            b.advanced_eligible,
                        ),
                        (l.pick("扣分", "score deduction"), a.score_deduction, b.score_deduction),
                        (
                            l.pick("示范推荐", "demonstration"),
                            a.demonstration_recommendable,
                            b.demonstration_recommendable,
                        ),
                    ] {
                        if x != y {
                            flags.push(format!("{name} {}→{}", self.yes_no(x), self.yes_no(y)));
                        }
                    }
                }
                vec![
                    self.county(&c.county),
                    pct(c.base_share),
                    pct(c.variant_share),
                    opt(c.base_next_year_mu),
                    opt(c.variant_next_year_mu),
                    delta(c.base_next_year_mu, c.variant_next_year_mu),
                    flags.join(l.pick("；", "; ")),
                ]
            })
            .collect();
        let h = if self.en() {
            vec![
                "county",
                "base 占耕比",
                "variant 占耕比",
                "base next",
                "variant next",
                "Δ",
                "flags",
            ]
        } else {
            vec![
                "县区",
                "基准占耕比",
                "变化占耕比",
                "基准下年度",
                "变化下年度",
                "差额",
                "资格变化",
            ]
        };
        s += &table(&h, &rows, &[1, 2, 3, 4, 5]);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mu_trims_zeros() {
        assert_eq!(mu(420.0), "420");
        assert_eq!(mu(12.5), "12.5");
        assert_eq!(mu(-0.0001), "0");
        assert_eq!(mu(1.234), "1.23");
    }

    #[test]
    fn cjk_is_two_columns() {
        assert_eq!(width("焦作ab"), 6);
        assert_eq!(width("（五）"), 6);
    }

    #[test]
    fn csv_quotes_commas() {
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("plain"), "plain");
    }
}
