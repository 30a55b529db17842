//! The CJK font every rendered sheet uses: the app's bundled GB2312 subset of Noto Sans SC (OFL, see
//! assets/fonts/README.md), with Debian's fonts-noto-cjk as fallback for rarer characters.

/// Noto Sans CJK SC cut to GB2312 + ASCII + CJK symbols.
pub const EMBEDDED_CJK: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-GB2312.otf");

/// System CJK collections tried for characters outside the subset.
pub const SYSTEM_CJK: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
];
