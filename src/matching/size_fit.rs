//! Does a parcel's size fit the project? Clause (一): "坚持用地规模与建设规模相适配".

use serde::Serialize;

use super::weights::SizeBand;
use crate::model::Area;

/// 规模符合情况.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum SizeClass {
    /// Inside the band.
    Fits,
    /// Below the band: the shortfall must come as new land (需补足增量, clause 二).
    TooSmall,
    /// Above the band: wastefully large for the project (clause 一).
    TooLarge,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct SizeFit {
    /// Available area ÷ required area.
    pub ratio: f64,
    pub class: SizeClass,
    /// Required − available, when too small; else zero.
    pub shortfall: Area,
    /// Available − required, when too large; else zero.
    pub surplus: Area,
}

/// Compares `available` with `required` against `band`.
///
/// ```
/// use stockfirst::matching::{size_fit, SizeClass, SizeBand};
/// use stockfirst::model::Area;
/// let band = SizeBand { min_ratio: 0.9, max_ratio: 1.3 };
/// let s = size_fit(Area::from_mu(60.0), Area::from_mu(100.0), band);
/// assert_eq!(s.class, SizeClass::TooSmall);
/// assert!((s.shortfall.mu() - 40.0).abs() < 1e-9); // 100 − 60 亩 需补足增量
/// ```
pub fn size_fit(available: Area, required: Area, band: SizeBand) -> SizeFit {
    let ratio = if required.m2() > 0.0 {
        available.m2() / required.m2()
    } else {
        f64::INFINITY
    };
    // A hair of tolerance: 90 亩 for 100 亩 is 0.9 on paper but 0.8999… in floating point.
    const EPS: f64 = 1e-9;
    let (class, shortfall, surplus) = if ratio < band.min_ratio - EPS {
        (SizeClass::TooSmall, required - available, Area::ZERO)
    } else if ratio > band.max_ratio + EPS {
        (SizeClass::TooLarge, Area::ZERO, available - required)
    } else {
        (SizeClass::Fits, Area::ZERO, Area::ZERO)
    };
    SizeFit {
        ratio,
        class,
        shortfall,
        surplus,
    }
}

impl SizeFit {
    /// Credit: the fraction of the size weight earned, all of it inside the band, falling off in proportion outside.
    pub fn credit(&self, band: SizeBand) -> f64 {
        match self.class {
            SizeClass::Fits => 1.0,
            SizeClass::TooSmall => (self.ratio / band.min_ratio).clamp(0.0, 1.0),
            SizeClass::TooLarge => (band.max_ratio / self.ratio).clamp(0.0, 1.0),
        }
    }
}

impl SizeClass {
    pub fn zh(self) -> &'static str {
        match self {
            SizeClass::Fits => "规模适配",
            SizeClass::TooSmall => "规模不足",
            SizeClass::TooLarge => "规模偏大",
        }
    }
    pub fn en(self) -> &'static str {
        match self {
            SizeClass::Fits => "size fits",
            SizeClass::TooSmall => "too small",
            SizeClass::TooLarge => "wastefully large",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Clause (一) 用地规模与建设规模相适配; the default band 0.9–1.3 of assets/matching.ron.
    const BAND: SizeBand = SizeBand {
        min_ratio: 0.9,
        max_ratio: 1.3,
    };

    #[test]
    fn band_edges_fit() {
        // 90 and 130 亩 for a 100 亩 project: ratios 0.9 and 1.3, both inside.
        assert_eq!(
            size_fit(Area::from_mu(90.0), Area::from_mu(100.0), BAND).class,
            SizeClass::Fits
        );
        assert_eq!(
            size_fit(Area::from_mu(130.0), Area::from_mu(100.0), BAND).class,
            SizeClass::Fits
        );
    }

    #[test]
    fn too_small_gives_the_shortfall_and_a_falling_credit() {
        // 45 亩 for 100: ratio 0.45, shortfall 55 亩, credit 0.45 / 0.9 = 0.5.
        let s = size_fit(Area::from_mu(45.0), Area::from_mu(100.0), BAND);
        assert_eq!(s.class, SizeClass::TooSmall);
        assert!((s.shortfall.mu() - 55.0).abs() < 1e-9);
        assert!((s.credit(BAND) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn too_large_is_flagged_with_the_surplus() {
        // 260 亩 for 100: ratio 2.6, surplus 160 亩, credit 1.3 / 2.6 = 0.5.
        let s = size_fit(Area::from_mu(260.0), Area::from_mu(100.0), BAND);
        assert_eq!(s.class, SizeClass::TooLarge);
        assert!((s.surplus.mu() - 160.0).abs() < 1e-9);
        assert!((s.credit(BAND) - 0.5).abs() < 1e-12);
    }
}
