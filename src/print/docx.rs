//! The decision document as .docx, written directly as WordprocessingML in a zip (the `zip` crate the .xlsx writer
//! already brings): paragraphs, tables with a repeated header row, the map as an inline picture, A4 pages. Word,
//! WPS and LibreOffice open it; see docs/print.md for why no docx crate.

use std::fmt::Write as _;
use std::io::Write as _;

use anyhow::{Context, Result};

use super::document::{Block, DecisionDoc, DocTable};
use super::docx_parts as parts;

/// Text content of the page (A4, 25 mm left/right margins): 160 mm.
const TEXT_WIDTH_MM: f64 = 160.0;
const TWIPS_PER_MM: f64 = 1440.0 / 25.4;
const EMU_PER_MM: f64 = 36_000.0;

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn run(text: &str, bold: bool) -> String {
    format!(
        "<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        if bold { "<w:rPr><w:b/></w:rPr>" } else { "" },
        esc(text)
    )
}

fn para(style: Option<&str>, align: Option<&str>, text: &str, bold: bool) -> String {
    let mut ppr = String::new();
    if let Some(s) = style {
        let _ = write!(ppr, "<w:pStyle w:val=\"{s}\"/>");
    }
    if let Some(a) = align {
        let _ = write!(ppr, "<w:jc w:val=\"{a}\"/>");
    }
    format!("<w:p><w:pPr>{ppr}</w:pPr>{}</w:p>", run(text, bold))
}

/// Display width of a cell's text (CJK two, ASCII one) for the column widths.
fn width_of(s: &str) -> usize {
    s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn table(t: &DocTable) -> String {
    let cols = t.header.len().max(1);
    // Column widths by the widest text in each column, clamped, scaled to the text width.
    let want: Vec<f64> = (0..cols)
        .map(|c| {
            let w = std::iter::once(&t.header)
                .chain(&t.rows)
                .filter_map(|r| r.get(c))
                .map(|s| width_of(s))
                .max()
                .unwrap_or(4);
            // Two columns of padding; no column narrower than three CJK characters.
            (w as f64 + 2.0).clamp(6.0, 40.0)
        })
        .collect();
    let total: f64 = want.iter().sum();
    let twips: Vec<u32> = want
        .iter()
        .map(|w| (w / total * TEXT_WIDTH_MM * TWIPS_PER_MM).round() as u32)
        .collect();
    let mut o = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
         </w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
    );
    for w in &twips {
        let _ = write!(o, "<w:gridCol w:w=\"{w}\"/>");
    }
    o.push_str("</w:tblGrid>");
    let row = |o: &mut String, cells: &[String], header: bool| {
        o.push_str("<w:tr><w:trPr><w:cantSplit/>");
        if header {
            o.push_str("<w:tblHeader/>");
        }
        o.push_str("</w:trPr>");
        for (c, tw) in twips.iter().enumerate() {
            let text = cells.get(c).map(String::as_str).unwrap_or("");
            let _ = write!(o, "<w:tc><w:tcPr><w:tcW w:w=\"{tw}\" w:type=\"dxa\"/>");
            if header {
                o.push_str("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/>");
            }
            o.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
            let align = if header {
                Some("center")
            } else if t.numeric.contains(&c) {
                Some("right")
            } else {
                None
            };
            o.push_str(&para(Some("TableText"), align, text, header));
            o.push_str("</w:tc>");
        }
        o.push_str("</w:tr>");
    };
    row(&mut o, &t.header, true);
    for r in &t.rows {
        row(&mut o, r, false);
    }
    o.push_str("</w:tbl>");
    // Word needs a paragraph after a table before the next one.
    o.push_str("<w:p><w:pPr><w:spacing w:after=\"0\"/></w:pPr></w:p>");
    o
}

