//! The data behind each cost-explorer chart: for the current layer, the exact MACs or
//! parameters of every method as one quantity varies, each point carrying the configuration a
//! click on it loads.
//!
//! Every figure is an exact integer from [`crate::engine::cost`]; floats appear only in the
//! closed-form curve of the saving chart and in axis tick labels.

use std::collections::BTreeSet;

use crate::config::format::{ratio, thousands};
use crate::config::{Field, Form, LayerConfig};
use crate::engine::cost::MethodCost;
use crate::engine::geometry::{MAX_KERNEL, MAX_SIZE};
use crate::engine::{ConvError, ConvParams, Method, Pair, Ratio};

/// Which count chart a [`CountChart`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartKind {
    /// MACs against output channels `O`, log–log, one series per method.
    MacsVsOutChannels,
    /// MACs against the kernel size `K` (a `K×K` kernel, 1…15), one series per method.
    MacsVsKernel,
    /// Parameters of a grouped convolution against `G`, over the divisors of both channel counts.
    ParamsVsGroups,
}

impl ChartKind {
    /// A stable name for file names and `data-chart` attributes.
    pub fn id(self) -> &'static str {
        match self {
            ChartKind::MacsVsOutChannels => "macs-vs-channels",
            ChartKind::MacsVsKernel => "macs-vs-kernel",
            ChartKind::ParamsVsGroups => "params-vs-groups",
        }
    }
}

/// The `id` of the saving-ratio chart, beside [`ChartKind::id`].
pub const SAVING_CHART_ID: &str = "saving-ratio";

/// One plotted point: exact coordinates and the configuration that produced them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesPoint {
    /// The varied quantity (channels, kernel size or groups).
    pub x: u64,
    /// The exact count (MACs or parameters).
    pub y: u64,
    /// The layer to load when the point is clicked; valid (its `cost()` succeeds).
    pub config: LayerConfig,
}

/// One method's line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    /// The method, which also picks the colour.
    pub method: Method,
    /// The legend entry.
    pub label: String,
    /// Points in increasing `x`.
    pub points: Vec<SeriesPoint>,
    /// Why the series has no points for this layer, when it has none.
    pub missing: Option<String>,
}

/// A point of a chart: the index of its series and of the point in that series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PointRef {
    /// Index into [`CountChart::series`] (always 0 for the saving chart).
    pub series: usize,
    /// Index into that series' points.
    pub point: usize,
}

/// A chart of exact counts: several series over a common `x` quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountChart {
    /// Which chart this is.
    pub kind: ChartKind,
    /// The caption.
    pub title: String,
    /// The horizontal axis, with its symbol.
    pub x_label: &'static str,
    /// The vertical axis, with its unit.
    pub y_label: &'static str,
    /// The symbol of `x` in hover text: `O`, `K` or `G`.
    pub x_symbol: &'static str,
    /// The unit of `y` in hover text: `MACs` or `parameters`.
    pub y_unit: &'static str,
    /// Whether `x` is drawn on a log scale (`y` always is).
    pub x_log: bool,
    /// One series per method shown.
    pub series: Vec<Series>,
    /// The current layer's point, when it lies on the chart.
    pub current: Option<PointRef>,
    /// Sentences to show under the chart (how padding was chosen, why the mark is absent…).
    pub notes: Vec<String>,
}

impl CountChart {
    /// The point `r` refers to.
    pub fn point(&self, r: PointRef) -> Option<&SeriesPoint> {
        self.series.get(r.series)?.points.get(r.point)
    }

    /// The current layer's point.
    pub fn current_point(&self) -> Option<&SeriesPoint> {
        self.current.and_then(|r| self.point(r))
    }

    /// The exact values at `r`, for the hover read-out:
    /// `Depthwise separable · O = 256 · 3,256,320 MACs`.
    pub fn describe(&self, r: PointRef) -> Option<String> {
        let series = self.series.get(r.series)?;
        let p = series.points.get(r.point)?;
        Some(format!(
            "{} · {} = {} · {} {}",
            series.label,
            self.x_symbol,
            thousands(p.x),
            thousands(p.y),
            self.y_unit
        ))
    }

