//! The guided lessons in the page: the lesson picker and the open chapter (its text with live
//! figures, Back / Next and progress), and the panels a chapter shows beside the stage — the
//! kernel editor, the connection matrix, channel shuffle and groups as devices. The lessons
//! themselves are data from [`crate::lessons`], built once per page; this module also holds the
//! small pure helpers the [`AppState`](super::state::AppState) uses to read and write the
//! `lesson=`, `chapter=` and `kernel=` keys.

mod connection_matrix;
mod devices_panel;
mod kernel_editor;
mod keys;
mod lesson_view;
mod prose;
mod shuffle_panel;

use std::rc::Rc;

pub use lesson_view::Lessons;

use super::stage_settings::StageSettings;
use super::state::{AppState, KernelText};
use crate::config::query::parse_pairs;
use crate::config::Field;
use crate::engine::KernelMatrix;
use crate::lessons::kernel_text::KERNEL_KEY;
use crate::lessons::{all_lessons, format_kernel, parse_kernel, Lesson, LessonRef, Stage};

/// The lessons, or the sentence saying why they could not be built.
pub type LessonList = Rc<Result<Vec<Lesson>, String>>;

thread_local! {
    static LESSONS: LessonList = Rc::new(all_lessons().map_err(|e| e.to_string()));
}

/// Every lesson, built by the engine on first use and shared afterwards.
pub fn lessons() -> LessonList {
    LESSONS.with(Rc::clone)
}

/// The stage the chapter `r` sets, if it exists.
pub fn stage_of(r: &LessonRef) -> Option<Stage> {
    let list = lessons();
    let lessons = list.as_ref().as_ref().ok()?;
    lessons
        .iter()
        .find_map(|l| l.chapter(r))
        .map(|c| c.stage.clone())
}

/// What a link says about lessons and the kernel editor.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LessonKeys {
    /// The chapter named, when `lesson=` (and `chapter=`) are right.
    pub lesson: Option<LessonRef>,
    /// Why `lesson=` or `chapter=` was not used, in words.
    pub lesson_problem: Option<String>,
    /// Whether the link sets the layer itself (`mode=`); otherwise a lesson link opens the
    /// chapter's own layer.
    pub has_layer: bool,
    /// The `kernel=` text, as written.
    pub kernel: Option<String>,
}

/// Reads the lesson keys and `kernel=` of a query string (the last of a repeated key counts).
pub fn read_lesson_keys(query: &str) -> LessonKeys {
    let mut keys = LessonKeys::default();
    for (key, value) in parse_pairs(query) {
        if key == "mode" {
            keys.has_layer = true;
        } else if key == KERNEL_KEY {
            keys.kernel = Some(value);
        }
    }
    let list = lessons();
    match list.as_ref() {
        Ok(lessons) => match LessonRef::from_query(query, lessons) {
            Ok(r) => keys.lesson = r,
            Err(problem) => {
                keys.lesson_problem = Some(format!("The link's {problem}; no lesson is open."))
            }
        },
        Err(e) => keys.lesson_problem = Some(format!("The lessons cannot be shown: {e}.")),
    }
    keys
}

/// Reads a link's `kernel=` text at the size the layer sets; a problem comes back in words.
pub fn read_link_kernel(text: &str, kh: usize, kw: usize) -> Result<KernelMatrix, String> {
    parse_kernel(text, kh, kw).map_err(|e| {
        format!(
            "The link's kernel was not used: {e}. The kernel editor shows its own kernel instead."
        )
    })
}

/// The chapter's `lesson=…&chapter=…` keys.
pub fn lesson_link(r: &LessonRef) -> String {
    r.to_query()
}

/// The `kernel=…` key for a canonical kernel text (digits, signs, `.`, `/`, `e` and commas,
/// none of which needs escaping in a query).
pub fn kernel_query(text: &str) -> String {
    format!("{KERNEL_KEY}={text}")
}

/// A kernel text of size `from` resized to `to`: entries that fit are kept, new ones are zero.
/// `None` when the text does not read at `from` or `to` is not a kernel size.
pub fn resized_kernel(text: &str, from: (usize, usize), to: (usize, usize)) -> Option<String> {
    let old = parse_kernel(text, from.0, from.1).ok()?;
    let data = (0..to.0 * to.1)
        .map(|n| {
            let (i, j) = (n / to.1, n % to.1);
            if i < from.0 && j < from.1 {
                old.data()[i * from.1 + j]
            } else {
                0.0
            }
        })
        .collect();
    KernelMatrix::new(to.0, to.1, data)
        .ok()
        .map(|k| format_kernel(&k))
}

/// The kernel size fields of a form, when both are valid.
pub fn kernel_size(form: &crate::config::Form) -> Option<(usize, usize)> {
    Some((
        form.read(Field::KernelH).ok()?,
        form.read(Field::KernelW).ok()?,
    ))
}

/// Reads a link's lesson keys and `kernel=` into the state; what was not used is added to its
/// link problems in words. A lesson link without the layer's keys opens the chapter as written.
pub fn read_link(state: &mut AppState, query: &str) {
    let keys = read_lesson_keys(query);
    state.link_problems.extend(keys.lesson_problem);
    state.lesson = keys.lesson;
    if let (Some(r), false) = (keys.lesson, keys.has_layer) {
        if let Some(chapter) = stage_of(&r) {
            state.form = chapter.form.clone();
            state.stage = chapter_settings(state.stage, &chapter);
            state.kernel = chapter.kernel.as_ref().map(kernel_text_of);
        }
    }
    if let Some(text) = keys.kernel {
        let read = match kernel_size(&state.form) {
            Some((kh, kw)) => read_link_kernel(&text, kh, kw),
            None => {
                Err("The link's kernel was not used: the kernel size is not valid.".to_string())
            }
        };
        match read {
            Ok(kernel) => state.kernel = Some(kernel_text_of(&kernel)),
            Err(problem) => {
                state.link_problems.push(problem.clone());
                state.kernel_problem = Some(problem);
            }
        }
    }
}

