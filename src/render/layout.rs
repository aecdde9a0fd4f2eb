//! Where things go on the stage, in pure arithmetic: which channel planes of each tensor are
//! shown, the size of a cell, each plane's rectangle in screen space (CSS pixels), the cell
//! rectangles (`screen_from_grid`) and the inverse (`hit_test`), and the slots where the kernels
//! that read each tensor are drawn, one beside each plane they multiply. Two views: flat (planes
//! side by side, one column per tensor) and stacked (each tensor an oblique 3-D stack). Sizes
//! grow with a text scale, so a wide screen or a projector gets larger type and cells.

use crate::engine::{Pair, Shape3};
use crate::timeline::TensorId;

/// The largest cell drawn, in CSS pixels.
pub const MAX_CELL: f64 = 40.0;
/// The smallest cell drawn: a fraction of a pixel, so even a 4096×4096 plane fits the screen
/// (its picture is then scaled down, and a cell is found by hit-testing all the same).
pub const MIN_CELL: f64 = 0.02;
/// Cells at least this large print their value.
pub const MIN_CELL_FOR_NUMBERS: f64 = 22.0;
/// Room above each column for its two-line title.
pub const TITLE_HEIGHT: f64 = 40.0;
/// Room above each plane (flat view) for its channel label.
pub const LABEL_HEIGHT: f64 = 16.0;
/// Space between columns.
pub const COLUMN_GAP: f64 = 36.0;
/// Space between planes of one column (flat view).
pub const PLANE_GAP: f64 = 8.0;
/// Below this cell size, tensors are stacked one under another if that makes cells larger.
pub const LEGIBLE_CELL: f64 = 12.0;
/// The narrowest a tensor's column is drawn, so its title fits.
pub const MIN_COLUMN_WIDTH: f64 = 130.0;
/// The most planes shown per tensor; more channels are summarised.
pub const MAX_PLANES: usize = 4;
/// The smallest kernel cell: a 3×3 kernel stays visible beside a 224×224 plane of 1-px cells.
pub const KERNEL_MIN_CELL: f64 = 14.0;
/// Space between a tensor's planes and the kernels beside them.
pub const KERNEL_GAP: f64 = 22.0;
/// How far each filter card behind the front one is drawn, up and to the right.
pub const CARD_OFFSET: f64 = 5.0;
/// The most cards drawn behind a kernel (more filters are named in the title).
pub const MAX_CARDS: usize = 2;
/// The narrowest a kernel column is drawn, so its title fits.
pub const MIN_KERNEL_COLUMN_WIDTH: f64 = 92.0;

/// How many planes of a tensor of `shape` the stage shows: fewer for big planes, so each stays
/// legible.
pub fn planes_shown(shape: Shape3) -> usize {
    let big = shape.h.max(shape.w) > 24;
    shape.c.min(if big { 3 } else { MAX_PLANES })
}

/// About how wide a two-line title is (a semi-bold 15 px name over a 14 px line, times the text
/// scale), from its lines' lengths in characters.
pub fn title_width((name, line): (usize, usize), scale: f64) -> f64 {
    (name as f64 * 15.0 * 0.62).max(line as f64 * 14.0 * 0.55) * scale
}

/// The text scale for a stage `width` CSS pixels wide: 1 up to 1,200 px, growing to 1.5 at
/// 1,800 px and wider (projectors, full-screen presentation).
pub fn text_scale(width: f64) -> f64 {
    (width / 1200.0).clamp(1.0, 1.5)
}

/// How the channels of a tensor are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum View {
    /// Planes one under another, one column per tensor.
    #[default]
    Flat,
    /// Each tensor an oblique stack of planes, the kernel reaching through its depth.
    Stacked,
}

impl View {
    /// The `view=` key in the URL.
    pub fn key(self) -> &'static str {
        match self {
            View::Flat => "flat",
            View::Stacked => "stacked",
        }
    }
    /// The view whose key is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "flat" => Some(View::Flat),
            "stacked" => Some(View::Stacked),
            _ => None,
        }
    }
}

