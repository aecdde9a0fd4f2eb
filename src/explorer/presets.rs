//! The architecture presets: real layers and whole networks from published papers, their exact
//! totals through the engine's cost functions, the figures the papers report beside them, and
//! the presets table as Markdown and CSV.
//!
//! Counting follows `tests/fixtures/conv/FORMAT.md`: one MAC per weight × input for every
//! output element, bias additions not counted, parameters = weights + biases. A fully connected
//! layer is costed as the 1×1 convolution of a 1×1 input it is (`in × out` MACs, weights plus
//! biases as parameters); pooling and channel shuffles count no MACs and no parameters.

use crate::config::format::thousands;
use crate::config::LayerConfig;
use crate::engine::cost::standard;
use crate::engine::{ConvError, ConvParams, Method, Pair};

/// What one row of a network computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LayerOp {
    /// A convolution layer costed by its method (a depthwise separable block is one entry with
    /// two weight layers).
    Conv(LayerConfig),
    /// ShuffleNet's channel shuffle: a permutation, no MACs, no parameters.
    ChannelShuffle {
        /// Channels permuted.
        channels: usize,
        /// Groups interleaved.
        groups: usize,
    },
    /// Average pooling: additions only, so no MACs under FORMAT.md's rules, and no parameters.
    AvgPool {
        /// Channels pooled.
        channels: usize,
        /// The pooling window.
        window: Pair,
    },
    /// A fully connected layer with biases: `inputs × outputs` MACs.
    FullyConnected {
        /// Input features.
        inputs: usize,
        /// Output features.
        outputs: usize,
    },
}

/// One row of a preset's layer list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetLayer {
    /// The row as the paper writes it, e.g. `Conv dw / s2 3×3×64 + Conv 1×1×64×128`.
    pub name: String,
    /// What it computes.
    pub op: LayerOp,
}

/// Exact totals of one layer or a whole list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Totals {
    /// Multiply-accumulates.
    pub macs: u64,
    /// Weights plus biases.
    pub params: u64,
    /// Layers that hold weights (a depthwise separable block counts two).
    pub weight_layers: usize,
}

impl std::ops::Add for Totals {
    type Output = Totals;
    fn add(self, other: Totals) -> Totals {
        Totals {
            macs: self.macs + other.macs,
            params: self.params + other.params,
            weight_layers: self.weight_layers + other.weight_layers,
        }
    }
}

impl PresetLayer {
    /// The exact cost of this row, computed by the engine.
    pub fn cost(&self) -> Result<Totals, ConvError> {
        match self.op {
            LayerOp::Conv(config) => {
                let cost = config.cost()?;
                Ok(Totals {
                    macs: cost.macs(),
                    params: cost.params(),
                    weight_layers: cost.stages.len(),
                })
            }
            LayerOp::ChannelShuffle { .. } | LayerOp::AvgPool { .. } => Ok(Totals::default()),
            LayerOp::FullyConnected { inputs, outputs } => {
                let fc = standard(ConvParams {
                    in_channels: inputs,
                    out_channels: outputs,
                    input: Pair::square(1),
                    kernel: Pair::square(1),
                    padding: Pair::square(0),
                    bias: true,
                    ..ConvParams::default()
                })?;
                Ok(Totals {
                    macs: fc.macs(),
                    params: fc.params(),
                    weight_layers: 1,
                })
            }
        }
    }
}

/// The sum of every row's cost.
pub fn total(layers: &[PresetLayer]) -> Result<Totals, ConvError> {
    layers
        .iter()
        .try_fold(Totals::default(), |acc, l| Ok(acc + l.cost()?))
}

/// Which network a paper figure describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Variant {
    /// The network or layer as published.
    AsBuilt,
    /// The same with every separable or grouped layer replaced by a standard convolution.
    AllStandard,
}

/// What a paper figure counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Multiply-adds (papers write "mult-adds" or "FLOPs" for the same count).
    Macs,
    /// Parameters.
    Params,
}

/// What a paper reports for one metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    /// A rounded figure: `text` as printed, equal to `units × unit` (569 M: 569 × 10⁶).
    Rounded {
        /// As printed, e.g. `569 M`.
        text: &'static str,
        /// The printed number in its unit.
        units: u64,
        /// The unit: 10⁶ for "569 M", 10⁵ for "4.2 M".
        unit: u64,
    },
    /// A formula the paper gives, evaluated for this layer.
    Formula {
        /// The formula as the paper writes it.
        formula: &'static str,
        /// Its value for this layer.
        value: u64,
    },
    /// The paper gives no figure for this.
    NotReported {
        /// Why, and what it does report.
        reason: &'static str,
    },
}

