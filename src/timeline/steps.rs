//! The steps of a layer's computation, in the engine's scan order: stage by stage (column
//! before row, depthwise before pointwise), output channel, row, column, and — at multiply-add
//! granularity — tap. Any step, its cumulative MACs and the phase it belongs to are computed
//! from its index in O(1); nothing stores a list of steps.

use crate::config::LayerConfig;
use crate::engine::{ConvError, ConvSpec, Method};

/// How much one step does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Granularity {
    /// One output element (all its taps) per step.
    #[default]
    Element,
    /// One multiply-add per step, to show the arithmetic tap by tap.
    Mac,
}

impl Granularity {
    /// The `gran=` value in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Granularity::Element => "element",
            Granularity::Mac => "mac",
        }
    }
    /// The granularity whose key is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "element" => Some(Granularity::Element),
            "mac" => Some(Granularity::Mac),
            _ => None,
        }
    }
}

/// A tensor on the stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TensorId {
    /// The layer's input.
    Input,
    /// What the first of two stages writes (column-pass map, depthwise output).
    Intermediate,
    /// The layer's output.
    Output,
}

/// One filter of a layer: output channel `filter` of stage `stage` (the connection matrix's row
/// `filter` of the stage's matrix). The stage and the matrix light the same one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FilterRef {
    /// The stage, from 0.
    pub stage: usize,
    /// Its output channel, from 0.
    pub filter: usize,
}

/// The part of a method a step belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// The one stage of a standard convolution.
    Standard,
    /// Spatial separable, first pass: `KH×1` per channel.
    Column,
    /// Spatial separable, second pass: `1×KW` per channel.
    Row,
    /// Depthwise separable, first step: `KH×KW×1` per channel.
    Depthwise,
    /// Depthwise separable, second step: `1×1×C` per output channel.
    Pointwise,
    /// Grouped: the filters of group `g` (from 0).
    Group(usize),
}

impl Phase {
    /// The phase in words, e.g. "column pass" or "group 2 of 4".
    pub fn describe(self, groups: usize) -> String {
        match self {
            Phase::Standard => "standard convolution".into(),
            Phase::Column => "column pass".into(),
            Phase::Row => "row pass".into(),
            Phase::Depthwise => "depthwise step".into(),
            Phase::Pointwise => "pointwise step".into(),
            Phase::Group(g) => format!("group {} of {groups}", g + 1),
        }
    }
}

/// One stage of the layer as the timeline walks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StagePlan {
    /// The stage's validated spec.
    pub spec: ConvSpec,
    /// The tensor it reads.
    pub reads: TensorId,
    /// The tensor it writes.
    pub writes: TensorId,
    /// Taps (MACs) per output element: `(C/G)·KH·KW`.
    pub taps: u64,
    /// Output elements.
    pub elements: u64,
    /// Index of the stage's first step.
    pub first_step: u64,
    /// MACs of all earlier stages.
    pub macs_before: u64,
}

impl StagePlan {
    fn steps(&self, granularity: Granularity) -> u64 {
        match granularity {
            Granularity::Element => self.elements,
            Granularity::Mac => self.elements * self.taps,
        }
    }
}

/// One step: what it writes, what it counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    /// Its index, from 0.
    pub index: u64,
    /// The stage it belongs to (index into [`Timeline::stages`]).
    pub stage: usize,
    /// Its phase.
    pub phase: Phase,
    /// The tensor it writes.
    pub writes: TensorId,
    /// The output element `(channel, row, column)` it writes (or accumulates into).
    pub element: (usize, usize, usize),
    /// At multiply-add granularity, the tap it performs (in the engine's summation order).
    pub tap: Option<usize>,
    /// MACs of this step.
    pub macs: u64,
    /// MACs of all steps up to and including this one.
    pub macs_done: u64,
}

/// The indexable steps of one layer under one method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    method: Method,
    granularity: Granularity,
    stages: Vec<StagePlan>,
    len: u64,
    total_macs: u64,
    standard_macs: u64,
    groups: usize,
}

impl Timeline {
    /// The steps of `config` at `granularity`.
    pub fn new(config: &LayerConfig, granularity: Granularity) -> Result<Self, ConvError> {
        let cost = config.cost()?;
        let count = cost.stages.len();
        let mut stages = Vec::with_capacity(count);
        let (mut first_step, mut macs_before) = (0u64, 0u64);
        for (i, stage) in cost.stages.iter().enumerate() {
            let [_, cg, kh, kw] = stage.spec.weight_shape().map(|d| d as u64);
            let plan = StagePlan {
                spec: stage.spec,
                reads: if i == 0 {
                    TensorId::Input
                } else {
                    TensorId::Intermediate
                },
                writes: if i + 1 == count {
                    TensorId::Output
                } else {
                    TensorId::Intermediate
                },
                taps: cg * kh * kw,
                elements: stage.output().elements(),
                first_step,
                macs_before,
            };
            first_step += plan.steps(granularity);
            macs_before += stage.macs;
            stages.push(plan);
        }
        Ok(Timeline {
            method: config.method,
            granularity,
            stages,
            len: first_step,
            total_macs: macs_before,
            standard_macs: cost.standard.macs,
            groups: config.params.groups,
        })
    }

