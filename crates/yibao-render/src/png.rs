//! A scene as PNG: shapes with tiny-skia, text with the embedded font through ab_glyph, so the
//! same picture comes out on any machine without system fonts.

use super::scene::{Anchor, Prim, Scene};
use super::{Color, RenderError, text};
use ab_glyph::{Font, PxScale, ScaleFont, point};
use tiny_skia::{
    FillRule, LineCap, LineJoin, Paint, PathBuilder, Pixmap, PremultipliedColorU8, Rect,
    StrokeDash, Transform,
};

fn paint(c: Color) -> Paint<'static> {
    let mut p = Paint::default();
    p.set_color_rgba8(c.r, c.g, c.b, c.a);
    p.anti_alias = true;
    p
}

/// The largest side of a PNG, device pixels.
const MAX_SIDE: u32 = 16_384;

/// Per thread, the pixmap and the straight-alpha rows of the last PNG drawn, reused by the next
/// one of the same size (a report draws dozens of charts of one size; fresh pixmaps of several
/// megabytes each were a third of its time in page faults).
struct Scratch {
    pixmap: Option<Pixmap>,
    rows: Vec<u8>,
    zbuf: Vec<u8>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = const {
        std::cell::RefCell::new(Scratch {
            pixmap: None,
            rows: Vec::new(),
            zbuf: Vec::new(),
        })
    };
}

/// Draws the scene at `scale` device pixels per logical pixel and encodes it as PNG (RGBA,
/// 8 bits, straight alpha).
pub fn to_png(scene: &Scene, scale: f32) -> Result<Vec<u8>, RenderError> {
    let (w, h) = size(scene, scale)?;
    SCRATCH.with(|cell| {
        let mut guard = cell.borrow_mut();
        let scratch = &mut *guard;
        let pixmap = match scratch.pixmap.take() {
            Some(mut p) if p.width() == w && p.height() == h => {
                p.fill(tiny_skia::Color::TRANSPARENT);
                p
            }
            _ => Pixmap::new(w, h).ok_or(RenderError::Size(w, h))?,
        };
        let pixmap = draw(pixmap, scene, scale)?;
        // Straight (demultiplied) alpha, as tiny-skia's own encoder writes it.
        // Opaque pixels (most of a chart) are the same either way.
        scratch.rows.clear();
        scratch.rows.extend_from_slice(pixmap.data());
        for (out, p) in scratch.rows.chunks_exact_mut(4).zip(pixmap.pixels()) {
            if p.alpha() != u8::MAX {
                let c = p.demultiply();
                out.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
            }
        }
        scratch.pixmap = Some(pixmap);
        encode(&scratch.rows, w, h, &mut scratch.zbuf)
            .map_err(|e| RenderError::Encode(e.to_string()))
    })
}

/// RGBA rows as PNG: the bytes the `png` crate writes for 8-bit RGBA with fast deflate and
/// the `Sub` filter (tiny-skia's own settings), with the deflate stream written into `zbuf`,
/// kept from one chart to the next (growing a fresh buffer to half a megabyte for each chart
/// faulted in fresh pages every time).
fn encode(rows: &[u8], w: u32, h: u32, zbuf: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    use std::io::Cursor;
    let stride = w as usize * 4;
    zbuf.clear();
    let mut compressor = fdeflate::Compressor::new(Cursor::new(std::mem::take(zbuf)))?;
    // Filter type byte 1 (`Sub`): each byte less the one a pixel (4 bytes) to its left.
    let mut line = vec![0u8; stride + 1];
    line[0] = 1;
    for row in rows.chunks_exact(stride) {
        let out = &mut line[1..];
        out[..4].copy_from_slice(&row[..4]);
        for i in 4..stride {
            out[i] = row[i].wrapping_sub(row[i - 4]);
        }
        compressor.write_data(&line)?;
    }
    let mut stream = compressor.finish()?.into_inner();
    let raw = (stride + 1) * h as usize;
    if stream.len() > fdeflate::StoredOnlyCompressor::<()>::compressed_size(raw) {
        // Stored blocks of the unfiltered rows when deflate would not shrink them (as the
        // `png` crate does).
        let mut stored = fdeflate::StoredOnlyCompressor::new(Cursor::new(Vec::new()))?;
        for row in rows.chunks_exact(stride) {
            stored.write_data(&[0])?;
            stored.write_data(row)?;
        }
        *zbuf = stream;
        stream = stored.finish()?.into_inner();
    }
    let mut png = Vec::with_capacity(stream.len() + 64);
    png.extend_from_slice(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a]);
    let mut ihdr = [0u8; 13];
    ihdr[..4].copy_from_slice(&w.to_be_bytes());
    ihdr[4..8].copy_from_slice(&h.to_be_bytes());
    ihdr[8] = 8; // bit depth
    ihdr[9] = 6; // RGBA
    chunk(&mut png, b"IHDR", &ihdr);
    for part in stream.chunks((u32::MAX >> 1) as usize) {
        chunk(&mut png, b"IDAT", part);
    }
    chunk(&mut png, b"IEND", &[]);
    if zbuf.capacity() < stream.capacity() {
        *zbuf = stream;
    }
    Ok(png)
}