/// A tensor as the stage shows it: its shape, the padding drawn around it, and the channel the
/// current step touches (which decides the window of planes shown).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TensorView {
    /// Which tensor.
    pub id: TensorId,
    /// Its shape.
    pub shape: Shape3,
    /// Zero padding drawn around each plane (the padding of the stage that reads it).
    pub padding: Pair,
    /// The channel to keep in view.
    pub focus_channel: usize,
    /// The kernels that read this tensor, drawn beside its planes (none for the output).
    pub kernel: Option<KernelView>,
    /// Characters in its title's two lines (name, shape), so the title gets its room.
    pub title_chars: (usize, usize),
}

/// The kernels that read a tensor: each is `kh × kw` on one channel, and `cards` other filters
/// use the same slot (the stack drawn behind it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KernelView {
    /// Kernel rows.
    pub kh: usize,
    /// Kernel columns.
    pub kw: usize,
    /// Other filters sharing a slot (drawn as at most [`MAX_CARDS`] cards behind it).
    pub cards: usize,
    /// Characters in the kernels' title's two lines, at their widest.
    pub title_chars: (usize, usize),
}

/// Where the kernels beside a tensor go.
#[derive(Debug, Clone, PartialEq)]
pub struct KernelColumn {
    /// Kernel cell size in CSS pixels (at least [`KERNEL_MIN_CELL`]).
    pub cell: f64,
    /// Rows and columns of one kernel slice.
    pub kh: usize,
    /// Kernel columns.
    pub kw: usize,
    /// Cards drawn behind each slot.
    pub cards: usize,
    /// One slot per plane shown, in the order of [`ColumnLayout::planes`].
    pub slots: Vec<Rect>,
    /// Where the column's title goes (its top-left corner).
    pub title_at: (f64, f64),
}

/// An axis-aligned rectangle in CSS pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left.
    pub x: f64,
    /// Top.
    pub y: f64,
    /// Width.
    pub w: f64,
    /// Height.
    pub h: f64,
}

impl Rect {
    /// Whether the point lies inside.
    pub fn contains(&self, px: f64, py: f64) -> bool {
        px >= self.x && py >= self.y && px < self.x + self.w && py < self.y + self.h
    }
}

/// One channel plane on screen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlaneLayout {
    /// The tensor.
    pub tensor: TensorId,
    /// The channel.
    pub channel: usize,
    /// The padded plane's rectangle (padding cells included).
    pub rect: Rect,
    /// Rows and columns of the data (without padding).
    pub rows: usize,
    /// Columns of the data.
    pub cols: usize,
    /// Padding rows above (and below) and columns left (and right).
    pub padding: Pair,
}

/// One tensor's column on screen.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnLayout {
    /// The tensor.
    pub tensor: TensorId,
    /// Its full shape.
    pub shape: Shape3,
    /// The first channel shown.
    pub first_channel: usize,
    /// The planes shown; in the stacked view listed back to front (the first channel in front).
    pub planes: Vec<PlaneLayout>,
    /// Where the column's title goes (its top-left corner).
    pub title_at: (f64, f64),
    /// The kernels that read this tensor, beside its planes.
    pub kernel: Option<KernelColumn>,
}

/// The whole stage.
#[derive(Debug, Clone, PartialEq)]
pub struct StageLayout {
    /// The view.
    pub view: View,
    /// Cell size in CSS pixels.
    pub cell: f64,
    /// One column per tensor, left to right.
    pub columns: Vec<ColumnLayout>,
    /// Total width and height needed.
    pub width: f64,
    /// Height needed.
    pub height: f64,
    /// The text scale the sizes were made for ([`text_scale`]).
    pub scale: f64,
}

/// A cell found under the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CellHit {
    /// The tensor.
    pub tensor: TensorId,
    /// The channel.
    pub channel: usize,
    /// Data row; negative or past the end on padding.
    pub row: isize,
    /// Data column; negative or past the end on padding.
    pub col: isize,
}

impl CellHit {
    /// Whether the cell is padding rather than data.
    pub fn in_padding(&self, plane_rows: usize, plane_cols: usize) -> bool {
        self.row < 0
            || self.col < 0
            || self.row as usize >= plane_rows
            || self.col as usize >= plane_cols
    }
}