    /// The method animated.
    pub fn method(&self) -> Method {
        self.method
    }
    /// The granularity of a step.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }
    /// The stages in order.
    pub fn stages(&self) -> &[StagePlan] {
        &self.stages
    }
    /// The number of steps.
    pub fn len(&self) -> u64 {
        self.len
    }
    /// Whether there are no steps (never, for a valid layer).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
    /// MACs of the whole layer under this method (equal to the engine's cost).
    pub fn total_macs(&self) -> u64 {
        self.total_macs
    }
    /// MACs of the standard convolution this method replaces.
    pub fn standard_macs(&self) -> u64 {
        self.standard_macs
    }
    /// Groups of the layer (for describing grouped phases).
    pub fn groups(&self) -> usize {
        self.groups
    }

    /// The stage holding step `index`, with the step's offset inside it.
    fn locate(&self, index: u64) -> Option<(usize, &StagePlan, u64)> {
        if index >= self.len {
            return None;
        }
        let s = self
            .stages
            .iter()
            .rposition(|p| p.first_step <= index)
            .unwrap_or(0);
        let plan = self.stages.get(s)?;
        Some((s, plan, index - plan.first_step))
    }

    fn phase_of(&self, stage: usize, plan: &StagePlan, channel: usize) -> Phase {
        match (self.method, stage) {
            (Method::Standard, _) => Phase::Standard,
            (Method::SpatialSeparable, 0) => Phase::Column,
            (Method::SpatialSeparable, _) => Phase::Row,
            (Method::DepthwiseSeparable, 0) => Phase::Depthwise,
            (Method::DepthwiseSeparable, _) => Phase::Pointwise,
            (Method::Grouped, _) => Phase::Group(plan.spec.group_of_output(channel)),
        }
    }

    /// Step `index`, or `None` past the end.
    pub fn step(&self, index: u64) -> Option<Step> {
        let (stage, plan, local) = self.locate(index)?;
        let (element, tap, macs, done_here) = match self.granularity {
            Granularity::Element => (local, None, plan.taps, (local + 1) * plan.taps),
            Granularity::Mac => (
                local / plan.taps,
                Some((local % plan.taps) as usize),
                1,
                local + 1,
            ),
        };
        let out = plan.spec.output_shape();
        let plane = (out.h * out.w) as u64;
        let c = (element / plane) as usize;
        let y = ((element % plane) / out.w as u64) as usize;
        let x = (element % out.w as u64) as usize;
        Some(Step {
            index,
            stage,
            phase: self.phase_of(stage, plan, c),
            writes: plan.writes,
            element: (c, y, x),
            tap,
            macs,
            macs_done: plan.macs_before + done_here,
        })
    }

    /// MACs of the first `completed` steps (0 for none, the total for all).
    pub fn macs_through(&self, completed: u64) -> u64 {
        match completed {
            0 => 0,
            n if n >= self.len => self.total_macs,
            n => self.step(n - 1).map_or(0, |s| s.macs_done),
        }
    }

    /// How many output elements of stage `stage` are finished after `completed` steps.
    pub fn elements_done(&self, stage: usize, completed: u64) -> u64 {
        let Some(plan) = self.stages.get(stage) else {
            return 0;
        };
        let local = completed.saturating_sub(plan.first_step);
        match self.granularity {
            Granularity::Element => local.min(plan.elements),
            Granularity::Mac => (local / plan.taps).min(plan.elements),
        }
    }

    /// Steps per phase within stage `stage`: a whole stage, or one group's filters.
    fn phase_len(&self, plan: &StagePlan) -> u64 {
        let steps = plan.steps(self.granularity);
        match self.method {
            Method::Grouped => steps / plan.spec.params().groups as u64,
            _ => steps,
        }
    }

    /// The first step of the phase after the one position `completed` is in (or the end).
    pub fn next_phase_start(&self, completed: u64) -> u64 {
        for plan in &self.stages {
            let end = plan.first_step + plan.steps(self.granularity);
            if completed < end {
                let len = self.phase_len(plan).max(1);
                let k = (completed - plan.first_step) / len + 1;
                return (plan.first_step + k * len).min(end);
            }
        }
        self.len
    }

