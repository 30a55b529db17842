//! The language people read: Chinese by default, English optional. Machines get JSON and need neither.

/// Output language for people. The core takes it where it names things (a pool, a reason); the edges pick their
/// own words with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    /// `en` (any case) is English; anything else is Chinese, the default.
    ///
    /// ```
    /// use stockfirst::model::Lang;
    /// assert_eq!(Lang::parse(" EN "), Lang::En);
    /// assert_eq!(Lang::parse("zh"), Lang::Zh);
    /// assert_eq!(Lang::parse("fr"), Lang::Zh);
    /// ```
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
