//! The code panel's text: the PyTorch and Keras code that builds the current layer, the weight
//! shapes each framework stores for it, and each framework's rule when a configuration breaks
//! one.
//!
//! PyTorch is channels-first (`(N, C, H, W)`, weights `[O, C/G, KH, KW]`); Keras is
//! channels-last (`(N, H, W, C)`, kernels `(KH, KW, C/G, O)`, depthwise kernels
//! `(KH, KW, C, m)`). Keras has only "valid" and "same" padding, so any other symmetric padding
//! is written as a `ZeroPadding2D` layer before a "valid" convolution.

use crate::config::{Form, LayerConfig};
use crate::engine::geometry::output_len;
use crate::engine::{ConvParams, Method, Pair};

/// A deep-learning framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Framework {
    /// PyTorch's `torch.nn`.
    PyTorch,
    /// Keras (`keras.layers`, also `tf.keras.layers`).
    Keras,
}

impl Framework {
    /// The framework's name.
    pub fn label(self) -> &'static str {
        match self {
            Framework::PyTorch => "PyTorch",
            Framework::Keras => "Keras",
        }
    }
}

/// One weight tensor a framework stores: its attribute path and its shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightShape {
    /// The attribute, e.g. `depthwise.weight` or `conv.kernel`.
    pub name: String,
    /// The shape in the framework's order.
    pub shape: Vec<usize>,
}

impl WeightShape {
    /// The shape as the framework prints it: PyTorch `[256, 3, 3, 3]`, Keras `(3, 3, 3, 256)`
    /// and `(256,)`.
    pub fn shape_text(&self, framework: Framework) -> String {
        let dims: Vec<String> = self.shape.iter().map(usize::to_string).collect();
        match framework {
            Framework::PyTorch => format!("[{}]", dims.join(", ")),
            Framework::Keras if dims.len() == 1 => format!("({},)", dims[0]),
            Framework::Keras => format!("({})", dims.join(", ")),
        }
    }

    /// Number of values stored.
    pub fn elements(&self) -> u64 {
        self.shape.iter().map(|&d| d as u64).product()
    }
}

/// The code that builds one layer in one framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The framework.
    pub framework: Framework,
    /// The heading, e.g. `Keras: DepthwiseConv2D + Conv2D`.
    pub title: String,
    /// The code, ready to copy.
    pub code: String,
    /// The weights it stores, in order.
    pub weights: Vec<WeightShape>,
    /// Whether it builds exactly convlab's layer (same outputs, same parameter count).
    pub exact: bool,
    /// How it differs, or what to know when running it.
    pub notes: Vec<String>,
}

impl Snippet {
    /// Total values stored in all its weights; equals the engine's parameter count when
    /// [`Snippet::exact`].
    pub fn parameter_count(&self) -> u64 {
        self.weights.iter().map(WeightShape::elements).sum()
    }
}

/// A framework rule a configuration breaks, in the framework's words where it has them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameworkRule {
    /// Whose rule.
    pub framework: Framework,
    /// The rule.
    pub rule: String,
}

/// `3` when both directions agree, `(3, 5)` otherwise.
fn pair(p: Pair) -> String {
    if p.h == p.w {
        p.h.to_string()
    } else {
        format!("({}, {})", p.h, p.w)
    }
}

fn python_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn weight(name: &str, shape: &[usize]) -> WeightShape {
    WeightShape {
        name: name.to_string(),
        shape: shape.to_vec(),
    }
}

/// The output `(OH, OW)` of `params`, or the input size if the kernel does not fit (only for
/// the comment line; configurations reaching here are valid).
fn output_size(params: &ConvParams) -> Pair {
    let p = params;
    let oh = output_len(p.input.h, p.kernel.h, p.stride.h, p.padding.h, p.dilation.h);
    let ow = output_len(p.input.w, p.kernel.w, p.stride.w, p.padding.w, p.dilation.w);
    match (oh, ow) {
        (Some(h), Some(w)) => Pair::new(h, w),
        _ => p.input,
    }
}

