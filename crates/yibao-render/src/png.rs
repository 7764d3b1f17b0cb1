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

/// Per thread, the pixmap of the last PNG drawn, reused by the next one of the same size (a
/// report draws dozens of charts of one size; fresh pixmaps of several megabytes each were a
/// third of its time in page faults), and the deflate buffer.
struct Scratch {
    pixmap: Option<Pixmap>,
    zbuf: Vec<u8>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Scratch> = const {
        std::cell::RefCell::new(Scratch {
            pixmap: None,
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
        let mut pixmap = match scratch.pixmap.take() {
            Some(p) if p.width() == w && p.height() == h => p,
            _ => Pixmap::new(w, h).ok_or(RenderError::Size(w, h))?,
        };
        // A scene that starts with an opaque rectangle over the whole pixmap (every chart's
        // white background) makes every pixel that colour whatever was there: the pixels are
        // set to it at once instead of clearing the previous chart's and blending the rectangle
        // through the raster pipeline (two passes over 23 MB at the report's size). Any other
        // scene starts from a transparent pixmap as `rasterize` does.
        let prims = match opaque_background(scene, scale, w, h) {
            Some(c) => {
                pixmap.pixels_mut().fill(c);
                &scene.prims[1..]
            }
            None => {
                pixmap.fill(tiny_skia::Color::TRANSPARENT);
                &scene.prims[..]
            }
        };
        let pixmap = draw(pixmap, prims, scale)?;
        let png = encode(&pixmap, &mut scratch.zbuf);
        scratch.pixmap = Some(pixmap);
        png.map_err(|e| RenderError::Encode(e.to_string()))
    })
}

/// The colour of the scene's first primitive when it is an opaque rectangle that covers every
/// pixel of a `w` × `h` pixmap at `scale` (then each pixel is that colour after it, whatever the
/// pixmap held: source-over of an opaque colour at full coverage).
fn opaque_background(scene: &Scene, scale: f32, w: u32, h: u32) -> Option<PremultipliedColorU8> {
    match scene.prims.first() {
        Some(Prim::Rect {
            x,
            y,
            w: rw,
            h: rh,
            fill,
            outline: None,
        }) if fill.a == u8::MAX
            && *x * scale <= 0.0
            && *y * scale <= 0.0
            && (*x + *rw) * scale >= w as f32
            && (*y + *rh) * scale >= h as f32 =>
        {
            PremultipliedColorU8::from_rgba(fill.r, fill.g, fill.b, fill.a)
        }
        _ => None,
    }
}

/// The straight-alpha (demultiplied) RGBA bytes of one row of premultiplied pixels, as
/// tiny-skia's own encoder writes them; opaque pixels (most of a chart) are the same either way.
fn straight_row(out: &mut [u8], pixels: &[PremultipliedColorU8]) {
    for (o, p) in out.chunks_exact_mut(4).zip(pixels) {
        if p.alpha() == u8::MAX {
            o.copy_from_slice(&[p.red(), p.green(), p.blue(), p.alpha()]);
        } else {
            let c = p.demultiply();
            o.copy_from_slice(&[c.red(), c.green(), c.blue(), c.alpha()]);
        }
    }
}

/// The pixmap as PNG: the bytes the `png` crate writes for 8-bit RGBA (straight alpha) with
/// fast deflate and the `Sub` filter (tiny-skia's own settings), with the deflate stream
/// written into `zbuf`, kept from one chart to the next (growing a fresh buffer to half a
/// megabyte for each chart faulted in fresh pages every time). Rows are demultiplied and
/// filtered one at a time (no copy of the whole image).
fn encode(pixmap: &Pixmap, zbuf: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    use std::io::Cursor;
    let (w, h) = (pixmap.width(), pixmap.height());
    let stride = w as usize * 4;
    zbuf.clear();
    let mut compressor = fdeflate::Compressor::new(Cursor::new(std::mem::take(zbuf)))?;
    let rows = || pixmap.pixels().chunks_exact(w as usize);
    let mut row = vec![0u8; stride];
    // Filter type byte 1 (`Sub`): each byte less the one a pixel (4 bytes) to its left.
    let mut line = vec![0u8; stride + 1];
    line[0] = 1;
    for (pixels, bytes) in rows().zip(pixmap.data().chunks_exact(stride)) {
        // An opaque row (most of a chart) is its own straight-alpha bytes.
        let straight = if bytes.chunks_exact(4).all(|p| p[3] == u8::MAX) {
            bytes
        } else {
            straight_row(&mut row, pixels);
            &row
        };
        line[1..5].copy_from_slice(&straight[..4]);
        for ((o, &a), &b) in line[5..]
            .iter_mut()
            .zip(&straight[4..])
            .zip(&straight[..stride - 4])
        {
            *o = a.wrapping_sub(b);
        }
        compressor.write_data(&line)?;
    }
    let mut stream = compressor.finish()?.into_inner();
    let raw = (stride + 1) * h as usize;
    if stream.len() > fdeflate::StoredOnlyCompressor::<()>::compressed_size(raw) {
        // Stored blocks of the unfiltered rows when deflate would not shrink them (as the
        // `png` crate does).
        let mut stored = fdeflate::StoredOnlyCompressor::new(Cursor::new(Vec::new()))?;
        for pixels in rows() {
            straight_row(&mut row, pixels);
            stored.write_data(&[0])?;
            stored.write_data(&row)?;
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
        &scene.prims,
        scale,
    )
}

/// Draws the scene's primitives `prims` into `pixmap` (transparent, of the scene's size at
/// `scale`).
fn draw(mut pixmap: Pixmap, prims: &[Prim], scale: f32) -> Result<Pixmap, RenderError> {
    let font = text::font()?;
    let t = Transform::from_scale(scale, scale);
    for p in prims {
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
                let (pw, ph) = (i64::from(pixmap.width()), i64::from(pixmap.height()));
                let pixels = pixmap.pixels_mut();
                for c in s.chars() {
                    let id = scaled.glyph_id(c);
                    for dx in passes {
                        let glyph = id.with_scale_and_position(px, point(pen + dx * scale, base));
                        if let Some(outlined) = font.outline_glyph(glyph) {
                            let bounds = outlined.px_bounds();
                            outlined.draw(|gx, gy, coverage| {
                                if coverage <= 0.0 {
                                    return;
                                }
                                let x = bounds.min.x as i64 + i64::from(gx);
                                let y = bounds.min.y as i64 + i64::from(gy);
                                if x < 0 || y < 0 || x >= pw || y >= ph {
                                    return;
                                }
                                if let Some(dst) = pixels.get_mut((y * pw + x) as usize) {
                                    blend(dst, *color, coverage);
                                }
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

/// `v.round()` (half away from zero) for `0 ≤ v < 2^31`, without the `roundf` call the
/// baseline x86-64 target makes for it (it was a tenth of a chart's text drawing): the
/// fractional part `v − trunc(v)` of a float is exact, so the comparison with one half decides
/// as `round` does. Text blending only rounds values in 0–255.
fn round_nonnegative(v: f32) -> f32 {
    let t = v as i32 as f32;
    if v - t >= 0.5 { t + 1.0 } else { t }
}

/// Source-over blend of `color` at `coverage` into one pixel (premultiplied RGBA).
fn blend(dst: &mut PremultipliedColorU8, color: Color, coverage: f32) {
    let a = coverage.min(1.0) * color.opacity();
    let mix = |s: u8, d: u8| -> u8 {
        round_nonnegative(f32::from(s) * a + f32::from(d) * (1.0 - a)) as u8
    };
    let r = mix(color.r, dst.red());
    let g = mix(color.g, dst.green());
    let b = mix(color.b, dst.blue());
    let alpha = round_nonnegative(a * 255.0 + f32::from(dst.alpha()) * (1.0 - a)) as u8;
    if let Some(p) =
        PremultipliedColorU8::from_rgba(r.min(alpha), g.min(alpha), b.min(alpha), alpha)
    {
        *dst = p;
    }
}

#[cfg(test)]
mod tests {
    use super::round_nonnegative;

    /// The rounding of the text blend is `f32::round` on the values it meets (every 89th
    /// float from 0 to 256, one bit pattern after another), on each tie `k + 0.5` and the
    /// three floats on either side of it, and on the integers and their neighbours.
    #[test]
    fn round_nonnegative_is_round() {
        let check = |x: f32| assert_eq!(round_nonnegative(x).to_bits(), x.round().to_bits(), "{x}");
        let mut bits = 0u32;
        while f32::from_bits(bits) <= 256.0 {
            check(f32::from_bits(bits));
            bits += 89;
        }
        for k in 0..100_000u32 {
            for base in [k as f32, k as f32 + 0.5] {
                for d in 0..=3 {
                    check(f32::from_bits(base.to_bits() + d));
                    check(f32::from_bits(base.to_bits().saturating_sub(d)));
                }
            }
        }
    }
}
