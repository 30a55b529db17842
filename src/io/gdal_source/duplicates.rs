//! Parcel ids (地块编号) that repeat within one source.

use super::{FeatureProblem, LoadReport};
use crate::model::Parcel;

/// Two features with one 地块编号 cannot both be addressed by it: name each repeat and where the first one is.
/// Done once after the read (a sort of indices) rather than with a map per feature. Returns the parcels' order by
/// id (file order among equal ids), which the library's id lookup needs too.
pub(super) fn report_duplicate_ids(parcels: &[Parcel], fids: &[u64], report: &mut LoadReport) -> Vec<u32> {
    // The order of a stable sort of indices by id, compared 16 bytes at a time as integers.
    let order = crate::library::order_by_id(parcels.len(), |i| &parcels[i as usize].id);
    let mut first = 0usize;
    for k in 1..order.len() {
        let (a, b) = (order[first] as usize, order[k] as usize);
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
    order
}
