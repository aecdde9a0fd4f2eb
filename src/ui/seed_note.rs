//! The note on the seed's worked example: the correct figures from the engine beside the
//! often-quoted wrong ones, and the slip behind each. An aside, folded by default: the build
//! renders it to HTML (`convlab-prerender seed-note`) into the main page, so no wasm carries
//! it; its link opens the example. (The lessons tell it in their depthwise cost chapter.)

use yew::prelude::*;

use crate::config::format::{ratio, thousands};
use crate::config::seed::{quoted, SeedFigures};

/// The seed note's properties.
#[derive(Properties, PartialEq)]
pub struct SeedNoteProps {
    /// The link that opens the example (a page address with the layer's query).
    pub href: AttrValue,
}

/// The note on the seed's 9.24×.
#[component(SeedNote)]
pub fn seed_note(props: &SeedNoteProps) -> Html {
    let figures = match SeedFigures::compute() {
        Ok(f) => f,
        Err(err) => {
            return html! { <p role="alert">{ format!("The worked example could not be costed: {err}") }</p> }
        }
    };
    let t = thousands;
    let c = figures.dropped_channels();
    let same = &figures.same;
    let valid = &figures.valid;
    let n = same.output().c;
    let k = same.standard.spec.params().kernel;
    let k2 = k.h * k.w;
    html! {
        <details id="seed-note" class="seed-note">
            <summary><h2 id="seed-note-title">{ "Why the often-quoted 9.24× is wrong" }</h2></summary>
            <p>
                { "A widely copied explanation takes a 64×64×3 image to 256 channels with 3×3 kernels and reports " }
                { t(quoted::STANDARD) }{ " operations for the standard convolution against " }{ t(quoted::TOTAL) }
                { " for depthwise separable: 9.24× fewer. Every figure in that sentence is off:" }
            </p>
            <ul>
                <li>
                    { format!("{} = 64·64·256·3·3 leaves out the {c} input channels: each 3×3 filter is 3×3×{c}. ", t(quoted::STANDARD)) }
                    { format!("The standard convolution does {} multiply-accumulates with padding 1 ({} without padding).", t(same.standard.macs), t(valid.standard.macs)) }
                </li>
                <li>
                    { format!("The depthwise term {} is one channel's worth; all {c} channels cost {} (padding 1) or {} (62×62 outputs).", t(quoted::DEPTHWISE), t(same.stages[0].macs), t(valid.stages[0].macs)) }
                </li>
                <li>
                    { format!("The pointwise term {} = 62·62·256 again drops the {c} input channels (each 1×1 kernel is 1×1×{c}) and counts 62×62 outputs, while the standard figure counted 64×64. It is {} at 64×64 and {} at 62×62.", t(quoted::POINTWISE), t(same.stages[1].macs), t(valid.stages[1].macs)) }
                </li>
                <li>
                    { format!("The sum is mis-added: {} + {} = {}, not {}.", t(quoted::DEPTHWISE), t(quoted::POINTWISE), t(figures.quoted_terms_sum), t(quoted::TOTAL)) }
                </li>
            </ul>
            <p>
                { format!("Counted consistently, depthwise separable needs {} against {} (padding 1), or {} against {} (valid): ", t(same.macs()), t(same.standard.macs), t(valid.macs()), t(valid.standard.macs)) }
                <strong>{ ratio(same.mac_ratio()) }</strong>
                { format!(" fewer in both cases — exactly 1 ÷ (1/{n} + 1/{k2}), since N = {n} output channels and K² = {k2}.") }
            </p>
            <a class="button secondary" href={props.href.clone()}>{ "Open the example (64×64×3 → 256, 3×3)" }</a>
        </details>
    }
}