/// The output channels and size of the whole layer.
fn layer_output(config: &LayerConfig) -> (usize, Pair) {
    let p = &config.params;
    match config.method {
        Method::SpatialSeparable => (p.in_channels, output_size(p)),
        _ => (p.out_channels, output_size(p)),
    }
}

/// The PyTorch code for `config`.
pub fn pytorch(config: &LayerConfig) -> Snippet {
    let p = &config.params;
    let (c, o) = (p.in_channels, p.out_channels);
    let (out_c, out) = layer_output(config);
    let mut code = format!(
        "import torch.nn as nn\n\n# input (N, C, H, W) = (N, {c}, {}, {}) -> output (N, {out_c}, {}, {})\n",
        p.input.h, p.input.w, out.h, out.w
    );
    let geometry = format!(
        "kernel_size={}, stride={}, padding={}, dilation={}",
        pair(p.kernel),
        pair(p.stride),
        pair(p.padding),
        pair(p.dilation)
    );
    let bias = python_bool(p.bias);
    let mut weights = Vec::new();
    let mut notes = Vec::new();
    match config.method {
        Method::Standard => {
            code.push_str(&format!(
                "conv = nn.Conv2d({c}, {o}, {geometry}, bias={bias})\n# y = conv(x)\n"
            ));
            weights.push(weight("conv.weight", &[o, c, p.kernel.h, p.kernel.w]));
            if p.bias {
                weights.push(weight("conv.bias", &[o]));
            }
        }
        Method::Grouped => {
            let g = p.groups;
            code.push_str(&format!(
                "conv = nn.Conv2d({c}, {o}, {geometry}, groups={g}, bias={bias})\n# y = conv(x)\n"
            ));
            weights.push(weight(
                "conv.weight",
                &[o, c / g.max(1), p.kernel.h, p.kernel.w],
            ));
            if p.bias {
                weights.push(weight("conv.bias", &[o]));
            }
            notes.push(format!(
                "Each of the {g} groups maps its own {} input channels to {} output channels: output i belongs to group g = i // (O/G) and weight[i, j] multiplies input channel g·(C/G) + j.",
                c / g.max(1),
                o / g.max(1)
            ));
        }
        Method::DepthwiseSeparable => {
            let mid = c * config.multiplier;
            code.push_str(&format!(
                "depthwise = nn.Conv2d({c}, {mid}, {geometry}, groups={c}, bias={bias})\n\
                 pointwise = nn.Conv2d({mid}, {o}, kernel_size=1, bias={bias})\n\
                 # y = pointwise(depthwise(x))\n"
            ));
            weights.push(weight(
                "depthwise.weight",
                &[mid, 1, p.kernel.h, p.kernel.w],
            ));
            if p.bias {
                weights.push(weight("depthwise.bias", &[mid]));
            }
            weights.push(weight("pointwise.weight", &[o, mid, 1, 1]));
            if p.bias {
                weights.push(weight("pointwise.bias", &[o]));
            }
            if config.multiplier > 1 {
                notes.push(format!(
                    "Depth multiplier {}: out_channels = {} × in_channels with groups = in_channels.",
                    config.multiplier, config.multiplier
                ));
            }
        }
        Method::SpatialSeparable => {
            code.push_str(&format!(
                "column = nn.Conv2d({c}, {c}, kernel_size=({}, 1), padding=({}, 0), groups={c}, bias=False)\n\
                 row = nn.Conv2d({c}, {c}, kernel_size=(1, {}), padding=(0, {}), groups={c}, bias={bias})\n\
                 # y = row(column(x))\n",
                p.kernel.h, p.padding.h, p.kernel.w, p.padding.w
            ));
            weights.push(weight("column.weight", &[c, 1, p.kernel.h, 1]));
            weights.push(weight("row.weight", &[c, 1, 1, p.kernel.w]));
            if p.bias {
                weights.push(weight("row.bias", &[c]));
            }
            notes.push(
                "Each channel is filtered on its own (groups = channels); the bias is added once, after the row pass."
                    .to_string(),
            );
        }
    }
    Snippet {
        framework: Framework::PyTorch,
        title: "PyTorch".to_string(),
        code,
        weights,
        exact: true,
        notes,
    }
}

