//! The image lab at `/lab/`: a picture (a sample drawn by code, or the reader's own through the
//! "Picture" file input, drag and drop or paste, decoded by the browser and never sent) through
//! each method, every tensor a step writes shown as maps with their value range, the exact MACs
//! from `engine::cost` and the time the engine took. The work is done between frames, a band of
//! rows at a time, so the page never freezes; the address carries everything but the picture.

mod maps;
mod picture_io;

use std::cell::RefCell;
use std::rc::Rc;

use gloo_render::{request_animation_frame, AnimationFrame};
use wasm_bindgen::JsCast;
use yew::prelude::*;

use self::maps::{value_text, PixelRef, StepMaps};
use self::picture_io::{decode, first_file, now_ms, paint_rgba};
use super::browser;
use super::hooks::use_color_scheme;
use super::math_panel::arithmetic;
use super::method_tabs::{tab_id, MethodTabs, PANEL_ID};
use crate::config::format::{fixed, thousands};
use crate::engine::{Method, NamedKernel, Shape3};
use crate::lab::pipeline::GROUPED_OUTPUTS;
use crate::lab::settings::{parse_lab_kernel, parse_mix, preset_from_key, preset_key};
use crate::lab::{Computed, Job, LabSettings, Mix, Picture, Plan, Sample, DEFAULT_LONG_SIDE};
use crate::lessons::kernel_text::format_kernel;

/// Work done in one slice before the page gets the thread back (well under 50 ms).
const SLICE_MS: f64 = 12.0;
/// MACs per band inside a slice: small enough that one band is a few milliseconds.
const BAND_MACS: u64 = 400_000;

/// Mounts the lab on the page's `#app`, replacing the static shell.
pub fn start() {
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            root.set_inner_html("");
            let _ = root.remove_attribute("aria-busy");
            yew::Renderer::<Lab>::with_root(root).render();
        }
        None => {
            yew::Renderer::<Lab>::new().render();
        }
    }
}

/// Where the picture came from.
#[derive(Debug, Clone, PartialEq)]
enum Source {
    Sample(Sample),
    Own { name: String },
}

/// The lab's state.
#[derive(Clone, PartialEq)]
struct LabState {
    settings: LabSettings,
    picture: Rc<Picture>,
    /// Changes with every new picture.
    picture_id: u64,
    source: Source,
    /// Notes about the link and the scaling.
    notes: Vec<String>,
    /// Why the last file was not read.
    error: Option<String>,
    /// Reading a file.
    reading: bool,
    /// The kernel field's text and its problem.
    kernel_text: String,
    kernel_problem: Option<String>,
    /// The own mix field's text and its problem.
    mix_text: String,
    mix_problem: Option<String>,
    computed: Option<Rc<Computed>>,
    /// (done, total) while computing.
    progress: Option<(u64, u64)>,
    /// Milliseconds the engine worked, and from start to end.
    busy_ms: f64,
    wall_ms: f64,
    hover: Option<PixelRef>,
}

enum LabAction {
    Sample(Sample),
    Method(Method),
    Preset(Option<NamedKernel>),
    KernelText(String),
    ToggleMix(Mix),
    MixText(String),
    Groups(usize),
    Shuffle(bool),
    Reading,
    Decoded {
        picture: Picture,
        name: String,
        scaled: Option<String>,
    },
    Refused(String),
    Progress(u64, u64),
    Done {
        computed: Rc<Computed>,
        busy_ms: f64,
        wall_ms: f64,
    },
    Point(Option<PixelRef>),
}

impl LabState {
    fn new() -> LabState {
        let (settings, notes) = LabSettings::from_query(&browser::current_query());
        let picture = Rc::new(settings.sample.picture());
        LabState {
            kernel_text: format_kernel(&settings.choice.kernel).replace(' ', ""),
            kernel_problem: None,
            mix_text: String::new(),
            mix_problem: None,
            source: Source::Sample(settings.sample),
            settings,
            picture,
            picture_id: 0,
            notes,
            error: None,
            reading: false,
            computed: None,
            progress: None,
            busy_ms: 0.0,
            wall_ms: 0.0,
            hover: None,
        }
    }
}

