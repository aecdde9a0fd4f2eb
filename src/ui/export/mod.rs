//! The export dialog, a bundle of its own (`convlab-export`) that the stage's "Export…" button
//! fetches on its first press (see [`crate::ui::part_bridge`]): format, range, width and frame
//! rate; a download painted from the stage's own scenes ([`frames`]), encoded off the main
//! thread or recorded by the browser ([`encode`]) with a progress bar and Cancel; and the code
//! to embed the stage in another page. The page hands over its state as a query; what the
//! files hold is planned by [`crate::export::plan`].

mod encode;
mod frames;

use std::rc::Rc;

use web_sys::{Element, HtmlDialogElement, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::config::format::thousands;
use crate::export::plan::{
    description, embed_snippet, estimated_bytes, file_name, phase_bounds, plan_frames, size_words,
    title, Format, FramePlan, Range, FRAME_CAP, FRAME_RATES, WIDTHS,
};
use crate::render::svg::scene_svg_at;
use crate::ui::download::{copy_text, download_bytes, download_text};
use crate::ui::hooks::use_dom_event;
use crate::ui::part_bridge::{EXPORT_EVENT, EXPORT_ROOT_ID, QUERY_ATTR};
use encode::Job;
use frames::{Exportable, FrameCanvas};

/// The embed snippet's frame, in CSS pixels (the embed fits any size from 320×240).
const EMBED_SIZE: (u32, u32) = (800, 600);

/// Which range the reader chose (the step fields hold their own text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RangeChoice {
    Current,
    Phase,
    Whole,
    Steps,
}

impl RangeChoice {
    const ALL: [RangeChoice; 4] = [
        RangeChoice::Current,
        RangeChoice::Phase,
        RangeChoice::Whole,
        RangeChoice::Steps,
    ];

    fn key(self) -> &'static str {
        match self {
            RangeChoice::Current => "current",
            RangeChoice::Phase => "phase",
            RangeChoice::Whole => "whole",
            RangeChoice::Steps => "steps",
        }
    }

    fn label(self) -> &'static str {
        match self {
            RangeChoice::Current => "Current frame",
            RangeChoice::Phase => "This phase",
            RangeChoice::Whole => "Whole animation",
            RangeChoice::Steps => "Steps…",
        }
    }
}

/// What the dialog is doing.
#[derive(Debug, Clone, PartialEq)]
enum Status {
    Idle,
    /// Painting and encoding: frames done of all.
    Working(usize, usize),
    /// Finished: what was downloaded, in words.
    Done(String),
    /// Failed: why, in words.
    Failed(String),
}

/// The part's root on the page, which carries the page's state.
fn part_root() -> Option<Element> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(EXPORT_ROOT_ID))
}

/// The page's address without its query (`https://…/lessons/`).
fn page_address() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

fn select_value(e: &Event) -> Option<String> {
    e.target_dyn_into::<HtmlSelectElement>().map(|s| s.value())
}

fn input_value(e: &InputEvent) -> Option<String> {
    e.target_dyn_into::<HtmlInputElement>().map(|i| i.value())
}

/// A step field's number, or why it is not one.
fn step_field(name: &str, text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("“{name}” must be a whole number of steps."))
}

/// Moves the focus from the last of `dialog`'s enabled controls to the first (or, going
/// `back`, from the first to the last); whether it did.
fn wrap_focus(dialog: &Element, back: bool) -> bool {
    use wasm_bindgen::JsCast;
    let Ok(list) = dialog.query_selector_all(
        "button:not([disabled]), select:not([disabled]), input:not([disabled]), textarea",
    ) else {
        return false;
    };
    let controls: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect();
    let (Some(first), Some(last)) = (controls.first(), controls.last()) else {
        return false;
    };
    let active = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element());
    let at = |e: &web_sys::HtmlElement| active.as_ref() == Some(e.as_ref());
    let (from, to) = if back { (first, last) } else { (last, first) };
    if at(from) || active.as_ref().is_none_or(|a| !dialog.contains(Some(a))) {
        let _ = to.focus();
        return true;
    }
    false
}

/// The frames the dialog's choices take.
fn planned(
    ex: &Exportable,
    format: Format,
    choice: RangeChoice,
    from: &str,
    to: &str,
) -> Result<FramePlan, String> {
    let range = if !format.is_animation() {
        Range::Current
    } else {
        match choice {
            RangeChoice::Current => Range::Current,
            RangeChoice::Phase => Range::Phase,
            RangeChoice::Whole => Range::Whole,
            RangeChoice::Steps => {
                Range::Steps(step_field("From step", from)?, step_field("To step", to)?)
            }
        }
    };
    plan_frames(&ex.timeline, range, ex.completed)
}

