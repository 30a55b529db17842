//! Parcel ids (地块编号) that repeat within one source.

use std::collections::HashSet;

use super::{FeatureProblem, LoadReport};
use crate::model::Parcel;

/// Two features with one 地块编号 cannot both be addressed by it: name each repeat and where the first one is.
/// Sorts the ids to find them; a caller that sorts them anyway (the library, beside its R-tree) gives the repeated
/// ids to [`report_repeated_ids`] instead.
pub fn report_duplicate_ids(parcels: &[Parcel], fids: &[u64], report: &mut LoadReport) {
    let order = crate::library::order_by_id(parcels.len(), |i| &parcels[i as usize].id);
    let repeated = crate::library::repeated_ids(parcels, &order);
    report_repeated_ids(parcels, fids, &repeated, report);
}

/// The problems of [`report_duplicate_ids`] for the ids known to repeat: by id, each repeat after the first in file
/// order, naming the first. Nothing to do (and no pass over the parcels) when no id repeats.
pub fn report_repeated_ids(parcels: &[Parcel], fids: &[u64], repeated: &[String], report: &mut LoadReport) {
    if repeated.is_empty() {
        return;
    }
    let repeated: HashSet<&str> = repeated.iter().map(String::as_str).collect();
    let mut keyed: Vec<(&str, usize)> = parcels
        .iter()
        .enumerate()
        .filter(|(_, p)| repeated.contains(p.id.as_str()))
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    keyed.sort_unstable();
    let fid = |i: usize| fids.get(i).copied().unwrap_or(0);
    let mut first = 0;
    for (k, &(id, b)) in keyed.iter().enumerate() {
        if id != keyed[first].0 {
            first = k;
        }
        if k == first {
            continue;
        }
        let (fa, fb) = (fid(keyed[first].1), fid(b));
        report.problems.push(FeatureProblem {
            feature: format!("FID {fb} ({id})"),
            message: format!(
                "地块编号 “{id}” 重复，与 FID {fa} ({id}) 相同 / duplicate parcel id “{id}”, also used by FID {fa} ({id})"
            ),
            skipped: false,
        });
    }
}
