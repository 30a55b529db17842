//! Fonts: an embedded GB2312 subset of Noto Sans SC (OFL) so Chinese never shows as boxes on a bare machine, and a
//! fallback to a system CJK font for the rare character outside the subset.

use std::sync::{Arc, OnceLock};

use egui::epaint::text::{Blob, FallbackRequest, FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontFamily};

/// Noto Sans CJK SC cut to GB2312 + ASCII + CJK symbols; see assets/fonts/README.md.
pub const EMBEDDED_CJK: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GB2312.otf");
pub const EMBEDDED_NAME: &str = "NotoSansSC-GB2312";

/// System fonts tried, in order, for characters the embedded subset lacks: (path, face index).
const SYSTEM_CJK: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
    ("/System/Library/Fonts/PingFang.ttc", 0),
];

fn families() -> Vec<InsertFontFamily> {
    [FontFamily::Proportional, FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect()
}

/// Installs the embedded CJK font after egui's Latin fonts, and the system fallback provider.
pub fn install(ctx: &egui::Context) {
    ctx.add_font(FontInsert::new(
        EMBEDDED_NAME,
        FontData::from_static(EMBEDDED_CJK),
        families(),
    ));
    ctx.add_font_provider(Arc::new(system_fallback));
}

/// Whether `c` is one a CJK system font should cover (ideographs, CJK symbols, full-width forms).
fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn system_fallback(req: &FallbackRequest<'_>) -> Option<FontInsert> {
    let c = req.cluster.chars().next()?;
    if !is_cjk(c) {
        return None;
    }
    // Read once: a system CJK collection is ~20 MB.
    static SYSTEM: OnceLock<Option<(Blob, u32)>> = OnceLock::new();
    let (bytes, index) = SYSTEM
        .get_or_init(|| {
            SYSTEM_CJK
                .iter()
                .find_map(|(p, i)| std::fs::read(p).ok().map(|b| (Arc::new(b) as Blob, *i)))
        })
        .as_ref()?;
    let data = FontData::from_blob(bytes.clone(), *index);
    Some(FontInsert::new("system-cjk", data, families()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_font_is_an_opentype_file_of_a_few_megabytes() {
        // "OTTO" is the CFF OpenType signature.
        assert_eq!(&EMBEDDED_CJK[..4], b"OTTO");
        assert!(EMBEDDED_CJK.len() < 4_000_000);
    }

    #[test]
    fn cjk_ranges() {
        assert!(is_cjk('亩'));
        assert!(is_cjk('，'));
        assert!(!is_cjk('a'));
    }
}