/// One figure from the paper, with where it is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PaperFigure {
    /// Which network it describes.
    pub variant: Variant,
    /// What it counts.
    pub metric: Metric,
    /// The figure.
    pub reported: Reported,
    /// Where in the paper, e.g. `Table 4`.
    pub source: &'static str,
}

impl PaperFigure {
    /// Whether our exact count `ours` agrees with the figure: rounded half up to the figure's
    /// unit, or equal to the formula's value. `None` when the paper reports nothing.
    pub fn agrees(&self, ours: u64) -> Option<bool> {
        match self.reported {
            Reported::Rounded { units, unit, .. } => Some((ours + unit / 2) / unit == units),
            Reported::Formula { value, .. } => Some(ours == value),
            Reported::NotReported { .. } => None,
        }
    }

    /// The figure in words: `569 M mult-adds (Table 4)`, `— (reason)`.
    pub fn text(&self) -> String {
        let what = match self.metric {
            Metric::Macs => "mult-adds",
            Metric::Params => "parameters",
        };
        match self.reported {
            Reported::Rounded { text, .. } => format!("{text} {what} ({})", self.source),
            Reported::Formula { formula, value } => {
                format!("{formula} = {} {what} ({})", thousands(value), self.source)
            }
            Reported::NotReported { reason } => format!("— ({reason})"),
        }
    }
}

/// A paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// Authors, year, title, venue.
    pub citation: &'static str,
    /// Where to read it (empty when we link none).
    pub url: &'static str,
}

/// One preset: a layer to load, its network rows as built and all standard, and the paper.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preset {
    /// The `data-preset` value.
    pub id: &'static str,
    /// The name in the table.
    pub name: &'static str,
    /// The layer a click loads, in words.
    pub layer: String,
    /// The layer a click loads into the explorer and the stage.
    pub load: LayerConfig,
    /// The rows as published.
    pub built: Vec<PresetLayer>,
    /// The same rows with standard convolutions in place of separable and grouped ones.
    pub standard: Vec<PresetLayer>,
    /// Whether `built` is a whole network (its totals carry `data-metric="network-…"`).
    pub whole_network: bool,
    /// The paper's figures.
    pub paper: Vec<PaperFigure>,
    /// The paper.
    pub reference: Reference,
    /// How the layer was chosen and how our count relates to the paper's.
    pub notes: Vec<&'static str>,
}

impl Preset {
    /// Exact totals of the rows of `variant`.
    pub fn totals(&self, variant: Variant) -> Result<Totals, ConvError> {
        total(match variant {
            Variant::AsBuilt => &self.built,
            Variant::AllStandard => &self.standard,
        })
    }

    /// Each row of `variant` with its exact cost.
    pub fn layer_costs(&self, variant: Variant) -> Result<Vec<(&PresetLayer, Totals)>, ConvError> {
        let layers = match variant {
            Variant::AsBuilt => &self.built,
            Variant::AllStandard => &self.standard,
        };
        layers.iter().map(|l| Ok((l, l.cost()?))).collect()
    }

    /// The paper's figures for `variant`, in words, joined with `; ` (`—` when there are none).
    pub fn paper_text(&self, variant: Variant) -> String {
        let mut texts: Vec<String> = Vec::new();
        for text in self
            .paper
            .iter()
            .filter(|f| f.variant == variant)
            .map(PaperFigure::text)
        {
            // One reason for both metrics is written once.
            if !texts.contains(&text) {
                texts.push(text);
            }
        }
        if texts.is_empty() {
            "—".to_string()
        } else {
            texts.join("; ")
        }
    }

    /// The figure the paper gives for `variant` and `metric`, if listed.
    pub fn paper_figure(&self, variant: Variant, metric: Metric) -> Option<&PaperFigure> {
        self.paper
            .iter()
            .find(|f| f.variant == variant && f.metric == metric)
    }

    /// The table row.
    pub fn row(&self) -> Result<PresetRow, ConvError> {
        Ok(PresetRow {
            id: self.id,
            name: self.name,
            layer: self.layer.clone(),
            method: self.load.method,
            whole_network: self.whole_network,
            built: self.totals(Variant::AsBuilt)?,
            standard: self.totals(Variant::AllStandard)?,
            paper_built: self.paper_text(Variant::AsBuilt),
            paper_standard: self.paper_text(Variant::AllStandard),
            reference: self.reference.citation,
        })
    }
}

