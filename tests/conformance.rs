//! Conformance: the engine against fixtures computed by an independent runtime.
//!
//! Reads every `*.json` in `tests/fixtures/conv/` (or in the folder named by `CONV_FIXTURES`)
//! and checks all three kinds (`conv2d`, `separable2d`, `depthwise_separable`): shapes, every
//! value within the file's tolerance, intermediates, MACs and parameters, on both the reference
//! and the fast path. MACs and parameters are checked against both the closed forms of
//! `engine::cost` and the counts the compute paths return. The full-size worked example in
//! `../shared/fixtures/conv-large/` is checked too when that folder exists (fast path only).

use std::io::Write;
use std::path::{Path, PathBuf};

use convlab::engine::conv::{conv2d_element, output_taps};
use convlab::engine::cost::{self, depthwise_separable_with_biases};
use convlab::engine::{
    conv2d, conv2d_reference, depthwise_separable, depthwise_separable_reference,
    outer_product_kernel, separable_specs, spatial_separable, spatial_separable_reference,
    ConvParams, ConvSpec, Pair, Shape3, Tensor, Weights,
};
use serde_json::Value;

mod common;
use common::fixtures::{
    as_usize, field, json_files, optional_floats, pair, raw_tensor, tensor3, u64_field, weights4,
};

type Check = Result<(), String>;

/// Which compute paths to run.
#[derive(Clone, Copy, PartialEq)]
enum Paths {
    Both,
    FastOnly,
}

// ---------------------------------------------------------------------------------------------
// Comparisons.

/// Shapes exactly, values within `|a − e| ≤ tol · max(1, |e|)`.
fn compare(what: &str, got: &Tensor, case: &Value, name: &str, tol: f64) -> Check {
    let (shape, want) = raw_tensor(case, name)?;
    let s = got.shape();
    if shape != [s.c, s.h, s.w] {
        return Err(format!(
            "{what}: shape {:?}, expected {shape:?}",
            [s.c, s.h, s.w]
        ));
    }
    for (k, (&a, &e)) in got.data().iter().zip(&want).enumerate() {
        let (a, e) = (f64::from(a), f64::from(e));
        // Written so that NaN fails.
        let within = (a - e).abs() <= tol * e.abs().max(1.0);
        if !within {
            return Err(format!("{what}: element {k} is {a}, expected {e}"));
        }
    }
    Ok(())
}

fn same(what: &str, got: u64, want: u64) -> Check {
    if got == want {
        Ok(())
    } else {
        Err(format!("{what}: {got}, expected {want}"))
    }
}

// ---------------------------------------------------------------------------------------------
// The three kinds.

fn check_conv2d(case: &Value, paths: Paths) -> Check {
    let tol = field(case, "tolerance")?.as_f64().ok_or("bad tolerance")?;
    let input = tensor3(case, "input")?;
    let weights = weights4(case, "weight")?;
    let bias = optional_floats(case, "bias")?;
    let s = input.shape();
    let [o, _, kh, kw] = weights.shape();
    let params = ConvParams {
        in_channels: s.c,
        input: Pair::new(s.h, s.w),
        out_channels: o,
        kernel: Pair::new(kh, kw),
        stride: pair(case, "stride")?,
        padding: pair(case, "padding")?,
        dilation: pair(case, "dilation")?,
        groups: as_usize(field(case, "groups")?, "groups")?,
        bias: bias.is_some(),
    };
    let spec = ConvSpec::new(params).map_err(|e| e.to_string())?;
    let bias = bias.as_deref();
    let closed = cost::grouped(params).map_err(|e| e.to_string())?;
    let want_macs = u64_field(case, "macs")?;
    same("closed-form MACs", closed.macs(), want_macs)?;
    same(
        "closed-form params",
        closed.params(),
        u64_field(case, "params")?,
    )?;

    let fast = conv2d(&spec, &input, &weights, bias).map_err(|e| e.to_string())?;
    compare("fast output", &fast.tensor, case, "expected", tol)?;
    same("fast instrumented MACs", fast.macs, want_macs)?;
    if paths == Paths::Both {
        let slow = conv2d_reference(&spec, &input, &weights, bias).map_err(|e| e.to_string())?;
        compare("reference output", &slow.tensor, case, "expected", tol)?;
        same("reference instrumented MACs", slow.macs, want_macs)?;
        if slow.tensor != fast.tensor {
            return Err("the fast path is not bit-identical to the reference".into());
        }
        // One element at a time, as the animation computes it, with its taps.
        let out = spec.output_shape();
        for oc in 0..out.c {
            for oy in 0..out.h {
                for ox in 0..out.w {
                    let e = conv2d_element(&spec, &input, &weights, bias, oc, oy, ox)
                        .map_err(|e| e.to_string())?;
                    let r = slow.tensor.get(oc, oy, ox).ok_or("element outside")?;
                    if e.to_bits() != r.to_bits() {
                        return Err(format!("element ({oc},{oy},{ox}): {e} vs reference {r}"));
                    }
                    let taps = output_taps(&spec, oc, oy, ox).map_err(|e| e.to_string())?;
                    same(
                        "taps",
                        taps.len() as u64,
                        closed.stages[0].macs / out.elements(),
                    )?;
                }
            }
        }
    }
    Ok(())
}

