//! Channel shuffle: two grouped layers stacked, their matrices and the shuffle's order, and the
//! composed matrix of the pair without and with ShuffleNet's shuffle between them, each with how
//! many input groups every output sees.

use yew::prelude::*;

use super::connection_matrix::MatrixView;
use crate::lessons::{Reach, StackedGroups};

/// Drawn side of the two layers' pieces, in CSS pixels.
const PIECE_PX: f64 = 130.0;
/// Drawn side of the composed matrices, in CSS pixels (two fit side by side in the panel).
const COMPOSED_PX: f64 = 190.0;

/// The shuffle panel's properties.
#[derive(Properties, PartialEq)]
pub struct ShufflePanelProps {
    /// Channels of every tensor.
    pub channels: usize,
    /// Groups of both layers.
    pub groups: usize,
    /// Whether the chapter is about the shuffled stack (its matrix is framed).
    pub shuffled: bool,
}

fn reach_line(reach: &Reach, metric: &str) -> Html {
    let figure = |name: &str, n: usize| {
        html! { <span class="figure" data-metric={format!("{metric}-{name}")} data-value={n.to_string()}>{ n }</span> }
    };
    html! {
        <p class="reach">
            if reach.fewest == reach.most {
                { "Each output sees " }{ figure("reach", reach.most) }
            } else {
                { "Outputs see " }{ figure("reach", reach.fewest) }{ " to " }{ figure("reach-most", reach.most) }
            }
            { " of " }{ figure("groups", reach.groups) }{ " input groups." }
        </p>
    }
}

/// The two stacked layers, composed without and with the shuffle.
#[component(ShufflePanel)]
pub fn shuffle_panel(props: &ShufflePanelProps) -> Html {
    let (c, g) = (props.channels, props.groups);
    let stacks = use_memo((c, g), |&(c, g)| {
        Ok::<_, crate::lessons::connection::ConnectionError>((
            StackedGroups::new(c, g, false)?,
            StackedGroups::new(c, g, true)?,
        ))
    });
    let (plain, shuffled) = match stacks.as_ref() {
        Ok(pair) => pair,
        Err(e) => return html! { <p class="panel-wait">{ format!("No stack to show: {e}.") }</p> },
    };
    html! {
        <section class="lesson-panel shuffle-panel" aria-label="Channel shuffle">
            <p class="panel-lead">{ "Which inputs of the first layer each output of the second can see:" }</p>
            <div class="matrices">
                <div class="composed">
                    <MatrixView matrix={plain.composed.clone()} caption="Composed, without shuffle" metric="composed-plain" emphasis={!props.shuffled} side_px={COMPOSED_PX} />
                    { reach_line(&plain.reach, "composed-plain") }
                </div>
                <div class="composed">
                    <MatrixView matrix={shuffled.composed.clone()} caption="Composed, with shuffle" metric="composed-shuffled" emphasis={props.shuffled} side_px={COMPOSED_PX} />
                    { reach_line(&shuffled.reach, "composed-shuffled") }
                </div>
            </div>
            <p class="panel-lead">{ format!("The pieces: two grouped layers, {c} → {c} → {c} channels, {g} groups each, and the shuffle that may sit between them.") }</p>
            <div class="matrices small">
                <MatrixView matrix={plain.first.clone()} caption="Each grouped layer" metric="shuffle-layer" side_px={PIECE_PX} />
                if let Some(order) = &shuffled.shuffle {
                    <MatrixView matrix={order.clone()} caption="The shuffle: a new order" metric="shuffle-order" side_px={PIECE_PX} />
                }
            </div>
        </section>
    }
}