/// The window of `shown` channels out of `count` that keeps `focus` in view.
pub fn channel_window(count: usize, focus: usize, shown: usize) -> (usize, usize) {
    if count == 0 {
        return (0, 0);
    }
    let shown = shown.min(count).max(1);
    let focus = focus.min(count.saturating_sub(1));
    let first = focus.saturating_sub(shown / 2).min(count - shown);
    (first, shown)
}

/// How far each plane of a stack is drawn behind the one in front, as a fraction of a cell
/// size, but at least this many pixels.
const STACK_STEP_MIN: f64 = 10.0;

impl StageLayout {
    /// Lays out `tensors` to fit `width` × `max_height` CSS pixels at text scale `scale`: left
    /// to right when that leaves legible cells, otherwise one under another (narrow screens,
    /// where the page scrolls). In the flat view each tensor's planes wrap into a grid; the
    /// arrangement with the largest cells wins.
    pub fn new(
        tensors: &[TensorView],
        view: View,
        width: f64,
        max_height: f64,
        scale: f64,
    ) -> StageLayout {
        let scale = scale.clamp(1.0, 2.0);
        let best = |down: bool, height: f64| {
            (1..=MAX_PLANES)
                .filter(|rows| view == View::Flat || *rows == 1)
                .map(|rows| {
                    (
                        rows,
                        Self::largest_cell(tensors, view, width, height, rows, down, scale),
                    )
                })
                .fold(
                    (1, 0.0),
                    |best, next| if next.1 > best.1 + 1e-9 { next } else { best },
                )
        };
        let across = best(false, max_height);
        if across.1 >= LEGIBLE_CELL {
            return Self::place(tensors, view, across.1, across.0, false, scale);
        }
        // One under another the page scrolls, but not far: the window and the cell it writes stay
        // about a screen apart.
        let down = best(true, max_height * 1.3);
        if down.1 > across.1 {
            Self::place(tensors, view, down.1, down.0, true, scale)
        } else {
            Self::place(tensors, view, across.1, across.0, false, scale)
        }
    }

    /// Planes shown per tensor: fewer for big planes, so each stays legible.
    fn shown(t: &TensorView) -> usize {
        planes_shown(t.shape)
    }