fn separable_params(input: Shape3, kernel: Pair, padding: Pair, bias: bool) -> ConvParams {
    ConvParams {
        in_channels: input.c,
        input: Pair::new(input.h, input.w),
        out_channels: input.c,
        kernel,
        stride: Pair::square(1),
        padding,
        dilation: Pair::square(1),
        groups: input.c,
        bias,
    }
}

fn check_separable(case: &Value, paths: Paths) -> Check {
    let tol = field(case, "tolerance")?.as_f64().ok_or("bad tolerance")?;
    let input = tensor3(case, "input")?;
    let column = weights4(case, "column")?;
    let row = weights4(case, "row")?;
    let weight = weights4(case, "weight")?;
    let bias = optional_floats(case, "bias")?;
    let padding = pair(case, "padding")?;
    let mode = field(case, "padding_mode")?
        .as_str()
        .ok_or("`padding_mode` is not a string")?;
    let [_, _, kh, kw] = weight.shape();
    let kernel = Pair::new(kh, kw);
    let same_padding = Pair::new((kh - 1) / 2, (kw - 1) / 2);
    let mode_padding = match mode {
        "valid" => Pair::square(0),
        "same" => same_padding,
        other => return Err(format!("unknown padding_mode {other:?}")),
    };
    if padding != mode_padding {
        return Err(format!("padding {padding:?} disagrees with mode {mode}"));
    }
    for (name, want) in [("stride", Pair::square(1)), ("dilation", Pair::square(1))] {
        if pair(case, name)? != want {
            return Err(format!("`{name}` is not [1, 1]"));
        }
    }
    same("groups", u64_field(case, "groups")?, input.shape().c as u64)?;
    let outer = outer_product_kernel(&column, &row).map_err(|e| e.to_string())?;
    if outer != weight {
        return Err("`weight` is not the f32 outer product of `column` and `row`".into());
    }

    // Closed forms for both padding modes.
    let macs = field(case, "macs")?;
    for (mode_name, p) in [("valid", Pair::square(0)), ("same", same_padding)] {
        let m = field(macs, mode_name)?;
        let closed = cost::spatial_separable(separable_params(input.shape(), kernel, p, false))
            .map_err(|e| e.to_string())?;
        same(
            "column pass MACs",
            closed.stages[0].macs,
            u64_field(m, "column_pass")?,
        )?;
        same(
            "row pass MACs",
            closed.stages[1].macs,
            u64_field(m, "row_pass")?,
        )?;
        same(
            "separable MACs",
            closed.macs(),
            u64_field(m, "separable_total")?,
        )?;
        same(
            "full 2-D MACs",
            closed.standard.macs,
            u64_field(m, "full_2d")?,
        )?;
    }
    let m = field(macs, mode)?;
    let params = separable_params(input.shape(), kernel, padding, bias.is_some());
    let closed = cost::spatial_separable(params).map_err(|e| e.to_string())?;
    let p = field(case, "params")?;
    same(
        "separable params",
        closed.params(),
        u64_field(p, "separable")?,
    )?;
    same(
        "full 2-D params",
        closed.standard.params,
        u64_field(p, "full_2d")?,
    )?;

    let bias = bias.as_deref();
    type Run = fn(
        &Tensor,
        &Weights,
        &Weights,
        Pair,
        Option<&[f32]>,
    ) -> Result<convlab::engine::SeparableOutput, convlab::engine::ConvError>;
    let mut routes: Vec<(&str, Run)> = vec![("fast", spatial_separable)];
    if paths == Paths::Both {
        routes.push(("reference", spatial_separable_reference));
    }
    for (label, run) in routes {
        let out = run(&input, &column, &row, padding, bias).map_err(|e| e.to_string())?;
        compare(
            &format!("{label} intermediate"),
            &out.intermediate,
            case,
            "intermediate",
            tol,
        )?;
        compare(
            &format!("{label} output"),
            &out.output,
            case,
            "expected",
            tol,
        )?;
        same(
            "column pass instrumented",
            out.macs_column,
            u64_field(m, "column_pass")?,
        )?;
        same(
            "row pass instrumented",
            out.macs_row,
            u64_field(m, "row_pass")?,
        )?;
        same(
            "separable instrumented",
            out.macs(),
            u64_field(m, "separable_total")?,
        )?;
    }

    // The other route: the full kernel in one depthwise convolution.
    let specs = separable_specs(input.shape(), kernel, padding, bias.is_some())
        .map_err(|e| e.to_string())?;
    let mut full = vec![("fast full", conv2d(&specs.full, &input, &weight, bias))];
    if paths == Paths::Both {
        full.push((
            "reference full",
            conv2d_reference(&specs.full, &input, &weight, bias),
        ));
    }
    for (label, result) in full {
        let out = result.map_err(|e| e.to_string())?;
        compare(label, &out.tensor, case, "expected", tol)?;
        same("full 2-D instrumented", out.macs, u64_field(m, "full_2d")?)?;
    }
    Ok(())
}

