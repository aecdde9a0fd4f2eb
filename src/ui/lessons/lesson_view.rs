//! The Lessons section above the method tabs: a picker of the four lessons and, when one is
//! open, its chapter — Back / Next, the progress and the chapter list, what to watch with a way
//! to the stage, the chapter's text with live figures and its aside, and the panel the chapter
//! sets (kernel editor, connection matrix, shuffle, devices). The lessons' stylesheet sets the
//! chapter beside the stage on wide screens, the navigation next to the stage, and the stage
//! right after "What to watch" on narrow ones. N and P (PageDown and PageUp on the stage) open
//! the next and previous chapter from anywhere but a field ([`super::keys`]).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::connection_matrix::ConnectionPanel;
use super::devices_panel::DevicesPanel;
use super::kernel_editor::KernelEditorPanel;
use super::keys::{chapter_move, ChapterMove, KeyPlace};
use super::lessons;
use super::prose::{pieces, MetricNames};
use super::shuffle_panel::ShufflePanel;
use crate::config::LayerConfig;
use crate::lessons::{Chapter, Lesson, LessonRef, Panel};
use crate::timeline::FilterRef;
use crate::ui::hooks::use_dom_event;
use crate::ui::state::{Action, KernelText};

/// The section's properties: the slice of the state it shows and the way to change it.
#[derive(Properties, PartialEq)]
pub struct LessonsProps {
    /// The chapter open, if any.
    pub lesson: Option<LessonRef>,
    /// The kernel editor's kernel.
    pub kernel: Option<KernelText>,
    /// Why the link's kernel was not used.
    #[prop_or_default]
    pub kernel_problem: Option<String>,
    /// The current layer, when valid (the panels show the layer as it is now).
    pub config: Option<LayerConfig>,
    /// Changes the page's state.
    pub on_action: Callback<Action>,
    /// The filter lit on the stage and in the connection matrix.
    #[prop_or_default]
    pub filter_focus: Option<FilterRef>,
    /// Lights another filter (or none).
    #[prop_or_default]
    pub on_filter_focus: Callback<Option<FilterRef>>,
}

/// The id of the section's heading.
const HEADING_ID: &str = "lessons-heading";

/// The stage the lessons page shows (mounted by the app, beside the lessons).
const STAGE: &str = "section.stage";

/// The stage's element, when it is on the page.
fn stage_element() -> Option<web_sys::HtmlElement> {
    web_sys::window()?
        .document()?
        .query_selector(STAGE)
        .ok()??
        .dyn_into()
        .ok()
}

/// Moves the focus to the stage, scrolling it to the top of the window when its top is out of
/// view or far down (where the stage follows the text rather than standing beside it).
fn go_to_stage() {
    let Some(stage) = stage_element() else { return };
    let top = stage.get_bounding_client_rect().top();
    let height = web_sys::window()
        .and_then(|w| w.inner_height().ok())
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    // Focus fails only on a detached element; nothing to recover then.
    let _ = stage.focus();
    if !(0.0..=height / 4.0).contains(&top) {
        stage.scroll_into_view();
    }
}

/// Where a key was pressed, from its target.
fn key_place(target: Option<web_sys::EventTarget>) -> KeyPlace {
    let Some(element) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return KeyPlace::Page;
    };
    let tag = element.tag_name().to_ascii_lowercase();
    if matches!(tag.as_str(), "input" | "select" | "textarea") || element.is_content_editable() {
        KeyPlace::Field
    } else if element.closest(STAGE).ok().flatten().is_some() {
        KeyPlace::Stage
    } else {
        KeyPlace::Page
    }
}

