//! The layer a user chose: the configuration panel's raw values (a [`Form`]), their validation
//! into a [`LayerConfig`] the engine can cost, and the problems shown when a value is wrong.

pub mod field;
pub mod format;
pub mod query;
pub mod seed;
pub mod why;

pub use field::{Field, FieldKind};

use crate::engine::cost::{method_cost, MethodCost};
use crate::engine::{ConvError, ConvParams, Method, Pair};

/// What the user typed or the URL said, field by field, kept as text so nothing is lost while
/// a value is invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Form {
    /// The selected method tab.
    pub method: Method,
    /// The text of each field, indexed by [`Field::index`].
    pub values: [String; Field::ALL.len()],
    /// A `mode=` value that named no method, kept to explain it.
    pub unknown_mode: Option<String>,
}

impl Default for Form {
    /// A small layer whose every number fits on screen: 7×7×3 → 4, 3×3, padding 1.
    fn default() -> Self {
        Form::from_layer(
            Method::Standard,
            ConvParams {
                in_channels: 3,
                input: Pair::square(7),
                out_channels: 4,
                kernel: Pair::square(3),
                padding: Pair::square(1),
                ..ConvParams::default()
            },
            1,
        )
    }
}

/// A problem with the configuration, named for the person reading the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The fields at fault (empty when the whole layer is at fault).
    pub fields: Vec<Field>,
    /// A sentence naming the field and the rule.
    pub message: String,
}

/// A valid configuration: a method and the layer it computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LayerConfig {
    /// The method.
    pub method: Method,
    /// The layer, with fields the method does not use set to what the method implies.
    pub params: ConvParams,
    /// Depth multiplier of the depthwise step; for spatial separable, the column ⊗ row passes
    /// (1 from the form; the stage sets more for a kernel of higher rank). 1 elsewhere.
    pub multiplier: usize,
}

impl LayerConfig {
    /// The exact cost of this layer under its method.
    pub fn cost(&self) -> Result<MethodCost, ConvError> {
        method_cost(self.method, self.params, self.multiplier)
    }
}

/// The seed's worked example: 64×64×3 → 256 channels, 3×3, padding 1.
pub fn seed_example(method: Method) -> Form {
    Form::from_layer(
        method,
        ConvParams {
            in_channels: 3,
            input: Pair::square(64),
            out_channels: 256,
            kernel: Pair::square(3),
            padding: Pair::square(1),
            ..ConvParams::default()
        },
        1,
    )
}

impl Form {
    /// A form showing `params` and `multiplier` under `method`.
    pub fn from_layer(method: Method, params: ConvParams, multiplier: usize) -> Self {
        let number = |f: Field| -> usize {
            match f {
                Field::Height => params.input.h,
                Field::Width => params.input.w,
                Field::InChannels => params.in_channels,
                Field::OutChannels => params.out_channels,
                Field::KernelH => params.kernel.h,
                Field::KernelW => params.kernel.w,
                Field::StrideH => params.stride.h,
                Field::StrideW => params.stride.w,
                Field::PadH => params.padding.h,
                Field::PadW => params.padding.w,
                Field::DilationH => params.dilation.h,
                Field::DilationW => params.dilation.w,
                Field::Groups => params.groups,
                Field::Multiplier => multiplier,
                Field::Bias => usize::from(params.bias),
            }
        };
        Form {
            method,
            values: Field::ALL.map(|f| number(f).to_string()),
            unknown_mode: None,
        }
    }

    /// The text of `field`.
    pub fn value(&self, field: Field) -> &str {
        &self.values[field.index()]
    }

    /// Sets the text of `field`.
    pub fn set(&mut self, field: Field, text: impl Into<String>) {
        self.values[field.index()] = text.into();
    }

    /// Whether `field` is on (for the bias toggle: its text is `1`).
    pub fn is_on(&self, field: Field) -> bool {
        self.value(field).trim() == "1"
    }

