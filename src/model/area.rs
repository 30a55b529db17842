//! Area units. Officers read 亩 first; approval areas are planar areas in the Gauss-Krüger plane.

use serde::{Deserialize, Serialize};

/// 亩 per square metre: 1 亩 = 10000/15 m², so m² × 0.0015 is exact by definition.
pub const MU_PER_M2: f64 = 0.0015;
/// 亩 per hectare (1 公顷 = 15 亩).
pub const MU_PER_HECTARE: f64 = 15.0;

/// A planar area, stored in square metres.
///
/// ```
/// use stockfirst::model::Area;
/// let a = Area::from_mu(15.0);
/// assert!((a.hectares() - 1.0).abs() < 1e-12);
/// assert!((Area::from_m2(10_000.0).mu() - 15.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default, Serialize, Deserialize)]
pub struct Area {
    m2: f64,
}

impl Area {
    pub const ZERO: Area = Area { m2: 0.0 };

    pub fn from_m2(m2: f64) -> Self {
        Self { m2 }
    }
    pub fn from_mu(mu: f64) -> Self {
        Self { m2: mu / MU_PER_M2 }
    }
    pub fn from_hectares(ha: f64) -> Self {
        Self { m2: ha * 10_000.0 }
    }
    pub fn m2(self) -> f64 {
        self.m2
    }
    pub fn mu(self) -> f64 {
        self.m2 * MU_PER_M2
    }
    pub fn hectares(self) -> f64 {
        self.m2 / 10_000.0
    }
}

impl std::ops::Add for Area {
    type Output = Area;
    fn add(self, o: Area) -> Area {
        Area::from_m2(self.m2 + o.m2)
    }
}
impl std::ops::Sub for Area {
    type Output = Area;
    fn sub(self, o: Area) -> Area {
        Area::from_m2(self.m2 - o.m2)
    }
}
impl std::ops::AddAssign for Area {
    fn add_assign(&mut self, o: Area) {
        self.m2 += o.m2;
    }
}
impl std::iter::Sum for Area {
    fn sum<I: Iterator<Item = Area>>(iter: I) -> Area {
        Area::from_m2(iter.map(|a| a.m2).sum())
    }
}

/// The unit a source wrote its own area attribute in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum AreaUnit {
    #[default]
    SquareMetre,
    Mu,
    Hectare,
}

impl AreaUnit {
    pub fn to_area(self, value: f64) -> Area {
        match self {
            AreaUnit::SquareMetre => Area::from_m2(value),
            AreaUnit::Mu => Area::from_mu(value),
            AreaUnit::Hectare => Area::from_hectares(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_mu_is_ten_thousand_fifteenths_of_a_square_metre() {
        // Domain notes §3: 1 亩 = 10000/15 m².
        assert!((Area::from_mu(1.0).m2() - 10000.0 / 15.0).abs() < 1e-9);
        assert!((Area::from_m2(666.666_666_666_7).mu() - 1.0).abs() < 1e-9);
    }

    #[test]
    fn hectare_is_fifteen_mu() {
        assert!((Area::from_hectares(2.0).mu() - 30.0).abs() < 1e-12);
        assert_eq!(AreaUnit::Hectare.to_area(1.0), Area::from_m2(10_000.0));
    }
}
