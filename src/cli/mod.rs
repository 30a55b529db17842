//! Headless commands. Each calls the same core the app does and only formats the answer.

pub mod controls_cmd;
pub mod convert;
pub mod generate;
pub mod generate_controls;
pub mod info;
pub mod match_cmd;
pub mod quota_cmd;

/// Output language for people; machines get `--json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Lang {
        if s.trim().eq_ignore_ascii_case("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
