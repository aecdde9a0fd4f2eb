//! The application's one state and the actions that change it (Yew's `Reducible`).

use std::rc::Rc;

use yew::Reducible;

#[cfg(feature = "lessons")]
use super::lessons::{chapter_settings, kernel_size, kernel_text_of, resized_kernel, stage_of};
use super::stage_settings::StageSettings;
use crate::config::{seed_example, Field, Form, LayerConfig};
use crate::engine::Method;
use crate::lessons::LessonRef;
use crate::timeline::{FilterRef, SeparableKernel};

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
    /// The lesson chapter open, if any (`lesson=`, `chapter=`). The lesson fields stay empty on
    /// a page built without the lessons.
    pub lesson: Option<LessonRef>,
    /// The kernel editor's kernel (`kernel=`), valid and written canonically.
    pub kernel: Option<KernelText>,
    /// Why the link's `kernel=` was not used, in words.
    pub kernel_problem: Option<String>,
    /// The filter lit on the stage and in the connection matrix (not part of the link).
    pub filter_focus: Option<FilterRef>,
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
    /// Light a filter's planes on the stage and its row in the connection matrix (or none).
    FocusFilter(Option<FilterRef>),
    /// Open a lesson chapter: load its layer, step, stage preset and kernel.
    #[cfg(feature = "lessons")]
    OpenChapter(LessonRef),
    /// Close the lesson (the layer stays as it is).
    #[cfg(feature = "lessons")]
    CloseLesson,
    /// The kernel editor's kernel, as a `kernel=` value of `kh×kw` values, row-major.
    #[cfg(feature = "lessons")]
    SetKernel(usize, usize, String),
}

impl AppState {
    /// The state a query string describes.
    pub fn from_query(query: &str) -> Self {
        let (stage, link_problems) = StageSettings::from_query(query);
        #[cfg_attr(not(feature = "lessons"), allow(unused_mut))]
        let mut state = AppState {
            form: Form::from_query(query),
            stage,
            link_problems,
            ..AppState::default()
        };
        #[cfg(feature = "lessons")]
        super::lessons::read_link(&mut state, query);
        state
    }

    /// The whole query string: the layer's and the stage's keys ([`AppState::layer_query`]),
    /// then the lesson's.
    pub fn to_query(&self) -> String {
        #[cfg_attr(not(feature = "lessons"), allow(unused_mut))]
        let mut query = self.layer_query();
        #[cfg(feature = "lessons")]
        for part in super::lessons::link_keys(self) {
            query.push('&');
            query.push_str(&part);
        }
        query
    }

    /// The kernel editor's kernel as the stage's spatial separable passes, when one is set.
    #[cfg(feature = "lessons")]
    pub fn stage_kernel(&self) -> Option<Rc<SeparableKernel>> {
        let kernel = self.kernel.as_ref()?;
        let matrix = crate::lessons::parse_kernel(&kernel.text, kernel.kh, kernel.kw).ok()?;
        let analysis = crate::lessons::EditorAnalysis::of(&matrix);
        Some(Rc::new(analysis.stage_kernel()))
    }

    /// The kernel editor's kernel as the stage's passes: none on a page without the lessons.
    #[cfg(not(feature = "lessons"))]
    pub fn stage_kernel(&self) -> Option<Rc<SeparableKernel>> {
        None
    }

