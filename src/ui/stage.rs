//! The animated stage: the canvas with the layer's planes, the controls, the kernel math panel
//! and the narration. Holds the playback cursor; the timeline and the numbers come from
//! [`crate::timeline`], the pictures from [`crate::render`]. While playing, a
//! `requestAnimationFrame` loop passes each frame's `dt` to the cursor; it stops when paused or
//! unmounted. The stage always opens paused and draws whole steps (no tweening), which also
//! honours `prefers-reduced-motion`.

use std::cell::RefCell;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

use gloo_render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

use super::hooks::{use_color_scheme, use_element_size};
use super::math_panel::{Counters, MathPanel};
use super::playback::{
    narration, rested_settings, stage_layer, Playback, PlaybackAction, StageCounts,
};
use super::stage_controls::StageControls;
use super::stage_settings::StageSettings;
use crate::config::format::{channel_list, fixed, kernel_value, scientific, thousands};
use crate::config::LayerConfig;
use crate::engine::{ConvError, Method};
use crate::render::canvas::{paint_scene, prepare, PlaneCache};
use crate::render::layout::CellHit;
use crate::render::scene::{tensor_noun, KernelFigures, Scene, SceneInput, SCENE_MARGIN};
use crate::timeline::data::DATA_MAC_BUDGET;
use crate::timeline::{
    command_for_key, Command, FilterRef, LayerData, SeparableKernel, StepDetail, TensorId,
    Timeline, KEYS_HINT,
};

/// The stage's properties.
#[derive(Properties, PartialEq)]
pub struct StageProps {
    /// The layer.
    pub config: LayerConfig,
    /// The stage settings (step, seed, granularity, view, values, preset).
    pub settings: StageSettings,
    /// Reports changed settings (and the step, whenever playback rests).
    pub on_settings: Callback<StageSettings>,
    /// A spatial separable kernel as its column ⊗ row passes (the kernel editor's): it replaces
    /// the preset, and a kernel of rank k runs as k passes per channel whose rows add up.
    #[prop_or_default]
    pub kernel: Option<Rc<SeparableKernel>>,
    /// The filter in focus (from the connection matrix, or the output cell under the pointer):
    /// its input and output planes are lit.
    #[prop_or_default]
    pub filter_focus: Option<FilterRef>,
    /// Reports the filter under the pointer (`None` when it leaves).
    #[prop_or_default]
    pub on_filter_focus: Callback<Option<FilterRef>>,
    /// The most the planes may take vertically, in CSS pixels.
    #[prop_or(STAGE_MAX_HEIGHT)]
    pub max_height: f64,
}

/// The stage: builds the timeline for the layer, then shows it.
#[component(Stage)]
pub fn stage(props: &StageProps) -> Html {
    let (config, kernel) = stage_layer(props.config, props.kernel.clone());
    let timeline = use_memo((config, props.settings.granularity), |(config, g)| {
        Timeline::new(config, *g).map(Rc::new)
    });
    match &*timeline {
        Ok(t) => html! {
            <StageView timeline={t.clone()} {config} {kernel} settings={props.settings} on_settings={props.on_settings.clone()} filter_focus={props.filter_focus} on_filter_focus={props.on_filter_focus.clone()} max_height={props.max_height} />
        },
        Err(err) => {
            html! { <p class="alert" role="alert">{ format!("This layer cannot be animated: {err}.") }</p> }
        }
    }
}

#[derive(Properties, PartialEq)]
struct StageViewProps {
    timeline: Rc<Timeline>,
    config: LayerConfig,
    kernel: Option<Rc<SeparableKernel>>,
    settings: StageSettings,
    on_settings: Callback<StageSettings>,
    filter_focus: Option<FilterRef>,
    on_filter_focus: Callback<Option<FilterRef>>,
    max_height: f64,
}

/// The stage's numbers for one layer, seed and kernel, with a generation that changes exactly
/// when they are made anew (the plane cache and the frame signature key on it).
struct Numbers {
    generation: u64,
    data: Result<LayerData, ConvError>,
}

