//! A parcel's status change (变更记录) and the transitions the bureau allows. The app asks [`check_transition`]
//! before it changes anything; the project file and the GeoPackage audit table both keep [`StatusChange`].
//!
//! The supply life runs forward: 可供 → 已对接 → 拟供应 → 已供应. Moving forward is always allowed (a parcel may be
//! listed and supplied without a prior engagement). Moving back undoes a step the office recorded, so it needs a
//! note that says why. Supplied land is gone: leaving 已供应 is only a correction of a recording error, and is
//! refused unless the change is marked as one (with its note).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::ParcelStatus;

/// Why a status change is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TransitionError {
    #[error("状态未变（{0}）/ the status is already {0}")]
    Unchanged(&'static str),
    #[error("由{from}退回{to}须填写备注说明原因 / stepping back from {from} to {to} needs a note saying why")]
    BackNeedsNote { from: &'static str, to: &'static str },
    #[error(
        "已供应的地块不能改回{to}，除非作为更正记录（勾选“更正”并写明原因）/ a supplied parcel cannot go back to {to} unless recorded as a correction, with a note"
    )]
    SuppliedIsFinal { to: &'static str },
}

/// What kind of move an allowed change is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    /// Along the supply life.
    Forward,
    /// Back a step or more, with a note.
    Back,
    /// Out of 已供应: the record was wrong.
    Correction,
}

/// Position along the supply life.
fn rank(s: ParcelStatus) -> u8 {
    match s {
        ParcelStatus::Available => 0,
        ParcelStatus::Engaged => 1,
        ParcelStatus::ToBeSupplied => 2,
        ParcelStatus::Supplied => 3,
    }
}

/// Whether `from` → `to` is allowed, given the officer's note and whether it is recorded as a correction.
///
/// ```
/// use stockfirst::model::{ParcelStatus as S, Transition, TransitionError, check_transition};
/// assert_eq!(check_transition(S::Available, S::Engaged, "", false), Ok(Transition::Forward));
/// assert!(matches!(check_transition(S::Engaged, S::Available, " ", false), Err(TransitionError::BackNeedsNote { .. })));
/// assert!(check_transition(S::Supplied, S::Available, "出让合同已解除", false).is_err());
/// assert_eq!(check_transition(S::Supplied, S::Available, "录入错误", true), Ok(Transition::Correction));
/// ```
pub fn check_transition(
    from: ParcelStatus,
    to: ParcelStatus,
    note: &str,
    correction: bool,
) -> Result<Transition, TransitionError> {
    let noted = !note.trim().is_empty();
    if from == to {
        return Err(TransitionError::Unchanged(from.zh()));
    }
    if rank(to) > rank(from) {
        return Ok(Transition::Forward);
    }
    if from == ParcelStatus::Supplied {
        return if correction && noted {
            Ok(Transition::Correction)
        } else {
            Err(TransitionError::SuppliedIsFinal { to: to.zh() })
        };
    }
    if noted {
        Ok(Transition::Back)
    } else {
        Err(TransitionError::BackNeedsNote {
            from: from.zh(),
            to: to.zh(),
        })
    }
}

/// One status change as it is recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    /// 地块编号.
    pub parcel: String,
    /// Who made the change (the officer's login name; empty in files written before it was kept).
    #[serde(default)]
    pub who: String,
    /// When, RFC 3339 UTC ("2026-03-01T09:00:00Z"). Older project files kept seconds since 1970; they still load.
    #[serde(deserialize_with = "at_from_text_or_secs")]
    pub at: String,
    pub from: ParcelStatus,
    pub to: ParcelStatus,
    pub note: String,
    /// Recorded as a correction of a wrong record (the only way out of 已供应).
    #[serde(default)]
    pub correction: bool,
}

