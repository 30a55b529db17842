//! Where the map looks: a centre in the working CRS and a zoom, and the screen ↔ world transform made from them.

use egui::{Pos2, Rect, Vec2, pos2};
use geo::Coord;

/// Metres of screen per point at 96 dpi (1 in = 0.0254 m), for the 1:N scale.
const SCREEN_M_PER_POINT: f64 = 0.0254 / 96.0;
const MIN_PX_PER_M: f64 = 1e-5;
const MAX_PX_PER_M: f64 = 200.0;

/// The map's view: a world centre (CGCS2000 3° zone 38, metres) and points per metre.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MapView {
    pub center: Coord<f64>,
    pub px_per_m: f64,
}

impl Default for MapView {
    fn default() -> Self {
        // Jiaozuo city centre, about 1:400 000.
        Self {
            center: Coord {
                x: 38_470_000.0,
                y: 3_900_000.0,
            },
            px_per_m: 0.01,
        }
    }
}

/// The affine map from world metres to screen points for one frame (y flips: north is up).
///
/// ```
/// use stockfirst::ui::{MapView, ScreenFromWorld};
/// use egui::{pos2, Rect};
/// let view = MapView { center: geo::coord! { x: 38_400_000.0, y: 3_900_000.0 }, px_per_m: 0.5 };
/// let t = ScreenFromWorld::new(&view, Rect::from_min_max(pos2(0.0, 0.0), pos2(200.0, 100.0)));
/// // 100 m east and 100 m north of the centre is 50 points right of and 50 points above the screen centre.
/// assert_eq!(t.to_screen(geo::coord! { x: 38_400_100.0, y: 3_900_100.0 }), pos2(150.0, 0.0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScreenFromWorld {
    pub world_center: Coord<f64>,
    pub screen_center: Pos2,
    pub px_per_m: f64,
    pub screen: Rect,
}

impl ScreenFromWorld {
    pub fn new(view: &MapView, screen: Rect) -> Self {
        Self {
            world_center: view.center,
            screen_center: screen.center(),
            px_per_m: view.px_per_m,
            screen,
        }
    }

    pub fn to_screen(&self, w: Coord<f64>) -> Pos2 {
        pos2(
            self.screen_center.x + ((w.x - self.world_center.x) * self.px_per_m) as f32,
            self.screen_center.y - ((w.y - self.world_center.y) * self.px_per_m) as f32,
        )
    }

    pub fn to_world(&self, p: Pos2) -> Coord<f64> {
        Coord {
            x: self.world_center.x + f64::from(p.x - self.screen_center.x) / self.px_per_m,
            y: self.world_center.y - f64::from(p.y - self.screen_center.y) / self.px_per_m,
        }
    }

    /// The world rectangle the screen shows.
    pub fn visible_world(&self) -> geo::Rect<f64> {
        geo::Rect::new(
            self.to_world(self.screen.left_top()),
            self.to_world(self.screen.right_bottom()),
        )
    }

    /// The transform for coordinates stored relative to `origin` (meshes are cached near a local origin so f32 keeps
    /// centimetres): screen = offset + (x, −y) · scale.
    pub fn local(&self, origin: Coord<f64>) -> LocalToScreen {
        let o = self.to_screen(origin);
        LocalToScreen {
            offset: o,
            scale: self.px_per_m as f32,
        }
    }

    /// A world length in screen points.
    pub fn len_px(&self, metres: f64) -> f32 {
        (metres * self.px_per_m) as f32
    }
}

/// Screen position of a local (f32, metres from a cached origin) coordinate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LocalToScreen {
    pub offset: Pos2,
    pub scale: f32,
}

impl LocalToScreen {
    #[inline]
    pub fn apply(&self, p: [f32; 2]) -> Pos2 {
        pos2(self.offset.x + p[0] * self.scale, self.offset.y - p[1] * self.scale)
    }
}

impl MapView {
    /// Moves the map with the pointer (a drag of `delta` points).
    pub fn pan(&mut self, delta: Vec2) {
        self.center.x -= f64::from(delta.x) / self.px_per_m;
        self.center.y += f64::from(delta.y) / self.px_per_m;
    }

    /// Zooms by `factor`, keeping the world point under `anchor` (a screen position) fixed.
    pub fn zoom_at(&mut self, screen: Rect, anchor: Pos2, factor: f64) {
        let before = ScreenFromWorld::new(self, screen).to_world(anchor);
        self.px_per_m = (self.px_per_m * factor).clamp(MIN_PX_PER_M, MAX_PX_PER_M);
        let after = ScreenFromWorld::new(self, screen).to_world(anchor);
        self.center.x += before.x - after.x;
        self.center.y += before.y - after.y;
    }

