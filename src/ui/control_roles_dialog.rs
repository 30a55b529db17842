//! The control-layer roles dialog's own state (each layer's role and field choices, the live check); the app's side
//! of it — opening, applying, the window — is in `field_mapping_roles.rs`.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::mpsc::Receiver;

use crate::controls::Role;
use crate::io::control_roles::{LayerRole, RoleMap};
use crate::io::field_preview::ControlLayerGuess;

/// What the layers would give with the roles chosen.
#[derive(Debug, Clone, PartialEq)]
pub struct RolesCheck {
    pub layers: usize,
    pub problems: usize,
    pub error: Option<String>,
}

/// The open control-layer dialog.
pub struct ControlRolesDialog {
    pub sources: Vec<PathBuf>,
    pub layers: Vec<ControlLayerGuess>,
    /// The role chosen per layer (`None`: the reader's own recognition, or skipped).
    pub roles: Vec<Option<Role>>,
    /// Per layer: standard field name → the layer's field.
    pub renames: Vec<BTreeMap<String, String>>,
    pub why: Option<String>,
    pub check: Option<RolesCheck>,
    pub(super) check_of: Option<RoleMap>,
    pub(super) pending: Option<Receiver<(RoleMap, RolesCheck)>>,
    /// The map the dialog started from: entries for other layers are kept.
    pub(super) base: RoleMap,
}

pub(super) fn file_name(p: &std::path::Path) -> String {
    p.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default()
}

impl ControlRolesDialog {
    /// The role map the choices mean: one `file:layer` entry per layer given a role, other entries kept.
    pub fn role_map(&self) -> RoleMap {
        let keys: Vec<String> = self
            .layers
            .iter()
            .map(|g| format!("{}:{}", file_name(&g.source), g.layer))
            .collect();
        let mut map = RoleMap {
            layers: self
                .base
                .layers
                .iter()
                .filter(|e| !keys.contains(&e.layer))
                .cloned()
                .collect(),
        };
        for ((key, role), renames) in keys.into_iter().zip(&self.roles).zip(&self.renames) {
            if let Some(role) = role {
                map.layers.push(LayerRole {
                    layer: key,
                    role: *role,
                    fields: renames.clone(),
                });
            }
        }
        map
    }
}
