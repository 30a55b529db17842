//! What the bureau decides to publish (`publish.ron`): the allow-list of public fields, the contact, and the map's
//! form. Read with file:line errors; checked against the library before anything is written.

use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use super::PublicField;

/// How parcels appear on the public map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum MapForm {
    /// The parcel outlines.
    #[default]
    Polygons,
    /// One point a parcel (its centroid): for a bureau that will not show exact boundaries.
    Points,
}

/// A tile basemap the bureau has cleared: published maps with a basemap need a map review number (审图号).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Basemap {
    /// A Leaflet tile URL template, `https://…/{z}/{x}/{y}.png`.
    pub url: String,
    #[serde(default)]
    pub attribution: String,
    /// 审图号, shown on the map, e.g. "豫S（2026）001号".
    pub review_no: String,
}

/// 联系方式.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub office: String,
    #[serde(default)]
    pub office_en: String,
    pub phone: String,
}

/// `publish.ron` (see `assets/publish.example.ron`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishConfig {
    pub title: String,
    #[serde(default)]
    pub title_en: String,
    /// The allow-list, by Chinese name (or English name / data key). Only these leave the bureau.
    pub fields: Vec<String>,
    pub contact: Contact,
    /// 发布日期 (YYYY-MM-DD); today when absent.
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub map: MapForm,
    #[serde(default)]
    pub basemap: Option<Basemap>,
}

pub const EXAMPLE_RON: &str = include_str!("../../assets/publish.example.ron");

impl Default for PublishConfig {
    /// The five fields the page is built on, and a contact to be filled in.
    fn default() -> Self {
        Self {
            title: "焦作市存量土地供应目录".into(),
            title_en: "Jiaozuo: stock land available for projects".into(),
            fields: PublicField::REQUIRED.iter().map(|f| f.zh().to_string()).collect(),
            contact: Contact {
                office: "焦作市自然资源和规划局".into(),
                office_en: "Jiaozuo Natural Resources and Planning Bureau".into(),
                phone: String::new(),
            },
            date: None,
            map: MapForm::Polygons,
            basemap: None,
        }
    }
}

impl PublishConfig {
    pub fn load(path: &Path) -> Result<PublishConfig> {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("{}: 无法读取 / cannot read", path.display()))?;
        let file = path.display().to_string();
        let cfg: PublishConfig = crate::io::assets::parse_ron(&text, &file)?;
        cfg.allowed().with_context(|| format!("{file}: fields"))?;
        cfg.check_basemap().with_context(|| format!("{file}: basemap"))?;
        Ok(cfg)
    }

    /// The allow-list as fields, in the config's order: an unknown name, a repeated one or a missing required one
    /// is an error naming it.
    pub fn allowed(&self) -> Result<Vec<PublicField>> {
        let mut out: Vec<PublicField> = Vec::new();
        for name in &self.fields {
            let Some(f) = PublicField::parse(name) else {
                let known: Vec<&str> = PublicField::ALL.iter().map(|f| f.zh()).collect();
                bail!(
                    "未知的公开字段 “{name}”，可用：{} / unknown public field {name:?}",
                    known.join("、")
                );
            };
            if out.contains(&f) {
                bail!("公开字段 “{name}” 重复 / public field {name:?} is listed twice");
            }
            out.push(f);
        }
        for f in PublicField::REQUIRED {
            if !out.contains(&f) {
                bail!(
                    "公开字段必须包含 “{}”：页面的筛选、列表和找地都用它 / the allow-list must name {f}: the page's filters, list and finder use it",
                    f.zh()
                );
            }
        }
        Ok(out)
    }

    fn check_basemap(&self) -> Result<()> {
        if let Some(b) = &self.basemap {
            if b.url.trim().is_empty() {
                bail!("底图 url 为空 / the basemap url is empty");
            }
            if b.review_no.trim().is_empty() {
                bail!(
                    "使用底图必须填写审图号 review_no（地图审核管理规定）/ a basemap needs its map review number (审图号)"
                );
            }
        }
        Ok(())
    }

    /// Checks everything that does not need the library (used by `write_site` too).
    pub fn check(&self) -> Result<Vec<PublicField>> {
        self.check_basemap()?;
        if let Some(d) = &self.date
            && !is_iso_date(d)
        {
            bail!("date “{d}” 应为 YYYY-MM-DD / must be YYYY-MM-DD");
        }
        self.allowed()
    }
}

fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Today's date (UTC) as YYYY-MM-DD, from the system clock (civil-from-days, H. Hinnant's algorithm).
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let z = (secs / 86_400) as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_config_parses_and_allows_the_required_fields() {
        let cfg: PublishConfig = crate::io::assets::parse_ron(EXAMPLE_RON, "assets/publish.example.ron").unwrap();
        let allowed = cfg.check().unwrap();
        for f in PublicField::REQUIRED {
            assert!(allowed.contains(&f), "{f}");
        }
        // The example keeps approval numbers internal.
        assert!(!allowed.contains(&PublicField::ApprovalNo));
    }

    #[test]
    fn unknown_field_is_named() {
        let mut cfg = PublishConfig::default();
        cfg.fields.push("备注".into());
        let e = format!("{:#}", cfg.check().unwrap_err());
        assert!(e.contains("备注"), "{e}");
    }

    #[test]
    fn basemap_without_review_number_is_refused() {
        let cfg = PublishConfig {
            basemap: Some(Basemap {
                url: "https://tiles.example/{z}/{x}/{y}.png".into(),
                attribution: String::new(),
                review_no: " ".into(),
            }),
            ..Default::default()
        };
        assert!(format!("{:#}", cfg.check().unwrap_err()).contains("审图号"));
    }

    #[test]
    fn today_is_a_date() {
        let t = today();
        assert!(is_iso_date(&t), "{t}");
        assert!(t.as_str() >= "2024-01-01");
    }
}