impl StatusChange {
    /// A change checked against the allowed transitions. The caller supplies the time: the core has no clock.
    pub fn new(
        parcel: impl Into<String>,
        from: ParcelStatus,
        to: ParcelStatus,
        note: impl Into<String>,
        correction: bool,
        who: impl Into<String>,
        at: impl Into<String>,
    ) -> Result<StatusChange, TransitionError> {
        let note = note.into();
        check_transition(from, to, &note, correction)?;
        Ok(StatusChange {
            parcel: parcel.into(),
            who: who.into(),
            at: at.into(),
            from,
            to,
            note,
            correction,
        })
    }
}

/// `at` as written now (text) or by the first release (seconds since 1970, turned into RFC 3339).
fn at_from_text_or_secs<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum At {
        Secs(u64),
        Text(String),
    }
    Ok(match At::deserialize(d)? {
        At::Secs(s) => rfc3339_utc(s),
        At::Text(t) => t,
    })
}

/// Seconds since 1970 as RFC 3339 UTC, "YYYY-MM-DDThh:mm:ssZ" (civil-from-days, proleptic Gregorian).
///
/// ```
/// use stockfirst::model::rfc3339_utc;
/// assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00Z");
/// // 2026-11-26 is day 20 783 since 1970.
/// assert_eq!(rfc3339_utc(20_783 * 86_400 + 3_661), "2026-11-26T01:01:01Z");
/// ```
pub fn rfc3339_utc(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::ParcelStatus::{Available, Engaged, Supplied, ToBeSupplied};
    use super::*;

    #[test]
    fn forward_steps_need_nothing() {
        for (from, to) in [
            (Available, Engaged),
            (Engaged, ToBeSupplied),
            (ToBeSupplied, Supplied),
            (Available, Supplied),
        ] {
            assert_eq!(
                check_transition(from, to, "", false),
                Ok(Transition::Forward),
                "{from:?} → {to:?}"
            );
        }
    }

    #[test]
    fn a_step_back_needs_a_note() {
        assert_eq!(
            check_transition(ToBeSupplied, Engaged, "", false),
            Err(TransitionError::BackNeedsNote {
                from: "拟供应",
                to: "已对接"
            })
        );
        assert_eq!(
            check_transition(ToBeSupplied, Available, "企业退出", false),
            Ok(Transition::Back)
        );
    }

    #[test]
    fn supplied_back_to_available_is_refused_unless_a_correction() {
        assert_eq!(
            check_transition(Supplied, Available, "合同解除", false),
            Err(TransitionError::SuppliedIsFinal { to: "可供" })
        );
        assert_eq!(
            check_transition(Supplied, ToBeSupplied, "合同解除", false),
            Err(TransitionError::SuppliedIsFinal { to: "拟供应" })
        );
        // A correction still needs its reason.
        assert!(check_transition(Supplied, Available, "", true).is_err());
        assert_eq!(
            check_transition(Supplied, Available, "误录为已供应", true),
            Ok(Transition::Correction)
        );
        assert!(StatusChange::new("P1", Supplied, Available, "x", false, "li", "2026-03-01T09:00:00Z").is_err());
    }

    #[test]
    fn no_change_is_refused() {
        assert_eq!(
            check_transition(Engaged, Engaged, "note", false),
            Err(TransitionError::Unchanged("已对接"))
        );
    }

    #[test]
    fn first_release_audit_lines_still_load() {
        // The first release wrote `at` as seconds since 1970 and had no `who`.
        let old = r#"(at: 1772355600, parcel: "XW-001", from: Available, to: Engaged, note: "已对接")"#;
        let c: StatusChange = ron::from_str(old).unwrap();
        // 1 772 355 600 s = day 20 513 (2026-03-01) + 9 h.
        assert_eq!(c.at, "2026-03-01T09:00:00Z");
        assert_eq!(c.who, "");
        assert!(!c.correction);
        let new = ron::to_string(&c).unwrap();
        assert_eq!(ron::from_str::<StatusChange>(&new).unwrap(), c);
    }
}
