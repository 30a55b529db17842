//! An outline as egui should get it: points in screen space with the ones it cannot join taken out. egui joins a
//! line's segments with mitres along the mean of their normals; where a ring doubles back on itself (a spike, a
//! zero-width sliver, or points that fall on one pixel when zoomed out) the normals cancel and the mitre runs to
//! infinity — a straight line or band across the whole map. Dropping points closer than a fraction of a pixel and
//! points where the path turns straight back changes nothing anyone can see.

use egui::Pos2;

/// Points closer than this (screen points) to the last kept one are dropped.
const MIN_STEP: f32 = 0.25;

/// The ring `pts` (no closing point) cleaned for drawing; empty when nothing drawable is left (fewer than three
/// points, as a ring that is a line or a dot on screen).
pub fn drawable_ring(pts: impl IntoIterator<Item = Pos2>) -> Vec<Pos2> {
    let mut kept: Vec<Pos2> = Vec::new();
    for p in pts {
        if !p.x.is_finite() || !p.y.is_finite() {
            continue;
        }
        push(&mut kept, p);
    }
    // The seam: the ring closes from its last point to its first; clean across it as well.
    for _ in 0..kept.len() {
        let n = kept.len();
        if n < 3 {
            break;
        }
        if (kept[n - 1] - kept[0]).length() < MIN_STEP || straight_on_or_back(kept[n - 2], kept[n - 1], kept[0]) {
            kept.pop();
        } else if straight_on_or_back(kept[n - 1], kept[0], kept[1]) {
            kept.remove(0);
        } else {
            break;
        }
    }
    if kept.len() < 3 { Vec::new() } else { kept }
}

/// Adds `p`, first taking off the points it makes pointless.
fn push(kept: &mut Vec<Pos2>, p: Pos2) {
    loop {
        match kept.as_slice() {
            [.., last] if (p - *last).length() < MIN_STEP => return,
            [.., a, b] if straight_on_or_back(*a, *b, p) => {
                kept.pop();
            }
            _ => break,
        }
    }
    kept.push(p);
}

/// `b` lies on the straight line from `a` to `c` (going on, or turning back): the path needs no point there.
fn straight_on_or_back(a: Pos2, b: Pos2, c: Pos2) -> bool {
    let (d1, d2) = (b - a, c - b);
    let cross = d1.x * d2.y - d1.y * d2.x;
    cross.abs() <= 1e-4 * d1.length() * d2.length()
}

/// Adds the closed outline `pts` to `mesh` as one thin quad an edge, `stroke.width` wide: no joins, so no mitre can
/// run off however the ring turns (egui's own line joins do on some rings, see docs/app.md).
pub fn add_outline_quads(mesh: &mut egui::Mesh, pts: &[Pos2], stroke: egui::Stroke) {
    let half = stroke.width.max(0.5) / 2.0;
    for (i, &a) in pts.iter().enumerate() {
        let b = pts[(i + 1) % pts.len()];
        let d = b - a;
        let len = d.length();
        if len <= 0.0 || !len.is_finite() {
            continue;
        }
        let n = egui::vec2(-d.y, d.x) / len * half;
        let base = mesh.vertices.len() as u32;
        for p in [a + n, b + n, b - n, a - n] {
            mesh.colored_vertex(p, stroke.color);
        }
        mesh.add_triangle(base, base + 1, base + 2);
        mesh.add_triangle(base, base + 2, base + 3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use egui::pos2;

    #[test]
    fn a_spike_and_a_repeated_corner_go() {
        let ring = [
            pos2(0., 0.),
            pos2(10., 0.),
            pos2(10., 0.),
            pos2(10., 10.),
            pos2(5., 10.),
            pos2(5., 30.),
            pos2(5., 10.),
            pos2(0., 10.),
        ];
        assert_eq!(
            drawable_ring(ring),
            vec![pos2(0., 0.), pos2(10., 0.), pos2(10., 10.), pos2(0., 10.)]
        );
    }

    #[test]
    fn a_sliver_thinner_than_a_pixel_fraction_is_not_drawn_and_a_plain_ring_is_kept() {
        // 100 px long, 0.01 px wide: on screen a line, which egui would draw as a mitre to infinity.
        let sliver = [pos2(0., 0.), pos2(100., 0.), pos2(100., 0.01), pos2(0., 0.01)];
        assert!(drawable_ring(sliver).is_empty());
        let tri = [pos2(0., 0.), pos2(4., 0.), pos2(0., 3.)];
        assert_eq!(drawable_ring(tri), tri.to_vec());
    }

    #[test]
    fn a_spike_across_the_seam_goes() {
        // The spike's tip is the ring's first point.
        let ring = [
            pos2(5., 30.),
            pos2(5., 10.),
            pos2(0., 10.),
            pos2(0., 0.),
            pos2(10., 0.),
            pos2(10., 10.),
            pos2(5., 10.),
        ];
        let out = drawable_ring(ring);
        assert_eq!(out.len(), 4, "{out:?}");
        assert!(!out.contains(&pos2(5., 30.)));
    }
}
