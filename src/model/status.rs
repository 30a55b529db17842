//! Where a stock parcel stands in its supply life.

use serde::{Deserialize, Serialize};

/// 地块状态.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ParcelStatus {
    /// 可供 — open for matching.
    #[default]
    Available,
    /// 已对接 — a project is talking about it.
    Engaged,
    /// 拟供应 — about to be supplied.
    ToBeSupplied,
    /// 已供应 — gone.
    Supplied,
}

impl ParcelStatus {
    pub const ALL: [ParcelStatus; 4] = [
        ParcelStatus::Available,
        ParcelStatus::Engaged,
        ParcelStatus::ToBeSupplied,
        ParcelStatus::Supplied,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            ParcelStatus::Available => "可供",
            ParcelStatus::Engaged => "已对接",
            ParcelStatus::ToBeSupplied => "拟供应",
            ParcelStatus::Supplied => "已供应",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            ParcelStatus::Available => "available",
            ParcelStatus::Engaged => "engaged",
            ParcelStatus::ToBeSupplied => "to be supplied",
            ParcelStatus::Supplied => "supplied",
        }
    }

    /// ```
    /// use stockfirst::model::ParcelStatus;
    /// assert_eq!(ParcelStatus::parse("已对接"), Some(ParcelStatus::Engaged));
    /// assert_eq!(ParcelStatus::parse(""), Some(ParcelStatus::Available));
    /// assert_eq!(ParcelStatus::parse("lost"), None);
    /// ```
    pub fn parse(s: &str) -> Option<ParcelStatus> {
        let t = s.trim();
        Some(match t.to_ascii_lowercase().as_str() {
            "" | "可供" | "待供" | "available" | "0" => ParcelStatus::Available,
            "已对接" | "对接" | "engaged" | "1" => ParcelStatus::Engaged,
            "拟供应" | "to be supplied" | "tobesupplied" | "2" => ParcelStatus::ToBeSupplied,
            "已供应" | "已供" | "supplied" | "3" => ParcelStatus::Supplied,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn names_round_trip() {
        for s in ParcelStatus::ALL {
            assert_eq!(ParcelStatus::parse(s.zh()), Some(s));
            assert_eq!(ParcelStatus::parse(s.en()), Some(s));
        }
    }
}
