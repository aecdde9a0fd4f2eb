//! The Lessons section above the method tabs: a picker of the four lessons and, when one is
//! open, its chapter — Back / Next, the progress, the chapter's text with live figures, what to
//! watch, and the panel the chapter sets (kernel editor, connection matrix, shuffle, devices).

use yew::prelude::*;

use super::connection_matrix::ConnectionPanel;
use super::devices_panel::DevicesPanel;
use super::kernel_editor::KernelEditorPanel;
use super::lessons;
use super::prose::{pieces, MetricNames};
use super::shuffle_panel::ShufflePanel;
use crate::config::LayerConfig;
use crate::lessons::{Chapter, Lesson, LessonRef, Panel};
use crate::timeline::FilterRef;
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

/// The Lessons section.
#[component(Lessons)]
pub fn lessons_section(props: &LessonsProps) -> Html {
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
    html! {
        <article class={classes!("lesson", format!("method-{}", lesson.method.key()))} aria-labelledby="chapter-title">
            <p class="lesson-title">{ lesson.title }</p>
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
            <h3 id="chapter-title">{ chapter.title }</h3>
            <div class="chapter-body">
                <div class="chapter-text">
                    <p class="watch"><span class="watch-label">{ "What to watch" }</span>{ watch }</p>
                    { body }{ aside }
                </div>
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
        Panel::Stage => html! {
            <p class="panel-hint">
                <a href="#method-panel">{ "See it on the stage below ↓" }</a>
            </p>
        },
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