    /// The smallest and largest `x` and `y` over all points, or `None` when there are none.
    pub fn bounds(&self) -> Option<((u64, u64), (u64, u64))> {
        let points = self.series.iter().flat_map(|s| s.points.iter());
        let mut out: Option<((u64, u64), (u64, u64))> = None;
        for p in points {
            out = Some(match out {
                None => ((p.x, p.x), (p.y, p.y)),
                Some(((x0, x1), (y0, y1))) => {
                    ((x0.min(p.x), x1.max(p.x)), (y0.min(p.y), y1.max(p.y)))
                }
            });
        }
        out
    }
}

/// The valid configuration that computes `params` with `method`, with the fields the method
/// does not use set as [`Form::validate`] sets them (spatial separable: `O = C`, `G = C`, stride
/// and dilation 1; depthwise separable: `G = C`; standard: `G = 1`). The multiplier is kept
/// only for depthwise separable.
pub fn config_for(
    method: Method,
    params: ConvParams,
    multiplier: usize,
) -> Result<LayerConfig, ConvError> {
    let config = LayerConfig::implied(method, params, multiplier);
    config.cost().map(|_| config)
}

/// The group count for the grouped series: the form's Groups field when it reads as a number
/// that divides the input channels (it keeps the user's choice on the other tabs), else the
/// configuration's own groups.
pub fn grouped_groups(form: &Form, config: &LayerConfig) -> usize {
    match form.read(Field::Groups) {
        Ok(g) if g > 0 && config.params.in_channels.is_multiple_of(g) => g,
        _ => config.params.groups.max(1),
    }
}

/// Powers of two from 1 to [`MAX_SIZE`], the channel counts every channel chart samples.
fn powers_of_two() -> BTreeSet<usize> {
    std::iter::successors(Some(1usize), |n| n.checked_mul(2))
        .take_while(|&n| n <= MAX_SIZE)
        .collect()
}

/// Why spatial separable cannot be costed beside this layer, if it cannot.
fn spatial_blocked(params: &ConvParams) -> Option<String> {
    let (s, d) = (params.stride, params.dilation);
    if s != Pair::square(1) || d != Pair::square(1) {
        Some(format!(
            "Spatial separable passes use stride 1 and dilation 1; this layer has stride {}×{} and dilation {}×{}.",
            s.h, s.w, d.h, d.w
        ))
    } else {
        None
    }
}

/// The legend entry of `method` in a chart of this layer.
fn label(method: Method, groups: usize, multiplier: usize) -> String {
    match method {
        Method::Grouped => format!("Grouped (G = {groups})"),
        Method::DepthwiseSeparable if multiplier > 1 => {
            format!("Depthwise separable (m = {multiplier})")
        }
        m => m.label().to_string(),
    }
}

/// Costs `method` at each `x`, keeping the points whose layer is valid.
fn build_series(
    method: Method,
    label: String,
    xs: impl IntoIterator<Item = usize>,
    params_at: impl Fn(usize) -> ConvParams,
    multiplier: usize,
    measure: fn(&MethodCost) -> u64,
) -> Series {
    let mut points = Vec::new();
    let mut first_error = None;
    for x in xs {
        let params = params_at(x);
        // Spatial separable runs at stride 1 and dilation 1: points for another layer would
        // be points for a layer the reader did not set.
        if method == Method::SpatialSeparable {
            if let Some(why) = spatial_blocked(&params) {
                return Series {
                    method,
                    label,
                    points: Vec::new(),
                    missing: Some(why),
                };
            }
        }
        let made = config_for(method, params, multiplier)
            .and_then(|config| config.cost().map(|cost| (config, cost)));
        match made {
            Ok((config, cost)) => points.push(SeriesPoint {
                x: x as u64,
                y: measure(&cost),
                config,
            }),
            Err(err) => {
                first_error.get_or_insert(err);
            }
        }
    }
    let missing = match (&first_error, points.is_empty()) {
        (Some(err), true) => Some(sentence(&err.to_string())),
        _ => None,
    };
    Series {
        method,
        label,
        points,
        missing,
    }
}

