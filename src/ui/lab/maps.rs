//! The lab's maps: one canvas for each channel of a tensor a step wrote, on the diverging
//! colour map with the tensor's value range, tinted by group where the step is grouped; pointing
//! at a pixel reports it (channel, row, column) to the page, which shows its value and sum.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::picture_io::paint_rgba;
use crate::config::format::{fixed, thousands};
use crate::lab::{Computed, Op};
use crate::render::colors::{category, Scheme};
use crate::render::lab_image::DivergingLut;

/// A pixel of a step's output: `(step, channel, y, x)`.
pub type PixelRef = (usize, usize, usize, usize);

/// The properties of one step's maps.
#[derive(Properties, PartialEq)]
pub struct StepMapsProps {
    /// The computed plan.
    pub computed: Rc<Computed>,
    /// Which step's output.
    pub step: usize,
    /// The page's scheme.
    pub scheme: Scheme,
    /// Pointer over a pixel (or off the maps).
    pub on_point: Callback<Option<PixelRef>>,
}

/// A value as the page writes it: up to three decimals.
pub fn value_text(v: f32) -> String {
    let t = fixed(f64::from(v), 3);
    let t = if t.contains('.') {
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        t
    };
    if t == "-0" {
        "0".into()
    } else {
        t.replace('-', "−")
    }
}

/// A tensor's smallest and largest values and its largest absolute value.
fn range_of(computed: &Computed, t: usize) -> (f32, f32, f32) {
    let (min, max) = computed.tensors.get(t).map_or((0.0, 0.0), |t| {
        t.data()
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &v| {
                (lo.min(v), hi.max(v))
            })
    });
    (min, max, computed.max_abs(t))
}

/// One step's maps.
#[component(StepMaps)]
pub fn step_maps(props: &StepMapsProps) -> Html {
    // The range is computed once per result, not on every render while the next one computes.
    let range = {
        let computed = props.computed.clone();
        let step = props.step;
        use_memo((Rc::as_ptr(&props.computed) as usize, step), move |_| {
            range_of(&computed, step + 1)
        })
    };
    let (min, max, max_abs) = *range;
    let Some(step) = props.computed.plan.steps.get(props.step) else {
        return Html::default();
    };
    let Some(tensor) = props.computed.tensors.get(props.step + 1) else {
        return Html::default();
    };
    let s = tensor.shape();
    let macs = props.computed.plan.step_macs()[props.step];
    let kind = match (&step.op, step.role) {
        (Op::Difference { .. }, _) => "check: no MACs".to_string(),
        (Op::Shuffle { .. }, _) => "a reordering: no MACs".to_string(),
        (_, crate::lab::Role::Check) => {
            format!("check beside the method: {} MACs", thousands(macs))
        }
        _ => format!("{} MACs", thousands(macs)),
    };
    let heading = format!("{} · {} × {} × {}", step.name, s.c, s.h, s.w);
    html! {
        <figure class="lab-step" data-step={props.step.to_string()} data-step-name={step.name.clone()}>
            <figcaption>
                <strong>{ heading }</strong>
                <span class="lab-range">
                    { format!(" · values from {} to {}", value_text(min), value_text(max)) }
                </span>
                <span class="lab-kind">{ format!(" · {kind}") }</span>
                if matches!(step.op, Op::Difference { .. }) {
                    <span class="lab-diff">
                        { " · largest |difference| " }
                        <strong data-metric="max-diff" data-value={value_text(max_abs)}>{ value_text(max_abs) }</strong>
                        if max_abs > 0.0 {
                            { " (single-precision rounding: this kernel's factors are not binary fractions, so the two orders of summation round apart)" }
                        } else {
                            { " (exactly: the passes give the full kernel's bits)" }
                        }
                    </span>
                }
            </figcaption>
            <div class="lab-maps">
                { for (0..s.c).map(|c| {
                    let name = step.channel_names.get(c).cloned().unwrap_or_default();
                    let group = step.channel_groups.as_ref().and_then(|g| g.get(c).copied());
                    html! {
                        <MapCanvas
                            computed={props.computed.clone()}
                            step={props.step}
                            channel={c}
                            {max_abs}
                            {name}
                            {group}
                            scheme={props.scheme}
                            on_point={props.on_point.clone()}
                        />
                    }
                }) }
            </div>
        </figure>
    }
}

#[derive(Properties, PartialEq)]
struct MapCanvasProps {
    computed: Rc<Computed>,
    step: usize,
    channel: usize,
    max_abs: f32,
    name: String,
    group: Option<usize>,
    scheme: Scheme,
    on_point: Callback<Option<PixelRef>>,
}

#[component(MapCanvas)]
fn map_canvas(props: &MapCanvasProps) -> Html {
    let node = use_node_ref();
    {
        let node = node.clone();
        let computed = props.computed.clone();
        let (step, channel, max_abs, scheme) =
            (props.step, props.channel, props.max_abs, props.scheme);
        use_effect_with(
            (Rc::as_ptr(&computed) as usize, step, channel, scheme),
            move |_| {
                // Each map is painted in a task of its own, so a page of large maps never
                // holds the thread for long.
                let paint = move || {
                    if let (Some(canvas), Some(t)) = (
                        node.cast::<web_sys::HtmlCanvasElement>(),
                        computed.tensors.get(step + 1),
                    ) {
                        let s = t.shape();
                        if let Some(plane) = t.channel(channel) {
                            let rgba = DivergingLut::new(scheme).plane_rgba(plane, max_abs);
                            paint_rgba(&canvas, s.w, s.h, &rgba);
                        }
                    }
                };
                let task = wasm_bindgen::closure::Closure::once_into_js(paint);
                if let Some(w) = web_sys::window() {
                    let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(
                        task.unchecked_ref(),
                        0,
                    );
                }
            },
        );
    }
    let shape = props
        .computed
        .tensors
        .get(props.step + 1)
        .map(|t| t.shape());
    let onmousemove = {
        let on_point = props.on_point.clone();
        let (step, channel) = (props.step, props.channel);
        Callback::from(move |e: MouseEvent| {
            let Some(s) = shape else { return };
            let Some(el) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
            else {
                return;
            };
            let (cw, ch) = (f64::from(el.client_width()), f64::from(el.client_height()));
            if cw <= 0.0 || ch <= 0.0 {
                return;
            }
            let x = ((f64::from(e.offset_x()) / cw * s.w as f64) as usize).min(s.w - 1);
            let y = ((f64::from(e.offset_y()) / ch * s.h as f64) as usize).min(s.h - 1);
            on_point.emit(Some((step, channel, y, x)));
        })
    };
    let onmouseleave = props.on_point.reform(|_: MouseEvent| None);
    let style = props
        .group
        .map(|g| format!("--group: {}", category(g).css()));
    html! {
        <div class={classes!("lab-map", props.group.map(|_| "grouped"))} {style}>
            <canvas
                ref={node}
                data-step={props.step.to_string()}
                data-channel={props.channel.to_string()}
                role="img"
                aria-label={format!("{}: {}", props.name, "values on a diverging colour map, blue negative, white zero, orange positive")}
                {onmousemove}
                {onmouseleave}
            />
            <span class="lab-map-name">{ props.name.clone() }</span>
        </div>
    }
}