impl Reducible for LabState {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            LabAction::Sample(sample) => {
                s.settings.sample = sample;
                s.settings.own_picture = false;
                s.picture = Rc::new(sample.picture());
                s.picture_id += 1;
                s.source = Source::Sample(sample);
                s.notes.clear();
                s.error = None;
            }
            LabAction::Method(m) => s.settings.method = m,
            LabAction::Preset(Some(k)) => {
                s.settings.preset = Some(k);
                s.settings.choice.kernel = k.matrix();
                s.kernel_text = format_kernel(&k.matrix()).replace(' ', "");
                s.kernel_problem = None;
            }
            LabAction::Preset(None) => s.settings.preset = None,
            LabAction::KernelText(text) => {
                match parse_lab_kernel(&text) {
                    Ok((named, matrix)) => {
                        s.settings.preset = named;
                        s.settings.choice.kernel = matrix;
                        s.kernel_problem = None;
                    }
                    Err(e) => s.kernel_problem = Some(format!("The kernel is not used: {e}.")),
                }
                s.kernel_text = text;
            }
            LabAction::ToggleMix(mix) => {
                let mixes = &mut s.settings.choice.mixes;
                if let Some(i) = mixes.iter().position(|m| *m == mix) {
                    if mixes.len() > 1 {
                        mixes.remove(i);
                    }
                } else {
                    mixes.push(mix);
                }
            }
            LabAction::MixText(text) => {
                let mixes = &mut s.settings.choice.mixes;
                mixes.retain(|m| m.key().is_some());
                s.mix_problem = None;
                let compact: String = text
                    .split([',', ' '])
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join("_");
                if !compact.is_empty() {
                    match parse_mix(&compact) {
                        Ok(m) => mixes.push(m),
                        Err(e) => s.mix_problem = Some(format!("The own mix is not used: {e}.")),
                    }
                }
                if mixes.is_empty() {
                    mixes.push(Mix::Luminance);
                }
                s.mix_text = text;
            }
            LabAction::Groups(g) => s.settings.choice.groups = g,
            LabAction::Shuffle(on) => s.settings.choice.shuffle = on,
            LabAction::Reading => {
                s.reading = true;
                s.error = None;
            }
            LabAction::Decoded {
                picture,
                name,
                scaled,
            } => {
                s.reading = false;
                s.picture = Rc::new(picture);
                s.picture_id += 1;
                s.source = Source::Own { name };
                s.settings.own_picture = true;
                s.notes = scaled.into_iter().collect();
                s.error = None;
            }
            LabAction::Refused(message) => {
                s.reading = false;
                s.error = Some(message);
            }
            LabAction::Progress(done, total) => s.progress = Some((done, total)),
            LabAction::Done {
                computed,
                busy_ms,
                wall_ms,
            } => {
                s.computed = Some(computed);
                s.progress = None;
                s.busy_ms = busy_ms;
                s.wall_ms = wall_ms;
                s.hover = None;
            }
            LabAction::Point(p) => s.hover = p,
        }
        if s == *self {
            self
        } else {
            Rc::new(s)
        }
    }
}

/// The computation in flight.
#[derive(Default)]
struct Runner {
    job: Option<Job>,
    frame: Option<AnimationFrame>,
    started_ms: f64,
    busy_ms: f64,
}

/// Runs slices of the job, one per animation frame, until it is done.
fn schedule(runner: Rc<RefCell<Runner>>, dispatch: Callback<LabAction>) {
    let next = runner.clone();
    let frame = request_animation_frame(move |_| {
        let start = now_ms();
        let outcome = {
            let mut r = next.borrow_mut();
            let Some(job) = r.job.as_mut() else { return };
            let mut finished = false;
            let mut failed = false;
            while now_ms() - start < SLICE_MS {
                match job.advance(BAND_MACS) {
                    Ok(true) => {
                        finished = true;
                        break;
                    }
                    Ok(false) => {}
                    Err(_) => {
                        failed = true;
                        break;
                    }
                }
            }
            let progress = job.progress();
            r.busy_ms += now_ms() - start;
            if failed {
                r.job = None;
                None
            } else if finished {
                let job = r.job.take();
                let wall = now_ms() - r.started_ms;
                job.map(|j| Ok((j.finish(), r.busy_ms, wall)))
            } else {
                Some(Err(progress))
            }
        };
        match outcome {
            Some(Ok((computed, busy_ms, wall_ms))) => dispatch.emit(LabAction::Done {
                computed: Rc::new(computed),
                busy_ms,
                wall_ms,
            }),
            Some(Err((done, total))) => {
                dispatch.emit(LabAction::Progress(done, total));
                schedule(next.clone(), dispatch.clone());
            }
            None => {}
        }
    });
    runner.borrow_mut().frame = Some(frame);
}

