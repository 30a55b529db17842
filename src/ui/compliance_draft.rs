//! The 合规性审查 section of the decision draft: the 地类面积汇总表 of the red line, the areas under each control with
//! both planar and ellipsoidal 亩, the cultivated 亩 of the increment (and an override, when the officer typed
//! another number), and the findings with their clause or source. Arranges the review's numbers only.

use super::app::StockApp;
use super::i18n::t;
use super::report::Table;
use crate::controls::LandGroup;

impl StockApp {
    /// The draft's 合规性审查 tables (none without control layers or a reviewed footprint).
    pub fn compliance_tables(&self) -> Vec<(String, Table)> {
        let lang = self.lang;
        let Some(a) = self.controls_work.answer.as_ref() else {
            return vec![];
        };
        let r = &a.footprint_report;
        let head = t::COMPLIANCE.get(lang);
        let mut classes = Table {
            header: [t::LAND_CODE, t::LAND_NAME, t::AREA_MU]
                .iter()
                .map(|h| h.get(lang).to_string())
                .collect(),
            rows: vec![],
        };
        for g in LandGroup::ALL {
            let total = a.footprint.group_total(g).mu();
            if total <= 0.0 {
                continue;
            }
            classes.rows.push(vec![
                String::new(),
                lang.pick(g.zh(), g.en()).to_string(),
                format!("{total:.2}"),
            ]);
            for c in a.footprint.land_classes.iter().filter(|c| c.group == Some(g)) {
                classes
                    .rows
                    .push(vec![c.code.clone(), c.name.clone(), format!("{:.2}", c.area.mu())]);
            }
        }
        for c in a.footprint.land_classes.iter().filter(|c| c.group.is_none()) {
            classes
                .rows
                .push(vec![c.code.clone(), c.name.clone(), format!("{:.2}", c.area.mu())]);
        }
        let known = |v: Option<f64>| match v {
            Some(m) => format!("{:.2}", m + 0.0),
            None => t::NOT_KNOWN.get(lang).to_string(),
        };
        let mut areas = vec![
            (t::CULTIVATED_NET.get(lang).to_string(), known(r.cultivated_mu)),
            (t::TIANKAN.get(lang).to_string(), known(r.tiankan_mu)),
            (
                t::PERMANENT_FARMLAND.get(lang).to_string(),
                known(r.permanent_basic_farmland_mu),
            ),
            (t::ECO_REDLINE.get(lang).to_string(), known(r.ecological_redline_mu)),
        ];
        for z in &r.development_boundary {
            areas.push((format!("{} · {}", t::DEV_BOUNDARY.get(lang), z.zone), known(Some(z.mu))));
        }
        areas.push((
            t::OUTSIDE_BOUNDARY.get(lang).to_string(),
            known(r.outside_development_boundary_mu),
        ));
        let planar = a.footprint.footprint.mu();
        areas.push((t::PLANAR_MU.get(lang).to_string(), format!("{planar:.2}")));
        areas.push((
            t::ELLIPSOIDAL_MU.get(lang).to_string(),
            format!(
                "{:.2} ({} {:+.2})",
                r.ellipsoidal_mu,
                t::DIFFERENCE.get(lang),
                r.ellipsoidal_mu - planar
            ),
        ));
        if let Some(inc) = &a.increment {
            areas.push((t::INCREMENT_CULTIVATED.get(lang).to_string(), known(inc.cultivated_mu)));
        }
        if let Some((overlay, typed)) = self.doc.quota.added_override {
            areas.push((
                t::CULTIVATED_MU.get(lang).to_string(),
                format!(
                    "{typed:.2} — {}; {} {overlay:.2}",
                    t::OVERRIDDEN.get(lang),
                    t::FROM_OVERLAY.get(lang)
                ),
            ));
        }
        let areas = Table {
            header: vec![String::new(), lang.pick("亩", "mu").to_string()],
            rows: areas.into_iter().map(|(k, v)| vec![k, v]).collect(),
        };
        let findings = Table {
            header: vec![
                lang.pick("级别", "Severity").to_string(),
                t::FINDINGS.get(lang).to_string(),
                t::CLAUSE.get(lang).to_string(),
            ],
            rows: r
                .findings
                .iter()
                .map(|f| {
                    vec![
                        lang.pick(f.severity.zh(), f.severity.en()).to_string(),
                        lang.pick(&f.zh, &f.en).to_string(),
                        f.clause_or_source.clone(),
                    ]
                })
                .collect(),
        };
        vec![
            (format!("{head} — {}", t::LAND_CLASS_TABLE.get(lang)), classes),
            (format!("{head} — {}", t::CONTROL_LAYERS.get(lang)), areas),
            (format!("{head} — {}", t::FINDINGS.get(lang)), findings),
        ]
    }
}
