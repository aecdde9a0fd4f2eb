//! The explorer's four charts: each drawn with plotters on a canvas as wide as its column, with
//! a read-out of the exact values under the pointer, a list of its points for the keyboard, a
//! click (or Enter) that loads a point's layer, and PNG and SVG downloads.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use crate::config::format::thousands;
use crate::config::LayerConfig;
use crate::explorer::series::{
    macs_vs_kernel, macs_vs_out_channels, params_vs_groups, saving_ratio, CountChart, PointRef,
    SavingChart, SAVING_CHART_ID,
};
use crate::render::chart_canvas::{chart_svg, draw_chart};
use crate::render::charts::{Chart, ChartGeometry, Theme, CHART_SIZE};
use crate::ui::download::{download_canvas_png, download_text};
use crate::ui::hooks::use_element_size;

/// How far from a point, in CSS pixels, the pointer still picks it.
const PICK_RADIUS_PX: i32 = 18;
/// The narrowest and widest a chart is drawn, in CSS pixels.
const WIDTH_RANGE_PX: (f64, f64) = (300.0, 960.0);
/// Height over width of a chart, and the least and most height, in CSS pixels.
const ASPECT: f64 = 0.62;
const HEIGHT_RANGE_PX: (f64, f64) = (400.0, 540.0);
/// Below this width (CSS pixels) the title is written above the canvas, not in it.
const NARROW_PX: u32 = 560;

/// One chart's data.
#[derive(Debug, Clone, PartialEq)]
pub enum ChartData {
    /// MACs vs channels, MACs vs kernel, parameters vs groups.
    Count(Rc<CountChart>),
    /// The saving ratio and its closed form.
    Saving(Rc<SavingChart>),
}

/// One point as the list and the read-out show it.
#[derive(Debug, Clone, PartialEq)]
struct PointEntry {
    point: PointRef,
    text: String,
    config: LayerConfig,
}

impl ChartData {
    fn chart(&self) -> Chart<'_> {
        match self {
            ChartData::Count(c) => Chart::Count(c),
            ChartData::Saving(s) => Chart::Saving(s),
        }
    }

    fn id(&self) -> &'static str {
        match self {
            ChartData::Count(c) => c.kind.id(),
            ChartData::Saving(_) => SAVING_CHART_ID,
        }
    }

    fn title(&self) -> &str {
        match self {
            ChartData::Count(c) => &c.title,
            ChartData::Saving(s) => &s.title,
        }
    }

    fn notes(&self) -> &[String] {
        match self {
            ChartData::Count(c) => &c.notes,
            ChartData::Saving(s) => &s.notes,
        }
    }

    fn current(&self) -> Option<PointRef> {
        match self {
            ChartData::Count(c) => c.current,
            ChartData::Saving(s) => s.current.map(|point| PointRef { series: 0, point }),
        }
    }

    fn describe(&self, r: PointRef) -> Option<String> {
        match self {
            ChartData::Count(c) => c.describe(r),
            ChartData::Saving(s) => s.describe(r.point),
        }
    }

    /// The same chart without its drawn title, for a canvas too narrow to hold it (the page
    /// shows the title as text above it instead).
    fn untitled(&self) -> ChartData {
        match self {
            ChartData::Count(c) => ChartData::Count(Rc::new(CountChart {
                title: String::new(),
                ..(**c).clone()
            })),
            ChartData::Saving(s) => ChartData::Saving(Rc::new(SavingChart {
                title: String::new(),
                ..(**s).clone()
            })),
        }
    }

    /// Every point, in series order.
    fn entries(&self) -> Vec<PointEntry> {
        match self {
            ChartData::Count(c) => c
                .series
                .iter()
                .enumerate()
                .flat_map(|(s, series)| {
                    series.points.iter().enumerate().map(move |(i, p)| {
                        let point = PointRef {
                            series: s,
                            point: i,
                        };
                        (point, p.config)
                    })
                })
                .filter_map(|(point, config)| {
                    Some(PointEntry {
                        point,
                        text: c.describe(point)?,
                        config,
                    })
                })
                .collect(),
            ChartData::Saving(s) => s
                .points
                .iter()
                .enumerate()
                .filter_map(|(i, p)| {
                    Some(PointEntry {
                        point: PointRef {
                            series: 0,
                            point: i,
                        },
                        text: s.describe(i)?,
                        config: p.config,
                    })
                })
                .collect(),
        }
    }
}

/// Whether the reader's system asks for a dark page.
fn prefers_dark() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-color-scheme: dark)").ok().flatten())
        .is_some_and(|m| m.matches())
}

fn theme() -> &'static Theme {
    if prefers_dark() {
        &Theme::DARK
    } else {
        &Theme::LIGHT
    }
}