thread_local! {
    static GENERATIONS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

impl Numbers {
    fn new(data: Result<LayerData, ConvError>) -> Self {
        let generation = GENERATIONS.with(|n| {
            n.set(n.get() + 1);
            n.get()
        });
        Numbers { generation, data }
    }
}

fn generation_of<T: Hash>(value: &T) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

/// Whether a key belongs to the field it was pressed in: fields keep their own keys, except
/// Space on the scrubber, which plays and pauses (a range input has no use for it, and the page
/// would scroll).
fn is_field(e: &KeyboardEvent) -> bool {
    let tag = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| el.tag_name().to_ascii_lowercase())
        .unwrap_or_default();
    let on_scrubber = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|i| i.type_() == "range");
    tag == "select" || tag == "textarea" || (tag == "input" && !(on_scrubber && e.key() == " "))
}

/// Whether a key scrolls the canvas's container it was pressed in: a picture wider than its
/// container (a phone, many channels) scrolls sideways, and there ←/→, Home and End scroll it
/// rather than step the stage.
fn scrolls_picture(e: &KeyboardEvent) -> bool {
    let on_scroller = e
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| el.has_attribute("data-scrolls"));
    on_scroller
        && matches!(
            e.key().as_str(),
            "ArrowLeft" | "ArrowRight" | "Home" | "End"
        )
}

/// "4 filters, each 3×3×3 = 27 weights", with both figures marked for tools and tests.
fn kernel_figures_line(k: &KernelFigures) -> Html {
    html! {
        <>
            <span data-metric="filters" data-value={k.filters.to_string()}>{ thousands(k.filters as u64) }</span>
            { format!(" {} = ", k.what) }
            <span data-metric="filter-taps" data-value={k.taps.to_string()}>{ thousands(k.taps as u64) }</span>
            { if k.taps == 1 { " weight." } else { " weights." } }
        </>
    }
}

/// What the lit planes are, in words: the filter's output channel and the channels it reads
/// (empty when no filter is in focus).
fn filter_sentence(method: Method, lit: &[(TensorId, usize)]) -> String {
    let Some((&(writes, filter), reads)) = lit.split_last() else {
        return String::new();
    };
    let inputs: Vec<usize> = reads.iter().map(|&(_, c)| c).collect();
    let read = reads.first().map_or(TensorId::Input, |&(t, _)| t);
    format!(
        "Lit: {} channel {} and the {} {} channel{} its filter reads ({}).",
        tensor_noun(method, writes),
        filter + 1,
        inputs.len(),
        tensor_noun(method, read),
        if inputs.len() == 1 { "" } else { "s" },
        channel_list(&inputs)
    )
}

/// Horizontal padding of the canvas's container (`.stage-canvas`), both sides, in CSS pixels.
const STAGE_PADDING: f64 = 18.0;
/// The screen a frame is laid out for while the page's own is not known (rendered to HTML at
/// build time, or before the first measurement): the commonest laptop screen, 1366×768, where
/// the stage's container is 1,282 px wide.
const NOMINAL_STAGE_WIDTH: f64 = 1282.0 - STAGE_PADDING;
/// The nominal screen's height, in CSS pixels.
const NOMINAL_VIEWPORT_HEIGHT: f64 = 768.0;
/// The most the planes may take vertically by default, in CSS pixels.
pub const STAGE_MAX_HEIGHT: f64 = 900.0;
/// The least the planes are given, however short the window.
const STAGE_MIN_HEIGHT: f64 = 340.0;
/// The stage's controls and counters above the canvas, roughly, in CSS pixels: the canvas is
/// given the rest of the viewport.
const STAGE_CHROME_HEIGHT: f64 = 200.0;
/// The same in presentation mode, where the controls and counters are in large type.
const PRESENT_CHROME_HEIGHT: f64 = 250.0;
/// The same in an iframe (`embed=1`), where the hint is folded away.
const EMBED_CHROME_HEIGHT: f64 = 210.0;
/// The same in an iframe at most [`EMBED_SMALL_HEIGHT`] tall, where the options and one counter
/// are folded away too (`style.css`).
const EMBED_SMALL_CHROME_HEIGHT: f64 = 120.0;
/// The tallest frame counted as small (the stylesheet's `max-height: 420px`).
const EMBED_SMALL_HEIGHT: f64 = 420.0;
/// The least the planes are given in an iframe, which may be as small as 320×240.
const EMBED_MIN_HEIGHT: f64 = 100.0;

