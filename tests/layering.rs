//! The layering rules: `src/engine`, `src/config`, `src/timeline`, `src/explorer`,
//! `src/lessons`, `src/lab` and `src/export` are pure Rust, and `src/render` draws without Yew,
//! touching the browser only in `canvas.rs` (the stage) and `chart_canvas.rs` (the explorer's charts). These fail when a file
//! mentions a crate it must not use, as a word (comments included), so the rules cannot rot
//! quietly.

use std::path::{Path, PathBuf};

/// Crates the model layers must not name.
const FORBIDDEN: [&str; 6] = [
    "yew",
    "web_sys",
    "wasm_bindgen",
    "js_sys",
    "gloo",
    "plotters",
];

/// Pure-Rust folders, relative to the crate root; a missing one is skipped.
const PURE: [&str; 7] = [
    "src/engine",
    "src/config",
    "src/timeline",
    "src/explorer",
    "src/lessons",
    "src/export",
    "src/lab",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Identifier-like words: runs of ASCII letters, digits and `_`.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
}

/// `(file, line, word)` for every forbidden word in `text`.
fn violations(file: &str, text: &str) -> Vec<String> {
    violations_of(&FORBIDDEN, file, text)
}

/// `(file, line, word)` for every word of `forbidden` in `text`.
fn violations_of(forbidden: &[&str], file: &str, text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (n, line) in text.lines().enumerate() {
        for word in words(line) {
            let lower = word.to_ascii_lowercase();
            if forbidden.contains(&lower.as_str()) {
                found.push(format!("{file}:{}: mentions `{word}`", n + 1));
            }
        }
    }
    found
}

#[test]
fn model_layers_name_no_web_crate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for dir in PURE {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(
        !files.is_empty(),
        "no Rust files found under {PURE:?}: the scan is looking in the wrong place"
    );
    let mut found = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        found.extend(violations(&name, &text));
    }
    assert!(
        found.is_empty(),
        "the engine, config, timeline, explorer and lessons must stay pure Rust:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scan_finds_words_not_substrings() {
    assert_eq!(violations("a.rs", "use yew::prelude::*;").len(), 1);
    assert_eq!(violations("a.rs", "// via web_sys.").len(), 1);
    assert_eq!(violations("a.rs", "let x = js_sys::Date::now();").len(), 1);
    assert_eq!(
        violations("a.rs", "fn plotters_like() {} // yewtree").len(),
        0
    );
    assert_eq!(violations("a.rs", "glooming").len(), 0);
    assert_eq!(violations("a.rs", "//! Draws with Plotters.").len(), 1);
}

#[test]
fn render_draws_without_yew_and_only_the_canvas_files_touch_the_browser() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/render"), &mut files);
    assert!(
        files.iter().any(|p| p.ends_with("canvas.rs")),
        "src/render/canvas.rs is missing"
    );
    let mut found = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let name = path
            .strip_prefix(root)
            .unwrap_or(path)
            .display()
            .to_string();
        // `canvas.rs` draws the stage; `chart_canvas.rs` is the plotters backend that puts the
        // explorer's charts on the page's canvas. Both may touch the browser, neither Yew.
        let touches_browser = path.ends_with("canvas.rs") || path.ends_with("chart_canvas.rs");
        let forbidden: &[&str] = if touches_browser {
            &["yew", "gloo"]
        } else {
            &["yew", "web_sys", "wasm_bindgen", "js_sys", "gloo"]
        };
        found.extend(violations_of(forbidden, &name, &text));
    }
    assert!(
        found.is_empty(),
        "render's rule is broken:\n{}",
        found.join("\n")
    );
}