    /// The largest cell size at which the arrangement fits, found by bisection.
    fn largest_cell(
        tensors: &[TensorView],
        view: View,
        width: f64,
        max_height: f64,
        plane_rows: usize,
        down: bool,
        scale: f64,
    ) -> f64 {
        let fits = |cell: f64| {
            let l = Self::place(tensors, view, cell, plane_rows, down, scale);
            l.width <= width && l.height <= max_height
        };
        let max_cell = MAX_CELL * scale;
        if fits(max_cell) {
            return max_cell;
        }
        let (mut lo, mut hi) = (MIN_CELL, max_cell);
        for _ in 0..30 {
            let mid = (lo + hi) / 2.0;
            if fits(mid) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        if lo >= 4.0 {
            lo.floor()
        } else {
            lo
        }
    }

    /// Places every plane at cell size `cell`, flat planes wrapping after `plane_rows` rows;
    /// tensors left to right, or one under another when `down`. In the flat view each plane
    /// has its kernel slot just to its right, level with it; in the stacked view the kernels
    /// are a stack of their own right of the tensor's.
    fn place(
        tensors: &[TensorView],
        view: View,
        cell: f64,
        plane_rows: usize,
        down: bool,
        scale: f64,
    ) -> StageLayout {
        let (title_h, label_h) = (TITLE_HEIGHT * scale, LABEL_HEIGHT * scale);
        let (min_column, min_kernel_column) =
            (MIN_COLUMN_WIDTH * scale, MIN_KERNEL_COLUMN_WIDTH * scale);
        let step = (cell * 0.6).max(STACK_STEP_MIN);
        let kcell = cell.max(KERNEL_MIN_CELL).min(MAX_CELL * scale);
        let kstep = (kcell * 0.6).max(STACK_STEP_MIN);
        let mut x = 0.0;
        let mut top = 0.0;
        let mut widest: f64 = 0.0;
        let mut columns = Vec::with_capacity(tensors.len());
        let mut height: f64 = title_h;
        for t in tensors {
            height = height.max(top + title_h);
            let rows = t.shape.h + 2 * t.padding.h;
            let cols = t.shape.w + 2 * t.padding.w;
            let (pw, ph) = (cols as f64 * cell, rows as f64 * cell);
            let (first, count) = channel_window(t.shape.c, t.focus_channel, Self::shown(t));
            let depth = (count as f64 - 1.0).max(0.0);
            let per_row = count.div_ceil(plane_rows.max(1)).max(1);
            // A kernel slot's size and the room its cards take.
            let slot = t.kernel.map(|k| {
                let cards = k.cards.min(MAX_CARDS);
                (
                    k.kw as f64 * kcell,
                    k.kh as f64 * kcell,
                    cards as f64 * CARD_OFFSET,
                )
            });
            // In the flat view a plane and its slot share one cell of the grid.
            let pitch = pw + slot.map_or(0.0, |(sw, _, lift)| KERNEL_GAP + sw + lift);
            let mut planes = Vec::with_capacity(count);
            let mut slots = Vec::with_capacity(count);
            let mut column_w: f64 = 0.0;
            // Stacked planes are listed back to front: the first channel shown is in front.
            let order: Vec<usize> = match view {
                View::Flat => (0..count).collect(),
                View::Stacked => (0..count).rev().collect(),
            };
            let plane_floor = top + title_h + label_h;
            for &i in &order {
                let rect = match view {
                    View::Flat => {
                        let (gx, gy) = ((i % per_row) as f64, (i / per_row) as f64);
                        Rect {
                            x: x + gx * (pitch + PLANE_GAP),
                            y: plane_floor + gy * (ph + label_h + PLANE_GAP),
                            w: pw,
                            h: ph,
                        }
                    }
                    // Later channels sit behind, up and to the right.
                    View::Stacked => Rect {
                        x: x + i as f64 * step,
                        y: plane_floor + (depth - i as f64) * step,
                        w: pw,
                        h: ph,
                    },
                };
                column_w = column_w.max(rect.x + rect.w - x);
                height = height.max(rect.y + rect.h + PLANE_GAP);
                planes.push(PlaneLayout {
                    tensor: t.id,
                    channel: first + i,
                    rect,
                    rows: t.shape.h,
                    cols: t.shape.w,
                    padding: t.padding,
                });
                if let (Some((sw, sh, lift)), View::Flat) = (slot, view) {
                    let s = Rect {
                        x: rect.x + pw + KERNEL_GAP,
                        y: (rect.y + (ph - sh) / 2.0).max(rect.y.min(plane_floor) + lift),
                        w: sw,
                        h: sh,
                    };
                    column_w = column_w.max(s.x + s.w + lift - x);
                    height = height.max(s.y + s.h + PLANE_GAP);
                    slots.push(s);
                }
            }
            let title_w = title_width(t.title_chars, scale);
            let kernel_title_w = t.kernel.map_or(0.0, |k| {
                title_width(k.title_chars, scale).max(min_kernel_column)
            });
            let tensor_w = match (view, t.kernel) {
                // The kernels' title follows the tensor's, right of the first plane at least.
                (View::Flat, Some(_)) => column_w.max(min_column),
                _ => column_w.max(min_column).max(title_w),
            };
            if let (Some((sw, sh, lift)), View::Stacked) = (slot, view) {
                let kx = x + tensor_w + KERNEL_GAP;
                for &i in &order {
                    let s = Rect {
                        x: kx + i as f64 * kstep,
                        y: plane_floor + lift + (depth - i as f64) * kstep,
                        w: sw,
                        h: sh,
                    };
                    height = height.max(s.y + s.h + PLANE_GAP);
                    slots.push(s);
                }
            }
            let kernel_title_x = match view {
                View::Flat => (x + pw + KERNEL_GAP).max(x + title_w + KERNEL_GAP),
                View::Stacked => x + tensor_w + KERNEL_GAP,
            };
            let kernel = t.kernel.map(|k| KernelColumn {
                cell: kcell,
                kh: k.kh,
                kw: k.kw,
                cards: k.cards.min(MAX_CARDS),
                title_at: (kernel_title_x, top),
                slots,
            });
            // Room for everything: planes, slots and both titles.
            let full_w = match &kernel {
                None => tensor_w,
                Some(k) => {
                    let right = k
                        .slots
                        .iter()
                        .map(|r| r.x + r.w + k.cards as f64 * CARD_OFFSET)
                        .fold(x + tensor_w, f64::max);
                    (right - x).max(kernel_title_x + kernel_title_w - x)
                }
            };
            columns.push(ColumnLayout {
                tensor: t.id,
                shape: t.shape,
                first_channel: first,
                planes,
                title_at: (x, top),
                kernel,
            });
            widest = widest.max(full_w);
            if down {
                top = height + PLANE_GAP;
            } else {
                x += full_w + COLUMN_GAP;
            }
        }
        StageLayout {
            view,
            cell,
            columns,
            width: if down {
                widest
            } else {
                (x - COLUMN_GAP).max(0.0)
            },
            height,
            scale,
        }
    }
    /// Whether cells are large enough to print values.
    pub fn shows_numbers(&self) -> bool {
        self.cell >= MIN_CELL_FOR_NUMBERS
    }

    /// The plane showing `channel` of `tensor`, if it is in view.
    pub fn plane(&self, tensor: TensorId, channel: usize) -> Option<&PlaneLayout> {
        self.columns
            .iter()
            .find(|c| c.tensor == tensor)?
            .planes
            .iter()
            .find(|p| p.channel == channel)
    }

    /// The screen rectangle of data cell `(row, col)` of a plane; rows and columns may be
    /// negative or past the end to name padding cells.
    pub fn screen_from_grid(&self, plane: &PlaneLayout, row: isize, col: isize) -> Rect {
        let r = row + plane.padding.h as isize;
        let c = col + plane.padding.w as isize;
        Rect {
            x: plane.rect.x + c as f64 * self.cell,
            y: plane.rect.y + r as f64 * self.cell,
            w: self.cell,
            h: self.cell,
        }
    }

    /// The cell under a point: front planes first (the stacked view overlaps them).
    pub fn hit_test(&self, px: f64, py: f64) -> Option<CellHit> {
        for column in &self.columns {
            for plane in column.planes.iter().rev() {
                if plane.rect.contains(px, py) {
                    let c = ((px - plane.rect.x) / self.cell).floor() as isize;
                    let r = ((py - plane.rect.y) / self.cell).floor() as isize;
                    return Some(CellHit {
                        tensor: plane.tensor,
                        channel: plane.channel,
                        row: r - plane.padding.h as isize,
                        col: c - plane.padding.w as isize,
                    });
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Vec<TensorView> {
        vec![
            TensorView {
                id: TensorId::Input,
                shape: Shape3::new(3, 7, 7),
                padding: Pair::square(1),
                focus_channel: 0,
                kernel: None,
                title_chars: (6, 10),
            },
            TensorView {
                id: TensorId::Output,
                shape: Shape3::new(4, 7, 7),
                padding: Pair::square(0),
                focus_channel: 0,
                kernel: None,
                title_chars: (6, 10),
            },
        ]
    }

    #[test]
    fn channel_windows_keep_the_focus_in_view() {
        assert_eq!(channel_window(256, 0, 3), (0, 3));
        assert_eq!(channel_window(256, 100, 3), (99, 3));
        assert_eq!(channel_window(256, 255, 3), (253, 3));
        assert_eq!(channel_window(2, 1, 4), (0, 2));
        assert_eq!(channel_window(0, 0, 4), (0, 0));
    }

    #[test]
    fn layouts_fit_and_cells_round_trip() {
        for view in [View::Flat, View::Stacked] {
            for (w, h) in [(1100.0, 640.0), (360.0, 600.0)] {
                let layout = StageLayout::new(&small(), view, w, h, 1.0);
                assert!(layout.width <= w + 1e-9, "{view:?} {w}: {}", layout.width);
                assert!(
                    layout.height <= h + PLANE_GAP + 1e-9,
                    "{view:?} {h}: {}",
                    layout.height
                );
                for column in &layout.columns {
                    for plane in &column.planes {
                        for (row, col) in [(-1, -1), (0, 0), (3, 5), (6, 6), (7, 7)] {
                            if plane.padding.h == 0 && !(0..7).contains(&row) {
                                continue;
                            }
                            let r = layout.screen_from_grid(plane, row, col);
                            let hit = layout.hit_test(r.x + r.w / 2.0, r.y + r.h / 2.0).unwrap();
                            if view == View::Flat
                                || plane.channel == column.planes.last().unwrap().channel
                            {
                                assert_eq!(
                                    hit,
                                    CellHit {
                                        tensor: plane.tensor,
                                        channel: plane.channel,
                                        row,
                                        col
                                    }
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn big_layers_shrink_cells_and_summarise_channels() {
        let seed = vec![
            TensorView {
                id: TensorId::Input,
                shape: Shape3::new(3, 64, 64),
                padding: Pair::square(1),
                focus_channel: 0,
                kernel: None,
                title_chars: (6, 10),
            },
            TensorView {
                id: TensorId::Intermediate,
                shape: Shape3::new(3, 64, 64),
                padding: Pair::square(0),
                focus_channel: 2,
                kernel: None,
                title_chars: (6, 10),
            },
            TensorView {
                id: TensorId::Output,
                shape: Shape3::new(256, 64, 64),
                padding: Pair::square(0),
                focus_channel: 200,
                kernel: None,
                title_chars: (6, 10),
            },
        ];
        let layout = StageLayout::new(&seed, View::Flat, 1100.0, 700.0, 1.0);
        assert!(!layout.shows_numbers());
        assert_eq!(layout.columns[2].planes.len(), 3);
        assert_eq!(layout.columns[2].first_channel, 199);
        assert!(layout.plane(TensorId::Output, 200).is_some());
        assert!(layout.plane(TensorId::Output, 0).is_none());
        assert!(layout.hit_test(-5.0, -5.0).is_none());
    }

    #[test]
    fn narrow_screens_stack_tensors_vertically() {
        let mut three = small();
        three.insert(
            1,
            TensorView {
                id: TensorId::Intermediate,
                shape: Shape3::new(4, 7, 7),
                padding: Pair::square(0),
                focus_channel: 0,
                kernel: None,
                title_chars: (6, 10),
            },
        );
        let layout = StageLayout::new(&three, View::Flat, 320.0, 620.0, 1.0);
        assert!(layout.width <= 320.0, "{}", layout.width);
        // About a screen and a third in all, so the window and the cell it writes stay close.
        assert!(layout.height <= 620.0 * 1.3 + 1e-9, "{}", layout.height);
        assert!(layout.cell >= 8.0, "{}", layout.cell);
        let (a, b) = (&layout.columns[0], &layout.columns[1]);
        assert_eq!(a.title_at.0, b.title_at.0);
        assert!(b.title_at.1 > a.planes.iter().map(|p| p.rect.y).fold(0.0, f64::max));
    }

    #[test]
    fn the_largest_planes_still_fit() {
        let huge = vec![
            TensorView {
                id: TensorId::Input,
                shape: Shape3::new(3, 4096, 4096),
                padding: Pair::square(1),
                focus_channel: 0,
                kernel: None,
                title_chars: (6, 10),
            },
            TensorView {
                id: TensorId::Output,
                shape: Shape3::new(8, 4096, 4096),
                padding: Pair::square(0),
                focus_channel: 5,
                kernel: None,
                title_chars: (6, 10),
            },
        ];
        for view in [View::Flat, View::Stacked] {
            let layout = StageLayout::new(&huge, view, 1100.0, 620.0, 1.0);
            assert!(
                layout.width <= 1100.0 && layout.height <= 620.0 * 2.0,
                "{view:?} {} × {}",
                layout.width,
                layout.height
            );
            // The front plane (the only one wholly visible in the stacked view).
            let plane = layout.columns[1].planes.last().unwrap();
            let r = layout.screen_from_grid(plane, 4000, 17);
            let hit = layout.hit_test(r.x + r.w / 2.0, r.y + r.h / 2.0).unwrap();
            assert_eq!(
                (hit.tensor, hit.channel, hit.row, hit.col),
                (TensorId::Output, plane.channel, 4000, 17)
            );
        }
    }

    #[test]
    fn small_layers_print_numbers() {
        let layout = StageLayout::new(&small(), View::Flat, 1100.0, 1400.0, 1.0);
        assert!(layout.shows_numbers(), "cell {}", layout.cell);
    }
}
