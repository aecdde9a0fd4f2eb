//! The live cost table: the selected method beside the standard convolution it replaces —
//! output shape, MACs (with each stage), parameters, activation memory and the saving. Each
//! figure carries `data-metric` and `data-value` for tests and tools.

use yew::prelude::*;

use crate::config::format::{binary_size, mac_formula, param_formula, ratio, shape, thousands};
use crate::engine::cost::F32_BYTES;
use crate::engine::{Method, MethodCost, StageCost};

/// The table's properties.
#[derive(Properties, PartialEq)]
pub struct CostTableProps {
    /// The costs to show.
    pub cost: MethodCost,
}

/// One exact figure, machine-readable.
fn figure(metric: &'static str, value: u64) -> Html {
    html! { <span class="figure" data-metric={metric} data-value={value.to_string()}>{ thousands(value) }</span> }
}

/// The metric names of a method's two stages' MACs.
fn stage_metrics(method: Method) -> [&'static str; 2] {
    match method {
        Method::SpatialSeparable => ["macs-column", "macs-row"],
        Method::DepthwiseSeparable => ["macs-depthwise", "macs-pointwise"],
        Method::Standard | Method::Grouped => ["macs-stage-1", "macs-stage-2"],
    }
}

fn stage_title(stage: &StageCost) -> String {
    let k = stage.spec.params().kernel;
    format!("{} ({}×{} kernels)", stage.name, k.h, k.w)
}

fn memory(stages: &[StageCost]) -> Html {
    let elements: u64 = stages.iter().map(|s| s.output().elements()).sum();
    let bytes = elements * F32_BYTES;
    let parts = stages
        .iter()
        .map(|s| shape(s.output()))
        .collect::<Vec<_>>()
        .join(" + ");
    html! {
        <>
            { thousands(elements) }{ " values" }
            <span class="sub">{ format!("{parts}; {} bytes as f32 ({})", thousands(bytes), binary_size(bytes)) }</span>
        </>
    }
}

/// The cost table.
#[component(CostTable)]
pub fn cost_table(props: &CostTableProps) -> Html {
    let cost = &props.cost;
    let out = cost.output();
    let std = &cost.standard;
    let is_standard = cost.method == Method::Standard;
    let out_shape = html! {
        <>
            { figure("out-c", out.c as u64) }{ " × " }{ figure("out-h", out.h as u64) }{ " × " }{ figure("out-w", out.w as u64) }
        </>
    };
    let stages = if cost.stages.len() == 2 {
        let metrics = stage_metrics(cost.method);
        cost.stages
            .iter()
            .zip(metrics)
            .map(|(stage, metric)| {
                html! {
                    <tr class="stage-row">
                        <th scope="row">{ format!("↳ {}", stage_title(stage)) }</th>
                        <td>
                            { figure(metric, stage.macs) }
                            <span class="sub">{ format!("{} → {}", mac_formula(stage), shape(stage.output())) }</span>
                        </td>
                        <td></td>
                    </tr>
                }
            })
            .collect::<Html>()
    } else {
        Html::default()
    };
    let (macs, params) = if is_standard {
        (
            html! { <span data-metric="macs-standard" data-value={std.macs.to_string()}>{ figure("macs", cost.macs()) }</span> },
            html! { <span data-metric="params-standard" data-value={std.params.to_string()}>{ figure("params", cost.params()) }</span> },
        )
    } else {
        (figure("macs", cost.macs()), figure("params", cost.params()))
    };
    let single_formula = |f: fn(&StageCost) -> String| -> Html {
        match cost.stages.as_slice() {
            [one] => html! { <span class="sub">{ f(one) }</span> },
            _ => Html::default(),
        }
    };
    html! {
        <table class="cost-table">
            <caption>{ if is_standard { "Cost of this layer".to_string() } else { format!("{} beside the standard convolution it replaces", cost.method.label()) } }</caption>
            <thead>
                <tr>
                    <th scope="col"><span class="visually-hidden">{ "Figure" }</span></th>
                    <th scope="col" class={format!("method-{}", cost.method.key())}>{ cost.method.label() }</th>
                    if !is_standard {
                        <th scope="col" class="method-standard">{ standard_heading(std) }</th>
                    }
                </tr>
            </thead>
            <tbody>
                <tr>
                    <th scope="row">{ "Output shape" }</th>
                    <td>{ out_shape }</td>
                    if !is_standard { <td>{ shape(std.output()) }</td> }
                </tr>
                <tr class="total">
                    <th scope="row">{ "Multiply-accumulates" }</th>
                    <td>{ macs }{ single_formula(mac_formula) }</td>
                    if !is_standard {
                        <td>{ figure("macs-standard", std.macs) }<span class="sub">{ mac_formula(std) }</span></td>
                    }
                </tr>
                { stages }
                <tr>
                    <th scope="row">{ "Parameters" }</th>
                    <td>{ params }{ single_formula(param_formula) }</td>
                    if !is_standard {
                        <td>{ figure("params-standard", std.params) }<span class="sub">{ param_formula(std) }</span></td>
                    }
                </tr>
                <tr>
                    <th scope="row">{ "Activation memory" }</th>
                    <td>{ memory(&cost.stages) }</td>
                    if !is_standard { <td>{ memory(std::slice::from_ref(std)) }</td> }
                </tr>
                if !is_standard {
                    <tr class="saving">
                        <th scope="row">{ "Saving" }</th>
                        <td colspan="2">
                            <strong>{ ratio(cost.mac_ratio()) }</strong>{ " fewer multiply-accumulates; " }
                            <strong>{ ratio(cost.param_ratio()) }</strong>{ " fewer parameters" }
                        </td>
                    </tr>
                }
            </tbody>
        </table>
    }
}

/// What the standard column computes: `3×3` or `full 3×3 per channel`.
fn standard_heading(std: &StageCost) -> String {
    let p = std.spec.params();
    if p.groups == 1 {
        format!("Standard {}×{}", p.kernel.h, p.kernel.w)
    } else {
        format!("Full {}×{} per channel", p.kernel.h, p.kernel.w)
    }
}