/// The Lessons section.
#[component(Lessons)]
pub fn lessons_section(props: &LessonsProps) -> Html {
    // The chapter keys, page-wide; after a key pressed on the stage the new chapter's stage
    // takes the focus, so the next key plays it.
    let refocus = use_mut_ref(|| false);
    {
        let refocus = refocus.clone();
        use_effect_with(props.lesson, move |_| {
            if std::mem::take(&mut *refocus.borrow_mut()) {
                go_to_stage();
            }
        });
    }
    let root = use_memo((), |()| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
    });
    let on_key = {
        let (lesson, on_action) = (props.lesson, props.on_action.clone());
        Callback::from(move |e: web_sys::Event| {
            let (Some(r), Some(key)) = (lesson, e.dyn_ref::<web_sys::KeyboardEvent>()) else {
                return;
            };
            if key.default_prevented() {
                return;
            }
            let modified = key.ctrl_key() || key.meta_key() || key.alt_key();
            let place = key_place(key.target());
            let target = match chapter_move(&key.key(), modified, place) {
                Some(ChapterMove::Next) => r.next(),
                Some(ChapterMove::Back) => r.back(),
                None => return,
            };
            key.prevent_default();
            if let Some(target) = target {
                *refocus.borrow_mut() = place == KeyPlace::Stage;
                on_action.emit(Action::OpenChapter(target));
            }
        })
    };
    use_dom_event((*root).clone(), "keydown", on_key);
    let list = use_memo((), |()| lessons());
    let all: &[Lesson] = match list.as_ref().as_ref() {
        Ok(all) => all,
        Err(e) => {
            return html! {
                <section class="lessons" aria-labelledby={HEADING_ID}>
                    <h2 id={HEADING_ID}>{ "Lessons" }</h2>
                    <p class="alert" role="alert">{ format!("The lessons cannot be shown: {e}.") }</p>
                </section>
            }
        }
    };
    let open = props
        .lesson
        .and_then(|r| all.iter().find(|l| l.id == r.lesson).map(|l| (r, l)));
    let picker = all.iter().map(|lesson| {
        let pressed = open.is_some_and(|(_, l)| l.id == lesson.id);
        let start = LessonRef::start(lesson);
        let onclick = props
            .on_action
            .reform(move |_: MouseEvent| Action::OpenChapter(start));
        html! {
            <button
                type="button"
                id={format!("lesson-pick-{}", lesson.id)}
                class={classes!("lesson-pick", format!("method-{}", lesson.method.key()))}
                aria-pressed={if pressed { "true" } else { "false" }}
                {onclick}
            >
                { lesson.method.label() }
            </button>
        }
    });
    let close = props.on_action.reform(|_: MouseEvent| Action::CloseLesson);
    html! {
        <section class={classes!("lessons", open.map(|_| "is-open"))} aria-labelledby={HEADING_ID}>
            <div class="lessons-bar">
                <h2 id={HEADING_ID}>{ "Lessons" }</h2>
                <p class="lessons-lead">{ "Learn each idea step by step:" }</p>
                <div class="lesson-picker" role="group" aria-label="Choose a lesson">
                    { for picker }
                </div>
                if open.is_some() {
                    <button type="button" class="secondary lesson-close" onclick={close}>{ "Close lesson" }</button>
                }
            </div>
            if let Some((r, lesson)) = open {
                if let Some(chapter) = lesson.chapter(&r) {
                    { chapter_view(props, lesson, r, chapter) }
                }
            } else {
                { contents(all) }
            }
        </section>
    }
}

/// What each lesson holds, shown while none is open: its title and its chapters in order.
fn contents(all: &[Lesson]) -> Html {
    html! {
        <ul class="lesson-contents">
            { for all.iter().map(|lesson| html! {
                <li class={format!("method-{}", lesson.method.key())}>
                    <span class="lesson-contents-title">{ lesson.title }</span>
                    { format!(" — {} chapters: ", lesson.chapters.len()) }
                    { lesson.chapters.iter().map(|c| c.title).collect::<Vec<_>>().join(" · ") }
                </li>
            }) }
        </ul>
    }
}

