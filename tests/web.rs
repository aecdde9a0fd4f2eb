//! In-browser tests (wasm-bindgen-test in headless Chromium): the app mounts, the configuration
//! panel and cost table render, and they update when fields and tabs change.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, InputEvent, InputEventInit};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window()
        .expect("window")
        .document()
        .expect("document")
}

/// Mounts a fresh app, on a URL without a query, in its own element and lets Yew render.
async fn mount() -> Element {
    mount_at("").await
}

/// Mounts a fresh app on the URL with `query` (e.g. `?mode=grouped`).
async fn mount_at(query: &str) -> Element {
    let window = web_sys::window().expect("window");
    let path = window.location().pathname().expect("pathname");
    window
        .history()
        .expect("history")
        .replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        )
        .expect("replace state");
    let root = document().create_element("div").expect("div");
    document()
        .body()
        .expect("body")
        .append_child(&root)
        .expect("append");
    yew::Renderer::<convlab::ui::App>::with_root(root.clone()).render();
    settle().await;
    root
}

async fn settle() {
    yew::platform::time::sleep(Duration::from_millis(50)).await;
}

fn metric(root: &Element, name: &str) -> Option<u64> {
    root.query_selector(&format!("[data-metric=\"{name}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute("data-value"))
        .and_then(|v| v.parse().ok())
}

async fn type_into(root: &Element, id: &str, text: &str) {
    let input: HtmlInputElement = root
        .query_selector(&format!("#{id}"))
        .expect("selector")
        .expect("input exists")
        .dyn_into()
        .expect("an input");
    input.set_value(text);
    let init = InputEventInit::new();
    init.set_bubbles(true);
    let event = InputEvent::new_with_event_init_dict("input", &init).expect("event");
    input.dispatch_event(&event).expect("dispatch");
    settle().await;
}

async fn click(root: &Element, id: &str) {
    let el: HtmlElement = root
        .query_selector(&format!("#{id}"))
        .expect("selector")
        .expect("element exists")
        .dyn_into()
        .expect("an element");
    el.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn the_panel_and_cost_table_render_and_update() {
    let root = mount().await;
    // Default layer: 7×7×3 → 4, 3×3, padding 1: 4·7·7·27 = 5,292.
    assert_eq!(metric(&root, "macs"), Some(5_292));
    assert_eq!(metric(&root, "macs-standard"), Some(5_292));
    assert_eq!(metric(&root, "out-h"), Some(7));

    type_into(&root, "field-cin", "6").await;
    assert_eq!(metric(&root, "macs"), Some(4 * 49 * 54));

    click(&root, "tab-depthwise-separable").await;
    // Depthwise 6·49·9 = 2,646; pointwise 4·49·6 = 1,176.
    assert_eq!(metric(&root, "macs-depthwise"), Some(2_646));
    assert_eq!(metric(&root, "macs-pointwise"), Some(1_176));
    assert_eq!(metric(&root, "macs"), Some(3_822));

    type_into(&root, "field-mult", "2").await;
    assert_eq!(metric(&root, "macs-depthwise"), Some(2 * 2_646));
    assert_eq!(metric(&root, "macs-pointwise"), Some(2 * 1_176));
}

#[wasm_bindgen_test]
async fn an_invalid_value_shows_an_alert_and_hides_the_figures() {
    let root = mount().await;
    type_into(&root, "field-kh", "99").await;
    let alert = root
        .query_selector("[role=alert]")
        .expect("selector")
        .expect("an alert");
    let text = alert.text_content().unwrap_or_default();
    assert!(
        text.contains("Kernel height is 99, above the limit 15"),
        "{text}"
    );
    assert_eq!(metric(&root, "macs"), None);

    type_into(&root, "field-kh", "3").await;
    assert!(root
        .query_selector("[role=alert]")
        .expect("selector")
        .is_none());
    assert_eq!(metric(&root, "macs"), Some(5_292));
}

#[wasm_bindgen_test]
async fn unused_fields_are_disabled_per_method() {
    let root = mount().await;
    let disabled = |id: &str| -> bool {
        root.query_selector(&format!("#{id}"))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into::<HtmlInputElement>().ok())
            .map(|i| i.disabled())
            .unwrap_or(false)
    };
    assert!(disabled("field-groups"));
    click(&root, "tab-grouped").await;
    assert!(!disabled("field-groups"));
    assert!(disabled("field-mult"));
    click(&root, "tab-spatial-separable").await;
    assert!(disabled("field-cout"));
    assert!(disabled("field-sh"));
    assert_eq!(metric(&root, "macs-column").map(|m| m > 0), Some(true));
}

async fn click_named(root: &Element, label: &str) {
    let el: HtmlElement = root
        .query_selector(&format!("[aria-label=\"{label}\"]"))
        .expect("selector")
        .unwrap_or_else(|| panic!("a control named {label}"))
        .dyn_into()
        .expect("an element");
    el.click();
    settle().await;
}

#[wasm_bindgen_test]
async fn stage_controls_drive_the_timeline_and_the_math_panel() {
    // 5×5 input, 3×3 kernel, no padding: 9 output values of 9 MACs each.
    let root = mount_at("?mode=standard&h=5&w=5&cin=1&cout=1&k=3&pad=0").await;
    assert_eq!(metric(&root, "steps"), Some(9));
    assert_eq!(metric(&root, "step"), Some(0));
    click_named(&root, "Step forward").await;
    assert_eq!(metric(&root, "step"), Some(1));
    assert_eq!(metric(&root, "macs-done"), Some(9));
    let panel = root
        .query_selector(".math-panel")
        .expect("selector")
        .expect("the math panel")
        .text_content()
        .unwrap_or_default();
    assert!(
        panel.contains("Output channel 1, row 1, column 1"),
        "{panel}"
    );
    click_named(&root, "Go to end").await;
    assert_eq!(metric(&root, "macs-done"), Some(81));
    click_named(&root, "Step back").await;
    assert_eq!(metric(&root, "step"), Some(8));
    click_named(&root, "Restart").await;
    assert_eq!(metric(&root, "step"), Some(0));
    click_named(&root, "Play").await;
    assert!(root
        .query_selector("[aria-label=\"Pause\"]")
        .expect("selector")
        .is_some());
    click_named(&root, "Pause").await;
    assert!(root
        .query_selector("[aria-label=\"Play\"]")
        .expect("selector")
        .is_some());
}

#[cfg(feature = "explorer")]
#[wasm_bindgen_test]
async fn the_explorer_lists_the_presets_and_a_preset_loads_its_layer() {
    let root = mount_at("?mode=standard&h=7&w=7&cin=3&cout=4&k=3&pad=1").await;
    let rows = root
        .query_selector_all("tr[data-preset]")
        .expect("selector")
        .length();
    assert_eq!(rows, 6);
    assert_eq!(
        root.query_selector_all("figure.chart canvas")
            .expect("selector")
            .length(),
        4
    );
    // MobileNet v1 as built: 568,740,352 MACs and 4,210,088 parameters.
    assert_eq!(metric(&root, "network-macs"), Some(568_740_352));
    assert_eq!(metric(&root, "network-params"), Some(4_210_088));

    let load: HtmlElement = root
        .query_selector("tr[data-preset=\"alexnet-conv2\"] button.load-preset")
        .expect("selector")
        .expect("the AlexNet row's button")
        .dyn_into()
        .expect("a button");
    load.click();
    settle().await;
    // 27×27×96 → 256, 5×5, padding 2, 2 groups: 256·27·27·48·25 = 223,948,800 MACs.
    assert_eq!(metric(&root, "macs"), Some(223_948_800));
    // The loaded layer's method and fields (the URL is shared by every app this file mounts,
    // so the end-to-end tests check it instead).
    let selected = root
        .query_selector("#tab-grouped")
        .expect("selector")
        .and_then(|t| t.get_attribute("aria-selected"));
    assert_eq!(selected.as_deref(), Some("true"));
    let groups: HtmlInputElement = root
        .query_selector("#field-groups")
        .expect("selector")
        .expect("the groups field")
        .dyn_into()
        .expect("an input");
    assert_eq!(groups.value(), "2");
}

#[cfg(feature = "lessons")]
#[wasm_bindgen_test]
async fn lesson_chapter_kernel_editor_and_next() {
    // The spatial separable lesson's third chapter opens the editor on the 3×3 Gaussian: rank 1.
    let root = mount_at("?lesson=spatial-separable&chapter=3").await;
    assert_eq!(metric(&root, "kernel-rank"), Some(1));
    // Its centre made 5 (the Gaussian's is 4/16) leaves no single column × row: rank 2.
    type_into(&root, "kernel-cell-1-1", "5").await;
    assert_eq!(metric(&root, "kernel-rank"), Some(2));
    let next: HtmlElement = root
        .query_selector(".nav-next")
        .expect("selector")
        .expect("the Next button")
        .dyn_into()
        .expect("a button");
    next.click();
    settle().await;
    let progress = root
        .query_selector(".lesson-progress")
        .expect("selector")
        .expect("the progress")
        .text_content()
        .unwrap_or_default();
    assert_eq!(progress, "Chapter 4 of 6");
    // Chapter four opens on the sharpen kernel: rank 2.
    assert_eq!(metric(&root, "kernel-rank"), Some(2));
}
