//! The text codes the database keeps for the model's enums: stable ASCII, checked by the schema's CHECK constraints.

use crate::model::{LandUseSystem, ParcelStatus, StockKind};

pub fn status_code(s: ParcelStatus) -> &'static str {
    match s {
        ParcelStatus::Available => "available",
        ParcelStatus::Engaged => "engaged",
        ParcelStatus::ToBeSupplied => "to_be_supplied",
        ParcelStatus::Supplied => "supplied",
    }
}

pub fn status_from_code(code: &str) -> Option<ParcelStatus> {
    ParcelStatus::ALL.into_iter().find(|s| status_code(*s) == code)
}

pub fn system_code(s: LandUseSystem) -> &'static str {
    match s {
        LandUseSystem::Ydyh2023 => "YDYH2023",
        LandUseSystem::Gbt21010 => "GBT21010",
        LandUseSystem::Gb50137 => "GB50137",
    }
}

pub fn system_from_code(code: &str) -> Option<LandUseSystem> {
    [LandUseSystem::Ydyh2023, LandUseSystem::Gbt21010, LandUseSystem::Gb50137]
        .into_iter()
        .find(|s| system_code(*s) == code)
}

pub fn kind_from_code(code: &str) -> Option<StockKind> {
    StockKind::ALL.into_iter().find(|k| k.code() == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_reads_back_and_matches_the_schema_checks() {
        let schema = include_str!("migrations/001_schema.sql");
        for s in ParcelStatus::ALL {
            assert_eq!(status_from_code(status_code(s)), Some(s));
            assert!(schema.contains(&format!("'{}'", status_code(s))), "{s:?}");
        }
        for k in StockKind::ALL {
            assert_eq!(kind_from_code(k.code()), Some(k));
            assert!(schema.contains(&format!("'{}'", k.code())), "{k:?}");
        }
        for s in [LandUseSystem::Ydyh2023, LandUseSystem::Gbt21010, LandUseSystem::Gb50137] {
            assert_eq!(system_from_code(system_code(s)), Some(s));
            assert!(schema.contains(&format!("'{}'", system_code(s))), "{s:?}");
        }
        assert_eq!(status_from_code("lost"), None);
    }
}
