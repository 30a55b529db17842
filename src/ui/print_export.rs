//! File → 报告: the print map (PNG / image PDF, 300 dpi) and the decision document (.docx) from the app, laid out by
//! the same `print` room as `stockfirst report`. The sheet's SVG and the document's text are built on the UI thread
//! (cheap); rendering at 300 dpi, compressing and writing run on a worker thread, and the status bar tells when the
//! file is written.

use std::path::PathBuf;
use std::sync::mpsc::{TryRecvError, channel};

use anyhow::{Result, anyhow};

use super::app::StockApp;
use super::print_job::PrintJob;
use crate::model::Area;
use crate::print::{
    self, Block, DecisionInput, MapCandidate, MapScene, OutputKind, Paper, PaperSize, Review, SheetText,
};

impl StockApp {
    /// The map scene of the current project: library, red line, 套核 hits, candidates, control layers, county lines.
    fn print_scene(&self) -> MapScene<'_> {
        let res = self.match_result();
        MapScene {
            lib: self.library(),
            footprint: self
                .doc
                .footprint
                .rings()
                .into_iter()
                .map(|(_, r)| r.to_vec())
                .collect(),
            hits: res
                .and_then(|r| r.overlay.as_ref())
                .map(|o| o.hits.iter().map(|h| h.parcel).collect())
                .unwrap_or_default(),
            candidates: self
                .candidate_highlights()
                .into_iter()
                .map(|h| MapCandidate {
                    parcels: h.parcels,
                    label: h.label,
                    chosen: h.chosen,
                })
                .collect(),
            controls: self.doc.controls.loaded.as_ref().map(|c| &c.controls.layers),
            counties: self.match_rules.as_ref().and_then(|r| r.boundaries.as_deref()),
        }
    }

    /// Starts writing `path` (.png / .pdf: the print map; .docx: the decision document). A4, turned to landscape
    /// when the area is wider than tall.
    pub fn start_print_export(&mut self, path: PathBuf) -> Result<String> {
        let kind = OutputKind::of(&path)
            .ok_or_else(|| anyhow!("须为 .png、.pdf 或 .docx / must end in .png, .pdf or .docx"))?;
        let scene = self.print_scene();
        let area = scene
            .extent()
            .ok_or_else(|| anyhow!("没有红线或候选地块可制图 / nothing to map"))?;
        let paper = Paper::new(PaperSize::A4, area.width() > area.height());
        let date = print::date::ymd(print::date::now_secs());
        let name = self.doc.brief.name.trim().to_string();
        let shown = if name.is_empty() {
            print::decision::UNNAMED
        } else {
            name.as_str()
        };
        let mut notes = Vec::new();
        let sample = match self.doc.library.as_ref().map(|l| &l.source) {
            Some(super::loader::LibrarySource::Sample { .. }) => true,
            Some(super::loader::LibrarySource::Path(p)) => p.to_string_lossy().to_lowercase().contains("sample"),
            None => false,
        };
        if sample {
            notes.push("合成样例数据，非真实地块，仅供演示".to_string());
        }
        if let Some(b) = scene.counties {
            notes.push(b.source.split(" / ").next().unwrap_or(&b.source).to_string());
        }
        let source = match self.doc.library.as_ref().map(|l| &l.source) {
            Some(super::loader::LibrarySource::Path(p)) => format!("存量土地图库 {}", p.display()),
            _ => "存量土地图库（示例）".to_string(),
        };
        let text = SheetText {
            title: format!("{shown} 项目用地位置图"),
            date: date.clone(),
            source: source.clone(),
            notes: notes.clone(),
        };
        let (_, svg) = print::sheet(&scene, &text, paper)?;
        let doc = match kind {
            OutputKind::Docx => Some(self.decision_doc(paper, date.clone(), source, notes)?),
            _ => None,
        };
        let (tx, rx) = channel();
        let out = path.clone();
        let repaint = self.ctx.clone();
        std::thread::spawn(move || {
            let run = || -> Result<()> {
                let raster = print::raster::render(&svg, paper)?;
                let bytes = match (kind, doc) {
                    (OutputKind::Png, _) => raster.png()?,
                    (OutputKind::Pdf, _) => {
                        print::pdf::image_pdf(paper, raster.width, raster.height, &raster.rgb, &text.title)?
                    }
                    (OutputKind::Docx, Some(mut doc)) => {
                        let png = raster.png()?;
                        for b in &mut doc.blocks {
                            if let Block::Image { png: p, .. } = b {
                                *p = png.clone();
                            }
                        }
                        print::docx::docx_bytes(&doc, &date)?
                    }
                    (OutputKind::Docx, None) => return Err(anyhow!("docx")),
                };
                crate::io::atomic::write_bytes(&out, &bytes)
            };
            let _ = tx.send(run().map(|_| out.display().to_string()));
            if let Some(c) = repaint {
                c.request_repaint();
            }
        });
        self.print_job = Some(PrintJob { rx });
        Ok(format!("… {}", path.display()))
    }

    /// The decision document of the current project; the map's pixels are filled in on the worker thread.
    fn decision_doc(
        &self,
        paper: Paper,
        date: String,
        source: String,
        notes: Vec<String>,
    ) -> Result<print::DecisionDoc> {
        let res = self
            .match_result()
            .ok_or_else(|| anyhow!("尚无匹配结果 / no match result yet"))?;
        let lib = self.library().ok_or_else(|| anyhow!("未加载图库 / no library"))?;
        let rules = crate::io::quota_files::builtin_rules()?;
        let cultivated = self.increment_cultivated_mu().unwrap_or(0.0);
        let name = self.doc.brief.name.trim();
        let project = crate::quota::Project::from_match(
            res,
            self.chosen(),
            if name.is_empty() {
                print::decision::UNNAMED
            } else {
                name
            },
            &self.doc.quota.date,
            Area::from_mu(cultivated),
        )
        .map_err(|e| e.to_string());
        let review = self.controls_work.answer.as_ref().map(|a| Review {
            footprint: a.footprint_report.clone(),
            increment: a.increment.clone(),
        });
        let footprint = self.doc.footprint.multipolygon();
        let use_label = self
            .catalog
            .class(&self.doc.brief.use_code)
            .map(|c| format!("{} {}", c.code, c.zh))
            .unwrap_or(self.doc.brief.use_code.clone());
        let (w, h) = paper.mm();
        let input = DecisionInput {
            name,
            use_label,
            lib,
            result: res,
            chosen: self.chosen(),
            project,
            quota_rules: &rules,
            review: review.as_ref(),
            footprint: &footprint,
            counties: &self.counties,
            map: Some((Vec::new(), w, h)),
            date,
            basis: vec![
                "匹配规则：assets/matching.ron（内置）".into(),
                "审查规则：assets/controls.ron（内置）".into(),
                source,
            ],
            notes,
        };
        Ok(print::decision::build(&input))
    }

    /// Picks up a finished export for the status bar.
    pub(super) fn poll_print_export(&mut self) {
        let Some(job) = &self.print_job else { return };
        let msg = match job.rx.try_recv() {
            Ok(Ok(path)) => format!("{} {path}", super::i18n::t::EXPORTED.get(self.lang)),
            Ok(Err(e)) => format!("{}: {e:#}", super::i18n::t::ERROR.get(self.lang)),
            Err(TryRecvError::Empty) => return,
            Err(TryRecvError::Disconnected) => super::i18n::t::ERROR.get(self.lang).to_string(),
        };
        self.print_job = None;
        self.shell.message = Some(msg);
    }
}
