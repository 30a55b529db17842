//! Text encoding of a shapefile's DBF: the .cpg file, the DBF language-driver byte, then the bytes themselves.
//! GDAL recodes to UTF-8 once it is told the right encoding; when nothing says, it would guess Latin-1 and show
//! mojibake, so we decide first.

use std::path::Path;

use super::text_encoding::TextEncoding;

/// The encoding to hand GDAL (its `ENCODING` open option) and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbfEncoding {
    pub encoding: TextEncoding,
    pub how: String,
}

impl DbfEncoding {
    /// The name GDAL's shapefile driver understands.
    pub fn gdal_name(&self) -> &'static str {
        match self.encoding {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Gbk => "CP936",
        }
    }
}

/// Decides the encoding of the DBF beside `shp`; `force` (from the user) wins.
pub fn detect(shp: &Path, force: Option<TextEncoding>) -> DbfEncoding {
    if let Some(f) = force {
        return DbfEncoding {
            encoding: f,
            how: format!("用户指定 / set by the user: {}", f.name()),
        };
    }
    let sibling = |ext: &str| {
        [ext.to_lowercase(), ext.to_uppercase()]
            .into_iter()
            .map(|e| shp.with_extension(e))
            .find(|p| p.exists())
    };
    let cpg = sibling("cpg")
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| TextEncoding::from_label(&t));
    let dbf = sibling("dbf").and_then(|p| std::fs::read(p).ok()).unwrap_or_default();
    let ldid = dbf.get(29).copied().and_then(TextEncoding::from_dbf_ldid);
    let label = cpg.map(|l| (l, ".cpg")).or(ldid.map(|l| (l, "DBF LDID")));
    let body = text_area(&dbf);
    let non_ascii = body.iter().any(|b| *b >= 0x80);
    let utf8 = std::str::from_utf8(body).is_ok();
    let gbk_ok = TextEncoding::Gbk.decode_strict(body).is_ok();
    let (encoding, how) = match label {
        Some((TextEncoding::Gbk, src)) if non_ascii && utf8 => (
            TextEncoding::Utf8,
            format!("{src} 标为 GBK，但内容是有效 UTF-8，按 UTF-8 读取 / labelled GBK by {src} but the text is valid UTF-8; read as UTF-8"),
        ),
        Some((TextEncoding::Utf8, src)) if non_ascii && !utf8 && gbk_ok => (
            TextEncoding::Gbk,
            format!("{src} 标为 UTF-8，但内容不是有效 UTF-8 而是有效 GBK，按 GBK 读取 / labelled UTF-8 by {src} but the text is not valid UTF-8 and is valid GBK; read as GBK"),
        ),
        Some((e, src)) => (e, format!("{src}: {}", e.name())),
        None if !non_ascii => (TextEncoding::Utf8, "纯 ASCII / ASCII only".into()),
        None if utf8 => (TextEncoding::Utf8, "无 .cpg，内容为有效 UTF-8 / no .cpg; text is valid UTF-8".into()),
        None if gbk_ok => (
            TextEncoding::Gbk,
            "无 .cpg 和语言标记，内容按 GBK (CP936) 检测 / no .cpg or LDID; detected GBK".into(),
        ),
        None => (
            TextEncoding::Gbk,
            "无法确定编码（既非 UTF-8 也非有效 GBK），按 GBK 读取，文字可能有误，可用 --encoding 指定 / encoding unclear; read as GBK — text may be wrong, use --encoding".into(),
        ),
    };
    DbfEncoding { encoding, how }
}

/// The records part of a DBF (after the header), where the text lives.
fn text_area(dbf: &[u8]) -> &[u8] {
    if dbf.len() < 32 {
        return &[];
    }
    let header_len = u16::from_le_bytes([dbf[8], dbf[9]]) as usize;
    dbf.get(header_len.min(dbf.len())..).unwrap_or(&[])
}