/// `groups (3) must divide …` → `Groups (3) must divide ….` The engine's messages start with
/// an ASCII letter; ASCII case mapping keeps Unicode's case tables out of the page's bundle.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_ascii_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// Finds the point of `method`'s series at `x`, if it is the layer `is_current` accepts (a
/// grouped series drawn with other groups than the current layer's does not hold it).
fn locate(
    series: &[Series],
    method: Method,
    x: u64,
    is_current: impl Fn(&LayerConfig) -> bool,
) -> Option<PointRef> {
    let s = series.iter().position(|s| s.method == method)?;
    let p = series[s]
        .points
        .iter()
        .position(|p| p.x == x && is_current(&p.config))?;
    Some(PointRef {
        series: s,
        point: p,
    })
}

/// Adds "no points" notes for the series that have none.
fn missing_notes(series: &[Series], notes: &mut Vec<String>) {
    for s in series {
        if let Some(why) = &s.missing {
            notes.push(format!("{}: not drawn. {why}", s.label));
        }
    }
}

/// MACs against output channels `O` (1, 2, 4, … 4096 and the current `O`) for standard, spatial
/// separable, depthwise separable and grouped with `groups` groups, everything else as in
/// `config`; the current layer is marked.
///
/// Spatial separable has one point, at `O = C`: its passes filter each channel on its own, so
/// it cannot change the channel count. The grouped series samples multiples of `groups`.
pub fn macs_vs_out_channels(config: &LayerConfig, groups: usize) -> CountChart {
    let base = config.params;
    let groups = groups.max(1);
    let o = base.out_channels;
    let mut series = Vec::new();
    for method in Method::ALL {
        let mut xs = powers_of_two();
        let mut legend = label(method, groups, config.multiplier);
        match method {
            Method::SpatialSeparable => {
                xs = BTreeSet::from([base.in_channels]);
                legend.push_str(" (O = C only)");
            }
            Method::Grouped => {
                xs = xs
                    .into_iter()
                    .filter_map(|n| n.checked_mul(groups))
                    .filter(|&n| n <= MAX_SIZE)
                    .collect();
                if o.is_multiple_of(groups) {
                    xs.insert(o);
                }
            }
            _ => {
                xs.insert(o);
            }
        }
        let s = build_series(
            method,
            legend,
            xs,
            |x| ConvParams {
                out_channels: x,
                groups: if method == Method::Grouped {
                    groups
                } else {
                    base.groups
                },
                ..base
            },
            config.multiplier,
            MethodCost::macs,
        );
        series.push(s);
    }
    let current = locate(&series, config.method, o as u64, |c| c == config);
    let mut notes = Vec::new();
    missing_notes(&series, &mut notes);
    CountChart {
        kind: ChartKind::MacsVsOutChannels,
        title: format!(
            "MACs vs output channels ({}×{}×{} input, {}×{} kernel)",
            base.input.h, base.input.w, base.in_channels, base.kernel.h, base.kernel.w
        ),
        x_label: "Output channels O",
        y_label: "MACs (multiply–accumulates)",
        x_symbol: "O",
        y_unit: "MACs",
        x_log: true,
        series,
        current,
        notes,
    }
}

/// Whether `padding` is "same" for `kernel` and `dilation` on both axes: `2P = D(K−1)`.
fn is_same_padding(params: &ConvParams) -> bool {
    let axis = |p: usize, d: usize, k: usize| 2 * p == d * k.saturating_sub(1);
    axis(params.padding.h, params.dilation.h, params.kernel.h)
        && axis(params.padding.w, params.dilation.w, params.kernel.w)
}

