//! The county-line finding of a match, in words: clause (十二) lets the local bureau take part in siting
//! (属地参与选址) only for a site that does not cross an administrative line (不跨行政界线).

use crate::model::{CountyShare, Lang};

/// The warning for a red line across county lines, with the 亩 in each county; `None` when it lies in one.
pub fn crossing_warning(parts: &[CountyShare], lang: Lang) -> Option<String> {
    if parts.len() < 2 {
        return None;
    }
    let each: Vec<String> = parts
        .iter()
        .map(|p| format!("{} {:.2} 亩", p.name, p.area.mu()))
        .collect();
    Some(match lang {
        Lang::Zh => format!(
            "红线跨县级行政界线（{}）：条款（十二）“不跨行政界线”的项目才由属地自然资源主管部门参与选址选线，本项目不适用属地参与选址，按原程序由上级自然资源主管部门组织选址选线。县界源自高德数据，精度约数十米，请以法定界线核实。",
            each.join("，")
        ),
        Lang::En => format!(
            "The red line crosses a county line ({}): under clause (十二) only a site within one county is chosen with the local bureau (属地参与选址); this one keeps the ordinary procedure led by the higher-level bureau. The county lines are Amap-derived, good to tens of metres: check against the legal line.",
            each.join(", ")
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Area;

    #[test]
    fn names_each_county_with_its_mu() {
        let parts = vec![
            CountyShare {
                county: "410821".into(),
                name: "修武县".into(),
                area: Area::from_mu(10.5),
            },
            CountyShare {
                county: "410811".into(),
                name: "山阳区".into(),
                area: Area::from_mu(4.5),
            },
        ];
        let w = crossing_warning(&parts, Lang::Zh).unwrap();
        assert!(
            w.contains("修武县 10.50 亩") && w.contains("山阳区 4.50 亩") && w.contains("（十二）"),
            "{w}"
        );
        assert!(crossing_warning(&parts[..1], Lang::Zh).is_none());
    }
}