    /// The last phase start strictly before `completed` (or 0).
    pub fn previous_phase_start(&self, completed: u64) -> u64 {
        if completed == 0 {
            return 0;
        }
        let target = completed - 1;
        for plan in self.stages.iter().rev() {
            if target >= plan.first_step {
                let len = self.phase_len(plan).max(1);
                return plan.first_step + (target - plan.first_step) / len * len;
            }
        }
        0
    }

    /// The filter that writes channel `channel` of `tensor` (none for the input, or a channel
    /// out of range).
    pub fn filter_writing(&self, tensor: TensorId, channel: usize) -> Option<FilterRef> {
        let stage = self.stages.iter().position(|p| p.writes == tensor)?;
        let plan = self.stages.get(stage)?;
        (channel < plan.spec.output_shape().c).then_some(FilterRef {
            stage,
            filter: channel,
        })
    }

    /// The planes a filter links: every channel it reads (of the tensor its stage reads: its
    /// group's slice), then the channel it writes. Empty for a filter the layer lacks.
    pub fn filter_planes(&self, f: FilterRef) -> Vec<(TensorId, usize)> {
        let Some(plan) = self.stages.get(f.stage) else {
            return Vec::new();
        };
        let spec = &plan.spec;
        if f.filter >= spec.output_shape().c {
            return Vec::new();
        }
        let per_group = spec.channels_per_group();
        let first = spec.group_of_output(f.filter) * per_group;
        (first..first + per_group)
            .map(|c| (plan.reads, c))
            .chain(std::iter::once((plan.writes, f.filter)))
            .collect()
    }

    /// The number of completed steps at which element `(c, y, x)` of `tensor` has just been
    /// written — where a click on that cell seeks to.
    pub fn completed_at(&self, tensor: TensorId, c: usize, y: usize, x: usize) -> Option<u64> {
        let plan = self.stages.iter().find(|p| p.writes == tensor)?;
        let out = plan.spec.output_shape();
        if c >= out.c || y >= out.h || x >= out.w {
            return None;
        }
        let element = ((c * out.h + y) * out.w + x) as u64;
        let per = match self.granularity {
            Granularity::Element => 1,
            Granularity::Mac => plan.taps,
        };
        Some(plan.first_step + (element + 1) * per)
    }

