//! Offer details the model does not carry: township, planning conditions (容积率 …) and utilities (给水 …), read
//! from the library's own source file — only the columns of fields the config allows, so nothing else is even read.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, Result};
use gdal::vector::LayerAccess;

use super::fields::{PublicField, Source, TOWNSHIP_COLUMNS};
use crate::io::field_map::FieldMap;
use crate::io::gdal_source;

/// The detail columns found and their values by 地块编号.
#[derive(Debug, Clone, Default)]
pub struct Details {
    /// The source column read for each field (and for the township, under [`PublicField::Location`]).
    pub columns: BTreeMap<PublicField, String>,
    /// Non-empty values by parcel id.
    pub values: HashMap<String, BTreeMap<PublicField, String>>,
    pub townships: HashMap<String, String>,
}

impl Details {
    /// No source file: only the model's fields are available.
    pub fn none() -> Details {
        Details::default()
    }

    pub fn has_column(&self, f: PublicField) -> bool {
        self.columns.contains_key(&f)
    }

    pub fn value(&self, id: &str, f: PublicField) -> Option<&str> {
        self.values.get(id).and_then(|m| m.get(&f)).map(String::as_str)
    }

    pub fn township(&self, id: &str) -> Option<&str> {
        self.townships.get(id).map(String::as_str)
    }
}

fn find_column(names: &[String], candidates: &[&str]) -> Option<usize> {
    candidates
        .iter()
        .find_map(|c| names.iter().position(|n| n.trim().eq_ignore_ascii_case(c)))
}

/// Reads the detail columns of `allowed` fields from `layer` of `path` (the layer the library was read from).
pub fn read_details(path: &Path, layer: &str, allowed: &[PublicField]) -> Result<Details> {
    let file = path.display().to_string();
    let mut notes = Vec::new();
    let ds = gdal_source::open(path, None, &mut notes)?;
    let mut l = ds
        .layer_by_name(layer)
        .with_context(|| format!("{file}: 图层 / layer {layer}"))?;
    let names: Vec<String> = l.defn().fields().map(|f| f.name()).collect();
    let Some(id_col) = find_column(
        &names,
        &FieldMap::default().id.iter().map(String::as_str).collect::<Vec<_>>(),
    ) else {
        // No id column: the loader would have refused the library; nothing can be joined.
        return Ok(Details::none());
    };
    let mut wanted: Vec<(PublicField, usize)> = Vec::new();
    let mut out = Details::none();
    for &f in allowed {
        if let Source::Column(cands) = f.source()
            && let Some(i) = find_column(&names, cands)
        {
            wanted.push((f, i));
            out.columns.insert(f, names[i].clone());
        }
    }
    let township = if allowed.contains(&PublicField::Location) {
        find_column(&names, TOWNSHIP_COLUMNS)
    } else {
        None
    };
    if wanted.is_empty() && township.is_none() {
        return Ok(out);
    }
    for feature in l.features() {
        let text = |i: usize| {
            feature
                .field_as_string(i)
                .ok()
                .flatten()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let Some(id) = text(id_col) else { continue };
        if let Some(t) = township.and_then(text) {
            out.townships.insert(id.clone(), t);
        }
        let mut m = BTreeMap::new();
        for &(f, i) in &wanted {
            if let Some(v) = text(i) {
                m.insert(f, v);
            }
        }
        if !m.is_empty() {
            out.values.insert(id, m);
        }
    }
    Ok(out)
}