    /// Reads one field, or says what is wrong with it.
    pub fn read(&self, field: Field) -> Result<usize, Problem> {
        let text = self.value(field).trim();
        let quoted = format::abridged(text);
        let problem = |what: String| Problem {
            fields: vec![field],
            message: format!("{} {what}: use {}.", field.label(), field.rule()),
        };
        match field.kind() {
            FieldKind::Toggle => match text {
                "0" => Ok(0),
                "1" => Ok(1),
                _ => Err(problem(format!("is “{quoted}”"))),
            },
            FieldKind::Number { min, max } => {
                if text.is_empty() {
                    return Err(problem("is empty".to_string()));
                }
                if !text.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(problem(format!("is “{quoted}”, not a whole number")));
                }
                match text.parse::<usize>() {
                    Ok(n) if n < min => Err(problem(format!("is {n}, below the minimum {min}"))),
                    Ok(n) if n <= max => Ok(n),
                    _ => Err(problem(format!("is {quoted}, above the limit {max}"))),
                }
            }
        }
    }

    /// Reads every field the method uses into a layer (fields it does not use are left at
    /// zero) and the depth multiplier, or says what is wrong with each field.
    pub fn read_layer(&self) -> Result<(ConvParams, usize), Vec<Problem>> {
        let mut problems = Vec::new();
        let mut value = [0usize; Field::ALL.len()];
        for field in Field::ALL {
            if field.unused_because(self.method).is_some() {
                continue;
            }
            match self.read(field) {
                Ok(n) => value[field.index()] = n,
                Err(p) => problems.push(p),
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let get = |f: Field| value[f.index()];
        let params = ConvParams {
            in_channels: get(Field::InChannels),
            input: Pair::new(get(Field::Height), get(Field::Width)),
            out_channels: get(Field::OutChannels),
            kernel: Pair::new(get(Field::KernelH), get(Field::KernelW)),
            stride: Pair::new(get(Field::StrideH), get(Field::StrideW)),
            padding: Pair::new(get(Field::PadH), get(Field::PadW)),
            dilation: Pair::new(get(Field::DilationH), get(Field::DilationW)),
            groups: get(Field::Groups),
            bias: get(Field::Bias) == 1,
        };
        Ok((params, get(Field::Multiplier)))
    }

    /// Validates the form: each used field within its limits, then the layer as a whole
    /// (groups dividing channels, the kernel fitting the padded input).
    pub fn validate(&self) -> Result<LayerConfig, Vec<Problem>> {
        let (params, multiplier) = self.read_layer()?;
        let config = LayerConfig::implied(self.method, params, multiplier);
        match config.cost() {
            Ok(_) => Ok(config),
            Err(err) => Err(vec![layer_problem(&err, self.method)]),
        }
    }
}

impl LayerConfig {
    /// The configuration that computes `params` with `method`, with the fields the method does
    /// not use set as it implies them (spatial separable: `O = C`, `G = C`, stride and dilation
    /// 1; depthwise separable: `G = C`; standard: `G = 1`). The multiplier is kept only for
    /// depthwise separable. Not validated: see [`LayerConfig::cost`].
    pub fn implied(method: Method, params: ConvParams, multiplier: usize) -> LayerConfig {
        let c = params.in_channels;
        let mut params = params;
        let mut kept_multiplier = 1;
        match method {
            Method::Standard => params.groups = 1,
            Method::Grouped => {}
            Method::SpatialSeparable => {
                params.out_channels = c;
                params.groups = c;
                params.stride = Pair::square(1);
                params.dilation = Pair::square(1);
            }
            Method::DepthwiseSeparable => {
                params.groups = c;
                kept_multiplier = multiplier;
            }
        }
        LayerConfig {
            method,
            params,
            multiplier: kept_multiplier,
        }
    }
}

/// Turns an engine error about the whole layer into a problem that points at its fields.
fn layer_problem(err: &ConvError, method: Method) -> Problem {
    let fields = match err {
        ConvError::GroupsMustDivide { .. } if method == Method::Grouped => vec![Field::Groups],
        ConvError::KernelLargerThanInput { .. } => {
            let mut f = vec![Field::KernelH, Field::KernelW];
            if method != Method::SpatialSeparable {
                f.extend([Field::DilationH, Field::DilationW]);
            }
            f
        }
        ConvError::AboveLimit {
            field: "depth multiplier",
            ..
        } => vec![Field::Multiplier, Field::InChannels],
        _ => Vec::new(),
    };
    let mut message = err.to_string();
    if let Some(first) = message.get(..1) {
        message = first.to_uppercase() + &message[1..];
    }
    if let ConvError::AboveLimit {
        field: "depth multiplier",
        ..
    } = err
    {
        message.push_str(&format!(
            ": input channels × depth multiplier may be at most {}",
            crate::engine::geometry::MAX_SIZE
        ));
    }
    message.push('.');
    Problem { fields, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_form_is_valid() {
        let config = Form::default().validate().expect("valid");
        assert_eq!(config.params.out_channels, 4);
    }

    #[test]
    fn spatial_separable_forces_channels_stride_and_dilation() {
        let mut form = Form {
            method: Method::SpatialSeparable,
            ..Form::default()
        };
        form.set(Field::StrideH, "3");
        form.set(Field::OutChannels, "oops");
        let config = form.validate().expect("unused fields are ignored");
        assert_eq!(config.params.out_channels, 3);
        assert_eq!(config.params.stride, Pair::square(1));
    }

    #[test]
    fn each_bad_value_is_named_with_its_rule() {
        let cases = [
            (Field::Height, "", "Input height is empty: use a whole number from 1 to 4096."),
            (
                Field::Height,
                "abc",
                "Input height is “abc”, not a whole number: use a whole number from 1 to 4096.",
            ),
            (
                Field::Width,
                "5000",
                "Input width is 5000, above the limit 4096: use a whole number from 1 to 4096.",
            ),
            (
                Field::KernelH,
                "0",
                "Kernel height is 0, below the minimum 1: use a whole number from 1 to 15.",
            ),
            (
                Field::StrideW,
                "99999999999999999999999",
                "Stride (columns) is 99999999999999999999999, above the limit 8: use a whole number from 1 to 8.",
            ),
            (Field::PadH, "-1", "Padding (rows) is “-1”, not a whole number: use a whole number from 0 to 15."),
            (Field::Bias, "yes", "Bias is “yes”: use 0 (off) or 1 (on)."),
        ];
        for (field, text, message) in cases {
            let mut form = Form::default();
            form.set(field, text);
            let problems = form.validate().unwrap_err();
            assert_eq!(problems.len(), 1, "{text}");
            assert_eq!(problems[0].fields, vec![field]);
            assert_eq!(problems[0].message, message);
        }
    }

    #[test]
    fn messages_quote_at_most_forty_characters_of_a_value() {
        let digits = "9".repeat(100_000);
        let letters = "a".repeat(100_000);
        let cases = [
            (
                Field::Height,
                digits.clone(),
                format!(
                    "Input height is {}…, above the limit 4096: use a whole number from 1 to 4096.",
                    "9".repeat(39)
                ),
            ),
            (
                Field::Width,
                letters.clone(),
                format!(
                    "Input width is “{}…”, not a whole number: use a whole number from 1 to 4096.",
                    "a".repeat(39)
                ),
            ),
            (
                Field::Bias,
                letters,
                format!("Bias is “{}…”: use 0 (off) or 1 (on).", "a".repeat(39)),
            ),
        ];
        for (field, text, message) in cases {
            let mut form = Form::default();
            form.set(field, text.clone());
            let problems = form.validate().unwrap_err();
            assert_eq!(problems[0].message, message);
            // The form keeps the whole value.
            assert_eq!(form.value(field), text);
        }
    }

    #[test]
    fn layer_errors_point_at_their_fields() {
        let mut form = Form {
            method: Method::Grouped,
            ..Form::default()
        };
        form.set(Field::Groups, "2");
        let problems = form.validate().unwrap_err();
        assert_eq!(problems[0].fields, vec![Field::Groups]);
        assert_eq!(
            problems[0].message,
            "Groups (2) must divide input channels (3)."
        );

        let mut form = Form::default();
        form.set(Field::KernelH, "15");
        form.set(Field::PadH, "0");
        let problems = form.validate().unwrap_err();
        assert_eq!(
            problems[0].message,
            "Kernel 15×3 is larger than the padded input 7×9."
        );
    }

    /// A layer that a standard convolution accepts is accepted by the two-step methods too:
    /// the tensor between their steps (4112 rows here) is not an input the reader typed, so it
    /// is not held to the input limit, and no message calls it the input.
    #[test]
    fn the_tensor_between_two_steps_is_not_held_to_the_input_limit() {
        let big = "h=4096&w=4096&cin=4096&cout=4096&k=15&pad=15";
        // 4096 + 2·15 − 15 + 1 = 4112 rows and columns after the depthwise step or column pass.
        let (n, c, k, out) = (4096u64, 4096u64, 15u64, 4112u64);
        for method in Method::ALL {
            let form = Form::from_query(&format!("mode={}&{big}", method.key()));
            let config = form
                .validate()
                .unwrap_or_else(|p| panic!("{method:?}: {p:?}"));
            let cost = config.cost().expect("costed");
            // Spatial separable replaces the per-channel K×K kernel it factors.
            let replaced = match method {
                Method::SpatialSeparable => out * out * c * k * k,
                _ => out * out * c * c * k * k,
            };
            assert_eq!(cost.standard.macs, replaced, "{method:?}");
            let stages: Vec<u64> = cost.stages.iter().map(|s| s.macs).collect();
            let expected = match method {
                Method::Standard => vec![out * out * c * c * k * k],
                Method::Grouped => vec![out * out * c * c * k * k],
                Method::DepthwiseSeparable => vec![out * out * c * k * k, out * out * c * c],
                Method::SpatialSeparable => vec![out * n * c * k, out * out * c * k],
            };
            assert_eq!(stages, expected, "{method:?}");
        }
        // The reader's own input still has its limit, named as the input.
        let form = Form::from_query(
            "mode=depthwise-separable&h=4097&w=4096&cin=4096&cout=4096&k=15&pad=15",
        );
        assert_eq!(
            form.validate().unwrap_err()[0].message,
            "Input height is 4097, above the limit 4096: use a whole number from 1 to 4096."
        );
    }

    #[test]
    fn multiplier_times_channels_is_limited() {
        let mut form = seed_example(Method::DepthwiseSeparable);
        form.set(Field::InChannels, "4096");
        form.set(Field::Multiplier, "2");
        let problems = form.validate().unwrap_err();
        assert_eq!(
            problems[0].message,
            "Depth multiplier 2 is above the limit 1: input channels × depth multiplier may be at most 4096."
        );
        assert!(
            problems[0].fields.contains(&Field::Multiplier),
            "{:?}",
            problems
        );
    }
}
