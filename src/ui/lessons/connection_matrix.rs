//! The connection matrix: a `C_out × C_in` grid of which output channel reads which input
//! channel, drawn as SVG with the inputs as a strip above it. Pointing at a row (or moving
//! through the rows with ↑/↓ when the grid has focus) lights that filter's input channels in the
//! strip and says which they are. [`ConnectionPanel`] shows the matrices of the current layer,
//! linked with the stage: a row pointed at lights that filter's planes there, and the filter
//! under the pointer on the stage lights its row here.

use yew::prelude::*;

use crate::config::format::{channel_list, fixed, thousands};
use crate::config::LayerConfig;
use crate::engine::Method;
use crate::lessons::ConnectionMatrix;
use crate::timeline::FilterRef;

/// Largest drawn side of a matrix by default, in CSS pixels (fits a phone's width).
pub const SIDE_PX: f64 = 260.0;
/// Largest drawn cell side, in CSS pixels (small matrices stay readable, not huge).
const MAX_CELL_PX: f64 = 30.0;
/// Height of the input strip above the grid, and of the gap under it, in CSS pixels at least.
const STRIP_PX: f64 = 14.0;
const GAP_PX: f64 = 6.0;
/// Up to this many rows or columns, thin lines separate the cells.
const MAX_LINED: usize = 48;

/// A run of connected inputs `[start, end)` shared by the output rows `[first, last)`: one
/// rectangle of the drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// First row.
    pub first: usize,
    /// One past the last row.
    pub last: usize,
    /// First input.
    pub start: usize,
    /// One past the last input.
    pub end: usize,
}