/// One row of the presets table, ready to show or export.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PresetRow {
    /// The `data-preset` value.
    pub id: &'static str,
    /// The preset's name.
    pub name: &'static str,
    /// The layer a click loads, in words.
    pub layer: String,
    /// The loaded layer's method.
    pub method: Method,
    /// Whether the totals are a whole network's.
    pub whole_network: bool,
    /// Totals as built.
    pub built: Totals,
    /// Totals with standard convolutions.
    pub standard: Totals,
    /// The paper's figures as built.
    pub paper_built: String,
    /// The paper's figures for the standard variant.
    pub paper_standard: String,
    /// The paper.
    pub reference: &'static str,
}

/// A square-input layer without dilation: `c → o` channels, `groups` groups, no bias.
fn layer(
    (c, o, groups): (usize, usize, usize),
    size: usize,
    kernel: Pair,
    stride: usize,
    padding: Pair,
) -> ConvParams {
    ConvParams {
        in_channels: c,
        input: Pair::square(size),
        out_channels: o,
        kernel,
        stride: Pair::square(stride),
        padding,
        dilation: Pair::square(1),
        groups,
        bias: false,
    }
}

fn conv_row(name: String, method: Method, params: ConvParams, multiplier: usize) -> PresetLayer {
    PresetLayer {
        name,
        op: LayerOp::Conv(LayerConfig {
            method,
            params,
            multiplier,
        }),
    }
}

/// The standard convolution that replaces `row` (the same input, output channels, kernel,
/// stride and padding with one group); other rows are kept.
fn as_standard(row: &PresetLayer) -> PresetLayer {
    match row.op {
        LayerOp::Conv(config) if config.method != Method::Standard => PresetLayer {
            name: format!(
                "Conv / s{} {}×{}×{}×{} (standard)",
                config.params.stride.h,
                config.params.kernel.h,
                config.params.kernel.w,
                config.params.in_channels,
                config.params.out_channels
            ),
            op: LayerOp::Conv(LayerConfig {
                method: Method::Standard,
                params: ConvParams {
                    groups: 1,
                    ..config.params
                },
                multiplier: 1,
            }),
        },
        _ => row.clone(),
    }
}

/// MobileNet v1's depthwise separable blocks (Howard et al. 2017, Table 1): input channels,
/// output channels, depthwise stride, input size.
const MOBILENET_BLOCKS: [(usize, usize, usize, usize); 13] = [
    (32, 64, 1, 112),
    (64, 128, 2, 112),
    (128, 128, 1, 56),
    (128, 256, 2, 56),
    (256, 256, 1, 28),
    (256, 512, 2, 28),
    (512, 512, 1, 14),
    (512, 512, 1, 14),
    (512, 512, 1, 14),
    (512, 512, 1, 14),
    (512, 512, 1, 14),
    (512, 1024, 2, 14),
    (1024, 1024, 1, 7),
];

