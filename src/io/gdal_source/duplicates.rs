//! Parcel ids (地块编号) that repeat within one source.

use super::{FeatureProblem, LoadReport};
use crate::model::Parcel;

/// Two features with one 地块编号 cannot both be addressed by it: name each repeat and where the first one is.
/// Done once after the read (a sort of indices) rather than with a map per feature.
pub(super) fn report_duplicate_ids(parcels: &[Parcel], fids: &[u64], report: &mut LoadReport) {
    let mut order: Vec<usize> = (0..parcels.len()).collect();
    // Stable: among equal ids, file order, so the first of a run is the first in the file.
    order.sort_by(|a, b| parcels[*a].id.cmp(&parcels[*b].id));
    let mut first = 0usize;
    for k in 1..order.len() {
        let (a, b) = (order[first], order[k]);
        if parcels[a].id != parcels[b].id {
            first = k;
            continue;
        }
        let id = &parcels[b].id;
        let (fa, fb) = (fids.get(a).copied().unwrap_or(0), fids.get(b).copied().unwrap_or(0));
        report.problems.push(FeatureProblem {
            feature: format!("FID {fb} ({id})"),
            message: format!(
                "地块编号 “{id}” 重复，与 FID {fa} ({id}) 相同 / duplicate parcel id “{id}”, also used by FID {fa} ({id})"
            ),
            skipped: false,
        });
    }
}
