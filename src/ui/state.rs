//! The application's one state and the actions that change it (Yew's `Reducible`).

use std::rc::Rc;

use yew::Reducible;

use super::lessons::{
    kernel_query, kernel_size, lesson_link, read_lesson_keys, read_link_kernel, resized_kernel,
    stage_of,
};
use super::stage_settings::StageSettings;
use crate::config::{seed_example, Field, Form, LayerConfig};
use crate::engine::Method;
use crate::lessons::LessonRef;

/// Everything the page shows is derived from this.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppState {
    /// The configuration panel's values and the selected method.
    pub form: Form,
    /// The stage's step, numbers and view.
    pub stage: StageSettings,
    /// Stage keys in the link that named nothing, in words.
    pub link_problems: Vec<String>,
    /// How many layers were loaded whole (a preset, a chart point): keys the stage, so a loaded
    /// layer starts at step 0. Not part of the URL.
    pub loads: u64,
    /// The lesson chapter open, if any (`lesson=`, `chapter=`).
    pub lesson: Option<LessonRef>,
    /// The kernel editor's kernel (`kernel=`), valid and written canonically.
    pub kernel: Option<KernelText>,
    /// Why the link's `kernel=` was not used, in words.
    pub kernel_problem: Option<String>,
}

/// The kernel editor's kernel as its `kernel=` text, with the size it was read at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KernelText {
    /// Rows.
    pub kh: usize,
    /// Columns.
    pub kw: usize,
    /// The `kernel=` value, row-major.
    pub text: String,
}

/// What a component can ask the state to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// Show another method's tab.
    SelectMethod(Method),
    /// A field's text changed.
    SetField(Field, String),
    /// Load the seed's 64×64×3 → 256 example (keeping the method).
    LoadSeed,
    /// Back to the small default layer (keeping the method).
    Reset,
    /// The stage's settings changed (a preset of fixed size also sets the kernel size).
    SetStage(StageSettings),
    /// Load a whole layer (an explorer preset or chart point): its method, every field, and the
    /// stage back at step 0.
    LoadLayer(LayerConfig),
    /// Open a lesson chapter: load its layer, step, stage preset and kernel.
    OpenChapter(LessonRef),
    /// Close the lesson (the layer stays as it is).
    CloseLesson,
    /// The kernel editor's kernel, as a `kernel=` value of `kh×kw` values, row-major.
    SetKernel(usize, usize, String),
}

impl AppState {
    /// The state a query string describes.
    pub fn from_query(query: &str) -> Self {
        let (stage, mut link_problems) = StageSettings::from_query(query);
        let mut state = AppState {
            form: Form::from_query(query),
            stage,
            ..AppState::default()
        };
        let keys = read_lesson_keys(query);
        link_problems.extend(keys.lesson_problem);
        state.lesson = keys.lesson;
        // A lesson link without the layer's keys opens the chapter as it was written.
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
                    link_problems.push(problem.clone());
                    state.kernel_problem = Some(problem);
                }
            }
        }
        state.link_problems = link_problems;
        state
    }

    /// The whole query string: the layer's keys, then the stage's.
    pub fn to_query(&self) -> String {
        let mut query = self.form.to_query();
        let extra = [
            self.stage.to_query(),
            self.lesson.map(|r| lesson_link(&r)).unwrap_or_default(),
            self.kernel
                .as_ref()
                .map(|k| kernel_query(&k.text))
                .unwrap_or_default(),
        ];
        for part in extra.iter().filter(|p| !p.is_empty()) {
            query.push('&');
            query.push_str(part);
        }
        query
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut form = self.form.clone();
        let mut stage = self.stage;
        let mut loads = self.loads;
        let mut lesson = self.lesson;
        let mut kernel = self.kernel.clone();
        let mut kernel_problem = self.kernel_problem.clone();
        match action {
            Action::SelectMethod(method) => {
                form.method = method;
                form.unknown_mode = None;
            }
            Action::SetField(field, text) => form.set(field, text),
            Action::LoadSeed => form = seed_example(form.method),
            Action::Reset => {
                form = Form {
                    method: form.method,
                    ..Form::default()
                }
            }
            Action::SetStage(next) => {
                if next.preset != stage.preset {
                    if let Some(k) = next.preset.kernel_size() {
                        form.set(Field::KernelH, k.to_string());
                        form.set(Field::KernelW, k.to_string());
                    }
                }
                stage = next;
            }
            Action::LoadLayer(config) => {
                form = Form::from_layer(config.method, config.params, config.multiplier);
                stage.step = Some(0);
                loads += 1;
            }
            Action::OpenChapter(r) => {
                if let Some(chapter) = stage_of(&r) {
                    form = chapter.form.clone();
                    stage = chapter_settings(stage, &chapter);
                    kernel = chapter.kernel.as_ref().map(kernel_text_of);
                    kernel_problem = None;
                    lesson = Some(r);
                    loads += 1;
                }
            }
            Action::CloseLesson => {
                lesson = None;
                kernel = None;
                kernel_problem = None;
            }
            Action::SetKernel(kh, kw, text) => {
                form.set(Field::KernelH, kh.to_string());
                form.set(Field::KernelW, kw.to_string());
                kernel = Some(KernelText { kh, kw, text });
                kernel_problem = None;
            }
        }
        // The editor's kernel follows the layer's kernel size (cropped, or padded with zeros).
        if let (Some(k), Some((kh, kw))) = (&kernel, kernel_size(&form)) {
            if (k.kh, k.kw) != (kh, kw) {
                kernel = resized_kernel(&k.text, (k.kh, k.kw), (kh, kw)).map(|text| KernelText {
                    kh,
                    kw,
                    text,
                });
            }
        }
        if form == self.form
            && stage == self.stage
            && loads == self.loads
            && lesson == self.lesson
            && kernel == self.kernel
            && kernel_problem == self.kernel_problem
        {
            self
        } else {
            Rc::new(AppState {
                form,
                stage,
                link_problems: self.link_problems.clone(),
                loads,
                lesson,
                kernel,
                kernel_problem,
            })
        }
    }
}

/// The stage settings a chapter opens with: its step and spatial separable kernels, one output
/// value per step (the step it names counts elements); the reader's view and numbers stay.
fn chapter_settings(current: StageSettings, chapter: &crate::lessons::Stage) -> StageSettings {
    StageSettings {
        step: chapter.step,
        granularity: crate::timeline::Granularity::Element,
        preset: chapter.preset.unwrap_or_default(),
        ..current
    }
}

/// A kernel as the state keeps it.
fn kernel_text_of(kernel: &crate::engine::KernelMatrix) -> KernelText {
    KernelText {
        kh: kernel.rows(),
        kw: kernel.cols(),
        text: crate::lessons::format_kernel(kernel),
    }
}