/// The open chapter.
fn chapter_view(props: &LessonsProps, lesson: &Lesson, r: LessonRef, chapter: &Chapter) -> Html {
    let (n, of) = r.progress();
    let go = |target: Option<LessonRef>| {
        target.map(|t| {
            props
                .on_action
                .reform(move |_: MouseEvent| Action::OpenChapter(t))
        })
    };
    let (back, next) = (go(r.back()), go(r.next()));
    let steps = lesson.chapters.iter().enumerate().map(|(i, c)| {
        let target = LessonRef { chapter: i, ..r };
        let onclick = props
            .on_action
            .reform(move |_: MouseEvent| Action::OpenChapter(target));
        let current = i == r.chapter;
        html! {
            <li>
                <button
                    type="button"
                    class="chapter-step"
                    aria-current={current.then_some("step")}
                    title={c.title}
                    {onclick}
                >
                    <span class="step-number">{ i + 1 }</span>
                    <span class="step-title">{ c.title }</span>
                </button>
            </li>
        }
    });
    let mut names = MetricNames::default();
    let body: Html = chapter
        .body
        .iter()
        .map(|p| html! { <p>{ pieces(p, &mut names) }</p> })
        .collect();
    let watch = pieces(&chapter.watch, &mut names);
    let aside = chapter.aside.as_ref().map(|a| {
        html! {
            <details class="aside">
                <summary>{ "Aside: " }{ a.title }</summary>
                { for a.body.iter().map(|p| html! { <p>{ pieces(p, &mut names) }</p> }) }
            </details>
        }
    });
    let to_stage = Callback::from(|_: MouseEvent| go_to_stage());
    html! {
        <article class={classes!("lesson", format!("method-{}", lesson.method.key()))} aria-labelledby="chapter-title">
            <p class="lesson-title">{ lesson.title }</p>
            <div class="lesson-nav">
                <nav class="chapter-nav" aria-label="Chapter">
                    <button type="button" class="nav-back" disabled={back.is_none()} onclick={back}>
                        <span aria-hidden="true">{ "← " }</span>{ "Back" }
                    </button>
                    <p class="lesson-progress" aria-live="polite">
                        { format!("Chapter {n} of {of}") }
                    </p>
                    <button type="button" class="nav-next" disabled={next.is_none()} onclick={next}>
                        { "Next" }<span aria-hidden="true">{ " →" }</span>
                    </button>
                </nav>
                <ol class="chapter-steps" aria-label="Chapters of this lesson">{ for steps }</ol>
                <p class="lesson-keys">{ "Keys: N next chapter, P previous; PageDown, PageUp on the stage" }</p>
            </div>
            <h3 id="chapter-title">{ chapter.title }</h3>
            <p class="watch">
                <span class="watch-label">{ "What to watch" }</span>{ watch }
                <button type="button" class="secondary to-stage" onclick={to_stage}>{ "See it on the stage" }</button>
            </p>
            <div class="chapter-body">
                <div class="chapter-text">{ body }{ aside }</div>
                { panel(props, r, chapter) }
            </div>
        </article>
    }
}

/// The panel a chapter sets, showing the layer as it is now.
fn panel(props: &LessonsProps, r: LessonRef, chapter: &Chapter) -> Html {
    let needs_layer = || {
        html! { <p class="panel-wait">{ "This panel returns when every value of the layer is valid." }</p> }
    };
    match chapter.stage.panel {
        Panel::Stage => Html::default(),
        Panel::KernelEditor => html! {
            <KernelEditorPanel
                key={format!("{}-{}", r.lesson, r.chapter)}
                kernel={props.kernel.clone()}
                problem={props.kernel_problem.clone()}
                on_action={props.on_action.clone()}
            />
        },
        Panel::Connections => match props.config {
            Some(config) => html! {
                <ConnectionPanel
                    {config}
                    focus={props.filter_focus}
                    on_focus={props.on_filter_focus.clone()}
                />
            },
            None => needs_layer(),
        },
        Panel::Shuffle {
            channels,
            groups,
            shuffled,
        } => html! { <ShufflePanel {channels} {groups} {shuffled} /> },
        Panel::Devices { devices, batch } => match props.config {
            Some(config) => html! { <DevicesPanel {config} {devices} {batch} /> },
            None => needs_layer(),
        },
    }
}