/// MACs against the kernel size `K` (a `K×K` kernel, `K` = 1…15) for the four methods,
/// everything else as in `config`.
///
/// When the layer's padding is "same" (`2P = D(K−1)` on both axes, so the output keeps the
/// input's size at stride 1) each `K` gets its own same padding `⌊D(K−1)/2⌋`; otherwise the
/// padding is kept. Kernels that no longer fit the padded input are left out. The current
/// layer is marked when its kernel is square.
pub fn macs_vs_kernel(config: &LayerConfig, groups: usize) -> CountChart {
    let base = config.params;
    let groups = groups.max(1);
    let same = is_same_padding(&base);
    let params_at = |method: Method, k: usize| {
        let padding = if same {
            Pair::new(base.dilation.h * (k - 1) / 2, base.dilation.w * (k - 1) / 2)
        } else {
            base.padding
        };
        ConvParams {
            kernel: Pair::square(k),
            padding,
            groups: if method == Method::Grouped {
                groups
            } else {
                base.groups
            },
            ..base
        }
    };
    let mut series = Vec::new();
    for method in Method::ALL {
        let legend = label(method, groups, config.multiplier);
        series.push(build_series(
            method,
            legend,
            1..=MAX_KERNEL,
            |k| params_at(method, k),
            config.multiplier,
            MethodCost::macs,
        ));
    }
    let mut notes = vec![if same {
        "Padding follows each kernel (“same”: ⌊D(K−1)/2⌋ on each side), as in the current layer; an even kernel then loses one output row and column, hence the zig-zag."
            .to_string()
    } else {
        format!(
            "Padding stays {}×{} as in the current layer; kernels larger than the padded input are left out.",
            base.padding.h, base.padding.w
        )
    }];
    // With "same" padding, `2P = D(K−1)` makes the re-derived `⌊D(K−1)/2⌋` the layer's own
    // padding, so the marked point is the current layer in both cases.
    let current = if base.kernel.h == base.kernel.w {
        locate(&series, config.method, base.kernel.h as u64, |c| {
            c == config
        })
    } else {
        notes.push(format!(
            "The current {}×{} kernel is not square, so it is not marked.",
            base.kernel.h, base.kernel.w
        ));
        None
    };
    missing_notes(&series, &mut notes);
    CountChart {
        kind: ChartKind::MacsVsKernel,
        title: format!(
            "MACs vs kernel size ({}×{}×{} → {} channels)",
            base.input.h, base.input.w, base.in_channels, base.out_channels
        ),
        x_label: "Kernel size K (K×K kernel)",
        y_label: "MACs (multiply–accumulates)",
        x_symbol: "K",
        y_unit: "MACs",
        x_log: false,
        series,
        current,
        notes,
    }
}

fn gcd(mut a: usize, mut b: usize) -> usize {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Every divisor of `n`, in increasing order.
pub fn divisors(n: usize) -> Vec<usize> {
    let mut small = Vec::new();
    let mut large = Vec::new();
    let mut d = 1;
    while d <= n / d {
        if n.is_multiple_of(d) {
            small.push(d);
            if d != n / d {
                large.push(n / d);
            }
        }
        d += 1;
    }
    small.extend(large.into_iter().rev());
    small
}

/// Parameters of a grouped convolution against `G`, for every `G` dividing both channel counts
/// of `config`. The current layer is marked when it is one convolution (standard: `G = 1`, or
/// grouped).
pub fn params_vs_groups(config: &LayerConfig) -> CountChart {
    let base = config.params;
    let xs = divisors(gcd(base.in_channels, base.out_channels));
    let series = vec![build_series(
        Method::Grouped,
        if base.bias {
            "Grouped: O·(C/G)·KH·KW weights + O biases".to_string()
        } else {
            "Grouped: O·(C/G)·KH·KW weights".to_string()
        },
        xs,
        |g| ConvParams { groups: g, ..base },
        1,
        MethodCost::params,
    )];
    let mut notes = Vec::new();
    let current = match config.method {
        Method::Standard | Method::Grouped => {
            locate(&series, Method::Grouped, base.groups as u64, |c| {
                c.params == base
            })
        }
        other => {
            notes.push(format!(
                "{} is two passes, not one grouped convolution, so it is not marked.",
                other.label()
            ));
            None
        }
    };
    missing_notes(&series, &mut notes);
    CountChart {
        kind: ChartKind::ParamsVsGroups,
        title: format!(
            "Parameters vs groups ({} → {} channels, {}×{} kernel)",
            base.in_channels, base.out_channels, base.kernel.h, base.kernel.w
        ),
        x_label: "Groups G (divisors of C and O)",
        y_label: "Parameters (weights + biases)",
        x_symbol: "G",
        y_unit: "parameters",
        x_log: true,
        series,
        current,
        notes,
    }
}

/// One measured point of the saving chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SavingPoint {
    /// Output channels `N`.
    pub n: u64,
    /// MACs of the standard convolution.
    pub standard_macs: u64,
    /// MACs of the depthwise separable pair.
    pub separable_macs: u64,
    /// `standard_macs / separable_macs`, exact.
    pub ratio: Ratio,
    /// The depthwise separable layer to load when the point is clicked.
    pub config: LayerConfig,
}

