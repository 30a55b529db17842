//! Text encoding of a shapefile's DBF: the .cpg file, the DBF language-driver byte, then the bytes themselves.
//! GDAL recodes to UTF-8 once it is told the right encoding; when nothing says, it would guess Latin-1 and show
//! mojibake, so we decide first.

use std::path::Path;

/// The encoding to hand GDAL (its `ENCODING` open option) and how it was decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DbfEncoding {
    /// "UTF-8" or "CP936".
    pub gdal_name: &'static str,
    pub how: String,
}

/// What the user may force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingOverride {
    Utf8,
    Gbk,
}

impl EncodingOverride {
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().replace('-', "").as_str() {
            "UTF8" => Some(Self::Utf8),
            "GBK" | "CP936" | "GB2312" | "GB18030" | "936" => Some(Self::Gbk),
            _ => None,
        }
    }
}

fn label_from_cpg(text: &str) -> Option<&'static str> {
    let t = text.trim().to_ascii_uppercase().replace(['-', '_', ' '], "");
    if t.contains("UTF8") || t == "65001" {
        Some("UTF-8")
    } else if ["GBK", "CP936", "936", "GB2312", "GB18030", "ANSI936"].iter().any(|k| t.contains(k)) {
        Some("CP936")
    } else {
        None
    }
}

/// Decides the encoding of the DBF beside `shp`.
pub fn detect(shp: &Path, force: Option<EncodingOverride>) -> DbfEncoding {
    if let Some(f) = force {
        let gdal_name = if f == EncodingOverride::Utf8 { "UTF-8" } else { "CP936" };
        return DbfEncoding { gdal_name, how: format!("用户指定 {gdal_name} / set by the user") };
    }
    let sibling = |ext: &str| {
        [ext.to_lowercase(), ext.to_uppercase()].into_iter().map(|e| shp.with_extension(e)).find(|p| p.exists())
    };
    let cpg = sibling("cpg").and_then(|p| std::fs::read_to_string(p).ok()).and_then(|t| label_from_cpg(&t));
    let dbf = sibling("dbf").and_then(|p| std::fs::read(p).ok()).unwrap_or_default();
    let ldid = dbf.get(29).copied().unwrap_or(0);
    let label = cpg.map(|l| (l, ".cpg")).or(match ldid {
        0x4D => Some(("CP936", "DBF LDID 0x4D")),
        _ => None,
    });
    let body = text_area(&dbf);
    let non_ascii = body.iter().any(|b| *b >= 0x80);
    let utf8 = std::str::from_utf8(body).is_ok();
    let gbk_ok = encoding_rs::GBK.decode_without_bom_handling_and_without_replacement(body).is_some();
    match label {
        Some(("CP936", src)) if non_ascii && utf8 => DbfEncoding {
            gdal_name: "UTF-8",
            how: format!("{src} 标为 GBK，但内容是有效 UTF-8，按 UTF-8 读取 / labelled GBK by {src} but the text is valid UTF-8; read as UTF-8"),
        },
        Some((name, src)) => DbfEncoding { gdal_name: name, how: format!("{src}: {name}") },
        None if !non_ascii => DbfEncoding { gdal_name: "UTF-8", how: "纯 ASCII / ASCII only".into() },
        None if utf8 => DbfEncoding { gdal_name: "UTF-8", how: "无 .cpg，内容为有效 UTF-8 / no .cpg; text is valid UTF-8".into() },
        None if gbk_ok => DbfEncoding { gdal_name: "CP936", how: "无 .cpg 和语言标记，内容按 GBK 检测 / no .cpg or LDID; detected GBK".into() },
        None => DbfEncoding {
            gdal_name: "CP936",
            how: "无法确定编码（既非 UTF-8 也非有效 GBK），按 GBK 读取，文字可能有误，可用 --encoding 指定 / encoding unclear; read as GBK — text may be wrong, use --encoding".into(),
        },
    }
}

/// The records part of a DBF (after the header), where the text lives.
fn text_area(dbf: &[u8]) -> &[u8] {
    if dbf.len() < 32 {
        return &[];
    }
    let header_len = u16::from_le_bytes([dbf[8], dbf[9]]) as usize;
    dbf.get(header_len.min(dbf.len())..).unwrap_or(&[])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpg_labels() {
        assert_eq!(label_from_cpg("UTF-8\r\n"), Some("UTF-8"));
        assert_eq!(label_from_cpg("GBK"), Some("CP936"));
        assert_eq!(label_from_cpg("936"), Some("CP936"));
        assert_eq!(label_from_cpg("ISO-8859-1"), None);
    }
}
