//! The 指标 tab's results: this project's draws and shortfalls (each with its clause), balances over the year
//! (egui_plot), pool balances before and after, and next year's county table; also as tables for export.

use egui::{Color32, RichText, Ui};
use egui_plot::{Legend, Line, Plot, PlotPoints};

use super::app::StockApp;
use super::i18n::t;
use super::report::Table;
use crate::model::Lang;
use crate::quota::{PoolKey, Rules};
use crate::report::Cell;
use crate::report::quota::{Namer, quota_tables};
use crate::report::table::mu_text;

fn pool_label(rules: Option<&Rules>, key: &PoolKey, lang: Lang, counties: &crate::model::Counties) -> String {
    let name = rules
        .map(|r| r.pool_name(key.pool, lang).to_string())
        .unwrap_or(key.pool.ident().into());
    match &key.county {
        Some(c) => format!("{name} · {}", counties.name_of(c)),
        None => name,
    }
}

impl StockApp {
    pub(super) fn quota_results_ui(&mut self, ui: &mut Ui) {
        let mut toggle = false;
        self.quota_results_inner_ui(ui, &mut toggle);
        if toggle {
            self.doc.quota.only_changed = !self.doc.quota.only_changed;
        }
    }

    fn quota_results_inner_ui(&self, ui: &mut Ui, toggle: &mut bool) {
        let lang = self.lang;
        let Some(base) = &self.doc.quota.base else { return };
        let after = self.doc.quota.with_project.as_ref().map(|(_, o)| o);
        let rules = self.doc.quota.rules.as_ref();
        // This project's draws and shortfalls, each with its clause.
        if let Some((_, out)) = &self.doc.quota.with_project
            && let Some(idx) = self.doc.quota.added_index()
        {
            ui.separator();
            ui.strong(t::PROJECT_DRAWS.get(lang));
            egui::Grid::new("draws").striped(true).show(ui, |ui| {
                for h in [t::POOL, t::COL_MU, t::BALANCE_AFTER, t::CLAUSE] {
                    ui.weak(h.get(lang));
                }
                ui.end_row();
                for l in out.ledger.iter().filter(|l| l.project == idx) {
                    let key = out.accounts.get(l.account).map(|a| a.key.clone());
                    let name = key
                        .map(|k| pool_label(rules, &k, lang, &self.counties))
                        .unwrap_or_default();
                    ui.label(format!("{name} ({})", lang.pick(l.purpose.zh(), l.purpose.en())));
                    ui.label(format!("{:.2}", l.mu));
                    ui.label(format!("{:.2}", l.balance_after));
                    ui.label(l.clause.to_string());
                    ui.end_row();
                }
                for s in out.shortfalls.iter().filter(|s| s.project == idx) {
                    ui.colored_label(
                        Color32::RED,
                        format!("{} ({})", t::SHORT.get(lang), lang.pick(s.purpose.zh(), s.purpose.en())),
                    );
                    ui.colored_label(Color32::RED, format!("{:.2}", s.mu));
                    ui.label("");
                    ui.label(s.clause.to_string());
                    ui.end_row();
                }
            });
        }
        ui.separator();
        ui.strong(t::BALANCES_OVER_YEAR.get(lang));
        let out = after.unwrap_or(base);
        Plot::new("balances")
            .height(200.0)
            .x_axis_label(t::MONTH.get(lang))
            .y_axis_label(t::MU.get(lang))
            .legend(Legend::default())
            .allow_scroll(false)
            .show(ui, |plot| {
                // Each account's balance after each draw, in the engine's (date) order; the busiest accounts only.
                let mut by_account: Vec<(usize, Vec<[f64; 2]>)> = Vec::new();
                // x: the month (1 = 1 January, 13 = year end) of the drawing project's date.
                for l in &out.ledger {
                    let Some(acc) = out.accounts.get(l.account) else {
                        continue;
                    };
                    let Some(date) = out.projects.get(l.project).map(|p| p.project.date) else {
                        continue;
                    };
                    let x = f64::from(date.month) + (f64::from(date.day) - 1.0) / 31.0;
                    let entry = match by_account.iter_mut().find(|(a, _)| *a == l.account) {
                        Some(e) => e,
                        None => {
                            by_account.push((l.account, vec![[1.0, acc.opening]]));
                            let last = by_account.len() - 1;
                            &mut by_account[last]
                        }
                    };
                    entry.1.push([x, l.balance_after]);
                }
                by_account.sort_by_key(|(_, pts)| std::cmp::Reverse(pts.len()));
                for (acc, mut pts) in by_account.into_iter().take(8) {
                    if let Some(&[_, y]) = pts.last() {
                        pts.push([13.0, y]);
                    }
                    // Repeated points make degenerate joints in the line mesh.
                    pts.dedup_by(|a, b| (a[0] - b[0]).abs() < 1e-9 && (a[1] - b[1]).abs() < 1e-9);
                    let name = out
                        .accounts
                        .get(acc)
                        .map(|a| pool_label(rules, &a.key, lang, &self.counties))
                        .unwrap_or_default();
                    plot.line(Line::new(name, PlotPoints::from(pts)));
                }
            });
        ui.separator();
        ui.strong(format!(
            "{} — {} / {}",
            t::POOL.get(lang),
            t::BEFORE.get(lang),
            t::AFTER.get(lang)
        ));
        let only_changed = self.doc.quota.only_changed && after.is_some();
        if after.is_some()
            && ui
                .checkbox(&mut only_changed.clone(), t::ONLY_CHANGED.get(lang))
                .clicked()
        {
            *toggle = true;
        }
        egui::Grid::new("pools").striped(true).show(ui, |ui| {
            for h in [t::POOL, t::OPENING, t::BEFORE, t::AFTER, t::CLAUSE] {
                ui.weak(h.get(lang));
            }
            ui.end_row();
            for a in &base.accounts {
                let after_closing = after
                    .and_then(|o| o.account(a.key.pool, a.key.county.as_deref()))
                    .map(|x| x.closing);
                let changed = after_closing.is_some_and(|c| (c - a.closing).abs() > 1e-9);
                if only_changed && !changed {
                    continue;
                }
                ui.label(pool_label(rules, &a.key, lang, &self.counties));
                ui.label(mu_text(a.opening));
                ui.label(mu_text(a.closing));
                let text = after_closing.map(mu_text).unwrap_or("—".into());
                if changed {
                    ui.strong(text)
                } else {
                    ui.label(text)
                };
                ui.label(
                    rules
                        .and_then(|r| r.pool(a.key.pool))
                        .map(|p| p.clause.to_string())
                        .unwrap_or_default(),
                );
                ui.end_row();
            }
        });
        ui.separator();
        ui.strong(t::NEXT_YEAR.get(lang));
        let out = after.unwrap_or(base);
        for c in &out.year_end.counties {
            let e = &c.eligibility;
            let mut flags = Vec::new();
            if e.advanced_unit_priority {
                flags.push(t::FLAG_ADVANCED.get(lang));
            }
            if e.demonstration_recommendable {
                flags.push(t::FLAG_DEMO.get(lang));
            }
            if !e.advanced_eligible {
                flags.push(t::FLAG_NOT_ADVANCED.get(lang));
            }
            let share = Cell::Percent(c.share).to_text();
            ui.horizontal_wrapped(|ui| {
                ui.strong(self.counties.name_of(&c.county));
                ui.label(format!(
                    "{} {share}{}",
                    t::CULTIVATED_SHARE.get(lang),
                    if c.above_average { " ↑" } else { "" }
                ));
                ui.label(format!(
                    "{} {} → {} {}",
                    t::BASE.get(lang),
                    mu_text(c.base_mu),
                    t::NEXT_YEAR_MU.get(lang),
                    mu_text(c.next_year_mu)
                ));
                if !flags.is_empty() {
                    ui.weak(flags.join(", "));
                }
            });
            for a in &c.adjustments {
                let change = Cell::MuChange(a.mu).to_text();
                ui.label(RichText::new(format!("   {} {change} 亩 {}", a.clause, lang.pick(&a.zh, &a.en))).small());
            }
        }
    }

