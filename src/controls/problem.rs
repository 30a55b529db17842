//! A data problem in a control layer, named by layer and feature, and whether it was repaired or left out.

use serde::Serialize;

/// What happened to the feature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Outcome {
    /// Kept as it was; the officer should know (an overlap, a TBMJ that disagrees).
    Kept,
    /// Repaired and kept (a self-intersection split, KCXS taken as 0).
    Repaired,
    /// Left out of every count: it could not be used.
    Refused,
}

impl Outcome {
    pub fn zh(self) -> &'static str {
        match self {
            Outcome::Kept => "保留",
            Outcome::Repaired => "已修复",
            Outcome::Refused => "未采用",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            Outcome::Kept => "kept",
            Outcome::Repaired => "repaired",
            Outcome::Refused => "left out",
        }
    }
}

/// One problem, in both languages.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LayerProblem {
    /// `file:layer`.
    pub layer: String,
    /// BSM (or the layer's id field), else `FID n`; `None` for a problem of the whole layer.
    pub feature: Option<String>,
    pub outcome: Outcome,
    pub zh: String,
    pub en: String,
}

impl LayerProblem {
    pub fn new(
        layer: impl Into<String>,
        feature: Option<String>,
        outcome: Outcome,
        zh: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Self {
            layer: layer.into(),
            feature,
            outcome,
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// `layer 图斑 id：words（outcome）`.
    pub fn line_zh(&self) -> String {
        let f = self
            .feature
            .as_deref()
            .map(|f| format!(" 要素 {f}"))
            .unwrap_or_default();
        format!("{}{f}：{}（{}）", self.layer, self.zh, self.outcome.zh())
    }

    pub fn line_en(&self) -> String {
        let f = self
            .feature
            .as_deref()
            .map(|f| format!(" feature {f}"))
            .unwrap_or_default();
        format!("{}{f}: {} ({})", self.layer, self.en, self.outcome.en())
    }
}