/// Appends a PNG chunk: length, type, data, CRC-32 of type and data.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}

/// The device size of the scene at `scale`, within bounds.
fn size(scene: &Scene, scale: f32) -> Result<(u32, u32), RenderError> {
    let w = (scene.width * scale).round() as u32;
    let h = (scene.height * scale).round() as u32;
    if w == 0 || h == 0 || w > MAX_SIDE || h > MAX_SIDE {
        return Err(RenderError::Size(w, h));
    }
    Ok((w, h))
}

/// Draws the scene into a pixmap.
pub fn rasterize(scene: &Scene, scale: f32) -> Result<Pixmap, RenderError> {
    let (w, h) = size(scene, scale)?;
    draw(
        Pixmap::new(w, h).ok_or(RenderError::Size(w, h))?,
        scene,
        scale,
    )
}

/// Draws the scene into `pixmap` (transparent, of the scene's size at `scale`).
fn draw(mut pixmap: Pixmap, scene: &Scene, scale: f32) -> Result<Pixmap, RenderError> {
    let font = text::font()?;
    let t = Transform::from_scale(scale, scale);
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
                if let Some(r) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) {
                    if fill.a > 0 {
                        pixmap.fill_rect(r, &paint(*fill), t, None);
                    }
                    if let Some((c, width)) = outline {
                        let path = PathBuilder::from_rect(r);
                        let stroke = tiny_skia::Stroke {
                            width: *width,
                            ..Default::default()
                        };
                        pixmap.stroke_path(&path, &paint(*c), &stroke, t, None);
                    }
                }
            }
            Prim::Line {
                points,
                color,
                width,
                dash,
                ..
            } => {
                let Some(path) = through(points).finish() else {
                    continue;
                };
                let stroke = tiny_skia::Stroke {
                    width: *width,
                    line_cap: LineCap::Round,
                    line_join: LineJoin::Round,
                    dash: dash.and_then(|(a, b)| StrokeDash::new(vec![a, b], 0.0)),
                    ..Default::default()
                };
                pixmap.stroke_path(&path, &paint(*color), &stroke, t, None);
            }
            Prim::Polygon { points, fill } => {
                let mut pb = through(points);
                pb.close();
                let Some(path) = pb.finish() else { continue };
                pixmap.fill_path(&path, &paint(*fill), FillRule::Winding, t, None);
            }
            Prim::Text {
                x,
                y,
                text: s,
                size,
                color,
                anchor,
                bold,
            } => {
                let px = size * scale;
                let scaled = font.as_scaled(PxScale::from(px));
                let width = text::width(s, *size) * scale;
                let mut pen = x * scale
                    - match anchor {
                        Anchor::Start => 0.0,
                        Anchor::Middle => width / 2.0,
                        Anchor::End => width,
                    };
                let base = y * scale;
                let passes: &[f32] = if *bold { &[0.0, 0.6] } else { &[0.0] };
                for c in s.chars() {
                    let id = scaled.glyph_id(c);
                    for dx in passes {
                        let glyph = id.with_scale_and_position(px, point(pen + dx * scale, base));
                        if let Some(outlined) = font.outline_glyph(glyph) {
                            let bounds = outlined.px_bounds();
                            outlined.draw(|gx, gy, coverage| {
                                let px_x = bounds.min.x as i64 + i64::from(gx);
                                let px_y = bounds.min.y as i64 + i64::from(gy);
                                blend(&mut pixmap, px_x, px_y, *color, coverage);
                            });
                        }
                    }
                    pen += scaled.h_advance(id);
                }
            }
        }
    }
    Ok(pixmap)
}

/// A path through `points` in order.
fn through(points: &[(f32, f32)]) -> PathBuilder {
    let mut pb = PathBuilder::new();
    for (i, (x, y)) in points.iter().enumerate() {
        if i == 0 {
            pb.move_to(*x, *y);
        } else {
            pb.line_to(*x, *y);
        }
    }
    pb
}

/// Source-over blend of `color` at `coverage` into one pixel (premultiplied RGBA).
fn blend(pixmap: &mut Pixmap, x: i64, y: i64, color: Color, coverage: f32) {
    let (w, h) = (i64::from(pixmap.width()), i64::from(pixmap.height()));
    if x < 0 || y < 0 || x >= w || y >= h || coverage <= 0.0 {
        return;
    }
    let idx = (y * w + x) as usize;
    let Some(dst) = pixmap.pixels_mut().get_mut(idx) else {
        return;
    };
    let a = coverage.min(1.0) * color.opacity();
    let mix = |s: u8, d: u8| -> u8 { (f32::from(s) * a + f32::from(d) * (1.0 - a)).round() as u8 };
    let r = mix(color.r, dst.red());
    let g = mix(color.g, dst.green());
    let b = mix(color.b, dst.blue());
    let alpha = (a * 255.0 + f32::from(dst.alpha()) * (1.0 - a)).round() as u8;
    if let Some(p) =
        PremultipliedColorU8::from_rgba(r.min(alpha), g.min(alpha), b.min(alpha), alpha)
    {
        *dst = p;
    }
}