/// The runs of consecutive connected inputs of row `o`, as `(start, end)`.
pub fn runs(m: &ConnectionMatrix, o: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for i in 0..=m.c_in() {
        match (start, i < m.c_in() && m.connected(o, i)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The matrix as few rectangles: consecutive rows with the same runs share one.
pub fn blocks(m: &ConnectionMatrix) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut previous: Option<(usize, Vec<(usize, usize)>)> = None;
    for o in 0..=m.c_out() {
        let row = if o < m.c_out() {
            runs(m, o)
        } else {
            Vec::new()
        };
        let same = matches!(&previous, Some((_, p)) if *p == row) && o < m.c_out();
        if !same {
            if let Some((first, p)) = previous.take() {
                out.extend(p.iter().map(|&(start, end)| Block {
                    first,
                    last: o,
                    start,
                    end,
                }));
            }
            previous = Some((o, row));
        }
    }
    out
}

/// The matrix view's properties.
#[derive(Properties, PartialEq)]
pub struct MatrixProps {
    /// The matrix.
    pub matrix: ConnectionMatrix,
    /// What it is (shown above it).
    pub caption: AttrValue,
    /// Prefix of its figures' `data-metric` names (unique on the page).
    pub metric: AttrValue,
    /// Marks the view (a thicker frame) as the one the chapter is about.
    #[prop_or_default]
    pub emphasis: bool,
    /// Largest drawn side, in CSS pixels.
    #[prop_or(SIDE_PX)]
    pub side_px: f64,
    /// The row lit from outside (the stage's filter under the pointer), when no row of this
    /// view is pointed at.
    #[prop_or_default]
    pub lit_row: Option<usize>,
    /// Reports the row pointed at or chosen with the keys (`None` when the pointer leaves).
    #[prop_or_default]
    pub on_row: Callback<Option<usize>>,
}

/// One connection matrix with its input strip, hover readout and counts.
#[component(MatrixView)]
pub fn matrix_view(props: &MatrixProps) -> Html {
    let m = &props.matrix;
    let (rows, cols) = (m.c_out(), m.c_in());
    let pointed = use_state(|| None::<usize>);
    {
        // When the page lights another row (from the stage), this view lets go of its own.
        let pointed = pointed.clone();
        use_effect_with(props.lit_row, move |lit| {
            if *lit != *pointed {
                pointed.set(None);
            }
        });
    }
    // A row pointed at here wins; otherwise the row the page lights (from the stage).
    let hovered = pointed.or(props.lit_row.filter(|&o| o < rows));
    let point = {
        let pointed = pointed.clone();
        let on_row = props.on_row.clone();
        move |row: Option<usize>| {
            if *pointed != row {
                pointed.set(row);
                on_row.emit(row);
            }
        }
    };
    let svg_ref = use_node_ref();
    let grid_blocks = use_memo(m.clone(), blocks);
    let cell_w = (props.side_px / cols as f64).min(MAX_CELL_PX);
    let cell_h = (props.side_px / rows as f64).min(MAX_CELL_PX);
    // View units: one per input column across, one per output row down; the strip and the
    // gap above the grid keep their pixel height whatever the row height.
    let strip_h = (STRIP_PX / cell_h).max(1.0);
    let top = strip_h + GAP_PX / cell_h;
    let view_h = rows as f64 + top;
    let (width_px, height_px) = (cols as f64 * cell_w, view_h * cell_h);
    let row_scale = rows as f64 / view_h;

    let onmousemove = {
        let point = point.clone();
        let svg_ref = svg_ref.clone();
        // Yew delegates events to the root, so the grid's own box comes from its node.
        Callback::from(move |e: MouseEvent| {
            let Some(el) = svg_ref.cast::<web_sys::Element>() else {
                return;
            };
            let rect = el.get_bounding_client_rect();
            if rect.height() <= 0.0 {
                return;
            }
            let y = (f64::from(e.client_y()) - rect.top()) / rect.height();
            let grid_y = (y - (1.0 - row_scale)) / row_scale;
            let row = (grid_y * rows as f64).floor();
            point((row >= 0.0 && row < rows as f64).then_some(row as usize));
        })
    };
    let onmouseleave = {
        let point = point.clone();
        Callback::from(move |_: MouseEvent| point(None))
    };
    // Leaving the grid with the keyboard lets go of its row, as the pointer leaving does.
    let onblur = {
        let point = point.clone();
        Callback::from(move |_: FocusEvent| point(None))
    };
    let onkeydown = {
        Callback::from(move |e: KeyboardEvent| {
            let current = hovered;
            let next = match e.key().as_str() {
                "ArrowDown" => Some(current.map_or(0, |r| (r + 1).min(rows - 1))),
                "ArrowUp" => Some(current.map_or(0, |r| r.saturating_sub(1))),
                "Home" => Some(0),
                "End" => Some(rows - 1),
                "Escape" => None,
                _ => return,
            };
            e.prevent_default();
            point(next);
        })
    };

    // Geometry in view units: x in input columns, y in output rows below the strip.
    let strip_y = 0.0;
    let row_y = |o: usize| top + o as f64;
    let lit_inputs = hovered.map(|o| m.inputs_of(o)).unwrap_or_default();
    let hover_runs = hovered.map(|o| runs(m, o)).unwrap_or_default();
    let count = m.count();
    let pairs = (rows * cols) as u64;
    let per_row: Vec<usize> = (0..rows).map(|o| m.inputs_of(o).len()).collect();
    let (fewest, most) = (
        per_row.iter().copied().min().unwrap_or(0),
        per_row.iter().copied().max().unwrap_or(0),
    );
    let readout = match hovered {
        Some(o) => format!(
            "Output channel {} reads input channel{} {} ({} of {}).",
            o + 1,
            if lit_inputs.len() == 1 { "" } else { "s" },
            channel_list(&lit_inputs),
            lit_inputs.len(),
            cols
        ),
        None => {
            "Point at a row (or focus the grid, then ↑/↓) to light the inputs it reads.".to_string()
        }
    };
    let label = format!(
        "Connection matrix: {rows} output channels by {cols} input channels, {count} of {pairs} pairs connected."
    );
    let metric = |name: &str| format!("{}-{name}", props.metric);
    html! {
        <figure class={classes!("matrix", props.emphasis.then_some("emphasis"))}>
            <figcaption>{ props.caption.clone() }</figcaption>
            <div class="matrix-axes">
                <span class="axis axis-in">{ format!("{cols} input channels →") }</span>
                <span class="axis axis-out">{ format!("{rows} output channels ↓") }</span>
                <svg
                    ref={svg_ref}
                    class="matrix-grid"
                    width={fixed(width_px, 1)}
                    height={fixed(height_px, 1)}
                    viewBox={format!("0 0 {cols} {}", fixed(view_h, 3))}
                    preserveAspectRatio="none"
                    role="img"
                    aria-label={label}
                    tabindex="0"
                    {onmousemove}
                    {onmouseleave}
                    {onblur}
                    {onkeydown}
                >
                    <rect class="strip" x="0" y={fixed(strip_y, 3)} width={cols.to_string()} height={fixed(strip_h, 3)} />
                    { for runs_of_inputs(&lit_inputs).into_iter().map(|(s, e)| html! {
                        <rect class="strip-lit" x={s.to_string()} y={fixed(strip_y, 3)} width={(e - s).to_string()} height={fixed(strip_h, 3)} />
                    }) }
                    <rect class="grid-bg" x="0" y={fixed(top, 3)} width={cols.to_string()} height={rows.to_string()} />
                    { for grid_blocks.iter().map(|b| html! {
                        <rect class="on" x={b.start.to_string()} y={fixed(row_y(b.first), 3)} width={(b.end - b.start).to_string()} height={(b.last - b.first).to_string()} />
                    }) }
                    if cols <= MAX_LINED && cols > 1 {
                        { for (1..cols).map(|i| html! {
                            <line class="cell-line" x1={i.to_string()} x2={i.to_string()} y1="0" y2={fixed(view_h, 3)} />
                        }) }
                    }
                    if rows <= MAX_LINED && rows > 1 {
                        { for (1..rows).map(|o| html! {
                            <line class="cell-line" x1="0" x2={cols.to_string()} y1={fixed(row_y(o), 3)} y2={fixed(row_y(o), 3)} />
                        }) }
                    }
                    if let Some(o) = hovered {
                        <rect class="row-hi" x="0" y={fixed(row_y(o), 3)} width={cols.to_string()} height="1" />
                        { for hover_runs.iter().map(|&(s, e)| html! {
                            <rect class="on-hi" x={s.to_string()} y={fixed(row_y(o), 3)} width={(e - s).to_string()} height="1" />
                        }) }
                    }
                </svg>
            </div>
            <p class="matrix-readout" aria-live="polite">{ readout }</p>
            <p class="matrix-counts">
                <span class="figure" data-metric={metric("connections")} data-value={count.to_string()}>{ thousands(count) }</span>
                { " of " }
                <span class="figure" data-metric={metric("pairs")} data-value={pairs.to_string()}>{ thousands(pairs) }</span>
                { " channel pairs connected; " }
                if fewest == most {
                    { "each output reads " }
                    <span class="figure" data-metric={metric("reads")} data-value={most.to_string()}>{ thousands(most as u64) }</span>
                    { format!(" of {cols} inputs.") }
                } else {
                    { format!("outputs read {fewest} to {most} of {cols} inputs.") }
                }
            </p>
        </figure>
    }
}

fn runs_of_inputs(inputs: &[usize]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &i in inputs {
        match out.last_mut() {
            Some((_, end)) if *end == i => *end = i + 1,
            _ => out.push((i, i + 1)),
        }
    }
    out
}

/// The connection panel's properties.
#[derive(Properties, PartialEq)]
pub struct ConnectionPanelProps {
    /// The current layer.
    pub config: LayerConfig,
    /// The filter lit on the stage: its stage's matrix lights its row.
    #[prop_or_default]
    pub focus: Option<FilterRef>,
    /// Reports the filter whose row is pointed at, so the stage lights its planes.
    #[prop_or_default]
    pub on_focus: Callback<Option<FilterRef>>,
}

/// The matrices of the current layer: one for standard and grouped, one per step for the
/// two-step methods.
#[component(ConnectionPanel)]
pub fn connection_panel(props: &ConnectionPanelProps) -> Html {
    let config = props.config;
    let matrices = use_memo(config, ConnectionMatrix::of_config);
    let captions: [&str; 2] = match config.method {
        Method::Standard => ["Standard layer: every output reads every input", ""],
        Method::Grouped => ["Grouped layer: each output reads its own group", ""],
        Method::DepthwiseSeparable => ["Depthwise step", "Pointwise step"],
        Method::SpatialSeparable => ["Column pass", "Row pass"],
    };
    match matrices.as_ref() {
        Ok(ms) => html! {
            <section class="lesson-panel connection-panel" aria-label="Connection matrix">
                <div class="matrices">
                    { for ms.iter().enumerate().map(|(n, m)| {
                        let caption = if config.method == Method::Grouped {
                            format!("{} ({} groups)", captions[0], config.params.groups)
                        } else {
                            captions[n.min(1)].to_string()
                        };
                        let metric = if n == 0 { "matrix".to_string() } else { format!("matrix-{}", n + 1) };
                        let lit_row = props.focus.filter(|f| f.stage == n).map(|f| f.filter);
                        let on_row = props
                            .on_focus
                            .reform(move |row: Option<usize>| row.map(|filter| FilterRef { stage: n, filter }));
                        html! { <MatrixView matrix={m.clone()} caption={caption} metric={metric} {lit_row} {on_row} /> }
                    }) }
                </div>
            </section>
        },
        Err(e) => html! { <p class="panel-wait">{ format!("No connection matrix: {e}.") }</p> },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_matrices_are_one_block_per_group() {
        let m = ConnectionMatrix::grouped(8, 8, 2).unwrap();
        assert_eq!(
            blocks(&m),
            vec![
                Block {
                    first: 0,
                    last: 4,
                    start: 0,
                    end: 4
                },
                Block {
                    first: 4,
                    last: 8,
                    start: 4,
                    end: 8
                },
            ]
        );
        let full = ConnectionMatrix::standard(3, 128).unwrap();
        assert_eq!(blocks(&full).len(), 1);
        let diagonal = ConnectionMatrix::depthwise(4, 1).unwrap();
        assert_eq!(blocks(&diagonal).len(), 4);
        assert_eq!(runs(&diagonal, 2), vec![(2, 3)]);
    }

    #[test]
    fn input_runs_merge_neighbours() {
        assert_eq!(runs_of_inputs(&[0, 1, 5]), vec![(0, 2), (5, 6)]);
    }
}