/// How Keras writes a padding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KerasPadding {
    /// No padding.
    Valid,
    /// "same" pads exactly `P` on each side (stride 1, `2P = D(K−1)`).
    Same,
    /// Any other symmetric padding: a `ZeroPadding2D` layer, then "valid".
    Zero(Pair),
}

fn keras_padding(kernel: Pair, stride: Pair, padding: Pair, dilation: Pair) -> KerasPadding {
    let same_axis =
        |k: usize, s: usize, p: usize, d: usize| s == 1 && 2 * p == d * k.saturating_sub(1);
    if padding == Pair::square(0) {
        KerasPadding::Valid
    } else if same_axis(kernel.h, stride.h, padding.h, dilation.h)
        && same_axis(kernel.w, stride.w, padding.w, dilation.w)
    {
        KerasPadding::Same
    } else {
        KerasPadding::Zero(padding)
    }
}

impl KerasPadding {
    fn argument(self) -> &'static str {
        match self {
            KerasPadding::Same => "\"same\"",
            KerasPadding::Valid | KerasPadding::Zero(_) => "\"valid\"",
        }
    }
}

/// One Keras layer line, its padding layer if any, and the call.
struct KerasLayer {
    name: &'static str,
    padding: KerasPadding,
    constructor: String,
}

/// Writes Keras layers applied in order: padding layers where needed, then the call chain.
fn keras_code(input: (usize, Pair), output: (usize, Pair), layers: &[KerasLayer]) -> String {
    let mut code = format!(
        "from keras import layers\n\n# input (N, H, W, C) = (N, {}, {}, {}) -> output (N, {}, {}, {})\n",
        input.1.h, input.1.w, input.0, output.1.h, output.1.w, output.0
    );
    let mut call = "x".to_string();
    for l in layers {
        if let KerasPadding::Zero(p) = l.padding {
            let pad_name = format!("pad_{}", l.name);
            let pad_name = if layers.len() == 1 {
                "pad".to_string()
            } else {
                pad_name
            };
            code.push_str(&format!(
                "{pad_name} = layers.ZeroPadding2D(padding=({}, {}))\n",
                p.h, p.w
            ));
            call = format!("{pad_name}({call})");
        }
        code.push_str(&format!("{} = {}\n", l.name, l.constructor));
        call = format!("{}({call})", l.name);
    }
    code.push_str(&format!("# y = {call}\n"));
    code
}

/// Keras' rule on strides with dilation, when `params` breaks it.
fn keras_stride_dilation(params: &ConvParams) -> Option<String> {
    let strided = params.stride != Pair::square(1);
    let dilated = params.dilation != Pair::square(1);
    (strided && dilated).then(|| {
        "Keras: “specifying any dilation_rate value != 1 is incompatible with specifying any stride value != 1” (the TensorFlow backend refuses it)."
            .to_string()
    })
}