fn image(n: usize, width_mm: f64, height_mm: f64) -> String {
    let (cx, cy) = (
        (width_mm * EMU_PER_MM).round() as u64,
        (height_mm * EMU_PER_MM).round() as u64,
    );
    format!(
        "<w:p><w:pPr><w:jc w:val=\"center\"/><w:spacing w:after=\"0\"/></w:pPr><w:r><w:drawing>\
         <wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{n}\" name=\"地图 {n}\"/>\
         <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
         <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>\
         <pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"image{n}.png\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"rIdImg{n}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>\
         </pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    )
}

/// `word/document.xml` and the images it embeds.
pub fn document_xml(doc: &DecisionDoc) -> (String, Vec<Vec<u8>>) {
    let mut images = Vec::new();
    let mut body = para(Some("Title"), None, &doc.title, false);
    for b in &doc.blocks {
        match b {
            Block::Heading(s) => body.push_str(&para(Some("Heading1"), None, s, false)),
            Block::Para(s) => body.push_str(&para(None, Some("both"), s, false)),
            Block::Note(s) => body.push_str(&para(Some("Note"), None, s, false)),
            Block::Table(t) => body.push_str(&table(t)),
            Block::Image {
                png,
                width_mm,
                height_mm,
            } => {
                images.push(png.clone());
                // Fit the text width and a page's height, keeping the aspect.
                let k = (TEXT_WIDTH_MM / width_mm).min(225.0 / height_mm).min(1.0);
                body.push_str(&image(images.len(), width_mm * k, height_mm * k));
            }
            Block::PageBreak => body.push_str("<w:p><w:r><w:br w:type=\"page\"/></w:r></w:p>"),
        }
    }
    let twips = |mm: f64| (mm * TWIPS_PER_MM).round() as u32;
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>{body}\
         <w:sectPr><w:pgSz w:w=\"{}\" w:h=\"{}\"/><w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/></w:sectPr>\
         </w:body></w:document>",
        twips(210.0),
        twips(297.0),
        twips(25.0),
        twips(25.0),
        twips(25.0),
        twips(25.0)
    );
    (xml, images)
}

/// The .docx bytes of `doc`; `date` (YYYY-MM-DD) goes into its properties.
pub fn docx_bytes(doc: &DecisionDoc, date: &str) -> Result<Vec<u8>> {
    let (xml, images) = document_xml(doc);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut put = |name: &str, bytes: &[u8]| -> Result<()> {
        zip.start_file(name, opts).with_context(|| format!("docx: {name}"))?;
        zip.write_all(bytes).with_context(|| format!("docx: {name}"))?;
        Ok(())
    };
    put("[Content_Types].xml", parts::CONTENT_TYPES.as_bytes())?;
    put("_rels/.rels", parts::ROOT_RELS.as_bytes())?;
    put("docProps/core.xml", parts::core(&esc(&doc.title), date).as_bytes())?;
    put(
        "word/_rels/document.xml.rels",
        parts::document_rels(images.len()).as_bytes(),
    )?;
    put("word/styles.xml", parts::STYLES.as_bytes())?;
    put("word/fontTable.xml", parts::FONT_TABLE.as_bytes())?;
    put("word/document.xml", xml.as_bytes())?;
    for (k, png) in images.iter().enumerate() {
        put(&format!("word/media/image{}.png", k + 1), png)?;
    }
    let cursor = zip.finish().context("docx")?;
    Ok(cursor.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_repeats_the_header_row() {
        let doc = DecisionDoc {
            title: "A & B".into(),
            blocks: vec![Block::Table(DocTable {
                header: vec!["点号".into(), "X".into()],
                rows: vec![vec!["J1".into(), "3900814.625".into()]],
                numeric: vec![1],
            })],
        };
        let (xml, images) = document_xml(&doc);
        assert!(images.is_empty());
        assert!(xml.contains("A &amp; B"));
        assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
        assert!(xml.contains("<w:jc w:val=\"right\"/></w:pPr><w:r><w:t xml:space=\"preserve\">3900814.625"));
    }
}