    /// This project's ledger lines and shortfalls, each with its clause.
    pub fn project_draws_table(&self) -> Table {
        let lang = self.lang;
        let header = [t::POOL, t::COL_MU, t::BALANCE_AFTER, t::CLAUSE];
        let mut table = Table {
            header: header.iter().map(|h| h.get(lang).to_string()).collect(),
            rows: Vec::new(),
        };
        let Some((_, out)) = &self.doc.quota.with_project else {
            return table;
        };
        let Some(idx) = self.doc.quota.added_index() else {
            return table;
        };
        let rules = self.doc.quota.rules.as_ref();
        for l in out.ledger.iter().filter(|l| l.project == idx) {
            let name = out
                .accounts
                .get(l.account)
                .map(|a| pool_label(rules, &a.key, lang, &self.counties))
                .unwrap_or_default();
            table.rows.push(vec![
                format!("{name} ({})", lang.pick(l.purpose.zh(), l.purpose.en())),
                format!("{:.2}", l.mu),
                format!("{:.2}", l.balance_after),
                l.clause.to_string(),
            ]);
        }
        for s in out.shortfalls.iter().filter(|s| s.project == idx) {
            table.rows.push(vec![
                format!("{} ({})", t::SHORT.get(lang), lang.pick(s.purpose.zh(), s.purpose.en())),
                format!("{:.2}", s.mu),
                String::new(),
                s.clause.to_string(),
            ]);
        }
        table
    }

    /// Next year's county plan-quota table (after the project, if added): the report's table, as the CLI shows it.
    pub fn next_year_table(&self) -> Table {
        let out = self
            .doc
            .quota
            .with_project
            .as_ref()
            .map(|(_, o)| o)
            .or(self.doc.quota.base.as_ref());
        let (Some(out), Some(rules)) = (out, self.doc.quota.rules.as_ref()) else {
            return Table::default();
        };
        let namer = Namer {
            rules,
            counties: &self.counties,
            lang: self.lang,
        };
        let t = quota_tables(out, &namer).next_year;
        Table {
            header: t.headers().iter().map(|h| h.to_string()).collect(),
            rows: t.text_rows(),
        }
    }
}
