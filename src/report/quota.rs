//! The quota report, built once for the CLI and the app: the ledger of draws, closing balances, shortfalls and
//! next year's county table. Every number comes from `quota::simulate`; here it is only named and laid out.

use super::{Cell, Table};
use crate::model::{Counties, Lang};
use crate::quota::{Outcome, PoolKey, Rules};

/// The four tables of a simulated year.
#[derive(Debug, Clone, PartialEq)]
pub struct QuotaTables {
    /// Every draw, in allocation order, with the balance it left.
    pub ledger: Table,
    /// Every pool that opened or was drawn on.
    pub balances: Table,
    /// What no pool could cover.
    pub shortfalls: Table,
    /// Next year's county plan-quota table (clauses 十六, 十七).
    pub next_year: Table,
}

impl QuotaTables {
    pub fn all(&self) -> [&Table; 4] {
        [&self.ledger, &self.balances, &self.shortfalls, &self.next_year]
    }
}

/// Names for people: counties, pools and yes/no in one language.
pub struct Namer<'a> {
    pub rules: &'a Rules,
    pub counties: &'a Counties,
    pub lang: Lang,
}

impl Namer<'_> {
    pub fn county(&self, id: &str) -> String {
        match self.counties.by_id(id) {
            Some(c) => self.lang.pick(&c.name, &c.name_en).to_string(),
            None => id.to_string(),
        }
    }

    /// The pool's name and, for a county pool, the county's.
    pub fn pool(&self, k: &PoolKey) -> (String, String) {
        (
            self.rules.pool_name(k.pool, self.lang).to_string(),
            k.county.as_deref().map_or(String::new(), |c| self.county(c)),
        )
    }

    /// `pool·county`, or the pool alone for a city pool.
    pub fn pool_label(&self, k: &PoolKey) -> String {
        match self.pool(k) {
            (pool, county) if county.is_empty() => pool,
            (pool, county) => format!("{pool}·{county}"),
        }
    }

    pub fn yes_no(&self, b: bool) -> String {
        self.lang
            .pick(if b { "是" } else { "否" }, if b { "yes" } else { "no" })
            .to_string()
    }
}

