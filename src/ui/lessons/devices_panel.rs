//! Groups as devices: the current grouped layer split by its groups across devices (model
//! parallelism, as AlexNet's conv2 ran on two GPUs) — which groups each device holds, its
//! weights, activations and MACs, and what must cross between devices before the next layer —
//! beside the same layer split by the batch (data parallelism). Every count comes from
//! [`crate::lessons::devices`], which takes it from `engine::cost`.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::config::format::thousands;
use crate::config::LayerConfig;
use crate::engine::Pair;
use crate::lessons::devices::{alexnet_conv2, alexnet_conv3_next};
use crate::lessons::{split_by_data, split_by_groups, DeviceLoad, NextLayer};

/// Batch sizes the panel offers.
const BATCHES: [u64; 4] = [1, 2, 32, 128];

/// What follows the grouped layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Next {
    /// A standard or pointwise layer that reads every channel (AlexNet's conv3 after conv2).
    Mixing,
    /// Another grouped layer with the same groups.
    Grouped,
    /// A channel shuffle, then a grouped layer.
    Shuffled,
}

impl Next {
    const ALL: [Next; 3] = [Next::Mixing, Next::Grouped, Next::Shuffled];
    fn key(self) -> &'static str {
        match self {
            Next::Mixing => "mixing",
            Next::Grouped => "grouped",
            Next::Shuffled => "shuffled",
        }
    }
    fn label(self, alexnet: bool) -> &'static str {
        match (self, alexnet) {
            (Next::Mixing, true) => "AlexNet conv3 (reads every channel)",
            (Next::Mixing, false) => "a pointwise layer (reads every channel)",
            (Next::Grouped, _) => "a grouped layer, same groups",
            (Next::Shuffled, _) => "a shuffle, then a grouped layer",
        }
    }
    /// The next layer after `config`, whose output is `out` (AlexNet's conv3 reads the pooled
    /// 13×13 maps).
    fn layer(self, config: &LayerConfig, out: Pair, alexnet: bool) -> NextLayer {
        let p = config.params;
        match self {
            Next::Mixing if alexnet => alexnet_conv3_next(),
            Next::Mixing => NextLayer {
                out_channels: p.out_channels,
                groups: 1,
                shuffle: false,
                input: out,
            },
            Next::Grouped | Next::Shuffled => NextLayer {
                out_channels: p.out_channels,
                groups: p.groups,
                shuffle: self == Next::Shuffled,
                input: out,
            },
        }
    }
}

/// The device panel's properties.
#[derive(Properties, PartialEq)]
pub struct DevicesPanelProps {
    /// The current layer.
    pub config: LayerConfig,
    /// Devices the chapter starts with.
    pub devices: usize,
    /// Images in the batch the chapter starts with.
    pub batch: u64,
}