/// The Keras code for `config`: one snippet, or two for depthwise separable (the
/// `DepthwiseConv2D` + 1×1 `Conv2D` pair, and `SeparableConv2D`).
pub fn keras(config: &LayerConfig) -> Vec<Snippet> {
    let p = &config.params;
    let (c, o) = (p.in_channels, p.out_channels);
    let input = (c, p.input);
    let output = layer_output(config);
    let bias = python_bool(p.bias);
    let padding = keras_padding(p.kernel, p.stride, p.padding, p.dilation);
    let geometry = format!(
        "kernel_size={}, strides={}, padding={}, dilation_rate={}",
        pair(p.kernel),
        pair(p.stride),
        padding.argument(),
        pair(p.dilation)
    );
    let mut notes: Vec<String> = keras_stride_dilation(p).into_iter().collect();
    let snippet = |title: &str, code: String, weights: Vec<WeightShape>, exact, notes| Snippet {
        framework: Framework::Keras,
        title: title.to_string(),
        code,
        weights,
        exact,
        notes,
    };
    match config.method {
        Method::Standard | Method::Grouped => {
            let groups = if config.method == Method::Grouped {
                format!(", groups={}", p.groups)
            } else {
                String::new()
            };
            let layer = KerasLayer {
                name: "conv",
                padding,
                constructor: format!("layers.Conv2D({o}, {geometry}{groups}, use_bias={bias})"),
            };
            let mut weights = vec![weight(
                "conv.kernel",
                &[p.kernel.h, p.kernel.w, c / p.groups.max(1), o],
            )];
            if p.bias {
                weights.push(weight("conv.bias", &[o]));
            }
            vec![snippet(
                "Keras: Conv2D",
                keras_code(input, output, &[layer]),
                weights,
                true,
                notes,
            )]
        }
        Method::DepthwiseSeparable => {
            let m = config.multiplier;
            let mid = c * m;
            let depthwise = KerasLayer {
                name: "depthwise",
                padding,
                constructor: format!(
                    "layers.DepthwiseConv2D({geometry}, depth_multiplier={m}, use_bias={bias})"
                ),
            };
            let pointwise = KerasLayer {
                name: "pointwise",
                padding: KerasPadding::Valid,
                constructor: format!("layers.Conv2D({o}, kernel_size=1, use_bias={bias})"),
            };
            let mut pair_weights = vec![weight(
                "depthwise.depthwise_kernel",
                &[p.kernel.h, p.kernel.w, c, m],
            )];
            if p.bias {
                pair_weights.push(weight("depthwise.bias", &[mid]));
            }
            pair_weights.push(weight("pointwise.kernel", &[1, 1, mid, o]));
            if p.bias {
                pair_weights.push(weight("pointwise.bias", &[o]));
            }
            let separable = KerasLayer {
                name: "separable",
                padding,
                constructor: format!(
                    "layers.SeparableConv2D({o}, {geometry}, depth_multiplier={m}, use_bias={bias})"
                ),
            };
            let mut sep_weights = vec![
                weight(
                    "separable.depthwise_kernel",
                    &[p.kernel.h, p.kernel.w, c, m],
                ),
                weight("separable.pointwise_kernel", &[1, 1, mid, o]),
            ];
            let mut sep_notes = notes.clone();
            if p.bias {
                sep_weights.push(weight("separable.bias", &[o]));
                sep_notes.push(format!(
                    "SeparableConv2D adds one bias, after the pointwise step: it holds {mid} fewer parameters than this layer, which adds a bias after each step. The DepthwiseConv2D + Conv2D pair matches this layer exactly."
                ));
            }
            notes.push(
                "Keras stores the depthwise kernel as (KH, KW, C, m): m filters per input channel."
                    .to_string(),
            );
            vec![
                snippet(
                    "Keras: DepthwiseConv2D + Conv2D",
                    keras_code(input, output, &[depthwise, pointwise]),
                    pair_weights,
                    true,
                    notes,
                ),
                snippet(
                    "Keras: SeparableConv2D",
                    keras_code(input, output, &[separable]),
                    sep_weights,
                    !p.bias,
                    sep_notes,
                ),
            ]
        }
        Method::SpatialSeparable => {
            let one = Pair::square(1);
            let column_padding = keras_padding(
                Pair::new(p.kernel.h, 1),
                one,
                Pair::new(p.padding.h, 0),
                one,
            );
            let row_padding = keras_padding(
                Pair::new(1, p.kernel.w),
                one,
                Pair::new(0, p.padding.w),
                one,
            );
            let column = KerasLayer {
                name: "column",
                padding: column_padding,
                constructor: format!(
                    "layers.DepthwiseConv2D(kernel_size=({}, 1), padding={}, use_bias=False)",
                    p.kernel.h,
                    column_padding.argument()
                ),
            };
            let row = KerasLayer {
                name: "row",
                padding: row_padding,
                constructor: format!(
                    "layers.DepthwiseConv2D(kernel_size=(1, {}), padding={}, use_bias={bias})",
                    p.kernel.w,
                    row_padding.argument()
                ),
            };
            let mut weights = vec![
                weight("column.depthwise_kernel", &[p.kernel.h, 1, c, 1]),
                weight("row.depthwise_kernel", &[1, p.kernel.w, c, 1]),
            ];
            if p.bias {
                weights.push(weight("row.bias", &[c]));
            }
            vec![snippet(
                "Keras: two DepthwiseConv2D",
                keras_code(input, output, &[column, row]),
                weights,
                true,
                notes,
            )]
        }
    }
}