/// Builds the four tables of `out`.
pub fn quota_tables(out: &Outcome, n: &Namer<'_>) -> QuotaTables {
    let l = n.lang;
    let mut ledger = Table::new(
        l.pick("台账", "Ledger"),
        &if l == Lang::En {
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
        },
        &[5, 7],
    );
    for line in &out.ledger {
        let (Some(p), Some(a)) = (out.projects.get(line.project), out.accounts.get(line.account)) else {
            continue;
        };
        ledger.rows.push(vec![
            Cell::text(p.project.date.to_string()),
            Cell::text(&p.project.name),
            Cell::text(n.county(&p.project.county)),
            Cell::text(l.pick(line.purpose.zh(), line.purpose.en())),
            Cell::text(n.pool_label(&a.key)),
            Cell::Mu(line.mu),
            Cell::text(line.clause.to_string()),
            Cell::Mu(line.balance_after),
        ]);
    }
    let mut balances = Table::new(
        l.pick("期末余额", "Closing balances"),
        &if l == Lang::En {
            ["pool", "county", "opening", "granted", "drawn", "closing"]
        } else {
            ["指标库", "县区", "期初", "保障下达", "使用", "期末"]
        },
        &[2, 3, 4, 5],
    );
    for a in out.accounts.iter().filter(|a| a.opening != 0.0 || a.drawn != 0.0) {
        let (pool, county) = n.pool(&a.key);
        balances.rows.push(vec![
            Cell::Text(pool),
            Cell::Text(county),
            Cell::Mu(a.opening),
            Cell::Mu(a.granted),
            Cell::Mu(a.drawn),
            Cell::Mu(a.closing),
        ]);
    }
    let mut shortfalls = Table::new(
        l.pick("缺口", "Shortfalls"),
        &if l == Lang::En {
            ["project", "county", "for", "short mu", "last pool tried", "clause"]
        } else {
            ["项目", "县区", "用途", "缺口（亩）", "最后尝试的指标库", "条款"]
        },
        &[3],
    );
    for s in &out.shortfalls {
        let Some(p) = out.projects.get(s.project) else { continue };
        shortfalls.rows.push(vec![
            Cell::text(&p.project.name),
            Cell::text(n.county(&p.project.county)),
            Cell::text(l.pick(s.purpose.zh(), s.purpose.en())),
            Cell::Mu(s.mu),
            Cell::text(s.pool.map_or("—", |id| n.rules.pool_name(id, l))),
            Cell::text(s.clause.to_string()),
        ]);
    }
    let c16 = n.rules.cultivated_share.clause;
    let c17 = n.rules.illegal_occupation.clause;
    let (h16, h17) = (c16.to_string(), c17.to_string());
    let mut next_year = Table::new(
        format!(
            "{}{}",
            out.plan_year + 1,
            l.pick("年度县级新增建设用地计划指标表", " county plan-quota table")
        ),
        &if l == Lang::En {
            [
                "county",
                "new land",
                "cultivated",
                "占耕比",
                "base",
                h16.as_str(),
                h17.as_str(),
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
                h16.as_str(),
                h17.as_str(),
                "下年度指标",
                "先进优先",
                "先进资格",
                "示范推荐",
            ]
        },
        &[1, 2, 3, 4, 5, 6, 7],
    );
    for c in &out.year_end.counties {
        let adj = |clause: u8| {
            Cell::MuChange(
                c.adjustments
                    .iter()
                    .filter(|a| a.clause.number() == clause)
                    .map(|a| a.mu)
                    .sum(),
            )
        };
        next_year.rows.push(vec![
            Cell::text(n.county(&c.county)),
            Cell::Mu(c.new_land_mu),
            Cell::Mu(c.cultivated_mu),
            Cell::Percent(c.share),
            Cell::Mu(c.base_mu),
            adj(c16.number()),
            adj(c17.number()),
            Cell::Mu(c.next_year_mu),
            Cell::text(n.yes_no(c.eligibility.advanced_unit_priority)),
            Cell::text(n.yes_no(c.eligibility.advanced_eligible)),
            Cell::text(n.yes_no(c.eligibility.demonstration_recommendable)),
        ]);
    }
    QuotaTables {
        ledger,
        balances,
        shortfalls,
        next_year,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::quota::{CountyInput, Project, Scenario, Tier, simulate};

    #[test]
    fn the_tables_show_the_draws_in_mu_to_two_decimals() {
        let rules = crate::io::quota_files::builtin_rules().unwrap();
        let counties = crate::io::assets::counties().unwrap();
        let mut s = Scenario::new("t", 2026);
        // 武陟县: 50 亩 plan quota, 10 亩 compensation quota; one ordinary project of 30 亩 with 4.5 亩 cultivated.
        s.counties.push(CountyInput::new("410823", 50.0, 10.0));
        s.projects
            .push(Project::new("道路", "410823", Tier::Ordinary, "2026-05-01", 30.0, 4.5).unwrap());
        let out = simulate(&rules, &s).unwrap();
        let n = Namer {
            rules: &rules,
            counties: &counties,
            lang: Lang::Zh,
        };
        let t = quota_tables(&out, &n);
        let ledger = t.ledger.text_rows();
        // New land: 50 − 30 = 20 亩 left in 武陟县's plan quota.
        assert_eq!(ledger[0][1], "道路");
        assert_eq!(ledger[0][2], "武陟县");
        assert_eq!(ledger[0][3], "新增建设用地");
        assert_eq!((ledger[0][5].as_str(), ledger[0][7].as_str()), ("30.00", "20.00"));
        assert!(t.shortfalls.rows.is_empty());
        let county = t.next_year.text_rows().into_iter().find(|r| r[0] == "武陟县").unwrap();
        // 占耕比 = 4.5 / 30 = 15.0 %.
        assert_eq!(
            (county[1].as_str(), county[2].as_str(), county[3].as_str()),
            ("30.00", "4.50", "15.0%")
        );
        let en = Namer { lang: Lang::En, ..n };
        assert_eq!(quota_tables(&out, &en).ledger.headers()[0], "date");
    }
}