/// The saving ratio standard ÷ depthwise separable against output channels `N`, measured by the
/// engine, beside its closed form.
#[derive(Debug, Clone, PartialEq)]
pub struct SavingChart {
    /// The caption.
    pub title: String,
    /// The horizontal axis.
    pub x_label: &'static str,
    /// The vertical axis.
    pub y_label: &'static str,
    /// Kernel taps `K² = KH·KW`.
    pub kernel_taps: u64,
    /// The depth multiplier `m` of the depthwise step.
    pub multiplier: u64,
    /// The closed form as written in the legend.
    pub formula: String,
    /// Measured points at N = 1, 2, 4, … 4096 and the current `O`.
    pub points: Vec<SavingPoint>,
    /// The closed form sampled finely over the same range: `(N, ratio)`.
    pub curve: Vec<(f64, f64)>,
    /// Index of the current layer's point.
    pub current: Option<usize>,
    /// Sentences to show under the chart.
    pub notes: Vec<String>,
}

/// The closed form of the saving, `1 / (m·(1/N + 1/K²))`; with `m = 1` it is the textbook
/// `1 / (1/N + 1/K²)`.
pub fn closed_form(n: f64, kernel_taps: f64, multiplier: f64) -> f64 {
    1.0 / (multiplier * (1.0 / n + 1.0 / kernel_taps))
}

/// The closed form as an exact ratio: `N·K² / (m·(N + K²))`. The engine's measured ratio equals
/// it exactly (the `C·OH·OW` factors cancel).
pub fn closed_form_exact(n: u64, kernel_taps: u64, multiplier: u64) -> Ratio {
    Ratio::new(n * kernel_taps, multiplier * (n + kernel_taps))
}

impl SavingChart {
    /// The exact values at measured point `i`, for the hover read-out.
    pub fn describe(&self, i: usize) -> Option<String> {
        let p = self.points.get(i)?;
        let curve = closed_form(p.n as f64, self.kernel_taps as f64, self.multiplier as f64);
        Some(format!(
            "N = {} · standard {} MACs ÷ depthwise separable {} MACs = {} · closed form {:.2}",
            thousands(p.n),
            thousands(p.standard_macs),
            thousands(p.separable_macs),
            ratio(p.ratio),
            curve
        ))
    }

    /// The current layer's point.
    pub fn current_point(&self) -> Option<&SavingPoint> {
        self.current.and_then(|i| self.points.get(i))
    }
}

/// Number of closed-form samples per doubling of `N`.
const CURVE_STEPS_PER_OCTAVE: u32 = 8;