    /// The layer's keys, then the stage's: what another page needs to show the same layer.
    pub fn layer_query(&self) -> String {
        let mut query = self.form.to_query();
        let stage = self.stage.to_query();
        if !stage.is_empty() {
            query.push('&');
            query.push_str(&stage);
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
        #[cfg_attr(not(feature = "lessons"), allow(unused_mut))]
        let (mut lesson, mut kernel, mut kernel_problem) = (
            self.lesson,
            self.kernel.clone(),
            self.kernel_problem.clone(),
        );
        let mut filter_focus = self.filter_focus;
        match action {
            Action::FocusFilter(f) => filter_focus = f,
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
            #[cfg(feature = "lessons")]
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
            #[cfg(feature = "lessons")]
            Action::CloseLesson => {
                lesson = None;
                kernel = None;
                kernel_problem = None;
            }
            #[cfg(feature = "lessons")]
            Action::SetKernel(kh, kw, text) => {
                form.set(Field::KernelH, kh.to_string());
                form.set(Field::KernelW, kw.to_string());
                kernel = Some(KernelText { kh, kw, text });
                kernel_problem = None;
            }
        }
        // The editor's kernel follows the layer's kernel size (cropped, or padded with zeros).
        #[cfg(feature = "lessons")]
        if let (Some(k), Some((kh, kw))) = (&kernel, kernel_size(&form)) {
            if (k.kh, k.kw) != (kh, kw) {
                kernel = resized_kernel(&k.text, (k.kh, k.kw), (kh, kw)).map(|text| KernelText {
                    kh,
                    kw,
                    text,
                });
            }
        }
        // A new layer (or a kernel with another number of passes) has other filters: nothing
        // stays lit.
        if form != self.form || loads != self.loads || kernel != self.kernel {
            filter_focus = None;
        }
        if form == self.form
            && stage == self.stage
            && loads == self.loads
            && lesson == self.lesson
            && kernel == self.kernel
            && kernel_problem == self.kernel_problem
            && filter_focus == self.filter_focus
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
                filter_focus,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lit_filter_is_let_go_when_the_layer_changes() {
        let state = Rc::new(AppState::from_query("mode=grouped&cin=8&cout=8&groups=2"));
        let f = FilterRef {
            stage: 0,
            filter: 7,
        };
        let lit = state.reduce(Action::FocusFilter(Some(f)));
        assert_eq!(lit.filter_focus, Some(f));
        // The stage's own settings keep it; a new layer does not.
        let stepped = lit.clone().reduce(Action::SetStage(StageSettings {
            step: Some(3),
            ..lit.stage
        }));
        assert_eq!(stepped.filter_focus, Some(f));
        let changed = stepped.reduce(Action::SetField(Field::Groups, "4".into()));
        assert_eq!(changed.filter_focus, None);
        // It is never part of the link.
        assert!(!lit.to_query().contains("filter"));
    }

    /// The address the page mirrors stays short whatever the link or the reader typed: no
    /// invalid value over 64 characters is written back.
    #[test]
    fn the_mirrored_address_leaves_out_long_invalid_values() {
        let huge = "9".repeat(100_000);
        let query = format!(
            "mode=depthwise-separable&h={huge}&cout=x{huge}&view={huge}&lesson={huge}&kernel={huge}"
        );
        let state = Rc::new(AppState::from_query(&query));
        let mirrored = state.to_query();
        assert!(mirrored.len() < 200, "{} characters", mirrored.len());
        assert!(
            !mirrored.contains("&h=") && !mirrored.contains("cout="),
            "{mirrored}"
        );
        // The field keeps what was typed; typing more keeps it out of the address too.
        assert_eq!(state.form.value(Field::Height), huge);
        let typed = state.reduce(Action::SetField(Field::Width, "w".repeat(65)));
        assert!(!typed.to_query().contains("&w="));
        let fixed = typed.reduce(Action::SetField(Field::Height, "12".into()));
        assert!(fixed.to_query().contains("&h=12&"));
    }

    #[cfg(feature = "lessons")]
    #[test]
    fn a_lit_filter_is_let_go_when_the_kernel_changes() {
        let state = Rc::new(AppState::from_query("lesson=spatial-separable&chapter=4"));
        let f = FilterRef {
            stage: 0,
            filter: 1,
        };
        let lit = state.reduce(Action::FocusFilter(Some(f)));
        assert_eq!(lit.filter_focus, Some(f));
        let edited = lit.reduce(Action::SetKernel(3, 3, "1,1,1,1,1,1,1,1,1".into()));
        assert_eq!(edited.filter_focus, None);
    }
}
