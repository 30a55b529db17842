//! `stockfirst quota diff` as text: a variant scenario against a baseline, per pool, project and county.

use crate::model::Lang;
use crate::quota::{Outcome, ProjectChange, WhatIf};
use crate::report::quota::Namer;
use crate::report::text::aligned;
use crate::report::{Cell, Table};

fn opt(x: Option<f64>) -> Cell {
    x.map_or(Cell::text("—"), Cell::Mu)
}

fn delta(a: Option<f64>, b: Option<f64>) -> Cell {
    Cell::MuChange(b.unwrap_or(0.0) - a.unwrap_or(0.0))
}

fn rows(mut t: Table, rows: Vec<Vec<Cell>>) -> String {
    t.rows = rows;
    aligned(&t)
}

pub fn diff_text(n: &Namer<'_>, base: &Outcome, variant: &Outcome, d: &WhatIf) -> String {
    let l = n.lang;
    let en = l == Lang::En;
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
    let pools = Table::new(
        "",
        &if en {
            [
                "pool",
                "county",
                "base drawn",
                "variant drawn",
                "base closing",
                "variant closing",
                "Δ closing",
            ]
        } else {
            [
                "指标库",
                "县区",
                "基准使用",
                "变化使用",
                "基准期末",
                "变化期末",
                "期末差额",
            ]
        },
        &[2, 3, 4, 5, 6],
    );
    s += &rows(
        pools,
        d.pools
            .iter()
            .map(|p| {
                let (pool, county) = n.pool(&p.key);
                vec![
                    Cell::Text(pool),
                    Cell::Text(county),
                    opt(p.base_drawn),
                    opt(p.variant_drawn),
                    opt(p.base_closing),
                    opt(p.variant_closing),
                    delta(p.base_closing, p.variant_closing),
                ]
            })
            .collect(),
    );
    s += &format!("\n\n== {} ==\n", l.pick("项目", "Projects"));
    let projects = Table::new(
        "",
        &if en {
            [
                "project",
                "change",
                "base allocated",
                "variant allocated",
                "base short",
                "variant short",
            ]
        } else {
            ["项目", "变化", "基准已配", "变化已配", "基准缺口", "变化缺口"]
        },
        &[2, 3, 4, 5],
    );
    s += &rows(
        projects,
        d.projects
            .iter()
            .map(|p| {
                let change = match p.change {
                    ProjectChange::Added => l.pick("新增", "added"),
                    ProjectChange::Removed => l.pick("撤出", "removed"),
                    ProjectChange::Changed => l.pick("变化", "changed"),
                };
                vec![
                    Cell::text(&p.name),
                    Cell::text(change),
                    Cell::Mu(p.base_allocated_mu),
                    Cell::Mu(p.variant_allocated_mu),
                    Cell::Mu(p.base_short_mu),
                    Cell::Mu(p.variant_short_mu),
                ]
            })
            .collect(),
    );
    s += &format!(
        "\n\n== {} ==\n",
        l.pick("县区（下年度指标与资格）", "Counties (next year and eligibility)")
    );
    let counties = Table::new(
        "",
        &if en {
            [
                "county",
                "base 占耕比",
                "variant 占耕比",
                "base next",
                "variant next",
                "Δ",
                "flags",
            ]
        } else {
            [
                "县区",
                "基准占耕比",
                "变化占耕比",
                "基准下年度",
                "变化下年度",
                "差额",
                "资格变化",
            ]
        },
        &[1, 2, 3, 4, 5],
    );
    s += &rows(
        counties,
        d.counties
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
                            flags.push(format!("{name} {}→{}", n.yes_no(x), n.yes_no(y)));
                        }
                    }
                }
                vec![
                    Cell::text(n.county(&c.county)),
                    Cell::Percent(c.base_share),
                    Cell::Percent(c.variant_share),
                    opt(c.base_next_year_mu),
                    opt(c.variant_next_year_mu),
                    delta(c.base_next_year_mu, c.variant_next_year_mu),
                    Cell::Text(flags.join(l.pick("；", "; "))),
                ]
            })
            .collect(),
    );
    s
}
