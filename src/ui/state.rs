//! The application's one state and the actions that change it (Yew's `Reducible`).

use std::rc::Rc;

use yew::Reducible;

use crate::config::{seed_example, Field, Form};
use crate::engine::Method;

/// Everything the page shows is derived from this.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AppState {
    /// The configuration panel's values and the selected method.
    pub form: Form,
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
}

impl AppState {
    /// The state a query string describes.
    pub fn from_query(query: &str) -> Self {
        AppState {
            form: Form::from_query(query),
        }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut form = self.form.clone();
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
        }
        if form == self.form {
            self
        } else {
            Rc::new(AppState { form })
        }
    }
}