fn check_depthwise_separable(case: &Value, paths: Paths) -> Check {
    let tol = field(case, "tolerance")?.as_f64().ok_or("bad tolerance")?;
    let input = tensor3(case, "input")?;
    let dw = weights4(case, "depthwise_weight")?;
    let pw = weights4(case, "pointwise_weight")?;
    let dwb = optional_floats(case, "depthwise_bias")?;
    let pwb = optional_floats(case, "pointwise_bias")?;
    let s = input.shape();
    let [mid, _, kh, kw] = dw.shape();
    if s.c == 0 || mid % s.c != 0 {
        return Err(format!(
            "depthwise weights have {mid} filters for {} channels",
            s.c
        ));
    }
    let multiplier = mid / s.c;
    same("groups", u64_field(case, "groups")?, s.c as u64)?;
    let params = ConvParams {
        in_channels: s.c,
        input: Pair::new(s.h, s.w),
        out_channels: pw.shape()[0],
        kernel: Pair::new(kh, kw),
        stride: pair(case, "stride")?,
        padding: pair(case, "padding")?,
        dilation: pair(case, "dilation")?,
        groups: s.c,
        bias: false,
    };
    let closed = depthwise_separable_with_biases(params, multiplier, dwb.is_some(), pwb.is_some())
        .map_err(|e| e.to_string())?;
    let macs = field(case, "macs")?;
    let (want_dw, want_pw) = (u64_field(macs, "depthwise")?, u64_field(macs, "pointwise")?);
    same("depthwise MACs", closed.stages[0].macs, want_dw)?;
    same("pointwise MACs", closed.stages[1].macs, want_pw)?;
    same("total MACs", closed.macs(), u64_field(macs, "total")?)?;
    same(
        "standard MACs",
        closed.standard.macs,
        u64_field(macs, "standard_conv")?,
    )?;
    let p = field(case, "params")?;
    same(
        "depthwise params",
        closed.stages[0].params,
        u64_field(p, "depthwise")?,
    )?;
    same(
        "pointwise params",
        closed.stages[1].params,
        u64_field(p, "pointwise")?,
    )?;
    same("total params", closed.params(), u64_field(p, "total")?)?;
    same(
        "standard params",
        closed.standard.params,
        u64_field(p, "standard_conv")?,
    )?;

    let (dwb, pwb) = (dwb.as_deref(), pwb.as_deref());
    let mut runs = vec![(
        "fast",
        depthwise_separable(params, multiplier, &input, &dw, dwb, &pw, pwb),
    )];
    if paths == Paths::Both {
        runs.push((
            "reference",
            depthwise_separable_reference(params, multiplier, &input, &dw, dwb, &pw, pwb),
        ));
    }
    for (label, result) in runs {
        let out = result.map_err(|e| e.to_string())?;
        compare(
            &format!("{label} intermediate"),
            &out.intermediate,
            case,
            "intermediate",
            tol,
        )?;
        compare(
            &format!("{label} output"),
            &out.output,
            case,
            "expected",
            tol,
        )?;
        same("depthwise instrumented", out.macs_depthwise, want_dw)?;
        same("pointwise instrumented", out.macs_pointwise, want_pw)?;
        same("total instrumented", out.macs(), u64_field(macs, "total")?)?;
    }
    Ok(())
}