/// Reads a file (chosen, dropped or pasted) into the lab.
fn load_file(file: web_sys::Blob, name: String, dispatch: Callback<LabAction>) {
    dispatch.emit(LabAction::Reading);
    wasm_bindgen_futures::spawn_local(async move {
        match decode(file).await {
            Ok(d) => dispatch.emit(LabAction::Decoded {
                picture: d.picture,
                name,
                scaled: d.scaled,
            }),
            Err(message) => dispatch.emit(LabAction::Refused(message)),
        }
    });
}

fn file_name(file: &web_sys::File) -> String {
    let name = file.name();
    if name.is_empty() {
        "your picture".into()
    } else {
        crate::config::format::abridged(&name)
    }
}

/// What the lab says about each method, under the tabs.
fn method_note(method: Method) -> &'static str {
    match method {
        Method::Standard => "One K×K×3 filter reads all three colour channels at once: the kernel on R, G and B, averaged into one output map.",
        Method::SpatialSeparable => "Each channel is filtered by K×1 column kernels, then 1×K row kernels. Beside them, the full K×K kernel on the same picture and the difference: exactly zero when the kernel has rank 1; a kernel of rank k takes k column ⊗ row passes.",
        Method::DepthwiseSeparable => "The depthwise step filters each colour channel alone with the K×K kernel; the pointwise step then mixes the three maps with 1×1×3 weights, one output per mix.",
        Method::Grouped => "The three colour channels are split into groups: each filter reads only its own group's channels. Six filters (the kernel and its transpose, twice per colour), then a following grouped 1×1 layer — with channel shuffle, each of its groups sees every colour.",
    }
}