/// Paints, encodes and downloads one export; `None` when cancelled, else what was saved.
async fn run_export(
    ex: Rc<Exportable>,
    format: Format,
    plan: FramePlan,
    width: u32,
    fps: u32,
    job: Job,
    progress: Callback<usize>,
) -> Result<Option<String>, String> {
    let url = format!("{}?{}", page_address(), ex.query_at(plan.from));
    let title = title(&ex.config);
    let fps_shown = format.is_animation().then_some(fps);
    let desc = description(&ex.timeline, &plan, fps_shown, &url);
    let name = file_name(&ex.config, format, &plan);
    let data = ex.data.as_ref();
    let report = |bytes: usize| Some(format!("Saved {name} ({}).", size_words(bytes as u64)));
    match format {
        Format::Svg => {
            let scene = ex.scene(plan.from, width);
            let svg = scene_svg_at(&scene, data, &title, &desc, f64::from(width));
            download_text(&svg, format.mime(), &name)?;
            Ok(report(svg.len()))
        }
        Format::Png => {
            let scene = ex.scene(plan.from, width);
            let mut canvas = FrameCanvas::new(&scene, width)?;
            canvas.paint(&scene, data)?;
            let png = canvas.png().await?;
            let png = crate::export::png::with_text(
                &png,
                &[("Title", &title), ("Description", &desc), ("Source", &url)],
            )?;
            download_bytes(&png, format.mime(), &name)?;
            Ok(report(png.len()))
        }
        Format::Gif | Format::Webm => {
            let on_frame = |done: usize| progress.emit(done);
            let bytes = if format == Format::Gif {
                let comment = format!("{title}\n{desc}");
                encode::gif(&ex, &plan, width, fps, &comment, &job, &on_frame).await?
            } else {
                encode::webm(&ex, &plan, width, fps, &job, &on_frame).await?
            };
            match bytes {
                Some(bytes) => {
                    download_bytes(&bytes, format.mime(), &name)?;
                    Ok(report(bytes.len()))
                }
                None => Ok(None),
            }
        }
    }
}