/// The chart's drawing size for a column `width` CSS pixels wide.
fn chart_size(width: f64) -> (u32, u32) {
    let w = if width > 0.0 {
        width.clamp(WIDTH_RANGE_PX.0, WIDTH_RANGE_PX.1)
    } else {
        f64::from(CHART_SIZE.0)
    };
    let h = (w * ASPECT).clamp(HEIGHT_RANGE_PX.0, HEIGHT_RANGE_PX.1);
    (w.round() as u32, h.round() as u32)
}

/// The charts panel's properties.
#[derive(Properties, PartialEq)]
pub struct ChartsPanelProps {
    /// The current, valid layer.
    pub config: LayerConfig,
    /// Groups for the grouped series (the form's Groups field where it fits).
    pub groups: usize,
    /// Loads a point's layer.
    pub on_load: Callback<LayerConfig>,
}

/// The four charts.
#[component(ChartsPanel)]
pub fn charts_panel(props: &ChartsPanelProps) -> Html {
    let charts = use_memo((props.config, props.groups), |(config, groups)| {
        [
            ChartData::Count(Rc::new(macs_vs_out_channels(config, *groups))),
            ChartData::Count(Rc::new(macs_vs_kernel(config, *groups))),
            ChartData::Saving(Rc::new(saving_ratio(config))),
            ChartData::Count(Rc::new(params_vs_groups(config))),
        ]
    });
    html! {
        <div class="chart-grid">
            { for charts.iter().map(|data| html! {
                <ChartView key={data.id()} data={data.clone()} on_load={props.on_load.clone()} />
            }) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct ChartViewProps {
    data: ChartData,
    on_load: Callback<LayerConfig>,
}

/// One chart with its read-out, point list and downloads.
#[component(ChartView)]
fn chart_view(props: &ChartViewProps) -> Html {
    let data = &props.data;
    let id = data.id();
    let container = use_node_ref();
    let canvas_ref = use_node_ref();
    let (width, _) = use_element_size(container.clone());
    let size = chart_size(width);
    let geometry: Rc<RefCell<Option<ChartGeometry>>> = use_mut_ref(|| None);
    // Where each point was drawn, for tools and tests: `series:point:x:y` in CSS pixels, `;`
    // between points.
    let drawn_points = use_state(String::new);
    let hover = use_state(|| None::<PointRef>);
    let chosen = use_state(|| None::<usize>);
    let status = use_state(|| None::<(bool, String)>);
    let entries = use_memo(data.clone(), ChartData::entries);

    // A new layer starts the list afresh.
    {
        let chosen = chosen.clone();
        let hover = hover.clone();
        use_effect_with(data.clone(), move |_| {
            chosen.set(None);
            hover.set(None);
        });
    }
    // Draw whenever the data or the size changes.
    {
        let canvas_ref = canvas_ref.clone();
        let geometry = geometry.clone();
        let status = status.clone();
        let drawn_points = drawn_points.clone();
        use_effect_with((data.clone(), size), move |(data, size)| {
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
            let drawn = if size.0 < NARROW_PX {
                data.untitled()
            } else {
                data.clone()
            };
            match draw_chart(&canvas, *size, dpr, drawn.chart(), theme()) {
                Ok(g) => {
                    let text = g
                        .points
                        .iter()
                        .map(|p| {
                            format!("{}:{}:{}:{}", p.point.series, p.point.point, p.px.0, p.px.1)
                        })
                        .collect::<Vec<_>>()
                        .join(";");
                    if *drawn_points != text {
                        drawn_points.set(text);
                    }
                    *geometry.borrow_mut() = Some(g);
                }
                Err(e) => {
                    *geometry.borrow_mut() = None;
                    status.set(Some((false, format!("The chart could not be drawn: {e}."))));
                }
            }
        });
    }

    let pick = {
        let geometry = geometry.clone();
        move |e: &MouseEvent| -> Option<PointRef> {
            let g = geometry.borrow();
            g.as_ref()?
                .nearest((e.offset_x(), e.offset_y()), PICK_RADIUS_PX)
        }
    };
    let on_move = {
        let hover = hover.clone();
        let pick = pick.clone();
        Callback::from(move |e: MouseEvent| {
            let hit = pick(&e);
            if *hover != hit {
                hover.set(hit);
            }
        })
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let config_of = {
        let entries = entries.clone();
        move |r: PointRef| entries.iter().find(|e| e.point == r).map(|e| e.config)
    };
    let on_click = {
        let on_load = props.on_load.clone();
        let config_of = config_of.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(config) = pick(&e).and_then(&config_of) {
                on_load.emit(config);
            }
        })
    };
    let on_choose = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default();
            chosen.set(value.parse().ok());
        })
    };
    let load_chosen = {
        let on_load = props.on_load.clone();
        let entries = entries.clone();
        let chosen = chosen.clone();
        move || {
            if let Some(entry) = chosen.and_then(|i| entries.get(i)) {
                on_load.emit(entry.config);
            }
        }
    };
    let on_select_key = {
        let load_chosen = load_chosen.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                load_chosen();
            }
        })
    };
    let on_load_button = Callback::from(move |_: MouseEvent| load_chosen());
    let on_png = {
        let canvas_ref = canvas_ref.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let file = format!("convlab-{id}.png");
            let result = canvas_ref
                .cast::<HtmlCanvasElement>()
                .ok_or_else(|| "the chart is not on the page".to_string())
                .and_then(|c| download_canvas_png(&c, &file));
            status.set(Some(match result {
                Ok(()) => (true, format!("Downloaded {file}.")),
                Err(e) => (false, format!("No PNG: {e}.")),
            }));
        })
    };
    let on_svg = {
        let data = data.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let file = format!("convlab-{id}.svg");
            let result = chart_svg(CHART_SIZE, data.chart(), theme())
                .and_then(|svg| download_text(&svg, "image/svg+xml", &file));
            status.set(Some(match result {
                Ok(()) => (true, format!("Downloaded {file}.")),
                Err(e) => (false, format!("No SVG: {e}.")),
            }));
        })
    };

    // The read-out: the point under the pointer, else the one chosen in the list, else the
    // current layer.
    let shown = hover
        .map(|r| (r, "Pointer"))
        .or_else(|| {
            chosen
                .and_then(|i| entries.get(i))
                .map(|e| (e.point, "Chosen"))
        })
        .or_else(|| data.current().map(|r| (r, "Current layer")));
    let readout = match shown.and_then(|(r, what)| Some((what, data.describe(r)?))) {
        Some((what, text)) => format!("{what}: {text}"),
        None => "Hover a point to read its exact values; click it to load that layer.".to_string(),
    };
    let ring = hover.and_then(|r| {
        let g = geometry.borrow();
        g.as_ref()?
            .points
            .iter()
            .find(|p| p.point == r)
            .map(|p| p.px)
    });
    let heading_id = format!("chart-{id}-title");
    let list_id = format!("chart-{id}-points");
    let chosen_value = chosen.map(|i| i.to_string()).unwrap_or_default();
    html! {
        <figure class="chart" data-chart={id} aria-labelledby={heading_id.clone()}>
            // A wide canvas draws the title itself; then the caption only names the figure for
            // screen readers.
            <figcaption id={heading_id} class={classes!((size.0 >= NARROW_PX).then_some("visually-hidden"))}>{ data.title().to_string() }</figcaption>
            <div class="chart-frame" ref={container}>
                <div class="chart-canvas-wrap">
                    <canvas
                        ref={canvas_ref}
                        data-points={(*drawn_points).clone()}
                        class={classes!(hover.is_some().then_some("over-point"))}
                        role="img"
                        aria-label={format!("{}. The list below names every point with its exact values.", data.title())}
                        onmousemove={on_move}
                        onmouseleave={on_leave}
                        onclick={on_click}
                    />
                    if let Some((x, y)) = ring {
                        <span class="chart-hover-ring" aria-hidden="true" style={format!("left:{x}px;top:{y}px")}></span>
                    }
                </div>
            </div>
            <p class="chart-readout" aria-live="polite">{ readout }</p>
            <div class="chart-tools">
                <label for={list_id.clone()}>{ "Point" }</label>
                <select id={list_id} class="chart-points" value={chosen_value} onchange={on_choose} onkeydown={on_select_key}>
                    <option value="" selected={chosen.is_none()}>{ if entries.len() == 1 { "Choose its one point…".to_string() } else { format!("Choose one of {} points…", thousands(entries.len() as u64)) } }</option>
                    { for entries.iter().enumerate().map(|(i, e)| html! {
                        <option value={i.to_string()} selected={*chosen == Some(i)}>{ e.text.clone() }</option>
                    }) }
                </select>
                <button type="button" class="secondary" onclick={on_load_button} disabled={chosen.is_none()}>{ "Load point" }</button>
                <span class="chart-downloads">
                    <button type="button" class="secondary" data-export="png" onclick={on_png}>{ "PNG" }</button>
                    <button type="button" class="secondary" data-export="svg" onclick={on_svg}>{ "SVG" }</button>
                </span>
            </div>
            if let Some((ok, text)) = &*status {
                <p class={classes!("export-status", (!ok).then_some("error"))} role="status">{ text.clone() }</p>
            }
            if !data.notes().is_empty() {
                <ul class="chart-notes">{ for data.notes().iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            }
        </figure>
    }
}