/// The image lab.
#[component(Lab)]
pub fn lab() -> Html {
    let state = use_reducer(LabState::new);
    let scheme = use_color_scheme();
    let runner = use_mut_ref(Runner::default);
    let dispatch = {
        let d = state.dispatcher();
        Callback::from(move |a: LabAction| d.dispatch(a))
    };
    // The address follows the state (never the picture itself).
    {
        let query = state.settings.to_query();
        use_effect_with(query, |q| {
            let _ = browser::replace_query(q);
        });
    }
    // A new picture or choice starts a new computation, replacing the one in flight.
    {
        let key = (
            state.picture_id,
            state.settings.method,
            format!("{:?}", state.settings.choice),
        );
        let picture = state.picture.clone();
        let settings = state.settings.clone();
        let runner = runner.clone();
        let dispatch = dispatch.clone();
        use_effect_with(key, move |_| {
            let started = now_ms();
            let job = picture.to_tensor().and_then(|input| {
                let plan = Plan::new(settings.method, &settings.choice, input.shape())?;
                Job::new(plan, input)
            });
            {
                let mut r = runner.borrow_mut();
                r.frame = None;
                r.job = job.ok();
                r.started_ms = started;
                r.busy_ms = 0.0;
            }
            schedule(runner.clone(), dispatch);
            move || {
                let mut r = runner.borrow_mut();
                r.frame = None;
                r.job = None;
            }
        });
    }
    // Paste a picture anywhere on the page.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::ClipboardEvent)>::new(
                move |e: web_sys::ClipboardEvent| {
                    let files = e.clipboard_data().and_then(|d| d.files());
                    if let Some(file) = files.as_ref().and_then(|f| f.get(0)) {
                        e.prevent_default();
                        let name = file_name(&file);
                        if let Some(blob) = first_file(files) {
                            load_file(blob, name, dispatch.clone());
                        }
                    }
                },
            );
            let window = web_sys::window();
            if let Some(w) = &window {
                let _ =
                    w.add_event_listener_with_callback("paste", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = window {
                    let _ = w.remove_event_listener_with_callback(
                        "paste",
                        listener.as_ref().unchecked_ref(),
                    );
                }
            }
        });
    }
    // The picture itself, as it is.
    let picture_node = use_node_ref();
    {
        let node = picture_node.clone();
        let picture = state.picture.clone();
        use_effect_with(state.picture_id, move |_| {
            if let Some(canvas) = node.cast::<web_sys::HtmlCanvasElement>() {
                paint_rgba(&canvas, picture.width(), picture.height(), picture.rgba());
            }
        });
    }

    let on_file = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let Some(input) = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            else {
                return;
            };
            let files = input.files();
            let name = files
                .as_ref()
                .and_then(|f| f.get(0))
                .map(|f| file_name(&f))
                .unwrap_or_default();
            if let Some(blob) = first_file(files) {
                load_file(blob, name, dispatch.clone());
            }
            // The same file chosen again is read again.
            input.set_value("");
        })
    };
    let dragging = use_state(|| false);
    let on_dragover = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_dragleave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let on_drop = {
        let dispatch = dispatch.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            let files = e.data_transfer().and_then(|d| d.files());
            let name = files
                .as_ref()
                .and_then(|f| f.get(0))
                .map(|f| file_name(&f))
                .unwrap_or_default();
            match first_file(files) {
                Some(blob) => load_file(blob, name, dispatch.clone()),
                None => dispatch.emit(LabAction::Refused(
                    "Nothing to read was dropped: drop a picture file.".into(),
                )),
            }
        })
    };
    let on_sample = dispatch.reform(|e: Event| {
        let value = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        LabAction::Sample(Sample::from_key(&value).unwrap_or_default())
    });
    let on_method = dispatch.reform(LabAction::Method);
    let on_preset = dispatch.reform(|e: Event| {
        let value = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        LabAction::Preset(preset_from_key(&value))
    });
    let on_kernel_text = dispatch.reform(|e: Event| {
        let value = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        LabAction::KernelText(value)
    });
    let on_mix_text = dispatch.reform(|e: Event| {
        let value = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        LabAction::MixText(value)
    });
    let on_groups = dispatch.reform(|e: Event| {
        let value = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
            .map(|s| s.value())
            .unwrap_or_default();
        LabAction::Groups(if value == "1" { 1 } else { 3 })
    });
    let on_shuffle = dispatch.reform(|e: Event| {
        let on = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
            .is_some_and(|i| i.checked());
        LabAction::Shuffle(on)
    });
    let on_point = dispatch.reform(LabAction::Point);

    let settings = &state.settings;
    let method = settings.method;
    let picture = &state.picture;
    // The figures of the method on this picture, from engine::cost (known before computing).
    let plan = Plan::new(
        method,
        &settings.choice,
        Shape3::new(3, picture.height(), picture.width()),
    )
    .ok();
    let computed = state.computed.clone().filter(|c| {
        c.plan.method == method
            && c.plan.input.h == picture.height()
            && c.plan.input.w == picture.width()
    });
    let layer_query = format!("mode={}", method.key());
    let kernel_query = settings
        .preset
        .map(|k| format!("&preset={}", preset_key(k)))
        .unwrap_or_default();
    let source_text = match &state.source {
        Source::Sample(s) => format!("Sample: {}", s.label()),
        Source::Own { name } => format!("Your picture: {name}"),
    };

    html! {
        <>
            <header class="site-header">
                <h1>{ "convlab" }</h1>
                <p class="tagline">{ "Image lab: your own picture through every method, in your browser." }</p>
                <nav class="page-links" aria-label="Other pages">
                    <a class="page-link" href={format!("../?{layer_query}")}>{ "← Explainer and cost explorer" }</a>
                    <a class="page-link" href={format!("../lessons/?{layer_query}{kernel_query}")}>{ "Guided lessons" }</a>
                </nav>
            </header>
            <section class="lab-picture" aria-label="Picture">
                <div
                    class={classes!("lab-drop", dragging.then_some("dragging"))}
                    ondragover={on_dragover}
                    ondragleave={on_dragleave}
                    ondrop={on_drop}
                    data-testid="drop-zone"
                >
                    <div class="lab-inputs">
                        <label for="lab-picture">{ "Picture" }</label>
                        <input id="lab-picture" type="file" accept="image/png,image/jpeg,image/gif,image/webp,image/bmp" onchange={on_file} />
                        <label for="lab-sample">{ "Sample" }</label>
                        <select id="lab-sample" onchange={on_sample}>
                            { for Sample::ALL.iter().map(|s| html! {
                                <option value={s.key()} selected={matches!(state.source, Source::Sample(x) if x == *s)}>{ s.label() }</option>
                            }) }
                            if matches!(state.source, Source::Own { .. }) {
                                <option value="" selected=true disabled=true>{ "(your picture)" }</option>
                            }
                        </select>
                    </div>
                    <p class="lab-hint">{ "Drop a picture here, paste one (Ctrl+V), or choose a file. PNG, JPEG, GIF, WebP or BMP; larger than " }{ thousands(DEFAULT_LONG_SIDE as u64) }{ " pixels on the long side, it is scaled down." }</p>
                    <p class="lab-privacy">{ "Your picture never leaves this machine: the browser decodes it and convlab's engine runs in this page. Nothing is uploaded, and the address never carries it." }</p>
                </div>
                if let Some(error) = &state.error {
                    <div class="alert" role="alert"><p>{ error.clone() }{ " The previous picture stays." }</p></div>
                }
                if state.reading {
                    <p role="status">{ "Reading the picture…" }</p>
                }
                if !state.notes.is_empty() {
                    <div class="lab-notes" role="status">
                        { for state.notes.iter().map(|n| html! { <p>{ n.clone() }</p> }) }
                    </div>
                }
                <figure class="lab-source">
                    <canvas ref={picture_node} role="img" aria-label={source_text.clone()} />
                    <figcaption>
                        { source_text }{ " · " }
                        <span data-metric="image-width" data-value={picture.width().to_string()}>{ thousands(picture.width() as u64) }</span>
                        { " × " }
                        <span data-metric="image-height" data-value={picture.height().to_string()}>{ thousands(picture.height() as u64) }</span>
                        { " pixels, 3 channels (R, G, B from 0 to 255)" }
                    </figcaption>
                </figure>
            </section>
            <MethodTabs selected={method} on_select={on_method} />
            <section id={PANEL_ID} class={classes!("method-panel", "lab-panel", format!("method-{}", method.key()))} role="tabpanel" aria-labelledby={tab_id(method)}>
                <p class="method-summary">{ method_note(method) }</p>
                <div class="lab-controls">
                    <div class="lab-field">
                        <label for="lab-kernel">{ "Kernel" }</label>
                        <select id="lab-kernel" onchange={on_preset}>
                            { for NamedKernel::ALL.iter().map(|k| html! {
                                <option value={preset_key(*k)} selected={settings.preset == Some(*k)}>{ k.label() }</option>
                            }) }
                            <option value="own" selected={settings.preset.is_none()}>{ "Own kernel" }</option>
                        </select>
                    </div>
                    <div class="lab-field">
                        <label for="lab-kernel-values">{ "Kernel values (K×K, row by row, commas)" }</label>
                        <input id="lab-kernel-values" type="text" spellcheck="false" value={state.kernel_text.clone()} onchange={on_kernel_text} />
                    </div>
                    if method == Method::DepthwiseSeparable {
                        <fieldset class="lab-field lab-mixes">
                            <legend>{ "Pointwise mixes (1×1×3)" }</legend>
                            { for Mix::NAMED.iter().map(|&m| {
                                let id = format!("lab-mix-{}", m.key().unwrap_or("own"));
                                let checked = settings.choice.mixes.contains(&m);
                                let onchange = dispatch.reform(move |_: Event| LabAction::ToggleMix(m));
                                html! {
                                    <span class="lab-check">
                                        <input type="checkbox" id={id.clone()} {checked} {onchange} />
                                        <label for={id}>{ format!("{} ({})", m.label(), m.weights().map(value_text).join(", ")) }</label>
                                    </span>
                                }
                            }) }
                            <label for="lab-mix-own">{ "Own weights R, G, B" }</label>
                            <input id="lab-mix-own" type="text" spellcheck="false" placeholder="0.5, 0.5, -1" value={state.mix_text.clone()} onchange={on_mix_text} />
                        </fieldset>
                    }
                    if method == Method::Grouped {
                        <div class="lab-field">
                            <label for="lab-groups">{ "Groups" }</label>
                            <select id="lab-groups" onchange={on_groups}>
                                <option value="1" selected={settings.choice.groups == 1}>{ "1 (every filter reads R, G and B)" }</option>
                                <option value="3" selected={settings.choice.groups == 3}>{ "3 (one colour channel each)" }</option>
                            </select>
                        </div>
                        <div class="lab-field lab-check">
                            <input type="checkbox" id="lab-shuffle" checked={settings.choice.shuffle} onchange={on_shuffle} />
                            <label for="lab-shuffle">{ "Channel shuffle before the following grouped layer" }</label>
                        </div>
                    }
                </div>
                if let Some(problem) = state.kernel_problem.clone().or(state.mix_problem.clone()) {
                    <div class="alert" role="alert"><p>{ problem }</p></div>
                }
                { cost_line(plan.as_ref(), method, settings.choice.groups) }
                <p class="lab-time" aria-live="polite">
                    if let Some((done, total)) = state.progress {
                        <label for="lab-progress">{ "Computing " }</label>
                        <progress id="lab-progress" max={total.to_string()} value={done.to_string()} />
                    } else if computed.is_some() {
                        { "Computed in " }
                        <strong data-metric="lab-time-ms" data-value={fixed(state.busy_ms, 1)}>{ format!("{} ms", fixed(state.busy_ms, 1)) }</strong>
                        { format!(" of engine time ({} ms from start to finish, in slices between frames so the page stays responsive).", fixed(state.wall_ms, 0)) }
                    }
                </p>
                { hover_line(computed.as_deref(), state.hover) }
                if let Some(c) = computed {
                    <div class="lab-steps">
                        { for (0..c.plan.steps.len()).map(|i| html! {
                            <StepMaps computed={c.clone()} step={i} {scheme} on_point={on_point.clone()} />
                        }) }
                    </div>
                    <p class="lab-legend">{ "Each map: blue below zero, white at zero, orange above, up to the largest absolute value of its tensor." }</p>
                }
            </section>
            <footer class="site-footer">
                <p>{ "Counting rules: one multiply-accumulate (MAC) per kernel tap per output value, taps on zero padding included. Padding keeps the picture's size (K/2 on each side)." }</p>
            </footer>
        </>
    }
}

