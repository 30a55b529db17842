//! Counties (县/市/区) of Jiaozuo. The list itself is data: `assets/counties.ron`.

use serde::{Deserialize, Serialize};

/// A county-level unit. The high-tech / demonstration zone has no adcode of its own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct County {
    /// Stable key: the adcode as text, or a short slug where there is none.
    pub id: String,
    pub adcode: Option<u32>,
    pub name: String,
    pub name_en: String,
    /// Other spellings seen in data (short names, older names).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// 太行革命老区 — clause (七).
    #[serde(default)]
    pub revolutionary_old_area: bool,
    /// The county seat in CGCS2000 lon/lat, for the sample data and for labels.
    pub seat_lon_lat: (f64, f64),
}

/// The counties a library or scenario may name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Counties {
    pub counties: Vec<County>,
}

impl Counties {
    pub fn new(counties: Vec<County>) -> Self {
        Self { counties }
    }

    pub fn iter(&self) -> impl Iterator<Item = &County> {
        self.counties.iter()
    }

    pub fn by_id(&self, id: &str) -> Option<&County> {
        self.counties.iter().find(|c| c.id == id)
    }

    /// Finds a county by adcode, id, Chinese or English name or alias.
    ///
    /// ```
    /// use stockfirst::model::{Counties, County};
    /// let cs = Counties::new(vec![County {
    ///     id: "410821".into(), adcode: Some(410821), name: "修武县".into(), name_en: "Xiuwu".into(),
    ///     aliases: vec!["修武".into()], revolutionary_old_area: true, seat_lon_lat: (113.45, 35.23),
    /// }]);
    /// assert_eq!(cs.find("410821").map(|c| c.name.as_str()), Some("修武县"));
    /// assert_eq!(cs.find("修武").map(|c| c.id.as_str()), Some("410821"));
    /// assert_eq!(cs.find("xiuwu").map(|c| c.id.as_str()), Some("410821"));
    /// assert!(cs.find("郑州").is_none());
    /// ```
    pub fn find(&self, key: &str) -> Option<&County> {
        let k = key.trim();
        if k.is_empty() {
            return None;
        }
        // 12-digit 行政区代码 (4108210000..) start with the adcode.
        let digits = k.len() > 6 && k.chars().all(|c| c.is_ascii_digit());
        let k6 = if digits { &k[..6] } else { k };
        let code: Option<u32> = k6.parse().ok();
        self.counties.iter().find(|c| {
            c.id == k6
                || (code.is_some() && c.adcode == code)
                || c.name == k
                || c.name_en.eq_ignore_ascii_case(k)
                || c.aliases.iter().any(|a| a == k || a.eq_ignore_ascii_case(k))
        })
    }

    pub fn name_of(&self, id: &str) -> String {
        self.by_id(id).map(|c| c.name.clone()).unwrap_or_else(|| id.to_string())
    }
}