    /// Shows all of `world` in `screen` with a margin of 5% on each side.
    pub fn fit(&mut self, screen: Rect, world: geo::Rect<f64>) {
        let w = world.width().max(1.0);
        let h = world.height().max(1.0);
        let s = (f64::from(screen.width()) / w).min(f64::from(screen.height()) / h) * 0.9;
        self.px_per_m = s.clamp(MIN_PX_PER_M, MAX_PX_PER_M);
        self.center = world.center();
    }

    /// The scale denominator N of 1:N at 96 dpi.
    pub fn scale_denominator(&self) -> f64 {
        1.0 / (self.px_per_m * SCREEN_M_PER_POINT)
    }
}

/// A round scale-bar length (1, 2 or 5 × 10ⁿ metres) near `max_px` points long.
///
/// ```
/// // At 0.5 points per metre, 100 points are 200 m: the bar is 200 m.
/// assert_eq!(stockfirst::ui::scale_bar_metres(0.5, 100.0), 200.0);
/// ```
pub fn scale_bar_metres(px_per_m: f64, max_px: f64) -> f64 {
    let max_m = max_px / px_per_m;
    let p = 10f64.powf(max_m.log10().floor());
    [5.0, 2.0, 1.0]
        .into_iter()
        .map(|k| k * p)
        .find(|m| *m <= max_m)
        .unwrap_or(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> Rect {
        Rect::from_min_max(pos2(0.0, 0.0), pos2(800.0, 600.0))
    }

    #[test]
    fn screen_and_world_round_trip() {
        let view = MapView {
            center: Coord {
                x: 38_450_000.0,
                y: 3_880_000.0,
            },
            px_per_m: 0.25,
        };
        let t = ScreenFromWorld::new(&view, screen());
        let w = Coord {
            x: 38_450_400.0,
            y: 3_879_200.0,
        };
        let p = t.to_screen(w);
        // 400 m east × 0.25 = 100 pt right of 400; 800 m south × 0.25 = 200 pt below 300.
        assert_eq!(p, pos2(500.0, 500.0));
        let back = t.to_world(p);
        assert!((back.x - w.x).abs() < 1e-6 && (back.y - w.y).abs() < 1e-6);
    }

    #[test]
    fn zoom_keeps_the_point_under_the_cursor() {
        let mut view = MapView {
            center: Coord { x: 0.0, y: 0.0 },
            px_per_m: 1.0,
        };
        let anchor = pos2(600.0, 100.0);
        let before = ScreenFromWorld::new(&view, screen()).to_world(anchor);
        view.zoom_at(screen(), anchor, 2.0);
        let after = ScreenFromWorld::new(&view, screen()).to_world(anchor);
        assert_eq!(view.px_per_m, 2.0);
        assert!((before.x - after.x).abs() < 1e-9 && (before.y - after.y).abs() < 1e-9);
    }

    #[test]
    fn pan_moves_the_world_with_the_pointer() {
        let mut view = MapView {
            center: Coord { x: 0.0, y: 0.0 },
            px_per_m: 2.0,
        };
        // Dragging 10 pt right and 10 pt down shows what was 5 m west and 5 m north.
        view.pan(Vec2::new(10.0, 10.0));
        assert_eq!(view.center, Coord { x: -5.0, y: 5.0 });
    }

    #[test]
    fn fit_shows_the_whole_rect() {
        let mut view = MapView::default();
        let world = geo::Rect::new(Coord { x: 0.0, y: 0.0 }, Coord { x: 1000.0, y: 500.0 });
        view.fit(screen(), world);
        // min(800/1000, 600/500) × 0.9 = 0.72.
        assert!((view.px_per_m - 0.72).abs() < 1e-12);
        assert_eq!(view.center, Coord { x: 500.0, y: 250.0 });
    }

    #[test]
    fn scale_denominator_at_96_dpi() {
        // 1 pt = 0.0254/96 m on screen; at 0.01 pt/m one screen metre holds 0.01/(0.0254/96)... so N = 96/(0.0254·0.01).
        let view = MapView {
            center: Coord { x: 0.0, y: 0.0 },
            px_per_m: 0.01,
        };
        assert!((view.scale_denominator() - 96.0 / (0.0254 * 0.01)).abs() < 1e-6);
    }
}
