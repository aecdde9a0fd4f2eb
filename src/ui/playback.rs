//! The stage's pure model, apart from its component: the layer it animates (the kernel editor's
//! passes included), the playback reducer (a cursor over a timeline, driven by commands, frames
//! and new timelines), when the step is written back to the URL, and the live counts and
//! narration for a position. The component in `stage.rs` keeps the hooks, the canvas and the
//! events; everything it shows about the position comes from here, so it is tested natively
//! (`tests/state_machine.rs`).

use std::rc::Rc;

use yew::Reducible;

use super::math_panel::element_name;
use super::stage_settings::StageSettings;
use crate::config::format::thousands;
use crate::config::LayerConfig;
use crate::engine::Method;
use crate::timeline::{Command, Cursor, Phase, SeparableKernel, Timeline};

/// The layer the stage animates and the kernel it runs: the kernel editor's kernel applies to
/// spatial separable only (a kernel of rank k runs as k passes); other methods ignore it.
pub fn stage_layer(
    config: LayerConfig,
    kernel: Option<Rc<SeparableKernel>>,
) -> (LayerConfig, Option<Rc<SeparableKernel>>) {
    let kernel =
        kernel.filter(|k| config.method == Method::SpatialSeparable && !k.passes.is_empty());
    let layer = kernel.as_ref().map_or(config, |k| k.layer(config));
    (layer, kernel)
}

/// The cursor and the timeline it moves over.
#[derive(Debug, Clone, PartialEq)]
pub struct Playback {
    /// The steps of the layer shown.
    pub timeline: Rc<Timeline>,
    /// Where playback stands on them.
    pub cursor: Cursor,
}

impl Playback {
    /// A paused playback of `timeline` at the step the URL names (or the start).
    pub fn new(timeline: Rc<Timeline>, step: Option<u64>) -> Self {
        Playback {
            cursor: Cursor::new(timeline.len(), step.unwrap_or(0)),
            timeline,
        }
    }
}

/// What changes the playback.
#[derive(Debug, Clone, PartialEq)]
pub enum PlaybackAction {
    /// A control, a key or a click on the canvas.
    Command(Command),
    /// An animation frame, `dt_secs` after the previous one.
    Advance(f64),
    /// A new timeline, at the step the URL names, or else at the current position (the same
    /// element when only the step size changed).
    Load(Rc<Timeline>, Option<u64>),
}

impl Reducible for Playback {
    type Action = PlaybackAction;
    fn reduce(self: Rc<Self>, action: PlaybackAction) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            PlaybackAction::Command(c) => next.cursor.apply(c, &next.timeline),
            PlaybackAction::Advance(dt) => {
                if !self.cursor.is_playing() {
                    return self;
                }
                // Even a frame that completes no step carries its fraction forward.
                next.cursor.advance(dt);
            }
            PlaybackAction::Load(timeline, step) => {
                if timeline == self.timeline {
                    return self;
                }
                let old = &self.timeline;
                let same_layer = old.method() == timeline.method()
                    && old.stages().len() == timeline.stages().len()
                    && old
                        .stages()
                        .iter()
                        .zip(timeline.stages())
                        .all(|(a, b)| a.spec == b.spec);
                let completed = match step {
                    Some(n) => n,
                    None if same_layer => old.position_in(self.cursor.completed(), &timeline),
                    None => self.cursor.completed(),
                };
                let mut cursor = Cursor::new(timeline.len(), completed);
                cursor.apply(Command::SetSpeed(self.cursor.speed()), &timeline);
                cursor.apply(Command::SetLoop(self.cursor.is_looping()), &timeline);
                next = Playback { timeline, cursor };
            }
        }
        Rc::new(next)
    }
}

/// The settings with the step the cursor rests on, when playback rests elsewhere than the
/// settings say: the URL follows the step whenever playback is paused.
pub fn rested_settings(settings: StageSettings, cursor: &Cursor) -> Option<StageSettings> {
    let completed = cursor.completed();
    (!cursor.is_playing() && settings.step != Some(completed)).then_some(StageSettings {
        step: Some(completed),
        ..settings
    })
}

/// The live counts above the canvas after some steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StageCounts {
    /// MACs of all completed steps.
    pub macs_done: u64,
    /// Total MACs of the method.
    pub macs_total: u64,
    /// Output values (of the layer's last stage) finished.
    pub outputs_done: u64,
    /// MACs a standard convolution needs for the output values finished.
    pub standard_for_outputs: u64,
    /// Total MACs of the standard convolution.
    pub standard_total: u64,
    /// The first of two phases is running, so no output is written yet: its name.
    pub before_outputs: Option<&'static str>,
}

impl StageCounts {
    /// The counts after `completed` steps of `timeline`.
    pub fn at(timeline: &Timeline, completed: u64) -> StageCounts {
        let stages = timeline.stages();
        let outputs_done = timeline.elements_done(stages.len().saturating_sub(1), completed);
        let standard_per_output = {
            let out = stages
                .last()
                .map(|p| p.spec.output_shape().elements())
                .unwrap_or(1)
                .max(1);
            timeline.standard_macs() / out
        };
        let step = completed.checked_sub(1).and_then(|i| timeline.step(i));
        let before_outputs = match (step.map(|s| s.phase), outputs_done) {
            (Some(Phase::Column), 0) => Some("column pass"),
            (Some(Phase::Depthwise), 0) => Some("depthwise step"),
            _ => None,
        };
        StageCounts {
            macs_done: timeline.macs_through(completed),
            macs_total: timeline.total_macs(),
            outputs_done,
            standard_for_outputs: outputs_done * standard_per_output,
            standard_total: timeline.standard_macs(),
            before_outputs,
        }
    }
}

/// What the stage's live region says after `completed` steps: nothing while playing, the step
/// and the counts when paused (`maps_per_channel`: intermediate maps per input channel).
pub fn narration(
    timeline: &Timeline,
    completed: u64,
    playing: bool,
    maps_per_channel: usize,
) -> String {
    if playing {
        return String::new();
    }
    match completed.checked_sub(1).and_then(|i| timeline.step(i)) {
        Some(s) => format!(
            "{}: {} multiply-add{}; {} of {} done.",
            element_name(&s, maps_per_channel),
            thousands(s.macs),
            if s.macs == 1 { "" } else { "s" },
            thousands(timeline.macs_through(completed)),
            thousands(timeline.total_macs())
        ),
        None => format!(
            "Ready: {} steps, {} multiply-adds in all.",
            thousands(timeline.len()),
            thousands(timeline.total_macs())
        ),
    }
}
