//! Parcel ids (地块编号) that repeat within one source.

use super::{FeatureProblem, LoadReport};
use crate::model::Parcel;

/// Two features with one 地块编号 cannot both be addressed by it: name each repeat and where the first one is.
/// Done once after the read (a sort of indices) rather than with a map per feature. Returns the parcels' order by
/// id (file order among equal ids), which the library's id lookup needs too.
pub(super) fn report_duplicate_ids(parcels: &[Parcel], fids: &[u64], report: &mut LoadReport) -> Vec<u32> {
    // (id, index) pairs sorted whole: the same order as a stable sort of indices by id, without reaching into a
    // 208-byte parcel for every comparison.
    let mut keyed: Vec<(&str, u32)> = parcels
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i as u32))
        .collect();
    keyed.sort_unstable();
    let order: Vec<usize> = keyed.iter().map(|&(_, i)| i as usize).collect();
    drop(keyed);
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
    order.into_iter().map(|i| i as u32).collect()
}
