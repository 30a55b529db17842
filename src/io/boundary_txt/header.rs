//! The `[项目信息]` and `[属性描述]` sections: `key=value` lines whose keys vary between tools.

/// What the file says about itself. Every `key=value` pair is kept in order; the known ones are also parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoundaryHeader {
    /// `[项目信息]` pairs, in order (optional section).
    pub project_info: Vec<(String, String)>,
    /// `[属性描述]` pairs, in order, as written.
    pub attributes: Vec<(String, String)>,
    /// 格式版本号.
    pub format_version: Option<String>,
    /// 数据产生单位.
    pub producer: Option<String>,
    /// 数据产生日期.
    pub date: Option<String>,
    /// 坐标系, e.g. 2000国家大地坐标系.
    pub crs_name: Option<String>,
    /// Zone width in degrees, from `几度分带=3` or `分带=3度带`.
    pub zone_width: Option<u32>,
    /// 投影类型.
    pub projection: Option<String>,
    /// 计量单位.
    pub unit: Option<String>,
    /// 带号.
    pub zone: Option<u32>,
    /// Line of the 带号 entry, to cite it when it is used.
    pub zone_line: Option<usize>,
    /// Line of the 几度分带 entry, to cite it when it is used.
    pub zone_width_line: Option<usize>,
    /// 精度.
    pub precision: Option<String>,
    /// 转换参数.
    pub transform_params: Option<String>,
}

impl BoundaryHeader {
    /// The header the writer uses when none is given: CGCS2000, 3° zones, Gauss-Krüger, metres.
    pub fn standard(zone: u32) -> Self {
        BoundaryHeader {
            format_version: Some("1.01版本".into()),
            producer: Some("stockfirst".into()),
            crs_name: Some("2000国家大地坐标系".into()),
            zone_width: Some(3),
            projection: Some("高斯克吕格".into()),
            unit: Some("米".into()),
            zone: Some(zone),
            precision: Some("0.001".into()),
            transform_params: Some("0,0,0,0,0,0,0".into()),
            ..Default::default()
        }
    }

    /// Takes one `[属性描述]` line. Returns a warning when a value cannot be understood.
    pub(crate) fn take_attribute(&mut self, key: &str, value: &str, line: usize) -> Option<String> {
        let key = key.trim();
        let value = value.trim();
        self.attributes.push((key.to_string(), value.to_string()));
        let text = Some(value.to_string()).filter(|v| !v.is_empty());
        match key {
            "格式版本号" | "格式版本" => self.format_version = text,
            "数据产生单位" | "数据生产单位" => self.producer = text,
            "数据产生日期" | "数据生产日期" => self.date = text,
            "坐标系" | "坐标系统" => self.crs_name = text,
            "投影类型" => self.projection = text,
            "计量单位" => self.unit = text,
            "精度" => self.precision = text,
            "转换参数" => self.transform_params = text,
            "几度分带" | "分带" | "分带方式" | "带宽" => match first_number(value) {
                Some(w @ (3 | 6)) => {
                    self.zone_width = Some(w);
                    self.zone_width_line = Some(line);
                }
                _ => {
                    return Some(format!(
                        "第 {line} 行: 无法识别的分带 “{value}”(应为 3 或 6) / line {line}: unrecognised zone width “{value}” (expected 3 or 6)"
                    ));
                }
            },
            "带号" => match first_number(value) {
                Some(z) if (1..=120).contains(&z) => {
                    self.zone = Some(z);
                    self.zone_line = Some(line);
                }
                _ if value.is_empty() => {}
                _ => {
                    return Some(format!(
                        "第 {line} 行: 无法识别的带号 “{value}” / line {line}: unrecognised zone number “{value}”"
                    ));
                }
            },
            _ => {}
        }
        None
    }
}

/// The first run of ASCII digits in `s`, e.g. 3 in "3度带".
fn first_number(s: &str) -> Option<u32> {
    let digits: String = s
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_width_variants() {
        for v in ["3", "3度带", " 3度分带 "] {
            let mut h = BoundaryHeader::default();
            assert!(h.take_attribute("分带", v, 5).is_none());
            assert_eq!(h.zone_width, Some(3), "{v}");
        }
        let mut h = BoundaryHeader::default();
        assert!(h.take_attribute("几度分带", "7", 5).unwrap().contains("line 5"));
    }

    #[test]
    fn zone_number_and_line_are_kept() {
        let mut h = BoundaryHeader::default();
        h.take_attribute("带号", "38", 9);
        assert_eq!((h.zone, h.zone_line), (Some(38), Some(9)));
        assert_eq!(h.attributes, vec![("带号".to_string(), "38".to_string())]);
    }
}
