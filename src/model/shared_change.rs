//! The outcome of a status change sent to a shared library, where other officers change the same parcels. A change
//! names the version it was decided on; the library applies it only if the parcel is still at that version
//! (optimistic: no row is locked while a person decides), so a lost update becomes a conflict shown to a person.

use super::{ParcelStatus, TransitionError};

/// The parcel as someone else left it: what a conflict shows beside the officer's own change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TheirChange {
    pub version: i64,
    pub status: ParcelStatus,
    /// Login role of whoever changed it last.
    pub by: String,
    /// When, RFC 3339 UTC.
    pub at: String,
}

/// What happened to one status change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharedOutcome {
    /// Applied; the parcel is now at `version`.
    Applied { version: i64 },
    /// Someone changed the parcel since the version the change was decided on.
    Conflict { expected: i64, theirs: TheirChange },
    /// The officer may not change parcels of this county (row-level security). Names, not ids.
    Denied { county: String, yours: Vec<String> },
    /// No parcel with this 地块编号.
    NotFound,
    /// The core refused the move itself ([`super::check_transition`]).
    Refused(TransitionError),
}

impl SharedOutcome {
    /// A sentence for the officer, naming the parcel.
    ///
    /// ```
    /// use stockfirst::model::{ParcelStatus, SharedOutcome, TheirChange};
    /// let c = SharedOutcome::Conflict {
    ///     expected: 3,
    ///     theirs: TheirChange { version: 4, status: ParcelStatus::Engaged, by: "officer_boai".into(), at: "2026-03-01T09:00:00Z".into() },
    /// };
    /// assert!(c.message("XW-001").contains("officer_boai"));
    /// let d = SharedOutcome::Denied { county: "博爱县".into(), yours: vec!["修武县".into()] };
    /// assert!(d.message("BA-001").contains("博爱县"));
    /// ```
    pub fn message(&self, parcel: &str) -> String {
        match self {
            SharedOutcome::Applied { version } => {
                format!("地块{parcel}状态已更新（第{version}版）/ parcel {parcel} updated (version {version})")
            }
            SharedOutcome::Conflict { expected, theirs } => format!(
                "冲突：地块{parcel}已被{by}于{at}改为{zh}（第{v}版），您的修改基于第{expected}版，未保存；请核对后重试 / \
                 conflict: parcel {parcel} was changed by {by} at {at} to {en} (version {v}); your change was made on \
                 version {expected} and was not saved: check and try again",
                by = theirs.by,
                at = theirs.at,
                zh = theirs.status.zh(),
                en = theirs.status.en(),
                v = theirs.version,
            ),
            SharedOutcome::Denied { county, yours } if yours.is_empty() => format!(
                "无权修改：地块{parcel}属于{county}，您未被授权修改任何县区的地块 / refused: parcel {parcel} is in \
                 {county}, and you may change no county's parcels"
            ),
            SharedOutcome::Denied { county, yours } => format!(
                "无权修改：地块{parcel}属于{county}，您只能修改{}的地块 / refused: parcel {parcel} is in {county}; \
                 you may change parcels of {} only",
                yours.join("、"),
                yours.join(", ")
            ),
            SharedOutcome::NotFound => format!("没有地块{parcel} / no parcel {parcel}"),
            SharedOutcome::Refused(e) => format!("地块{parcel}：{e}"),
        }
    }

    pub fn is_applied(&self) -> bool {
        matches!(self, SharedOutcome::Applied { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_with_no_county_says_none() {
        let d = SharedOutcome::Denied {
            county: "博爱县".into(),
            yours: vec![],
        };
        let m = d.message("BA-1");
        assert!(m.contains("未被授权") && m.contains("no county's"), "{m}");
        assert!(!d.is_applied());
        assert!(SharedOutcome::Applied { version: 2 }.is_applied());
    }
}
