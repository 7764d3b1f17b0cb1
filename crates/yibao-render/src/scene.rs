//! Drawing primitives in logical pixels, the common ground of the SVG and PNG backends.

use super::Color;

/// Horizontal text anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// Text starts at x.
    Start,
    /// Text is centred on x.
    Middle,
    /// Text ends at x.
    End,
}

/// One primitive.
#[derive(Clone, Debug, PartialEq)]
pub enum Prim {
    /// A filled rectangle, optionally outlined.
    Rect {
        /// Left.
        x: f32,
        /// Top.
        y: f32,
        /// Width.
        w: f32,
        /// Height.
        h: f32,
        /// Fill.
        fill: Color,
        /// Outline colour and width.
        outline: Option<(Color, f32)>,
    },
    /// A polyline.
    Line {
        /// Points.
        points: Vec<(f32, f32)>,
        /// Colour.
        color: Color,
        /// Width.
        width: f32,
        /// Dash and gap lengths, if dashed.
        dash: Option<(f32, f32)>,
        /// The series this line draws (an SVG `data-series` attribute).
        series: Option<String>,
    },
    /// A filled polygon (any shape: the area between two curves), no outline.
    Polygon {
        /// Corners in order.
        points: Vec<(f32, f32)>,
        /// Fill.
        fill: Color,
    },
    /// A line of text; `y` is the baseline.
    Text {
        /// Anchor x.
        x: f32,
        /// Baseline y.
        y: f32,
        /// The text.
        text: String,
        /// Size in logical pixels.
        size: f32,
        /// Colour.
        color: Color,
        /// Anchor.
        anchor: Anchor,
        /// Bold.
        bold: bool,
    },
}

/// A picture: its size, title (for the SVG `<title>`) and primitives in drawing order.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// Width, logical pixels.
    pub width: f32,
    /// Height, logical pixels.
    pub height: f32,
    /// The chart's title.
    pub title: String,
    /// Primitives, back to front.
    pub prims: Vec<Prim>,
    /// The plot rectangle `[left, top, right, bottom]` (the data never leaves it).
    pub plot: [f32; 4],
    /// Every legend entry: its full name and the box its swatch and text take.
    pub legend: Vec<LegendBox>,
    /// The regions a screen answers hover and click in (the grid's cells and row names, the
    /// tile map's tiles), in drawing order; no file draws them.
    pub hits: Vec<Hit>,
}

/// A named region of a scene: a cell of the province grid (`col` is its column), a row's
/// name (`col` is `None`) or a tile of a tile map (`row` is its index, `col` is `None`).
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The row's or tile's full name.
    pub name: String,
    /// The row or tile, in the plot's order.
    pub row: usize,
    /// The column, if the region is a cell.
    pub col: Option<usize>,
    /// `[left, top, right, bottom]`.
    pub rect: [f32; 4],
}

impl Hit {
    /// Whether the point lies inside (left and top edges included).
    pub fn contains(&self, x: f32, y: f32) -> bool {
        x >= self.rect[0] && x < self.rect[2] && y >= self.rect[1] && y < self.rect[3]
    }
}

impl Scene {
    /// The hit region under a point, if any.
    pub fn hit_at(&self, x: f32, y: f32) -> Option<&Hit> {
        self.hits.iter().find(|h| h.contains(x, y))
    }
}

/// Where one legend entry was drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendBox {
    /// The entry's full name (drawn wrapped, never cut).
    pub name: String,
    /// `[left, top, right, bottom]`.
    pub rect: [f32; 4],
}
