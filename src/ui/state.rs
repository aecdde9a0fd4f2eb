//! The application's one state and the actions that change it (Yew's `Reducible`).

use std::rc::Rc;

use yew::Reducible;

use super::stage_settings::StageSettings;
use crate::config::{seed_example, Field, Form, LayerConfig};
use crate::engine::Method;

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
}

impl AppState {
    /// The state a query string describes.
    pub fn from_query(query: &str) -> Self {
        let (stage, link_problems) = StageSettings::from_query(query);
        AppState {
            form: Form::from_query(query),
            stage,
            link_problems,
            loads: 0,
        }
    }

    /// The whole query string: the layer's keys, then the stage's.
    pub fn to_query(&self) -> String {
        let stage = self.stage.to_query();
        if stage.is_empty() {
            self.form.to_query()
        } else {
            format!("{}&{stage}", self.form.to_query())
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut form = self.form.clone();
        let mut stage = self.stage;
        let mut loads = self.loads;
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
        }
        if form == self.form && stage == self.stage && loads == self.loads {
            self
        } else {
            Rc::new(AppState {
                form,
                stage,
                link_problems: self.link_problems.clone(),
                loads,
            })
        }
    }
}
