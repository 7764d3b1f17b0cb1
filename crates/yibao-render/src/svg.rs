//! A scene as SVG: text in a font list that finds a CJK face on Windows, macOS and Linux, each
//! series' line tagged with `data-series` so that tools (and tests) can find it.

use super::scene::{Anchor, Prim, Scene};
use std::fmt::Write as _;

/// The font list of SVG text.
pub const FONT_FAMILY: &str = "'Microsoft YaHei', 'PingFang SC', 'Hiragino Sans GB', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', sans-serif";

/// Escapes text for XML.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            _ => out.push(c),
        }
    }
    out
}

fn paint(attr: &str, c: super::Color) -> String {
    if c.a == 255 {
        format!("{attr}=\"{}\"", c.hex())
    } else {
        format!(
            "{attr}=\"{}\" {attr}-opacity=\"{:.3}\"",
            c.hex(),
            c.opacity()
        )
    }
}

/// `x,y x,y …` of an SVG `points` attribute, one decimal.
fn coords(points: &[(f32, f32)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The scene as an SVG document.
pub fn to_svg(scene: &Scene) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        o,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" font-family=\"{f}\">",
        w = scene.width,
        h = scene.height,
        f = FONT_FAMILY
    );
    let _ = writeln!(o, "<title>{}</title>", escape(&scene.title));
    for p in &scene.prims {
        match p {
            Prim::Rect {
                x,
                y,
                w,
                h,
                fill,
                outline,
            } => {
                let stroke = outline.map_or_else(String::new, |(c, width)| {
                    format!(" {} stroke-width=\"{width}\"", paint("stroke", c))
                });
                let _ = writeln!(
                    o,
                    "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" {}{stroke}/>",
                    w.max(0.0),
                    h.max(0.0),
                    paint("fill", *fill)
                );
            }
            Prim::Line {
                points,
                color,
                width,
                dash,
                series,
            } => {
                if points.len() < 2 {
                    continue;
                }
                let dash = dash.map_or_else(String::new, |(a, b)| {
                    format!(" stroke-dasharray=\"{a} {b}\"")
                });
                let series = series.as_ref().map_or_else(String::new, |s| {
                    format!(" class=\"series\" data-series=\"{}\"", escape(s))
                });
                let _ = writeln!(
                    o,
                    "<polyline points=\"{}\" fill=\"none\" {} stroke-width=\"{width}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{dash}{series}/>",
                    coords(points),
                    paint("stroke", *color)
                );
            }
            Prim::Polygon { points, fill } => {
                if points.len() < 3 {
                    continue;
                }
                let _ = writeln!(
                    o,
                    "<polygon points=\"{}\" {}/>",
                    coords(points),
                    paint("fill", *fill)
                );
            }
            Prim::Text {
                x,
                y,
                text,
                size,
                color,
                anchor,
                bold,
            } => {
                let anchor = match anchor {
                    Anchor::Start => "start",
                    Anchor::Middle => "middle",
                    Anchor::End => "end",
                };
                let weight = if *bold { " font-weight=\"bold\"" } else { "" };
                let _ = writeln!(
                    o,
                    "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{size}\" text-anchor=\"{anchor}\" {}{weight}>{}</text>",
                    paint("fill", *color),
                    escape(text)
                );
            }
        }
    }
    o.push_str("</svg>\n");
    o
}