fn check_case(case: &Value, paths: Paths) -> Check {
    match field(case, "op")?.as_str() {
        Some("conv2d") => check_conv2d(case, paths),
        Some("separable2d") => check_separable(case, paths),
        Some("depthwise_separable") => check_depthwise_separable(case, paths),
        other => Err(format!("unknown kind {other:?}")),
    }
}

/// Checks every file, returning how many passed, or every failure.
fn check_folder(dir: &Path, paths: Paths) -> Result<usize, Vec<String>> {
    let files = json_files(dir);
    if files.is_empty() {
        return Err(vec![format!("no *.json cases in {}", dir.display())]);
    }
    let failures: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into());
            let result = std::fs::read_to_string(path)
                .map_err(|e| e.to_string())
                .and_then(|text| serde_json::from_str::<Value>(&text).map_err(|e| e.to_string()))
                .and_then(|case| check_case(&case, paths));
            result.err().map(|e| format!("{name}: {e}"))
        })
        .collect();
    if failures.is_empty() {
        Ok(files.len())
    } else {
        Err(failures)
    }
}

/// A line that shows in `cargo test` output (written past the test harness's capture).
fn say(line: &str) {
    let _ = writeln!(std::io::stdout().lock(), "{line}");
}

#[test]
fn conformance() {
    let dir = match std::env::var_os("CONV_FIXTURES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/conv"),
    };
    match check_folder(&dir, Paths::Both) {
        Ok(n) => say(&format!("conformance: {n} cases passed")),
        Err(failures) => panic!(
            "{} conformance failure(s) in {}:\n{}",
            failures.len(),
            dir.display(),
            failures.join("\n")
        ),
    }
}

#[test]
fn conformance_full_size_worked_example() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/conv-large");
    if !dir.is_dir() {
        say(&format!(
            "conformance (full size): skipped, {} does not exist",
            dir.display()
        ));
        return;
    }
    match check_folder(&dir, Paths::FastOnly) {
        Ok(n) => say(&format!("conformance (full size): {n} cases passed")),
        Err(failures) => panic!("full-size worked example:\n{}", failures.join("\n")),
    }
}

#[test]
fn unknown_kinds_and_empty_folders_fail() {
    let case: Value = serde_json::json!({ "op": "conv3d" });
    assert_eq!(
        check_case(&case, Paths::Both),
        Err("unknown kind Some(\"conv3d\")".to_string())
    );
    let empty = std::env::temp_dir().join(format!("convlab-empty-{}", std::process::id()));
    std::fs::create_dir_all(&empty).expect("temp folder");
    assert!(check_folder(&empty, Paths::Both).is_err());
    let _ = std::fs::remove_dir(&empty);
}