/// Every snippet for `config`: PyTorch first, then Keras.
pub fn snippets(config: &LayerConfig) -> Vec<Snippet> {
    let mut out = vec![pytorch(config)];
    out.extend(keras(config));
    out
}

/// The framework rules that `params`, computed with `method`, breaks. Channels, groups and the
/// kernel fitting the input are checked as each framework checks them; fields the method does
/// not use are set as the method sets them.
pub fn framework_rules(method: Method, params: &ConvParams) -> Vec<FrameworkRule> {
    let mut p = *params;
    match method {
        Method::Standard => p.groups = 1,
        Method::Grouped => {}
        Method::SpatialSeparable => {
            p.out_channels = p.in_channels;
            p.groups = p.in_channels;
            p.stride = Pair::square(1);
            p.dilation = Pair::square(1);
        }
        Method::DepthwiseSeparable => p.groups = p.in_channels,
    }
    let mut rules = Vec::new();
    let torch = |rule: &str| FrameworkRule {
        framework: Framework::PyTorch,
        rule: rule.to_string(),
    };
    let keras = |rule: &str| FrameworkRule {
        framework: Framework::Keras,
        rule: rule.to_string(),
    };
    if p.groups > 0 {
        let in_ok = p.in_channels.is_multiple_of(p.groups);
        let out_ok = p.out_channels.is_multiple_of(p.groups);
        if !in_ok {
            rules.push(torch("in_channels must be divisible by groups"));
        }
        if !out_ok {
            rules.push(torch("out_channels must be divisible by groups"));
        }
        if !in_ok || !out_ok {
            rules.push(keras(
                "input channels and filters must both be divisible by groups",
            ));
        }
    }
    let fits = |n: usize, k: usize, s: usize, pad: usize, d: usize| {
        output_len(n, k, s.max(1), pad, d.max(1)).is_some()
    };
    if p.kernel.h > 0
        && p.kernel.w > 0
        && !(fits(p.input.h, p.kernel.h, p.stride.h, p.padding.h, p.dilation.h)
            && fits(p.input.w, p.kernel.w, p.stride.w, p.padding.w, p.dilation.w))
    {
        rules.push(torch("Kernel size can't be greater than actual input size"));
        rules.push(keras(
            "the (dilated) kernel must fit in the padded input, or the computed output size is negative",
        ));
    }
    if let Some(rule) = keras_stride_dilation(&p) {
        rules.push(keras(rule.trim_start_matches("Keras: ")));
    }
    rules
}

/// The framework rules the form's layer breaks, once every field it uses reads as a number
/// (until then the field problems say what is wrong). For invalid configurations, where there
/// is no [`LayerConfig`].
pub fn rules_for_form(form: &Form) -> Vec<FrameworkRule> {
    let Ok((params, _)) = form.read_layer() else {
        return Vec::new();
    };
    framework_rules(form.method, &params)
}
