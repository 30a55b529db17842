//! The kinds of stock land the library holds, in the clause (一) order of preference.

use serde::{Deserialize, Serialize};

/// 存量土地类型.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum StockKind {
    /// 批而未供土地 — clauses (一)(二).
    ApprovedUnsupplied,
    /// 闲置土地 — clauses (一)(二).
    Idle,
    /// 城镇低效用地 — clauses (一)(三).
    Inefficient,
    /// 废弃地 — clause (三).
    Abandoned,
    /// 零星分散存量集体建设用地 — clause (四).
    Collective,
}

impl StockKind {
    pub const ALL: [StockKind; 5] = [
        StockKind::ApprovedUnsupplied,
        StockKind::Idle,
        StockKind::Inefficient,
        StockKind::Abandoned,
        StockKind::Collective,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            StockKind::ApprovedUnsupplied => "批而未供",
            StockKind::Idle => "闲置土地",
            StockKind::Inefficient => "低效用地",
            StockKind::Abandoned => "废弃地",
            StockKind::Collective => "集体建设用地",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            StockKind::ApprovedUnsupplied => "approved, unsupplied",
            StockKind::Idle => "idle",
            StockKind::Inefficient => "inefficient urban",
            StockKind::Abandoned => "abandoned",
            StockKind::Collective => "collective construction",
        }
    }

    /// The clause that names this kind.
    pub fn clause(self) -> &'static str {
        match self {
            StockKind::ApprovedUnsupplied | StockKind::Idle => "（一）（二）",
            StockKind::Inefficient => "（一）（三）",
            StockKind::Abandoned => "（三）",
            StockKind::Collective => "（四）",
        }
    }

    /// Rank in clause (一): 批而未供盘活 → 闲置处置 → 低效再开发 (废弃地 with it, clause 三) → 集体归并 (clause 四).
    /// 0 is most preferred.
    pub fn preference(self) -> u8 {
        match self {
            StockKind::ApprovedUnsupplied => 0,
            StockKind::Idle => 1,
            StockKind::Inefficient => 2,
            StockKind::Abandoned => 3,
            StockKind::Collective => 4,
        }
    }

    /// Short code used in files (CLLX).
    pub fn code(self) -> &'static str {
        match self {
            StockKind::ApprovedUnsupplied => "PEWG",
            StockKind::Idle => "XZ",
            StockKind::Inefficient => "DX",
            StockKind::Abandoned => "FQ",
            StockKind::Collective => "JT",
        }
    }

    /// Reads the values found in the wild: Chinese names and their variants, our codes, English words.
    ///
    /// ```
    /// use stockfirst::model::StockKind;
    /// assert_eq!(StockKind::parse("批而未供土地"), Some(StockKind::ApprovedUnsupplied));
    /// assert_eq!(StockKind::parse(" idle "), Some(StockKind::Idle));
    /// assert_eq!(StockKind::parse("城镇低效用地"), Some(StockKind::Inefficient));
    /// assert_eq!(StockKind::parse("耕地"), None);
    /// ```
    pub fn parse(s: &str) -> Option<StockKind> {
        let t = s.trim();
        let lower = t.to_ascii_lowercase();
        let k = match lower.as_str() {
            "pewg" | "1" | "approved_unsupplied" | "approvedunsupplied" | "approved, unsupplied" | "unsupplied" => {
                StockKind::ApprovedUnsupplied
            }
            "xz" | "2" | "idle" => StockKind::Idle,
            "dx" | "3" | "inefficient" | "inefficient urban" => StockKind::Inefficient,
            "fq" | "4" | "abandoned" => StockKind::Abandoned,
            "jt" | "5" | "collective" | "collective construction" => StockKind::Collective,
            _ => {
                if t.contains("批而未供") || t.contains("批而未用") {
                    StockKind::ApprovedUnsupplied
                } else if t.contains("闲置") {
                    StockKind::Idle
                } else if t.contains("低效") {
                    StockKind::Inefficient
                } else if t.contains("废弃") {
                    StockKind::Abandoned
                } else if t.contains("集体") {
                    StockKind::Collective
                } else {
                    return None;
                }
            }
        };
        Some(k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_one_order_is_unsupplied_idle_inefficient() {
        // Clause (一): 批而未供土地盘活、闲置土地处置、低效用地再开发 in this order.
        let mut kinds = StockKind::ALL.to_vec();
        kinds.reverse();
        kinds.sort_by_key(|k| k.preference());
        assert_eq!(
            kinds[..3],
            [StockKind::ApprovedUnsupplied, StockKind::Idle, StockKind::Inefficient]
        );
    }

    #[test]
    fn codes_round_trip() {
        for k in StockKind::ALL {
            assert_eq!(StockKind::parse(k.code()), Some(k));
            assert_eq!(StockKind::parse(k.zh()), Some(k));
            assert_eq!(StockKind::parse(k.en()), Some(k));
        }
    }
}