    /// Where position `completed` of this timeline is in `other`, the same layer stepped at
    /// another granularity: the same element, at the end of its multiply-adds (an element
    /// completed is all its taps done; a multiply-add part-way through an element shows that
    /// element). 0 stays 0 and the end stays the end.
    pub fn position_in(&self, completed: u64, other: &Timeline) -> u64 {
        if completed == 0 {
            return 0;
        }
        if completed >= self.len {
            return other.len;
        }
        let Some((stage, plan, local)) = self.locate(completed - 1) else {
            return 0;
        };
        let element = match self.granularity {
            Granularity::Element => local,
            Granularity::Mac => local / plan.taps.max(1),
        };
        let Some(target) = other.stages.get(stage) else {
            return 0;
        };
        let done = match other.granularity {
            Granularity::Element => element + 1,
            Granularity::Mac => (element + 1) * target.taps,
        };
        (target.first_step + done).min(other.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::seed_example;

    fn seed_timeline(method: Method, granularity: Granularity) -> Timeline {
        let config = seed_example(method).validate().unwrap();
        Timeline::new(&config, granularity).unwrap()
    }

    #[test]
    fn a_filter_links_its_groups_inputs_and_its_output() {
        use crate::config::{Field, Form};
        let mut form = Form {
            method: Method::Grouped,
            ..Form::default()
        };
        form.set(Field::InChannels, "8");
        form.set(Field::OutChannels, "8");
        form.set(Field::Groups, "2");
        let t = Timeline::new(&form.validate().unwrap(), Granularity::Element).unwrap();
        let f = t.filter_writing(TensorId::Output, 7).unwrap();
        assert_eq!(
            f,
            FilterRef {
                stage: 0,
                filter: 7
            }
        );
        let inputs: Vec<(TensorId, usize)> = (4..8).map(|c| (TensorId::Input, c)).collect();
        assert_eq!(t.filter_planes(f)[..4], inputs[..]);
        assert_eq!(t.filter_planes(f)[4], (TensorId::Output, 7));
        assert_eq!(t.filter_writing(TensorId::Input, 0), None);
        assert_eq!(t.filter_writing(TensorId::Output, 8), None);
        assert!(t
            .filter_planes(FilterRef {
                stage: 1,
                filter: 0
            })
            .is_empty());

        // Depthwise separable: a depthwise filter reads its one channel, a pointwise filter
        // reads every depthwise output.
        let t = seed_timeline(Method::DepthwiseSeparable, Granularity::Element);
        let depthwise = t.filter_writing(TensorId::Intermediate, 2).unwrap();
        assert_eq!(
            t.filter_planes(depthwise),
            vec![(TensorId::Input, 2), (TensorId::Intermediate, 2)]
        );
        let pointwise = t.filter_writing(TensorId::Output, 255).unwrap();
        let planes = t.filter_planes(pointwise);
        assert_eq!(planes.len(), 4);
        assert!(planes[..3].iter().all(|p| p.0 == TensorId::Intermediate));
    }

    #[test]
    fn the_last_step_reaches_the_engine_total() {
        for method in Method::ALL {
            for g in [Granularity::Element, Granularity::Mac] {
                let t = seed_timeline(method, g);
                let last = t.step(t.len() - 1).unwrap();
                assert_eq!(last.macs_done, t.total_macs(), "{method:?} {g:?}");
                assert_eq!(t.macs_through(t.len()), t.total_macs());
                assert!(t.step(t.len()).is_none());
            }
        }
        assert_eq!(
            seed_timeline(Method::DepthwiseSeparable, Granularity::Element).total_macs(),
            3_256_320
        );
    }

    #[test]
    fn depthwise_then_pointwise_in_order() {
        let t = seed_timeline(Method::DepthwiseSeparable, Granularity::Element);
        // 3·64·64 depthwise elements, then 256·64·64 pointwise ones.
        assert_eq!(t.len(), 3 * 4096 + 256 * 4096);
        let first_pw = t.step(3 * 4096).unwrap();
        assert_eq!(first_pw.phase, Phase::Pointwise);
        assert_eq!(first_pw.element, (0, 0, 0));
        assert_eq!(first_pw.macs_done, 110_592 + 3);
        assert_eq!(t.step(3 * 4096 - 1).unwrap().phase, Phase::Depthwise);
        assert_eq!(t.next_phase_start(0), 3 * 4096);
        assert_eq!(t.next_phase_start(3 * 4096), t.len());
        assert_eq!(t.previous_phase_start(t.len()), 3 * 4096);
        assert_eq!(t.previous_phase_start(3 * 4096), 0);
    }

    #[test]
    fn grouped_phases_are_groups() {
        let mut form = seed_example(Method::Grouped);
        form.set(crate::config::Field::InChannels, "4");
        form.set(crate::config::Field::OutChannels, "8");
        form.set(crate::config::Field::Groups, "2");
        let t = Timeline::new(&form.validate().unwrap(), Granularity::Element).unwrap();
        let per_group = 4 * 64 * 64;
        assert_eq!(t.step(per_group - 1).unwrap().phase, Phase::Group(0));
        assert_eq!(t.step(per_group).unwrap().phase, Phase::Group(1));
        assert_eq!(t.next_phase_start(5), per_group);
        assert_eq!(t.previous_phase_start(per_group + 3), per_group);
    }

    #[test]
    fn clicking_a_cell_finds_its_step() {
        let t = seed_timeline(Method::SpatialSeparable, Granularity::Mac);
        let at = t.completed_at(TensorId::Output, 2, 5, 7).unwrap();
        let step = t.step(at - 1).unwrap();
        assert_eq!(step.element, (2, 5, 7));
        assert_eq!(step.writes, TensorId::Output);
        assert_eq!(step.tap, Some(2));
        assert!(t.completed_at(TensorId::Output, 3, 0, 0).is_none());
    }

    #[test]
    fn switching_the_step_size_keeps_the_element() {
        for method in [
            Method::Standard,
            Method::SpatialSeparable,
            Method::DepthwiseSeparable,
            Method::Grouped,
        ] {
            let element = seed_timeline(method, Granularity::Element);
            let mac = seed_timeline(method, Granularity::Mac);
            for n in [
                0,
                1,
                2,
                4095,
                4096,
                4097,
                element.len() / 2,
                element.len() - 1,
                element.len(),
            ] {
                let m = element.position_in(n, &mac);
                // The same element is current (or nothing, or everything), all its taps done.
                match (
                    n.checked_sub(1).and_then(|i| element.step(i)),
                    m.checked_sub(1).and_then(|i| mac.step(i)),
                ) {
                    (Some(a), Some(b)) => {
                        assert_eq!((a.stage, a.element), (b.stage, b.element), "{method:?} {n}");
                        assert_eq!(b.tap.map(|t| t as u64 + 1), Some(a.macs), "{method:?} {n}");
                        assert_eq!(a.macs_done, b.macs_done, "{method:?} {n}");
                    }
                    (None, None) => assert_eq!(n, 0),
                    other => panic!("{method:?} {n}: {other:?}"),
                }
                // And back.
                assert_eq!(mac.position_in(m, &element), n, "{method:?} {n}");
            }
            // A multiply-add part-way through an element shows that element.
            let first_taps = mac.stages()[0].taps;
            assert_eq!(mac.position_in(1, &element), 1);
            assert_eq!(mac.position_in(first_taps, &element), 1);
            assert_eq!(mac.position_in(first_taps + 1, &element), 2);
        }
    }
}