/// MobileNet v1 (width 1.0, 224×224) as published: a standard 3×3 stem, 13 depthwise separable
/// blocks, 7×7 average pooling and a 1024 → 1000 classifier.
pub fn mobilenet_v1() -> Preset {
    let three = Pair::square(3);
    let same = Pair::square(1);
    let mut built = vec![conv_row(
        "Conv / s2 3×3×3×32 · 224×224×3".to_string(),
        Method::Standard,
        layer((3, 32, 1), 224, three, 2, same),
        1,
    )];
    for (c, o, s, size) in MOBILENET_BLOCKS {
        built.push(conv_row(
            format!("Conv dw / s{s} 3×3×{c} dw + Conv / s1 1×1×{c}×{o} · {size}×{size}×{c}"),
            Method::DepthwiseSeparable,
            layer((c, o, c), size, three, s, same),
            1,
        ));
    }
    built.push(PresetLayer {
        name: "Avg Pool / s1 7×7 · 7×7×1024".to_string(),
        op: LayerOp::AvgPool {
            channels: 1024,
            window: Pair::square(7),
        },
    });
    built.push(PresetLayer {
        name: "FC 1024×1000 · 1×1×1024".to_string(),
        op: LayerOp::FullyConnected {
            inputs: 1024,
            outputs: 1000,
        },
    });
    let standard = built.iter().map(as_standard).collect();
    let rounded = |variant, metric, text, units, unit| PaperFigure {
        variant,
        metric,
        reported: Reported::Rounded { text, units, unit },
        source: "Table 4",
    };
    Preset {
        id: "mobilenet-v1",
        name: "MobileNet v1 (1.0, 224×224)",
        layer: "Whole network; loads block 7: 14×14×512 → 512, depthwise separable 3×3".to_string(),
        load: LayerConfig {
            method: Method::DepthwiseSeparable,
            params: layer((512, 512, 512), 14, three, 1, same),
            multiplier: 1,
        },
        built,
        standard,
        whole_network: true,
        paper: vec![
            rounded(Variant::AsBuilt, Metric::Macs, "569 M", 569, 1_000_000),
            rounded(Variant::AsBuilt, Metric::Params, "4.2 M", 42, 100_000),
            rounded(Variant::AllStandard, Metric::Macs, "4866 M", 4866, 1_000_000),
            rounded(Variant::AllStandard, Metric::Params, "29.3 M", 293, 100_000),
        ],
        reference: Reference {
            citation: "Howard et al. 2017, “MobileNets: Efficient Convolutional Neural Networks for Mobile Vision Applications”, arXiv:1704.04861",
            url: "https://arxiv.org/abs/1704.04861",
        },
        notes: vec![
            "28 weight layers: the stem, 13 depthwise and 13 pointwise convolutions, the classifier.",
            "Table 1 prints the last depthwise layer as “s2” on a 7×7 input; its own next row (7×7×1024) and the 569 M total need stride 1, which we use.",
            "Convolutions have no biases (each is followed by batch norm, whose parameters are not counted); the classifier's 1,000 biases are counted, as FORMAT.md counts biases. The paper's parameter shares in Table 2 imply it counts weights only (4,209,088); both round to 4.2 M.",
            "All standard: every depthwise separable block becomes one 3×3 convolution with its stride. Our 4,867,293,184 MACs round to 4,867 M, 0.03 % above the paper's 4,866 M; without the classifier's 1,024,000 they would round to 4,866 M.",
        ],
    }
}

/// Xception's first entry-flow separable convolution: 147×147×64 → 128, 3×3, "same" padding.
pub fn xception_entry() -> Preset {
    let params = layer((64, 128, 64), 147, Pair::square(3), 1, Pair::square(1));
    let built = vec![conv_row(
        "SeparableConv 128, 3×3 · 147×147×64".to_string(),
        Method::DepthwiseSeparable,
        params,
        1,
    )];
    let standard = built.iter().map(as_standard).collect();
    let none = |variant, metric| PaperFigure {
        variant,
        metric,
        reported: Reported::NotReported {
            reason: "the paper reports whole-network sizes only, not single layers",
        },
        source: "",
    };
    Preset {
        id: "xception-entry",
        name: "Xception entry flow",
        layer: "147×147×64 → 128, depthwise separable 3×3, padding 1".to_string(),
        load: LayerConfig {
            method: Method::DepthwiseSeparable,
            params,
            multiplier: 1,
        },
        built,
        standard,
        whole_network: false,
        paper: vec![
            none(Variant::AsBuilt, Metric::Macs),
            none(Variant::AsBuilt, Metric::Params),
        ],
        reference: Reference {
            citation: "Chollet 2017, “Xception: Deep Learning with Depthwise Separable Convolutions”, CVPR 2017, arXiv:1610.02357",
            url: "https://arxiv.org/abs/1610.02357",
        },
        notes: vec![
            "The first SeparableConv of the entry flow (Figure 5), after the 3×3 convolutions 299 → 149 (stride 2) → 147 (valid); it uses “same” padding and no bias.",
            "Depthwise then pointwise, as Keras' SeparableConv2D computes it.",
        ],
    }
}

