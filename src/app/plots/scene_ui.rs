//! The screen backend of the renderer (issue 20): paints a [`Scene`]'s primitives with egui's
//! [`egui::Painter`], so that a static chart (the heatmap) on screen is the very picture its
//! PNG/SVG file holds, laid out once by [`crate::render::layout`]. Line charts keep egui_plot
//! (`charts.rs`) for hover and zoom.

use crate::app::theme::c32;
use crate::render::scene::{Anchor, Prim, Scene};
use eframe::egui;

/// Where a scene was painted: scene coordinates (logical pixels of the file) to the screen
/// and back.
#[derive(Clone, Copy, Debug)]
pub struct Placed {
    /// Screen position of the scene's origin.
    pub origin: egui::Pos2,
    /// Screen points per scene pixel.
    pub scale: f32,
}

impl Placed {
    /// A scene point on screen.
    pub fn to_screen(&self, x: f32, y: f32) -> egui::Pos2 {
        self.origin + egui::vec2(x, y) * self.scale
    }

    /// A screen point in scene coordinates.
    pub fn to_scene(&self, p: egui::Pos2) -> (f32, f32) {
        let v = (p - self.origin) / self.scale;
        (v.x, v.y)
    }

    /// A scene rectangle `[left, top, right, bottom]` on screen.
    pub fn rect(&self, r: [f32; 4]) -> egui::Rect {
        egui::Rect::from_min_max(self.to_screen(r[0], r[1]), self.to_screen(r[2], r[3]))
    }
}

/// The placement of a scene scaled to fit `rect`, centred horizontally.
pub fn fit(scene: &Scene, rect: egui::Rect) -> Placed {
    let scale = (rect.width() / scene.width.max(1.0))
        .min(rect.height() / scene.height.max(1.0))
        .max(0.05);
    let used = scene.width * scale;
    Placed {
        origin: egui::pos2(rect.left() + (rect.width() - used) / 2.0, rect.top()),
        scale,
    }
}

/// Lays `chart` out for a screen rectangle of `size` and paints it ([`scene_for`]). Returns
/// the response (hover), the scene and where it went.
pub fn chart_ui(
    ui: &mut egui::Ui,
    chart: &crate::render::Chart,
    size: egui::Vec2,
    label: &str,
) -> (egui::Response, Scene, Placed) {
    chart_ui_sense(ui, chart, size, label, egui::Sense::hover())
}

/// [`chart_ui`] answering `sense` (a chart whose regions are clicked senses clicks).
pub fn chart_ui_sense(
    ui: &mut egui::Ui,
    chart: &crate::render::Chart,
    size: egui::Vec2,
    label: &str,
    sense: egui::Sense,
) -> (egui::Response, Scene, Placed) {
    let (rect, response) = ui.allocate_exact_size(size, sense);
    response.widget_info(|| {
        egui::WidgetInfo::labeled(egui::accesskit::Role::Image, true, label.to_owned())
    });
    let (scene, placed) = scene_for(chart, rect);
    paint(&ui.painter_at(rect), &scene, placed);
    (response, scene, placed)
}

/// The scene [`chart_ui`] paints in a screen rectangle and where it goes: the renderer's
/// layout (the file's) on a canvas as wide as the file's (1600 logical pixels), narrower (down
/// to 1000, never so narrow that the title, subtitle or footer would be shortened) where the
/// rectangle would scale that below 0.6 so that text stays legible, and as tall as the
/// rectangle's shape asks (at least 520), scaled to fit.
pub fn scene_for(chart: &crate::render::Chart, rect: egui::Rect) -> (Scene, Placed) {
    let least = crate::render::layout::min_width(chart).clamp(1000.0, crate::render::WIDTH);
    let width = (rect.width() / 0.6).clamp(least, crate::render::WIDTH);
    let scale = (rect.width() / width).max(0.55);
    let height = (rect.height() / scale).clamp(520.0, crate::render::HEIGHT);
    let scene = crate::render::layout::layout(chart, width, height);
    let placed = fit(&scene, rect);
    (scene, placed)
}

/// Paints every primitive of `scene` at `placed`, back to front.
pub fn paint(painter: &egui::Painter, scene: &Scene, placed: Placed) {
    let s = placed.scale;
    for prim in &scene.prims {
        match prim {
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                outline,
            } => {
                let r = placed.rect([*x, *y, x + w, y + h]);
                painter.rect_filled(r, 0.0, c32(*fill));
                if let Some((color, width)) = outline {
                    painter.rect_stroke(
                        r,
                        0.0,
                        egui::Stroke::new(width * s, c32(*color)),
                        egui::StrokeKind::Middle,
                    );
                }
            }
            Prim::Line {
                points,
                color,
                width,
                dash,
                ..
            } => {
                let pts: Vec<egui::Pos2> = points
                    .iter()
                    .map(|(x, y)| placed.to_screen(*x, *y))
                    .collect();
                let stroke = egui::Stroke::new(width * s, c32(*color));
                match dash {
                    Some((on, off)) => {
                        painter.extend(egui::Shape::dashed_line(&pts, stroke, on * s, off * s));
                    }
                    None => {
                        painter.add(egui::Shape::line(pts, stroke));
                    }
                }
            }
            Prim::Polygon { points, fill } => {
                // egui fills convex shapes; the static charts draw none other.
                let pts = points
                    .iter()
                    .map(|(x, y)| placed.to_screen(*x, *y))
                    .collect();
                painter.add(egui::Shape::convex_polygon(
                    pts,
                    c32(*fill),
                    egui::Stroke::NONE,
                ));
            }
            Prim::Text {
                x,
                y,
                text,
                size,
                color,
                anchor,
                ..
            } => {
                let align = match anchor {
                    Anchor::Start => egui::Align2::LEFT_BOTTOM,
                    Anchor::Middle => egui::Align2::CENTER_BOTTOM,
                    Anchor::End => egui::Align2::RIGHT_BOTTOM,
                };
                // The screen's fonts are not the file's (egui draws Latin text in its own
                // face): a text wider on screen than the renderer measured it is drawn smaller,
                // so that it stays inside the room the layout gave it (a footer, a label).
                let room = crate::render::text::width(text, *size) * s;
                let mut font = egui::FontId::proportional((size * s).max(4.0));
                let mut galley = painter.layout_no_wrap(text.clone(), font.clone(), c32(*color));
                if room > 0.0 && galley.size().x > room * 1.01 {
                    font.size = (font.size * room / galley.size().x).max(4.0);
                    galley = painter.layout_no_wrap(text.clone(), font, c32(*color));
                }
                // `y` is the baseline; the galley's bottom sits a descent below it.
                let anchor =
                    align.anchor_size(placed.to_screen(*x, y + size * 0.24), galley.size());
                painter.galley(anchor.min, galley, c32(*color));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_round_trips_and_fits() {
        let scene = Scene {
            width: 1600.0,
            height: 900.0,
            title: String::new(),
            prims: Vec::new(),
            plot: [0.0; 4],
            legend: Vec::new(),
            hits: Vec::new(),
        };
        let rect = egui::Rect::from_min_size(egui::pos2(10.0, 20.0), egui::vec2(800.0, 900.0));
        let p = fit(&scene, rect);
        assert!((p.scale - 0.5).abs() < 1e-6);
        let (x, y) = p.to_scene(p.to_screen(123.0, 456.0));
        assert!((x - 123.0).abs() < 1e-3 && (y - 456.0).abs() < 1e-3);
        let full = p.rect([0.0, 0.0, 1600.0, 900.0]);
        assert!(rect.expand(0.01).contains_rect(full));
    }
}