/// The export dialog, opened whenever the page asks ([`EXPORT_EVENT`]).
#[component(ExportDialog)]
fn export_dialog() -> Html {
    let root = use_memo((), |()| part_root());
    let read_query = || {
        part_root()
            .and_then(|r| r.get_attribute(QUERY_ATTR))
            .unwrap_or_default()
    };
    let query = use_state(read_query);
    // Each request to open counts, so the same state opens the dialog again.
    let opened = use_state(|| 1u64);
    {
        let query = query.clone();
        let opened = opened.clone();
        use_dom_event(
            (*root).clone(),
            EXPORT_EVENT,
            Callback::from(move |_| {
                query.set(read_query());
                opened.set(*opened + 1);
            }),
        );
    }
    let exportable = use_memo((*query).clone(), |q| Exportable::from_query(q).map(Rc::new));
    let format = use_state(|| Format::Gif);
    let choice = use_state(|| RangeChoice::Whole);
    let from = use_state(String::new);
    let to = use_state(String::new);
    let width = use_state(|| WIDTHS[1]);
    let fps = use_state(|| FRAME_RATES[2]);
    let status = use_state(|| Status::Idle);
    let copied = use_state(String::new);
    let job = use_mut_ref(Job::default);
    let dialog = use_node_ref();

    // Open as a modal dialog (the page behind is inert; Escape closes) on every request, with
    // the step fields set to the stage's phase.
    {
        let dialog = dialog.clone();
        let exportable = exportable.clone();
        let (from, to, status, copied) = (from.clone(), to.clone(), status.clone(), copied.clone());
        use_effect_with(*opened, move |_| {
            if let Ok(ex) = &*exportable {
                let (a, b) = phase_bounds(&ex.timeline, ex.completed);
                from.set(a.to_string());
                to.set(b.to_string());
            }
            if !matches!(*status, Status::Working(..)) {
                status.set(Status::Idle);
            }
            copied.set(String::new());
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
        });
    }

    let close = {
        let dialog = dialog.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(d) = dialog.cast::<HtmlDialogElement>() {
                d.close();
            }
        })
    };
    // Tab and Shift+Tab wrap around inside the dialog: the focus never leaves it for the
    // browser's own controls while it is open.
    let on_key = {
        let dialog = dialog.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() != "Tab" {
                return;
            }
            if let Some(d) = dialog.cast::<Element>() {
                if wrap_focus(&d, e.shift_key()) {
                    e.prevent_default();
                }
            }
        })
    };
    // Closing (the Close button or Escape) stops an export in progress.
    let on_close = {
        let job = job.clone();
        Callback::from(move |_: Event| job.borrow().cancelled.set(true))
    };

    let ex = match &*exportable {
        Ok(ex) => ex.clone(),
        Err(why) => {
            return html! {
                <dialog ref={dialog} class="export-dialog" aria-labelledby="export-title" onclose={on_close} onkeydown={on_key}>
                    <h2 id="export-title">{ "Export the stage" }</h2>
                    <p class="alert" role="alert">{ format!("Nothing to export: {why}.") }</p>
                    <div class="export-buttons">
                        <button type="button" class="secondary" onclick={close}>{ "Close" }</button>
                    </div>
                </dialog>
            };
        }
    };
    let plan = planned(&ex, *format, *choice, &from, &to);
    let working = matches!(*status, Status::Working(..));

    let on_format = {
        let format = format.clone();
        Callback::from(move |e: Event| {
            if let Some(f) = select_value(&e).as_deref().and_then(Format::from_extension) {
                format.set(f);
            }
        })
    };
    let on_choice = {
        let choice = choice.clone();
        Callback::from(move |e: Event| {
            let picked =
                select_value(&e).and_then(|v| RangeChoice::ALL.into_iter().find(|c| c.key() == v));
            if let Some(c) = picked {
                choice.set(c);
            }
        })
    };
    let on_number = |state: &UseStateHandle<u32>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(n) = select_value(&e).and_then(|v| v.parse().ok()) {
                state.set(n);
            }
        })
    };
    let on_text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(v) = input_value(&e) {
                state.set(v);
            }
        })
    };
    let on_download = {
        let (status, job, ex) = (status.clone(), job.clone(), ex.clone());
        let (format, width, fps) = (*format, *width, *fps);
        let plan = plan.clone();
        Callback::from(move |_: MouseEvent| {
            let Ok(plan) = plan.clone() else { return };
            if matches!(*status, Status::Working(..)) {
                return;
            }
            let fresh = Job::default();
            *job.borrow_mut() = fresh.clone();
            let total = plan.frames.len();
            status.set(Status::Working(0, total));
            let status = status.clone();
            let progress = {
                let status = status.clone();
                Callback::from(move |done: usize| status.set(Status::Working(done, total)))
            };
            let ex = ex.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let result = run_export(ex, format, plan, width, fps, fresh, progress).await;
                status.set(match result {
                    Ok(Some(saved)) => Status::Done(saved),
                    Ok(None) => Status::Done("Export cancelled.".to_string()),
                    Err(why) => Status::Failed(format!("The export failed: {why}.")),
                });
            });
        })
    };
    let on_cancel = {
        let job = job.clone();
        Callback::from(move |_: MouseEvent| job.borrow().cancelled.set(true))
    };
    let page_url = format!("{}?{}", page_address(), ex.query_at(ex.completed));
    let snippet = embed_snippet(&page_url, EMBED_SIZE.0, EMBED_SIZE.1, &title(&ex.config));
    let on_copy = {
        let (snippet, copied) = (snippet.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let (snippet, copied) = (snippet.clone(), copied.clone());
            wasm_bindgen_futures::spawn_local(async move {
                copied.set(match copy_text(snippet).await {
                    Ok(()) => "Embed code copied.".to_string(),
                    Err(why) => format!("Not copied ({why}): select the code below and copy it."),
                });
            });
        })
    };

    let len = ex.timeline.len();
    let summary = match (&plan, format.is_animation()) {
        (Err(why), _) => html! { <p class="alert" role="alert">{ why.clone() }</p> },
        (Ok(p), false) => html! {
            <p class="export-plan">{ format!("The frame after step {} of {}.", thousands(p.from), thousands(len)) }</p>
        },
        (Ok(p), true) => {
            let scene = ex.scene(p.from, *width);
            let height = (scene.height * f64::from(*width) / scene.width).round() as u32;
            let bytes = estimated_bytes(*format, *width, height, p.frames.len());
            let seconds = p.frames.len().div_ceil(*fps as usize);
            html! {
                <p class="export-plan">
                    { format!("{} frames (steps {} to {}), {}×{} px, {} s at {} frames per second; about {}.",
                        thousands(p.frames.len() as u64), thousands(p.from), thousands(p.to),
                        *width, height, seconds, *fps, size_words(bytes)) }
                    if p.sampled {
                        <strong class="export-sampled">{ format!(" The range has {} steps: it is sampled evenly to {} frames.", thousands(p.to - p.from), FRAME_CAP) }</strong>
                    }
                </p>
            }
        }
    };
    let status_line = match &*status {
        Status::Idle => Html::default(),
        Status::Working(done, total) => html! {
            <div class="export-progress">
                <label for="export-progress">{ format!("{} {} of {} frames…", if *format == Format::Webm { "Recording" } else { "Encoding" }, done, total) }</label>
                <progress id="export-progress" max={total.to_string()} value={done.to_string()}></progress>
                <button type="button" class="secondary" onclick={on_cancel}>{ "Cancel" }</button>
            </div>
        },
        Status::Done(saved) => html! { <p class="export-done">{ saved.clone() }</p> },
        Status::Failed(why) => html! { <p class="alert" role="alert">{ why.clone() }</p> },
    };

    html! {
        <dialog ref={dialog} class="export-dialog" aria-labelledby="export-title" onclose={on_close} onkeydown={on_key}>
            <h2 id="export-title">{ "Export the stage" }</h2>
            <p class="export-what">{ title(&ex.config) }{ format!(" — step {} of {}", thousands(ex.completed), thousands(len)) }</p>
            <div class="export-fields">
                <label for="export-format">{ "Format" }</label>
                <select id="export-format" onchange={on_format} disabled={working}>
                    { for Format::ALL.iter().map(|f| html! {
                        <option value={f.extension()} selected={*f == *format}>{ f.label() }</option>
                    }) }
                </select>
                <label for="export-range">{ "Range" }</label>
                <select id="export-range" onchange={on_choice} disabled={working || !format.is_animation()}>
                    { for RangeChoice::ALL.iter().map(|c| html! {
                        <option value={c.key()} selected={*c == *choice}>{ c.label() }</option>
                    }) }
                </select>
                if format.is_animation() && *choice == RangeChoice::Steps {
                    <label for="export-from">{ "From step" }</label>
                    <input id="export-from" type="number" min="0" max={len.to_string()} step="1" value={(*from).clone()} oninput={on_text(&from)} disabled={working} />
                    <label for="export-to">{ "To step" }</label>
                    <input id="export-to" type="number" min="0" max={len.to_string()} step="1" value={(*to).clone()} oninput={on_text(&to)} disabled={working} />
                }
                <label for="export-width">{ "Width" }</label>
                <select id="export-width" onchange={on_number(&width)} disabled={working}>
                    { for WIDTHS.iter().map(|w| html! {
                        <option value={w.to_string()} selected={*w == *width}>{ format!("{w} px") }</option>
                    }) }
                </select>
                if format.is_animation() {
                    <label for="export-fps">{ "Frames per second" }</label>
                    <select id="export-fps" onchange={on_number(&fps)} disabled={working}>
                        { for FRAME_RATES.iter().map(|r| html! {
                            <option value={r.to_string()} selected={*r == *fps}>{ r.to_string() }</option>
                        }) }
                    </select>
                }
            </div>
            <div aria-live="polite">{ summary }{ status_line }</div>
            <div class="export-buttons">
                <button type="button" onclick={on_download} disabled={working || plan.is_err()}>{ "Download" }</button>
                <button type="button" class="secondary" onclick={close}>{ "Close" }</button>
            </div>
            <h3>{ "Embed in a course page" }</h3>
            <p class="export-note">{ "The stage alone, at this layer and step, in any page: paste this where the page allows HTML." }</p>
            <textarea class="export-embed" readonly=true rows="3" aria-label="Embed code" value={snippet} />
            <div class="export-buttons">
                <button type="button" class="secondary" onclick={on_copy}>{ "Copy embed code" }</button>
                <span class="export-copied" role="status">{ (*copied).clone() }</span>
            </div>
        </dialog>
    }
}

/// Mounts the dialog into the page's `#export-root`, which opens it; without one (the part's
/// file opened on its own) there is nothing to do.
pub fn start() {
    if let Some(root) = part_root() {
        yew::Renderer::<ExportDialog>::with_root(root).render();
    }
}