/// ResNeXt-50 (32×4d): the grouped 3×3 convolution of a conv2 block, 56×56×128 → 128, 32
/// groups of 4 channels.
pub fn resnext50_conv2() -> Preset {
    let params = layer((128, 128, 32), 56, Pair::square(3), 1, Pair::square(1));
    let built = vec![conv_row(
        "3×3, 128, C = 32 · 56×56×128".to_string(),
        Method::Grouped,
        params,
        1,
    )];
    let standard = built.iter().map(as_standard).collect();
    // Eq. (4) counts a block's parameters as C·(256·d + 3·3·d·d + d·256); its 3×3 term is this
    // layer's weights, C·9·d² with cardinality C = 32 and width d = 4. Each weight is used once
    // per output position, so the layer's MACs are that term × 56².
    let (cardinality, width, map) = (32u64, 4u64, 56u64);
    let weights = cardinality * 9 * width * width;
    Preset {
        id: "resnext50-conv2",
        name: "ResNeXt-50 (32×4d) conv2",
        layer: "56×56×128 → 128, grouped 3×3, 32 groups, padding 1".to_string(),
        load: LayerConfig {
            method: Method::Grouped,
            params,
            multiplier: 1,
        },
        built,
        standard,
        whole_network: false,
        paper: vec![
            PaperFigure {
                variant: Variant::AsBuilt,
                metric: Metric::Macs,
                reported: Reported::Formula {
                    formula: "C·3·3·d² × 56²",
                    value: weights * map * map,
                },
                source: "Eq. (4)'s 3×3 term, C = 32, d = 4, at 56×56 output positions",
            },
            PaperFigure {
                variant: Variant::AsBuilt,
                metric: Metric::Params,
                reported: Reported::Formula {
                    formula: "C·3·3·d²",
                    value: weights,
                },
                source: "Eq. (4)'s 3×3 term, C = 32, d = 4",
            },
        ],
        reference: Reference {
            citation: "Xie et al. 2017, “Aggregated Residual Transformations for Deep Neural Networks”, CVPR 2017, arXiv:1611.05431",
            url: "https://arxiv.org/abs/1611.05431",
        },
        notes: vec![
            "Table 1, conv2: [1×1, 128; 3×3, 128, C = 32; 1×1, 256] × 3 at 56×56; the grouped form is Figure 3(c).",
            "Eq. (4) gives a block's parameters, C·(256·d + 3·3·d·d + d·256); its 3×3 term C·3·3·d² is this layer's weights, and each weight is used once per output position, 56² times. For the whole network Table 1 gives 4.2×10⁹ FLOPs and 25.0×10⁶ parameters.",
            "No bias: each convolution is followed by batch norm.",
        ],
    }
}

/// ShuffleNet v1 (g = 3): one stride-1 unit of Stage 2 on 28×28×240 with bottleneck 60:
/// 1×1 group convolution, channel shuffle, 3×3 depthwise, 1×1 group convolution.
pub fn shufflenet_v1_g3() -> Preset {
    let (c, m, g, size) = (240, 60, 3, 28);
    let one = Pair::square(1);
    let zero = Pair::square(0);
    let gconv1 = layer((c, m, g), size, one, 1, zero);
    let built = vec![
        conv_row(
            format!("1×1 GConv {c} → {m}, g = {g} · {size}×{size}×{c}"),
            Method::Grouped,
            gconv1,
            1,
        ),
        PresetLayer {
            name: format!("Channel shuffle, g = {g} · {size}×{size}×{m}"),
            op: LayerOp::ChannelShuffle {
                channels: m,
                groups: g,
            },
        },
        conv_row(
            format!("3×3 DWConv {m} · {size}×{size}×{m}"),
            Method::Grouped,
            layer((m, m, m), size, Pair::square(3), 1, one),
            1,
        ),
        conv_row(
            format!("1×1 GConv {m} → {c}, g = {g} · {size}×{size}×{m}"),
            Method::Grouped,
            layer((m, c, g), size, one, 1, zero),
            1,
        ),
    ];
    let standard = built.iter().map(as_standard).collect();
    // hw(2cm/g + 9m) = 784·(2·240·60/3 + 9·60) = 784·10,140;
    // hw(2cm + 9m²) = 784·(2·240·60 + 9·3,600) = 784·61,200.
    let hw = (size * size) as u64;
    let (c64, m64, g64) = (c as u64, m as u64, g as u64);
    Preset {
        id: "shufflenet-v1-g3",
        name: "ShuffleNet v1 unit (g = 3)",
        layer: "28×28×240: 1×1 GConv → 60 (g = 3), shuffle, 3×3 DWConv, 1×1 GConv → 240; loads the first group convolution".to_string(),
        load: LayerConfig {
            method: Method::Grouped,
            params: gconv1,
            multiplier: 1,
        },
        built,
        standard,
        whole_network: false,
        paper: vec![
            PaperFigure {
                variant: Variant::AsBuilt,
                metric: Metric::Macs,
                reported: Reported::Formula {
                    formula: "hw(2cm/g + 9m)",
                    value: hw * (2 * c64 * m64 / g64 + 9 * m64),
                },
                source: "§3.2",
            },
            PaperFigure {
                variant: Variant::AllStandard,
                metric: Metric::Macs,
                reported: Reported::Formula {
                    formula: "hw(2cm + 9m²) (ResNet unit)",
                    value: hw * (2 * c64 * m64 + 9 * m64 * m64),
                },
                source: "§3.2",
            },
        ],
        reference: Reference {
            citation: "Zhang et al. 2018, “ShuffleNet: An Extremely Efficient Convolutional Neural Network for Mobile Devices”, CVPR 2018, arXiv:1707.01083",
            url: "https://arxiv.org/abs/1707.01083",
        },
        notes: vec![
            "Table 1 gives Stage 2 240 output channels for g = 3; the bottleneck is a quarter of the output (60). A stride-1 unit, Figure 2(b); the shortcut addition counts no MACs.",
            "The paper's FLOPs are multiply-adds; its formulas use c input channels, m bottleneck channels and g groups.",
            "All standard: the group and depthwise convolutions become standard ones, which is the ResNet bottleneck the paper compares with.",
        ],
    }
}