#[component(StageView)]
fn stage_view(props: &StageViewProps) -> Html {
    let timeline = props.timeline.clone();
    let settings = props.settings;
    let playback = {
        let timeline = timeline.clone();
        let start = settings.step;
        use_reducer(move || Playback::new(timeline, start))
    };
    {
        let dispatcher = playback.dispatcher();
        // A new layer or step size keeps the step the URL names; a new step size with none
        // keeps the element on screen.
        let step = settings.step;
        use_effect_with(timeline.clone(), move |t| {
            dispatcher.dispatch(PlaybackAction::Load(t.clone(), step));
        });
    }
    let numbers = use_memo(
        (
            props.config,
            settings.seed,
            settings.values,
            settings.preset,
            props.kernel.clone(),
        ),
        |(config, seed, values, preset, kernel)| {
            let data = Timeline::new(config, crate::timeline::Granularity::Element).and_then(|t| {
                match kernel {
                    Some(kernel) => LayerData::generate_with_kernel(&t, *seed, *values, kernel),
                    None => LayerData::generate(&t, *seed, *values, *preset),
                }
            });
            Numbers::new(data)
        },
    );
    let (data, generation) = (&numbers.data, numbers.generation);
    let cursor = &playback.cursor;
    let playing = cursor.is_playing();
    let completed = cursor.completed();

    // The animation loop: one frame callback at a time while playing.
    {
        let dispatcher = playback.dispatcher();
        use_effect_with(playing, move |playing| {
            let handle: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
            if *playing {
                fn schedule(
                    handle: Rc<RefCell<Option<AnimationFrame>>>,
                    dispatcher: UseReducerDispatcher<Playback>,
                    last: Option<f64>,
                ) {
                    let next = handle.clone();
                    let frame = request_animation_frame(move |now_ms| {
                        if let Some(last) = last {
                            let dt = ((now_ms - last) / 1000.0).clamp(0.0, 0.25);
                            dispatcher.dispatch(PlaybackAction::Advance(dt));
                        }
                        schedule(next, dispatcher, Some(now_ms));
                    });
                    *handle.borrow_mut() = Some(frame);
                }
                schedule(handle.clone(), dispatcher, None);
            }
            move || {
                handle.borrow_mut().take();
            }
        });
    }
    // The URL follows the step whenever playback rests.
    {
        let on_settings = props.on_settings.clone();
        let rested = rested_settings(settings, cursor);
        use_effect_with((completed, playing), move |_| {
            if let Some(rested) = rested {
                on_settings.emit(rested);
            }
        });
    }
    // The canvas width follows its container.
    let container = use_node_ref();
    let canvas_ref = use_node_ref();
    // Inside the container's padding.
    let (container_width, viewport) = use_element_size(container.clone());
    let width = (container_width - STAGE_PADDING).max(0.0);
    let scheme = use_color_scheme();
    // The planes fit the screen below the controls, so the whole stage can be seen at once.
    let viewport = if viewport > 0.0 {
        viewport
    } else {
        NOMINAL_VIEWPORT_HEIGHT
    };
    let (chrome, least) = if settings.embed && viewport <= EMBED_SMALL_HEIGHT {
        (EMBED_SMALL_CHROME_HEIGHT, EMBED_MIN_HEIGHT)
    } else if settings.embed {
        (EMBED_CHROME_HEIGHT, EMBED_MIN_HEIGHT)
    } else if settings.present {
        (PRESENT_CHROME_HEIGHT, STAGE_MIN_HEIGHT)
    } else {
        (STAGE_CHROME_HEIGHT, STAGE_MIN_HEIGHT)
    };
    let max_height = (viewport - chrome).max(least).min(props.max_height);
    let hover = use_state(|| None::<CellHit>);
    let cache = use_mut_ref(PlaneCache::default);
    let scene_ref = use_mut_ref(|| None::<Rc<Scene>>);

    // What the current step is and reads.
    let step = completed.checked_sub(1).and_then(|i| timeline.step(i));
    let data_ok = data.as_ref().ok();
    let detail = data_ok.and_then(|d| {
        completed
            .checked_sub(1)
            .and_then(|i| StepDetail::of(&timeline, d, i))
    });
    let stages = timeline.stages();
    let scene = Rc::new(Scene::new(&SceneInput {
        timeline: &timeline,
        data: data_ok,
        multiplier: props.config.multiplier,
        completed,
        hover: *hover,
        focus: props.filter_focus,
        view: settings.view,
        width: if width > 0.0 {
            width
        } else {
            NOMINAL_STAGE_WIDTH
        },
        max_height,
        scheme,
    }));
    // A picture wider than its container scrolls sideways; the keyboard must reach it then.
    let scrolls = width > 0.0 && scene.width > width + 0.5;
    let lit = props
        .filter_focus
        .map(|f| timeline.filter_planes(f))
        .unwrap_or_default();

    // Paint whenever what the canvas shows changes.
    let frame_signature = generation_of(&(
        completed,
        generation,
        *hover,
        props.filter_focus,
        scene.width.to_bits(),
        scene.height.to_bits(),
        settings.view,
        scheme,
        timeline.len(),
        timeline.method(),
    ));
    {
        let canvas_ref = canvas_ref.clone();
        let numbers = numbers.clone();
        let cache = cache.clone();
        let scene_ref = scene_ref.clone();
        let scene = scene.clone();
        use_effect_with(frame_signature, move |_| {
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else {
                return;
            };
            let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio());
            if let Some(ctx) = prepare(&canvas, &scene, dpr) {
                let mut cache = cache.borrow_mut();
                cache.reset_if_changed(generation_of(&(generation, scheme)));
                // A failed paint leaves the previous frame; the controls and panel still work.
                let _ = paint_scene(&ctx, &scene, numbers.data.as_ref().ok(), &mut cache);
            }
            *scene_ref.borrow_mut() = Some(scene);
        });
    }

    let on_command = {
        let dispatcher = playback.dispatcher();
        Callback::from(move |c: Command| dispatcher.dispatch(PlaybackAction::Command(c)))
    };
    // Presentation mode: the page shows the stage alone (the root's class), its keys work
    // anywhere on the page, and Escape or leaving full screen ends it.
    let latest_settings = use_mut_ref(|| settings);
    *latest_settings.borrow_mut() = settings;
    {
        let on_command = on_command.clone();
        let on_settings = props.on_settings.clone();
        use_effect_with(settings.present, move |&present| {
            crate::ui::browser::set_root_class("presenting", present);
            let window = web_sys::window();
            let exit = move || {
                crate::ui::browser::exit_fullscreen();
                let settings = *latest_settings.borrow();
                on_settings.emit(StageSettings {
                    present: false,
                    ..settings
                });
            };
            let on_key = {
                let exit = exit.clone();
                wasm_bindgen::closure::Closure::<dyn Fn(KeyboardEvent)>::new(
                    move |e: KeyboardEvent| {
                        // The stage's own handler has taken keys pressed inside it.
                        if e.default_prevented() || is_field(&e) || scrolls_picture(&e) {
                            return;
                        }
                        if e.key() == "Escape" {
                            exit();
                        } else if let Some(c) = command_for_key(&e.key(), e.shift_key()) {
                            e.prevent_default();
                            on_command.emit(c);
                        }
                    },
                )
            };
            let was_fullscreen = Rc::new(std::cell::Cell::new(false));
            let on_fullscreen = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                let now = crate::ui::browser::is_fullscreen();
                if was_fullscreen.get() && !now {
                    exit();
                }
                was_fullscreen.set(now);
            });
            if let (Some(w), true) = (&window, present) {
                let _ =
                    w.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
                let _ = w.add_event_listener_with_callback(
                    "fullscreenchange",
                    on_fullscreen.as_ref().unchecked_ref(),
                );
            }
            move || {
                if let (Some(w), true) = (window, present) {
                    let _ = w.remove_event_listener_with_callback(
                        "keydown",
                        on_key.as_ref().unchecked_ref(),
                    );
                    let _ = w.remove_event_listener_with_callback(
                        "fullscreenchange",
                        on_fullscreen.as_ref().unchecked_ref(),
                    );
                    crate::ui::browser::set_root_class("presenting", false);
                }
            }
        });
    }
    let hit_at = {
        let scene_ref = scene_ref.clone();
        move |e: &MouseEvent| -> Option<CellHit> {
            let scene = scene_ref.borrow();
            scene
                .as_ref()?
                .hit_test(e.offset_x() as f64, e.offset_y() as f64)
        }
    };
    // The filter writing a hovered cell goes to the page (the connection matrix lights its row).
    let filter_at = {
        let timeline = timeline.clone();
        move |hit: Option<CellHit>| hit.and_then(|h| timeline.filter_writing(h.tensor, h.channel))
    };
    let on_move = {
        let hover = hover.clone();
        let hit_at = hit_at.clone();
        let filter_at = filter_at.clone();
        let on_filter_focus = props.on_filter_focus.clone();
        Callback::from(move |e: MouseEvent| {
            let hit = hit_at(&e);
            if *hover != hit {
                let filter = filter_at(hit);
                if filter != filter_at(*hover) {
                    on_filter_focus.emit(filter);
                }
                hover.set(hit);
            }
        })
    };
    let on_leave = {
        let hover = hover.clone();
        let on_filter_focus = props.on_filter_focus.clone();
        Callback::from(move |_: MouseEvent| {
            if filter_at(*hover).is_some() {
                on_filter_focus.emit(None);
            }
            hover.set(None)
        })
    };
    let on_click = {
        let timeline = timeline.clone();
        let on_command = on_command.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(hit) = hit_at(&e) {
                if hit.row >= 0 && hit.col >= 0 {
                    if let Some(n) = timeline.completed_at(
                        hit.tensor,
                        hit.channel,
                        hit.row as usize,
                        hit.col as usize,
                    ) {
                        on_command.emit(Command::Seek(n));
                    }
                }
            }
        })
    };
    let on_key = {
        let on_command = on_command.clone();
        Callback::from(move |e: KeyboardEvent| {
            if is_field(&e) || scrolls_picture(&e) {
                return;
            }
            let Some(command) = command_for_key(&e.key(), e.shift_key()) else {
                return;
            };
            e.prevent_default();
            on_command.emit(command);
        })
    };
    // Where the first output plane is on the canvas, for tools and tests:
    // "x,y,width,height,cell" in CSS pixels from the canvas's top-left corner.
    let layout = &scene.layout;
    let output_plane = layout
        .plane(
            TensorId::Output,
            layout.columns.last().map_or(0, |c| c.first_channel),
        )
        .map(|p| {
            [
                p.rect.x + SCENE_MARGIN,
                p.rect.y + SCENE_MARGIN,
                p.rect.w,
                p.rect.h,
                layout.cell,
            ]
            .map(|v| fixed(v, 3))
            .join(",")
        })
        .unwrap_or_default();
    let counts = StageCounts::at(&timeline, completed);
    let narration = narration(&timeline, completed, playing, props.config.multiplier);
    let data_note = match data {
        Err(ConvError::TooLarge { elements, .. }) => Some(format!(
            "Numbers are computed for layers up to {} MACs; this one has {}, so the stage shows positions and counts only.",
            thousands(DATA_MAC_BUDGET),
            thousands(*elements)
        )),
        Err(err) => Some(format!("No numbers for this layer: {err}.")),
        Ok(_) => None,
    };
    let separable = match (timeline.method(), data_ok) {
        (Method::SpatialSeparable, Some(d)) => {
            // The channel of the step: a column-pass map c·k + t belongs to channel c.
            let passes = props.config.multiplier.max(1);
            let channel = step.map_or(0, |s| match s.stage {
                0 => s.element.0 / passes,
                _ => s.element.0,
            });
            separable_panel(d, channel, passes)
        }
        _ => Html::default(),
    };
    let frame_label = format!(
        "{}: input, {}output planes, kernels beside the planes they multiply, the current window outlined. {}.",
        timeline.method().label(),
        if stages.len() == 2 { "intermediate and " } else { "" },
        scene.kernels.sentence()
    );
    html! {
        <section id="stage" class={classes!("stage", settings.present.then_some("presenting"))} aria-label="Animated stage" tabindex="0" onkeydown={on_key}>
            <StageControls
                method={timeline.method()}
                {playing}
                {completed}
                len={timeline.len()}
                speed={cursor.speed()}
                looping={cursor.is_looping()}
                settings={settings}
                edited_kernel={props.kernel.as_ref().map(|k| k.passes.len())}
                on_command={on_command}
                on_settings={props.on_settings.clone()}
            />
            <Counters
                macs_done={counts.macs_done}
                macs_total={counts.macs_total}
                standard_for_outputs={counts.standard_for_outputs}
                standard_total={counts.standard_total}
                before_outputs={counts.before_outputs}
            />
            if let Some(note) = data_note {
                <p class="note">{ note }</p>
            }
            <div
                class="stage-canvas"
                ref={container}
                data-scrolls={scrolls.then_some("")}
                tabindex={scrolls.then_some("0")}
                role={scrolls.then_some("region")}
                aria-label={scrolls.then_some("The stage's picture, wider than the screen: scroll it sideways")}
            >
                if cfg!(feature = "prerender") {
                    { prerendered_frame(&scene, data_ok, &frame_label) }
                } else {
                    <canvas
                        ref={canvas_ref}
                        data-output-plane={output_plane}
                        role="img"
                        aria-label={frame_label}
                        onmousemove={on_move}
                        onmouseleave={on_leave}
                        onclick={on_click}
                    />
                }
            </div>
            <p class="kernel-figures">{ kernel_figures_line(&scene.kernels) }</p>
            if cfg!(feature = "prerender") {
                // Where the lit planes will be named: empty until the reader points at one.
                <p class="filter-focus shell-loading" role="status">{ "Starting the stage…" }</p>
            } else {
                <p class="filter-focus" aria-live="polite">{ filter_sentence(timeline.method(), &lit) }</p>
            }
            <p class="hint">{ "Hover an output cell to light up everything it reads; click it to jump to the step that computes it. " }{ KEYS_HINT }</p>
            <div class="stage-side">
                <MathPanel
                    detail={detail}
                    step={step}
                    groups={props.config.params.groups}
                    maps_per_channel={props.config.multiplier}
                />
                { separable }
            </div>
            <p class="visually-hidden" aria-live="polite">{ narration }</p>
        </section>
    }
}

