//! The public fields (公开字段) a catalogue may show, by their Chinese names. The allow-list in the config names
//! them; nothing else about a parcel ever reaches the site.

use std::fmt;

/// Where a field's value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// A field of [`crate::model::Parcel`]: every library has it.
    Model,
    /// An optional column of the library's source file (planning conditions, utilities), read by
    /// [`super::details`] only when the config allows it.
    Column(&'static [&'static str]),
}

/// 公开字段.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PublicField {
    /// 编号.
    Id,
    /// 位置: county, and township when the source has a 乡镇 column.
    Location,
    /// 存量类型.
    Kind,
    /// 规划用途: 2023 code and name.
    PlannedUse,
    /// 面积: 亩 and 公顷.
    Area,
    /// 容积率.
    PlotRatio,
    /// 建筑密度.
    BuildingDensity,
    /// 绿化率.
    GreenRatio,
    /// 建筑高度.
    BuildingHeight,
    /// 给水.
    Water,
    /// 排水.
    Drainage,
    /// 电.
    Power,
    /// 气.
    Gas,
    /// 通讯.
    Telecom,
    /// 路.
    Road,
    /// 批准文号: internal unless the bureau decides otherwise.
    ApprovalNo,
}

/// Source columns of the 乡镇 part of 位置 (optional: 位置 is the county alone without it).
pub const TOWNSHIP_COLUMNS: &[&str] = &[
    "乡镇",
    "乡镇街道",
    "乡镇（街道）",
    "所在乡镇",
    "XZJD",
    "XZMC",
    "township",
];

impl PublicField {
    pub const ALL: [PublicField; 16] = [
        PublicField::Id,
        PublicField::Location,
        PublicField::Kind,
        PublicField::PlannedUse,
        PublicField::Area,
        PublicField::PlotRatio,
        PublicField::BuildingDensity,
        PublicField::GreenRatio,
        PublicField::BuildingHeight,
        PublicField::Water,
        PublicField::Drainage,
        PublicField::Power,
        PublicField::Gas,
        PublicField::Telecom,
        PublicField::Road,
        PublicField::ApprovalNo,
    ];

    /// The page's filters, list and project finder are built on these, so the allow-list must name them.
    pub const REQUIRED: [PublicField; 5] = [
        PublicField::Id,
        PublicField::Location,
        PublicField::Kind,
        PublicField::PlannedUse,
        PublicField::Area,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            PublicField::Id => "编号",
            PublicField::Location => "位置",
            PublicField::Kind => "存量类型",
            PublicField::PlannedUse => "规划用途",
            PublicField::Area => "面积",
            PublicField::PlotRatio => "容积率",
            PublicField::BuildingDensity => "建筑密度",
            PublicField::GreenRatio => "绿化率",
            PublicField::BuildingHeight => "建筑高度",
            PublicField::Water => "给水",
            PublicField::Drainage => "排水",
            PublicField::Power => "电",
            PublicField::Gas => "气",
            PublicField::Telecom => "通讯",
            PublicField::Road => "路",
            PublicField::ApprovalNo => "批准文号",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            PublicField::Id => "id",
            PublicField::Location => "location",
            PublicField::Kind => "kind",
            PublicField::PlannedUse => "planned use",
            PublicField::Area => "area",
            PublicField::PlotRatio => "plot ratio",
            PublicField::BuildingDensity => "building density",
            PublicField::GreenRatio => "green ratio",
            PublicField::BuildingHeight => "building height",
            PublicField::Water => "water supply",
            PublicField::Drainage => "drainage",
            PublicField::Power => "power",
            PublicField::Gas => "gas",
            PublicField::Telecom => "telecom",
            PublicField::Road => "road",
            PublicField::ApprovalNo => "approval no.",
        }
    }

    /// The key in the data file and the GeoJSON properties (ASCII, stable).
    pub fn key(self) -> &'static str {
        match self {
            PublicField::Id => "id",
            PublicField::Location => "location",
            PublicField::Kind => "kind",
            PublicField::PlannedUse => "use",
            PublicField::Area => "area",
            PublicField::PlotRatio => "plot_ratio",
            PublicField::BuildingDensity => "building_density",
            PublicField::GreenRatio => "green_ratio",
            PublicField::BuildingHeight => "building_height",
            PublicField::Water => "water",
            PublicField::Drainage => "drainage",
            PublicField::Power => "power",
            PublicField::Gas => "gas",
            PublicField::Telecom => "telecom",
            PublicField::Road => "road",
            PublicField::ApprovalNo => "approval_no",
        }
    }

    /// Planning conditions (规划条件) or utilities (配套): shown in the card's two groups.
    pub fn is_planning(self) -> bool {
        matches!(
            self,
            PublicField::PlotRatio
                | PublicField::BuildingDensity
                | PublicField::GreenRatio
                | PublicField::BuildingHeight
        )
    }

    pub fn is_utility(self) -> bool {
        matches!(
            self,
            PublicField::Water
                | PublicField::Drainage
                | PublicField::Power
                | PublicField::Gas
                | PublicField::Telecom
                | PublicField::Road
        )
    }

    pub fn source(self) -> Source {
        match self {
            PublicField::Id
            | PublicField::Location
            | PublicField::Kind
            | PublicField::PlannedUse
            | PublicField::Area
            | PublicField::ApprovalNo => Source::Model,
            PublicField::PlotRatio => Source::Column(&["容积率", "RJL", "plot_ratio", "far"]),
            PublicField::BuildingDensity => Source::Column(&["建筑密度", "JZMD", "building_density"]),
            PublicField::GreenRatio => Source::Column(&["绿化率", "绿地率", "LHL", "LDL", "green_ratio"]),
            PublicField::BuildingHeight => Source::Column(&["建筑高度", "建筑限高", "JZGD", "JZXG", "building_height"]),
            PublicField::Water => Source::Column(&["给水", "供水", "GS", "water"]),
            PublicField::Drainage => Source::Column(&["排水", "PS", "drainage"]),
            PublicField::Power => Source::Column(&["电", "供电", "GD", "power"]),
            PublicField::Gas => Source::Column(&["气", "供气", "燃气", "GQ", "RQ", "gas"]),
            PublicField::Telecom => Source::Column(&["通讯", "通信", "TX", "telecom"]),
            PublicField::Road => Source::Column(&["路", "道路", "DL", "road"]),
        }
    }

    /// Reads a name from the config: the Chinese name, the English name or the data key.
    ///
    /// ```
    /// use stockfirst::publish::PublicField;
    /// assert_eq!(PublicField::parse("容积率"), Some(PublicField::PlotRatio));
    /// assert_eq!(PublicField::parse("Plot Ratio"), Some(PublicField::PlotRatio));
    /// assert_eq!(PublicField::parse("备注"), None);
    /// ```
    pub fn parse(s: &str) -> Option<PublicField> {
        let t = s.trim();
        PublicField::ALL
            .into_iter()
            .find(|f| f.zh() == t || f.en().eq_ignore_ascii_case(t) || f.key().eq_ignore_ascii_case(t))
    }
}

impl fmt::Display for PublicField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.zh(), self.en())
    }
}