/// AlexNet's conv2: 27×27×96 → 256, 5×5, padding 2, two groups (one per GPU), with biases.
pub fn alexnet_conv2() -> Preset {
    let params = ConvParams {
        bias: true,
        ..layer((96, 256, 2), 27, Pair::square(5), 1, Pair::square(2))
    };
    let built = vec![conv_row(
        "conv2 5×5×48, 256 kernels in 2 groups · 27×27×96".to_string(),
        Method::Grouped,
        params,
        1,
    )];
    let standard = built.iter().map(as_standard).collect();
    let none = |variant, metric| PaperFigure {
        variant,
        metric,
        reported: Reported::NotReported {
            reason:
                "the paper gives no per-layer costs; the whole network has 60 million parameters",
        },
        source: "",
    };
    Preset {
        id: "alexnet-conv2",
        name: "AlexNet conv2 (2 groups)",
        layer: "27×27×96 → 256, grouped 5×5, 2 groups, padding 2, bias".to_string(),
        load: LayerConfig {
            method: Method::Grouped,
            params,
            multiplier: 1,
        },
        built,
        standard,
        whole_network: false,
        paper: vec![
            none(Variant::AsBuilt, Metric::Macs),
            none(Variant::AsBuilt, Metric::Params),
        ],
        reference: Reference {
            citation: "Krizhevsky, Sutskever & Hinton 2012, “ImageNet Classification with Deep Convolutional Neural Networks”, NIPS 2012",
            url: "",
        },
        notes: vec![
            "“The second convolutional layer … filters it with 256 kernels of size 5 × 5 × 48”: 128 kernels on each GPU, each reading that GPU's 48 channels, i.e. groups = 2.",
            "The input is conv1's pooled 27×27×96 output; padding 2 keeps 27×27. AlexNet's layers have biases, counted here.",
        ],
    }
}

