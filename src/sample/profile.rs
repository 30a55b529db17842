//! What each kind of cluster looks like: block size, typical lot, how much of it is stock, which kinds and uses.
//! Rough shares read off Jiaozuo's towns, parks and villages; they only shape synthetic data.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClusterKind {
    Town,
    IndustrialPark,
    Village,
}

/// The shape of one kind of cluster.
pub(super) struct Profile {
    pub block: f64,
    pub median_mu: f64,
    pub stock_share: f64,
    pub kinds: [f64; 5],
    pub uses: &'static [(&'static str, f64)],
}

pub(super) fn profile(kind: ClusterKind) -> Profile {
    match kind {
        ClusterKind::Town => Profile {
            block: 320.0,
            median_mu: 14.0,
            stock_share: 0.3,
            kinds: [0.30, 0.15, 0.35, 0.05, 0.15],
            uses: &[
                ("070102", 0.22),
                ("0701", 0.05),
                ("0901", 0.16),
                ("090104", 0.04),
                ("0902", 0.07),
                ("0804", 0.06),
                ("0806", 0.04),
                ("0801", 0.03),
                ("0805", 0.02),
                ("1208", 0.04),
                ("1401", 0.05),
                ("1101", 0.06),
                ("100101", 0.12),
                ("1303", 0.02),
                ("16", 0.02),
            ],
        },
        ClusterKind::IndustrialPark => Profile {
            block: 620.0,
            median_mu: 55.0,
            stock_share: 0.45,
            kinds: [0.45, 0.30, 0.18, 0.05, 0.02],
            uses: &[
                ("100101", 0.28),
                ("100102", 0.28),
                ("1001", 0.10),
                ("100103", 0.04),
                ("110101", 0.14),
                ("1101", 0.08),
                ("1303", 0.03),
                ("1208", 0.03),
                ("0902", 0.02),
            ],
        },
        ClusterKind::Village => Profile {
            block: 220.0,
            median_mu: 6.0,
            stock_share: 0.3,
            kinds: [0.0, 0.0, 0.05, 0.2, 0.75],
            uses: &[
                ("0704", 0.18),
                ("1001", 0.24),
                ("0901", 0.16),
                ("1101", 0.18),
                ("0703", 0.08),
                ("2301", 0.10),
                ("090104", 0.06),
            ],
        },
    }
}

pub(super) const VILLAGES: [&str; 16] = [
    "东王庄",
    "西李村",
    "南张寨",
    "北刘庄",
    "大郭村",
    "小营",
    "马庄",
    "杨楼",
    "后屯",
    "前进村",
    "孙窑",
    "赵堡",
    "周庄",
    "吴村",
    "许河",
    "陈沟",
];