/// The frame as SVG, for the page's HTML rendered at build time (`convlab-prerender`): the
/// same scene the canvas paints once the wasm runs, so the first screen shows the stage before
/// the wasm arrives.
fn prerendered_frame(scene: &Scene, data: Option<&LayerData>, label: &str) -> Html {
    let svg = crate::render::svg::scene_svg(scene, data, label, "");
    Html::from_html_unchecked(svg.into())
}

/// The column and row kernels of a channel (one pair per pass), the full kernel they add up to,
/// and how far the passes are from the full convolution.
fn separable_panel(data: &LayerData, channel: usize, passes: usize) -> Html {
    let (Some(col), Some(row), Some(full)) = (
        data.stages.first(),
        data.stages.get(1),
        data.full_kernel.as_ref(),
    ) else {
        return Html::default();
    };
    let [_, _, kh, kw] = full.shape();
    let kw = kw.max(1);
    // A kernel as a table of `width` columns.
    let table = |values: &[f32], width: usize| {
        html! {
            <table class="kernel"><tbody>
                { for values.chunks(width.max(1)).map(|r| html! { <tr>{ for r.iter().map(|v| html! { <td>{ kernel_value(*v) }</td> }) }</tr> }) }
            </tbody></table>
        }
    };
    // One term per pass, each kept on one line: column ⊗ row, then + before the next.
    let factors = (0..passes).map(|t| {
        html! {
            <span class="term">
                if t > 0 {
                    <span class="op">{ "+" }</span>
                }
                { table(col.weights.kernel(channel * passes + t, 0).unwrap_or(&[]), 1) }
                <span class="op">{ "⊗" }</span>
                { table(row.weights.kernel(channel, t).unwrap_or(&[]), kw) }
            </span>
        }
    });
    let (heading, what) = match passes {
        1 => ("column ⊗ row".to_string(), "two passes"),
        n => (format!("{n} passes, Σ column ⊗ row"), "sum of the passes"),
    };
    let diff = data.separable_difference.unwrap_or(0.0);
    let measured = if diff == 0.0 {
        "0 (identical)".to_string()
    } else {
        format!("{} (float rounding)", scientific(f64::from(diff)))
    };
    html! {
        <section class="separable-kernels" aria-label="Kernel factors">
            <p class="math-heading">{ format!("Channel {}: {heading} = full kernel", channel + 1) }</p>
            <div class="factor-row">
                { for factors }
                <span class="op">{ "=" }</span>
                { table(full.kernel(channel, 0).unwrap_or(&[]), kw) }
            </div>
            <p class="muted">{ format!("Largest |{what} − full {kh}×{kw} convolution| over the whole output: {measured}") }</p>
        </section>
    }
}