/// The state's `lesson=`, `chapter=` and `kernel=` keys, for the page's query string. The
/// kernel is written only while the layer's kernel size fields read as its size: a link reads
/// `kernel=` at that size, so any other kernel would come back as the link's problem.
pub fn link_keys(state: &AppState) -> Vec<String> {
    let lesson = state.lesson.map(|r| lesson_link(&r));
    let kernel = state
        .kernel
        .as_ref()
        .filter(|k| kernel_size(&state.form) == Some((k.kh, k.kw)))
        .map(|k| kernel_query(&k.text));
    lesson.into_iter().chain(kernel).collect()
}

/// The stage settings a chapter opens with: its step, step size and spatial separable kernels;
/// the reader's view and numbers stay.
pub fn chapter_settings(current: StageSettings, chapter: &Stage) -> StageSettings {
    StageSettings {
        step: chapter.step,
        granularity: chapter.granularity,
        preset: chapter.preset.unwrap_or_default(),
        ..current
    }
}

/// A kernel as the state keeps it.
pub fn kernel_text_of(kernel: &KernelMatrix) -> KernelText {
    KernelText {
        kh: kernel.rows(),
        kw: kernel.cols(),
        text: format_kernel(kernel),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kernels_resize_by_cropping_and_padding() {
        assert_eq!(
            resized_kernel("1,2,3,4", (2, 2), (3, 3)).as_deref(),
            Some("1,2,0,3,4,0,0,0,0")
        );
        assert_eq!(
            resized_kernel("1,2,3,4,5,6,7,8,9", (3, 3), (1, 2)).as_deref(),
            Some("1,2")
        );
        assert_eq!(resized_kernel("1,x", (1, 2), (2, 2)), None);
    }

    #[test]
    fn lesson_keys_are_read_with_their_problems() {
        let keys = read_lesson_keys("lesson=grouped&chapter=2&kernel=1,2");
        assert_eq!(
            keys.lesson.map(|r| (r.lesson, r.chapter)),
            Some(("grouped", 1))
        );
        assert!(!keys.has_layer);
        assert_eq!(keys.kernel.as_deref(), Some("1,2"));
        let bad = read_lesson_keys("mode=standard&lesson=nope");
        assert!(bad.has_layer);
        assert_eq!(bad.lesson, None);
        assert!(bad.lesson_problem.unwrap().contains("“nope”"));
    }

    #[test]
    fn a_chapter_link_opens_its_layer_and_round_trips() {
        use crate::ui::state::{Action, AppState};
        use std::rc::Rc;
        use yew::Reducible;

        let state = AppState::from_query("lesson=grouped&chapter=3");
        assert_eq!(state.form.value(Field::Groups), "8");
        assert!(state.link_problems.is_empty());
        let query = state.to_query();
        assert!(query.ends_with("&lesson=grouped&chapter=3"), "{query}");
        assert_eq!(AppState::from_query(&query), state);

        // Next loads the following chapter's layer; closing keeps it.
        let r = state.lesson.and_then(|r| r.next()).unwrap();
        let next = Rc::new(state).reduce(Action::OpenChapter(r));
        assert_eq!(next.lesson.map(|r| r.chapter), Some(3));
        assert_eq!(next.form.value(Field::InChannels), "12");
        let closed = next.clone().reduce(Action::CloseLesson);
        assert_eq!(closed.lesson, None);
        assert_eq!(closed.form, next.form);
    }

    #[test]
    fn kernels_round_trip_and_bad_ones_are_named() {
        use crate::ui::state::{Action, AppState};
        use std::rc::Rc;
        use yew::Reducible;

        let state = AppState::from_query("lesson=spatial-separable&chapter=3");
        assert_eq!(
            state.kernel.as_ref().map(|k| k.text.as_str()),
            Some("1/16,1/8,1/16,1/8,1/4,1/8,1/16,1/8,1/16")
        );
        let edited = Rc::new(state).reduce(Action::SetKernel(3, 3, "0,1,0,1,-4,1,0,1,0".into()));
        let query = edited.to_query();
        assert!(query.contains("&kernel=0,1,0,1,-4,1,0,1,0"), "{query}");
        assert_eq!(AppState::from_query(&query).kernel, edited.kernel);

        // A kernel size change crops or pads the kernel.
        let bigger = edited
            .clone()
            .reduce(Action::SetField(Field::KernelH, "4".into()));
        assert_eq!(
            bigger.kernel.as_ref().map(|k| (k.kh, k.text.as_str())),
            Some((4, "0,1,0,1,-4,1,0,1,0,0,0,0"))
        );

        // While the kernel size fields do not read, the address leaves the kernel out (a
        // link would read it at that size), and reading the address names no problem.
        let unsized_kernel = edited.reduce(Action::SetField(Field::KernelH, "%31%36".into()));
        assert!(unsized_kernel.kernel.is_some());
        let query = unsized_kernel.to_query();
        assert!(!query.contains("kernel="), "{query}");
        assert!(AppState::from_query(&query).link_problems.is_empty());

        let bad = AppState::from_query("lesson=spatial-separable&chapter=4&kernel=1,2,x");
        assert_eq!(bad.link_problems.len(), 1);
        assert!(bad.link_problems[0].contains("kernel= has 3 values; a 3×3 kernel needs 9"));
        assert_eq!(bad.kernel_problem.as_ref(), bad.link_problems.first());
        assert!(bad.kernel.is_some(), "the chapter's own kernel stays");
    }
}