/// The method's exact MACs on this picture.
fn cost_line(plan: Option<&Plan>, method: Method, groups: usize) -> Html {
    let Some(plan) = plan else {
        return html! { <p class="lab-cost">{ "This kernel cannot run on this picture." }</p> };
    };
    let macs = plan.macs();
    let standard = plan.standard_macs();
    let compare = match method {
        Method::Standard => String::new(),
        Method::SpatialSeparable => format!(
            " in {} column ⊗ row pass{} per channel; the full kernel takes {} MACs",
            plan.passes,
            if plan.passes == 1 { "" } else { "es" },
            thousands(standard)
        ),
        Method::DepthwiseSeparable => format!(
            "; a standard convolution with K×K×3 filters for the same outputs takes {} MACs",
            thousands(standard)
        ),
        Method::Grouped => format!(
            " for both layers with {groups} group{}; with one group they take {} MACs ({} outputs)",
            if groups == 1 { "" } else { "s" },
            thousands(standard),
            GROUPED_OUTPUTS
        ),
    };
    html! {
        <p class="lab-cost">
            { "Exact cost on this picture: " }
            <strong data-metric="lab-macs" data-value={macs.to_string()}>{ thousands(macs) }</strong>
            { format!(" MACs{compare}.") }
        </p>
    }
}

/// The value under the pointer and the arithmetic that produced it.
fn hover_line(computed: Option<&Computed>, hover: Option<PixelRef>) -> Html {
    let (Some(c), Some((step, channel, y, x))) = (computed, hover) else {
        return html! { <p class="lab-hover">{ "Point at a map to see a value and the sum that made it." }</p> };
    };
    let value = c.tensors.get(step + 1).and_then(|t| t.get(channel, y, x));
    let name = c
        .plan
        .steps
        .get(step)
        .and_then(|s| s.channel_names.get(channel))
        .cloned()
        .unwrap_or_default();
    let math = c.detail(step, channel, y, x).map(|d| arithmetic(&d));
    html! {
        <p class="lab-hover">
            { format!("{name} at row {y}, column {x}: ") }
            <strong data-metric="pixel-value" data-value={value.map(value_text).unwrap_or_default()}>{ value.map(value_text).unwrap_or_default() }</strong>
            if let Some(math) = math {
                <span class="lab-math">{ format!(" — {math}") }</span>
            }
        </p>
    }
}