/// The saving of depthwise separable over standard for `config`'s layer (as depthwise
/// separable, with its multiplier when it is one) at every `N`, and the closed form.
pub fn saving_ratio(config: &LayerConfig) -> SavingChart {
    let base = config.params;
    let m = if config.method == Method::DepthwiseSeparable {
        config.multiplier
    } else {
        1
    };
    let taps = (base.kernel.h * base.kernel.w) as u64;
    let mut xs = powers_of_two();
    xs.insert(base.out_channels);
    let mut points = Vec::new();
    let mut first_error = None;
    for n in xs {
        let made = config_for(
            Method::DepthwiseSeparable,
            ConvParams {
                out_channels: n,
                ..base
            },
            m,
        )
        .and_then(|c| c.cost().map(|cost| (c, cost)));
        match made {
            Ok((c, cost)) => points.push(SavingPoint {
                n: n as u64,
                standard_macs: cost.standard.macs,
                separable_macs: cost.macs(),
                ratio: cost.mac_ratio(),
                config: c,
            }),
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    let top = (MAX_SIZE as f64).log2() as u32 * CURVE_STEPS_PER_OCTAVE;
    let curve = (0..=top)
        .map(|i| {
            let n = 2f64.powf(f64::from(i) / f64::from(CURVE_STEPS_PER_OCTAVE));
            (n, closed_form(n, taps as f64, m as f64))
        })
        .collect();
    let formula = if m == 1 {
        "closed form 1 / (1/N + 1/K²)".to_string()
    } else {
        format!("closed form 1 / ({m}·(1/N + 1/K²))")
    };
    let current = points.iter().position(|p| p.n == base.out_channels as u64);
    let mut notes = vec![format!(
        "K² = {}×{} = {} kernel taps; the measured ratio equals the closed form exactly.",
        base.kernel.h, base.kernel.w, taps
    )];
    if config.method != Method::DepthwiseSeparable {
        notes.push(format!(
            "The current layer is {}; the mark shows the same layer as depthwise separable.",
            // Method labels are ASCII; see `sentence`.
            config.method.label().to_ascii_lowercase()
        ));
    }
    if points.is_empty() {
        if let Some(e) = first_error {
            notes.push(format!(
                "Depthwise separable: not drawn. {}",
                sentence(&e.to_string())
            ));
        }
    }
    SavingChart {
        title: format!(
            "Saving of depthwise separable over standard ({}×{} kernel)",
            base.kernel.h, base.kernel.w
        ),
        x_label: "Output channels N",
        y_label: "Saving (standard MACs ÷ depthwise separable MACs)",
        kernel_taps: taps,
        multiplier: m as u64,
        formula,
        points,
        curve,
        current,
        notes,
    }
}

/// An axis tick written with an SI suffix: `1,500` → `1.5k`, `2,000,000` → `2M`, `0.5` → `0.5`.
pub fn si(value: f64) -> String {
    const SUFFIXES: [(f64, &str); 5] =
        [(1e15, "P"), (1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "k")];
    let (scaled, suffix) = SUFFIXES
        .iter()
        .find(|(unit, _)| value.abs() >= *unit)
        .map(|(unit, s)| (value / unit, *s))
        .unwrap_or((value, ""));
    let mut text = format!("{scaled:.2}");
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    format!("{text}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_strided_layer_draws_no_spatial_separable_series() {
        use crate::config::{Field, Form};
        let mut form = Form {
            method: Method::Standard,
            ..Form::default()
        };
        form.set(Field::StrideH, "2");
        let config = form.validate().unwrap();
        for chart in [macs_vs_out_channels(&config, 1), macs_vs_kernel(&config, 1)] {
            let spatial = chart
                .series
                .iter()
                .find(|s| s.method == Method::SpatialSeparable)
                .unwrap();
            assert!(spatial.points.is_empty());
            assert_eq!(
                spatial.missing.as_deref(),
                Some("Spatial separable passes use stride 1 and dilation 1; this layer has stride 2×1 and dilation 1×1.")
            );
            let standard = chart
                .series
                .iter()
                .find(|s| s.method == Method::Standard)
                .unwrap();
            assert!(!standard.points.is_empty());
        }
    }

    #[test]
    fn si_suffixes() {
        let table = [
            (0.0, "0"),
            (1.0, "1"),
            (0.5, "0.5"),
            (999.0, "999"),
            (1000.0, "1k"),
            (1500.0, "1.5k"),
            (2_000_000.0, "2M"),
            (28_311_552.0, "28.31M"),
            (4.2e9, "4.2G"),
            (1e12, "1T"),
        ];
        for (v, s) in table {
            assert_eq!(si(v), s, "{v}");
        }
    }

    #[test]
    fn divisors_in_order() {
        assert_eq!(divisors(1), vec![1]);
        assert_eq!(divisors(12), vec![1, 2, 3, 4, 6, 12]);
        assert_eq!(divisors(16), vec![1, 2, 4, 8, 16]);
        assert_eq!(divisors(4096).len(), 13);
    }

    #[test]
    fn closed_form_matches_its_exact_ratio() {
        // N = 256, K² = 9: 256·9 / (256 + 9) = 2304/265.
        assert_eq!(
            closed_form_exact(256, 9, 1),
            Ratio {
                num: 2304,
                den: 265
            }
        );
        let f = closed_form(256.0, 9.0, 1.0);
        assert!((f - 2304.0 / 265.0).abs() < 1e-12);
    }
}