/// Inception v3's factorization of a 7×7 convolution into 1×7 then 7×1, on 17×17×192 → 192.
pub fn inception_v3_7x7() -> Preset {
    let (c, size) = (192, 17);
    let built = vec![
        conv_row(
            format!("1×7 conv {c} → {c}, padding (0, 3) · {size}×{size}×{c}"),
            Method::Standard,
            layer((c, c, 1), size, Pair::new(1, 7), 1, Pair::new(0, 3)),
            1,
        ),
        conv_row(
            format!("7×1 conv {c} → {c}, padding (3, 0) · {size}×{size}×{c}"),
            Method::Standard,
            layer((c, c, 1), size, Pair::new(7, 1), 1, Pair::new(3, 0)),
            1,
        ),
    ];
    let standard = vec![conv_row(
        format!("7×7 conv {c} → {c}, padding 3 · {size}×{size}×{c}"),
        Method::Standard,
        layer((c, c, 1), size, Pair::square(7), 1, Pair::square(3)),
        1,
    )];
    let none = |variant, metric| {
        PaperFigure {
        variant,
        metric,
        reported: Reported::NotReported {
            reason: "the paper gives no figure for the 7×7 case; it says the saving grows with n and that 3×1 + 1×3 is 33 % cheaper than 3×3 (§3.2)",
        },
        source: "",
    }
    };
    Preset {
        id: "inception-v3-7x7",
        name: "Inception v3 7×7 → 1×7 + 7×1",
        layer: "17×17×192 → 192: 1×7 then 7×1 instead of 7×7; loads the per-channel spatial separable form".to_string(),
        load: LayerConfig {
            method: Method::SpatialSeparable,
            params: layer((c, c, c), size, Pair::square(7), 1, Pair::square(3)),
            multiplier: 1,
        },
        built,
        standard,
        whole_network: false,
        paper: vec![
            none(Variant::AsBuilt, Metric::Macs),
            none(Variant::AsBuilt, Metric::Params),
        ],
        reference: Reference {
            citation: "Szegedy et al. 2016, “Rethinking the Inception Architecture for Computer Vision”, CVPR 2016, arXiv:1512.00567",
            url: "https://arxiv.org/abs/1512.00567",
        },
        notes: vec![
            "The 17×17 modules of Figure 6 use n = 7. We take 192 channels in and out, the width of the 7×7 branch in the last 17×17 module of the reference implementation (the paper lists no branch widths).",
            "Inception's two passes each mix all 192 channels (standard 1×7 and 7×1 convolutions, costed in the rows: 14 taps instead of 49 per output, 3.5× fewer MACs). The stage loads convlab's spatial separable method, which filters each channel on its own.",
        ],
    }
}

/// Every preset, in table order.
pub fn all() -> Vec<Preset> {
    vec![
        mobilenet_v1(),
        xception_entry(),
        resnext50_conv2(),
        shufflenet_v1_g3(),
        alexnet_conv2(),
        inception_v3_7x7(),
    ]
}

/// The preset with `id`.
pub fn by_id(id: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.id == id)
}

/// The table's rows for `presets`.
pub fn rows(presets: &[Preset]) -> Result<Vec<PresetRow>, ConvError> {
    presets.iter().map(Preset::row).collect()
}

/// Column headings of the exported table.
const HEADINGS: [&str; 9] = [
    "Preset",
    "Layer",
    "MACs",
    "Parameters",
    "MACs, all standard",
    "Parameters, all standard",
    "Paper, as built",
    "Paper, all standard",
    "Reference",
];

fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The presets table as GitHub-flavoured Markdown, figures with thousands separators.
pub fn markdown(rows: &[PresetRow]) -> String {
    let mut out = format!("| {} |\n", HEADINGS.join(" | "));
    out.push_str(&format!("|{}\n", "---|".repeat(HEADINGS.len())));
    for r in rows {
        let cells = [
            r.name.to_string(),
            r.layer.clone(),
            thousands(r.built.macs),
            thousands(r.built.params),
            thousands(r.standard.macs),
            thousands(r.standard.params),
            r.paper_built.clone(),
            r.paper_standard.clone(),
            r.reference.to_string(),
        ];
        let cells: Vec<String> = cells.iter().map(|c| markdown_cell(c)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// The presets table as CSV (RFC 4180, CRLF line ends), figures as plain digits.
pub fn csv(rows: &[PresetRow]) -> String {
    let mut head = vec!["id"];
    head.extend(HEADINGS);
    let mut out = head
        .iter()
        .map(|h| csv_field(h))
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    for r in rows {
        let cells = [
            r.id.to_string(),
            r.name.to_string(),
            r.layer.clone(),
            r.built.macs.to_string(),
            r.built.params.to_string(),
            r.standard.macs.to_string(),
            r.standard.params.to_string(),
            r.paper_built.clone(),
            r.paper_standard.clone(),
            r.reference.to_string(),
        ];
        out.push_str(
            &cells
                .iter()
                .map(|c| csv_field(c))
                .collect::<Vec<_>>()
                .join(","),
        );
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_quotes_what_needs_quoting() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a, b"), "\"a, b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(markdown_cell("a | b"), "a \\| b");
    }

    #[test]
    fn rounding_half_up_to_the_unit() {
        let f = PaperFigure {
            variant: Variant::AsBuilt,
            metric: Metric::Params,
            reported: Reported::Rounded {
                text: "4.2 M",
                units: 42,
                unit: 100_000,
            },
            source: "",
        };
        assert_eq!(f.agrees(4_249_999), Some(true));
        assert_eq!(f.agrees(4_250_000), Some(false));
        assert_eq!(f.agrees(4_150_000), Some(true));
    }
}
