//! The code panel: the PyTorch and Keras code that builds the current layer, the weight shapes
//! each framework stores, and a copy button; for an invalid layer, each framework's rule it
//! breaks.

use yew::prelude::*;

use crate::config::format::thousands;
use crate::config::{Form, LayerConfig};
use crate::explorer::code::{rules_for_form, snippets, Framework, Snippet};
use crate::ui::download::copy_text;

/// The code panel's properties.
#[derive(Properties, PartialEq)]
pub struct CodePanelProps {
    /// The form, for the framework rules of an invalid layer.
    pub form: Form,
    /// The layer, when it is valid.
    pub config: Option<LayerConfig>,
}

#[derive(Properties, PartialEq)]
struct SnippetViewProps {
    snippet: Snippet,
}

fn framework_key(f: Framework) -> &'static str {
    match f {
        Framework::PyTorch => "pytorch",
        Framework::Keras => "keras",
    }
}

/// One framework's code, its weights and notes.
#[component(SnippetView)]
fn snippet_view(props: &SnippetViewProps) -> Html {
    let s = &props.snippet;
    let status = use_state(|| None::<(bool, String)>);
    let on_copy = {
        let code = s.code.clone();
        let status = status.clone();
        Callback::from(move |_: MouseEvent| {
            let code = code.clone();
            let status = status.clone();
            yew::platform::spawn_local(async move {
                status.set(Some(match copy_text(code).await {
                    Ok(()) => (true, "Copied.".to_string()),
                    Err(e) => (false, format!("Nothing copied: {e}.")),
                }));
            });
        })
    };
    let key = framework_key(s.framework);
    html! {
        <article class="snippet" data-framework={key}>
            <div class="snippet-head">
                <h4>{ s.title.clone() }</h4>
                <button type="button" class="secondary" data-copy={format!("code-{key}")} onclick={on_copy}>{ "Copy code" }</button>
            </div>
            // Scrolls sideways when a line is long: focusable, and named, for the keyboard.
            <pre tabindex="0" role="region" aria-label={format!("{} code", s.title)}><code>{ s.code.clone() }</code></pre>
            if let Some((ok, text)) = &*status {
                <p class={classes!("export-status", (!ok).then_some("error"))} role="status">{ text.clone() }</p>
            }
            <table class="weights">
                <caption>{ format!("Weights {} stores", s.framework.label()) }</caption>
                <thead><tr><th scope="col">{ "Tensor" }</th><th scope="col">{ "Shape" }</th><th scope="col">{ "Values" }</th></tr></thead>
                <tbody>
                    { for s.weights.iter().map(|w| html! {
                        <tr><td><code>{ w.name.clone() }</code></td><td><code>{ w.shape_text(s.framework) }</code></td><td>{ thousands(w.elements()) }</td></tr>
                    }) }
                </tbody>
                <tfoot><tr><th scope="row" colspan="2">{ if s.exact { "Total, equal to our parameter count" } else { "Total" } }</th><td>{ thousands(s.parameter_count()) }</td></tr></tfoot>
            </table>
            if !s.notes.is_empty() {
                <ul class="snippet-notes">{ for s.notes.iter().map(|n| html! { <li>{ n.clone() }</li> }) }</ul>
            }
        </article>
    }
}

/// The code panel.
#[component(CodePanel)]
pub fn code_panel(props: &CodePanelProps) -> Html {
    let body = match props.config {
        Some(config) => html! {
            <div class="snippets">
                { for snippets(&config).into_iter().map(|snippet| html! { <SnippetView {snippet} /> }) }
            </div>
        },
        None => {
            let rules = rules_for_form(&props.form);
            if rules.is_empty() {
                html! { <p class="muted">{ "The code returns as soon as every value is valid." }</p> }
            } else {
                html! {
                    <div class="framework-rules" role="note">
                        <p>{ "No framework can build this layer:" }</p>
                        <ul>
                            { for rules.iter().map(|r| html! {
                                <li data-framework={framework_key(r.framework)}><strong>{ format!("{}: ", r.framework.label()) }</strong>{ r.rule.clone() }</li>
                            }) }
                        </ul>
                    </div>
                }
            }
        }
    };
    html! {
        <div class="code-panel">
            { body }
        </div>
    }
}
