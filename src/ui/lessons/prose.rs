//! Lesson prose in the page: paragraphs of text, names, formulas and live figures. Each figure
//! is a `<span class="figure">` carrying `data-metric` and `data-value`; metric names are
//! prefixed with `lesson-` and numbered when a chapter repeats one, so every `data-metric` on
//! the page is unique.

use std::collections::HashMap;

use yew::prelude::*;

use crate::lessons::{Paragraph, Piece};

/// Gives each figure of one chapter its page-unique `data-metric`.
#[derive(Debug, Default)]
pub struct MetricNames {
    seen: HashMap<&'static str, usize>,
}

impl MetricNames {
    /// `lesson-macs` the first time, then `lesson-macs-2`, `lesson-macs-3`, …
    pub fn name(&mut self, metric: &'static str) -> String {
        let n = self.seen.entry(metric).or_insert(0);
        *n += 1;
        if *n == 1 {
            format!("lesson-{metric}")
        } else {
            format!("lesson-{metric}-{n}")
        }
    }
}

/// One paragraph's pieces as inline HTML.
pub fn pieces(paragraph: &Paragraph, names: &mut MetricNames) -> Html {
    paragraph
        .0
        .iter()
        .map(|piece| match piece {
            Piece::Text(t) => html! { { *t } },
            Piece::Name(t) => html! { <span class="name">{ *t }</span> },
            Piece::Formula(t) => html! { <span class="formula">{ *t }</span> },
            Piece::Figure(f) => html! {
                <span class="figure" data-metric={names.name(f.metric)} data-value={f.value.data_value()}>
                    { f.value.text() }
                </span>
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_metrics_are_numbered() {
        let mut names = MetricNames::default();
        assert_eq!(names.name("macs"), "lesson-macs");
        assert_eq!(names.name("groups"), "lesson-groups");
        assert_eq!(names.name("macs"), "lesson-macs-2");
        assert_eq!(names.name("macs"), "lesson-macs-3");
    }
}
