//! Which control layer plays which role: recognised by the standard layer names and fields of the national
//! databases, or assigned by the officer in a RON role map (layer → role, with renamed fields).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use super::assets::parse_ron;
use crate::controls::Role;

/// One officer's choice: the layer (by name, or `file:layer`) and its role, with fields renamed where the source
/// differs from the standard names (standard name → name in the source).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayerRole {
    pub layer: String,
    pub role: Role,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// The saved role map (`assets/control_roles.example.ron`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleMap {
    pub layers: Vec<LayerRole>,
}

impl RoleMap {
    /// The officer's entry for `layer` of `file`: `file_name:layer` first, then the bare layer name.
    pub fn entry(&self, file: &Path, layer: &str) -> Option<&LayerRole> {
        let file_name = file
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let full = format!("{file_name}:{layer}");
        self.layers
            .iter()
            .find(|l| l.layer == full)
            .or_else(|| self.layers.iter().find(|l| l.layer.eq_ignore_ascii_case(layer)))
    }
}

pub fn parse_role_map(text: &str, file: &str) -> Result<RoleMap> {
    parse_ron(text, file)
}

pub fn load_role_map(path: &Path) -> Result<RoleMap> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).with_context(|| format!("读取 / reading {name}"))?;
    parse_role_map(&text, &name)
}

/// Saves the map atomically.
pub fn save_role_map(path: &Path, map: &RoleMap) -> Result<()> {
    let text = ron::ser::to_string_pretty(map, ron::ser::PrettyConfig::default())
        .context("角色表序列化 / serialising the role map")?;
    super::atomic::write_bytes(path, text.as_bytes())
}

/// The role a layer's name says, by the standard code (DLTB, YJJBNTBHTB …, also inside longer names such as
/// `DLTB_2023`) or the Chinese name.
///
/// ```
/// use stockfirst::io::control_roles::role_by_name;
/// use stockfirst::controls::Role;
/// assert_eq!(role_by_name("DLTB"), Some(Role::LandSurvey));
/// assert_eq!(role_by_name("410800_yjjbntbhtb_2023"), Some(Role::PermanentFarmland));
/// assert_eq!(role_by_name("城镇开发边界"), Some(Role::DevelopmentBoundary));
/// assert_eq!(role_by_name("roads"), None);
/// ```
pub fn role_by_name(layer: &str) -> Option<Role> {
    let up = layer.to_ascii_uppercase();
    const NAMES: [(&str, Role); 12] = [
        ("YJJBNTBHTB", Role::PermanentFarmland),
        ("YJJBNT", Role::PermanentFarmland),
        ("永久基本农田", Role::PermanentFarmland),
        ("STBHHX", Role::EcologicalRedline),
        ("生态保护红线", Role::EcologicalRedline),
        ("CZKFBJ", Role::DevelopmentBoundary),
        ("城镇开发边界", Role::DevelopmentBoundary),
        ("CZJSBJ", Role::VillageBoundary),
        ("村庄建设边界", Role::VillageBoundary),
        ("DLTB", Role::LandSurvey),
        ("地类图斑", Role::LandSurvey),
        ("LDTB", Role::Forest),
    ];
    NAMES
        .iter()
        .find(|(n, _)| up.contains(n))
        .map(|(_, r)| *r)
        .or_else(|| (up.contains("林地") || up.contains("SLZY")).then_some(Role::Forest))
}

/// The role the fields say, when the name says nothing.
pub fn role_by_fields(fields: &[String]) -> Option<Role> {
    let has = |n: &str| fields.iter().any(|f| f.eq_ignore_ascii_case(n));
    if has("YJJBNTTBBH") || has("YJJBNTMJ") {
        Some(Role::PermanentFarmland)
    } else if has("GHFQMC") || has("GHFQDM") {
        Some(Role::DevelopmentBoundary)
    } else if has("DLBM") && (has("KCXS") || has("TKXS") || has("TBMJ")) {
        Some(Role::LandSurvey)
    } else if has("LXDM") && has("MC") {
        Some(Role::EcologicalRedline)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_example_parses() {
        let text = include_str!("../../assets/control_roles.example.ron");
        let m = parse_role_map(text, "control_roles.example.ron").unwrap();
        assert!(m.layers.iter().any(|l| l.role == Role::LandSurvey));
        let e = m.entry(Path::new("/x/规划.gdb"), "KFBJ_2023").unwrap();
        assert_eq!(e.role, Role::DevelopmentBoundary);
    }

    #[test]
    fn fields_tell_the_role() {
        let f = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(role_by_fields(&f(&["BSM", "dlbm", "TKXS"])), Some(Role::LandSurvey));
        assert_eq!(role_by_fields(&f(&["GHFQMC"])), Some(Role::DevelopmentBoundary));
        assert_eq!(role_by_fields(&f(&["NAME"])), None);
    }
}
