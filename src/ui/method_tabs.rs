//! The four method tabs, keyboard-operable as a WAI-ARIA tab list (←/→, Home/End).

use yew::prelude::*;

use super::browser;

use crate::engine::Method;

/// The tab list's properties.
#[derive(Properties, PartialEq)]
pub struct MethodTabsProps {
    /// The method shown.
    pub selected: Method,
    /// Asks for another method.
    pub on_select: Callback<Method>,
}

/// The element id of a method's tab.
pub fn tab_id(method: Method) -> String {
    format!("tab-{}", method.key())
}

/// The id of the panel the tabs control.
pub const PANEL_ID: &str = "method-panel";

/// The method tabs.
#[component(MethodTabs)]
pub fn method_tabs(props: &MethodTabsProps) -> Html {
    let position = Method::ALL
        .iter()
        .position(|m| *m == props.selected)
        .unwrap_or(0);
    let onkeydown = {
        let on_select = props.on_select.clone();
        Callback::from(move |e: KeyboardEvent| {
            let n = Method::ALL.len();
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => (position + 1) % n,
                "ArrowLeft" | "ArrowUp" => (position + n - 1) % n,
                "Home" => 0,
                "End" => n - 1,
                _ => return,
            };
            e.prevent_default();
            on_select.emit(Method::ALL[next]);
            browser::focus_by_id(&tab_id(Method::ALL[next]));
        })
    };
    html! {
        <div class="method-tabs" role="tablist" aria-label="Convolution method" {onkeydown}>
            { for Method::ALL.iter().map(|&method| {
                let selected = method == props.selected;
                let onclick = props.on_select.reform(move |_: MouseEvent| method);
                html! {
                    <button
                        id={tab_id(method)}
                        class={classes!("tab", format!("method-{}", method.key()))}
                        role="tab"
                        type="button"
                        aria-selected={if selected { "true" } else { "false" }}
                        aria-controls={PANEL_ID}
                        tabindex={if selected { "0" } else { "-1" }}
                        {onclick}
                    >
                        { method.label() }
                    </button>
                }
            }) }
        </div>
    }
}