/// Model parallelism by groups beside data parallelism, for the current layer.
#[component(DevicesPanel)]
pub fn devices_panel(props: &DevicesPanelProps) -> Html {
    let config = props.config;
    let groups = config.params.groups;
    let divisors: Vec<usize> = (1..=groups).filter(|d| groups.is_multiple_of(*d)).collect();
    let devices = use_state(|| props.devices);
    let batch = use_state(|| props.batch);
    let next = use_state(|| Next::Mixing);
    // A device count the layer's groups do not allow falls back to one device per group.
    let d = if divisors.contains(&*devices) {
        *devices
    } else {
        groups
    };
    let alexnet = config.params == alexnet_conv2();
    let out = config
        .cost()
        .map(|c| Pair::new(c.output().h, c.output().w))
        .unwrap_or(config.params.input);
    let model = split_by_groups(
        config.params,
        d,
        *batch,
        Some(next.layer(&config, out, alexnet)),
    );
    let data = split_by_data(config.params, d, *batch);
    let (model, data) = match (model, data) {
        (Ok(m), Ok(dp)) => (m, dp),
        (Err(e), _) | (_, Err(e)) => {
            return html! { <p class="panel-wait">{ format!("This layer cannot be split: {e}.") }</p> }
        }
    };

    let on_devices = {
        let devices = devices.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
            {
                devices.set(v);
            }
        })
    };
    let on_batch = {
        let batch = batch.clone();
        Callback::from(move |e: Event| {
            if let Some(v) = e
                .target_dyn_into::<HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
            {
                batch.set(v);
            }
        })
    };
    let on_next = {
        let next = next.clone();
        Callback::from(move |e: Event| {
            if let Some(s) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Some(n) = Next::ALL.into_iter().find(|n| n.key() == s.value()) {
                    next.set(n);
                }
            }
        })
    };
    let mut batches = BATCHES.to_vec();
    if !batches.contains(&*batch) {
        batches.push(*batch);
    }
    let assignment = model.devices.iter().map(|dev| {
        let (a, b) = dev.groups;
        let list = if b - a == 1 {
            format!("group {}", a + 1)
        } else {
            format!("groups {}–{}", a + 1, b)
        };
        html! { <li><strong>{ format!("GPU {}", dev.device) }</strong>{ format!(": {list}") }</li> }
    });
    html! {
        <section class="lesson-panel devices-panel" aria-label="Groups as devices">
            <div class="device-controls">
                <label>
                    { "Devices " }
                    <select onchange={on_devices}>
                        { for divisors.iter().map(|&n| html! {
                            <option value={n.to_string()} selected={n == d}>{ n }</option>
                        }) }
                    </select>
                </label>
                <label>
                    { "Batch " }
                    <select onchange={on_batch}>
                        { for batches.iter().map(|&n| html! {
                            <option value={n.to_string()} selected={n == *batch}>{ format!("{n} image{}", if n == 1 { "" } else { "s" }) }</option>
                        }) }
                    </select>
                </label>
                <label>
                    { "Next layer " }
                    <select onchange={on_next}>
                        { for Next::ALL.iter().map(|&n| html! {
                            <option value={n.key()} selected={n == *next}>{ n.label(alexnet) }</option>
                        }) }
                    </select>
                </label>
            </div>
            <p class="panel-lead">
                { format!("{groups} groups on {d} device{}: ", if d == 1 { "" } else { "s" }) }
            </p>
            <ul class="group-assignment">{ for assignment }</ul>
            <div class="device-tables">
                { device_table(
                    "Split by groups (model parallel)",
                    "model",
                    &model.devices,
                    true,
                ) }
                { device_table(
                    "Split by batch (data parallel)",
                    "data",
                    &data.devices,
                    false,
                ) }
            </div>
            <ul class="traffic">
                <li>
                    { "Traffic between devices inside the grouped layer: " }
                    { figure("devices-traffic-within", model.traffic_within) }
                    { " values (each device already holds the channels its groups read)." }
                </li>
                <li>
                    { "Before the next layer, split by groups: " }
                    { figure("devices-traffic-next", model.traffic_before_next) }
                    { " values cross between devices." }
                </li>
                <li>
                    { "Split by batch, the forward pass moves nothing; training sums the weight gradients: " }
                    { figure("devices-gradient-traffic", data.gradient_traffic) }
                    { " values per step with a ring all-reduce." }
                </li>
            </ul>
        </section>
    }
}

fn figure(metric: impl Into<String>, value: u64) -> Html {
    html! {
        <span class="figure" data-metric={metric.into()} data-value={value.to_string()}>{ thousands(value) }</span>
    }
}

/// One split as a table: a column per device, a row per quantity.
fn device_table(title: &str, key: &str, devices: &[DeviceLoad], receives: bool) -> Html {
    type Row = (&'static str, &'static str, fn(&DeviceLoad) -> u64);
    let mut rows: Vec<Row> = vec![
        ("Weights", "params", |d| d.params),
        ("Input activations", "input", |d| d.input_elements),
        ("Output activations", "output", |d| d.output_elements),
        ("MACs", "macs", |d| d.macs),
    ];
    if receives {
        rows.push(("Receives before next layer", "receives", |d| d.receives));
    }
    html! {
        <div class="table-scroll">
            <table class="device-table">
                <caption>{ title }</caption>
                <thead>
                    <tr>
                        <th scope="col">{ "per device" }</th>
                        { for devices.iter().map(|d| html! { <th scope="col">{ format!("GPU {}", d.device) }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { for rows.iter().map(|&(label, metric, get)| html! {
                        <tr>
                            <th scope="row">{ label }</th>
                            { for devices.iter().map(|d| html! {
                                <td>{ figure(format!("devices-{key}-{}-{metric}", d.device), get(d)) }</td>
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}
