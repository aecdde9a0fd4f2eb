//! Groups as devices: a grouped layer split across devices by its groups (model parallelism,
//! as AlexNet ran on two GPUs), with what each device holds and computes, and the activations
//! that must cross between devices before the next layer; beside it, the same layer under data
//! parallelism (the batch split, the weights copied to every device). Every count is exact and
//! the per-device figures add up to the layer's totals from `engine::cost`.

use std::fmt;

use crate::engine::cost::grouped;
use crate::engine::{ConvError, ConvParams, Pair};

use super::connection::{ConnectionError, ConnectionMatrix};

/// Why a split cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitError {
    /// The layer itself is invalid.
    Layer(ConvError),
    /// The next layer's channels do not fit the layer's.
    Connection(ConnectionError),
    /// Zero devices, or a batch of zero.
    Zero(&'static str),
    /// The devices do not divide the groups (each device must hold whole groups).
    DevicesMustDivideGroups {
        /// Devices asked for.
        devices: usize,
        /// The layer's groups.
        groups: usize,
    },
}

impl fmt::Display for SplitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SplitError::Layer(e) => write!(f, "{e}"),
            SplitError::Connection(e) => write!(f, "{e}"),
            SplitError::Zero(what) => write!(f, "{what} must be at least 1"),
            SplitError::DevicesMustDivideGroups { devices, groups } => write!(
                f,
                "{devices} devices cannot share {groups} groups evenly: each device holds whole groups"
            ),
        }
    }
}

impl std::error::Error for SplitError {}

impl From<ConvError> for SplitError {
    fn from(e: ConvError) -> Self {
        SplitError::Layer(e)
    }
}

impl From<ConnectionError> for SplitError {
    fn from(e: ConnectionError) -> Self {
        SplitError::Connection(e)
    }
}

/// The layer after the grouped one, which decides what must cross between devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextLayer {
    /// Its output channels (split across the same devices by output channel).
    pub out_channels: usize,
    /// Its groups: 1 for a standard or pointwise layer.
    pub groups: usize,
    /// Whether a channel shuffle comes first.
    pub shuffle: bool,
    /// The spatial size of the tensor it reads (after any pooling between the layers).
    pub input: Pair,
}

/// What one device holds and computes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DeviceLoad {
    /// The device, from 1 ("GPU 1").
    pub device: usize,
    /// The groups it holds, from 0, as a half-open range.
    pub groups: (usize, usize),
    /// Weights plus biases stored on it.
    pub params: u64,
    /// Input activation elements it reads (whole batch share).
    pub input_elements: u64,
    /// Output activation elements it writes.
    pub output_elements: u64,
    /// Multiply-accumulates it performs.
    pub macs: u64,
    /// Activation elements it must receive from other devices before the next layer.
    pub receives: u64,
}

/// The whole layer's totals, from `engine::cost`, times the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerTotals {
    /// Weights plus biases (not multiplied by the batch).
    pub params: u64,
    /// Input elements for the batch.
    pub input_elements: u64,
    /// Output elements for the batch.
    pub output_elements: u64,
    /// MACs for the batch.
    pub macs: u64,
}

fn layer_totals(params: ConvParams, batch: u64) -> Result<LayerTotals, ConvError> {
    let cost = grouped(params)?;
    Ok(LayerTotals {
        params: cost.params(),
        input_elements: batch * cost.standard.spec.input_shape().elements(),
        output_elements: batch * cost.output().elements(),
        macs: batch * cost.macs(),
    })
}

/// A grouped layer split across devices by its groups (model parallelism).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupSplit {
    /// The layer.
    pub layer: ConvParams,
    /// Images in the batch.
    pub batch: u64,
    /// Per device.
    pub devices: Vec<DeviceLoad>,
    /// The layer's totals.
    pub totals: LayerTotals,
    /// Elements crossing between devices inside the grouped layer: always zero, since each
    /// device already holds the input channels its groups read.
    pub traffic_within: u64,
    /// Elements crossing between devices before the next layer (sum of `receives`).
    pub traffic_before_next: u64,
    /// The next layer, if one was given.
    pub next: Option<NextLayer>,
}

/// Splits grouped `layer` across `devices` devices (each holding `groups/devices` whole
/// groups, with their input and output channels) for a batch of `batch` images, and counts
/// what must cross before `next`.
pub fn split_by_groups(
    layer: ConvParams,
    devices: usize,
    batch: u64,
    next: Option<NextLayer>,
) -> Result<GroupSplit, SplitError> {
    if devices == 0 {
        return Err(SplitError::Zero("devices"));
    }
    if batch == 0 {
        return Err(SplitError::Zero("the batch"));
    }
    let totals = layer_totals(layer, batch)?;
    let g = layer.groups;
    if !g.is_multiple_of(devices) {
        return Err(SplitError::DevicesMustDivideGroups { devices, groups: g });
    }
    let d = devices as u64;
    let out_channels = layer.out_channels;
    let out_per_device = out_channels / devices;
    // Which device owns each channel this layer writes.
    let owner = |c: usize| c / out_per_device;
    let receives: Vec<u64> = match next {
        None => vec![0; devices],
        Some(n) => {
            let conn = ConnectionMatrix::grouped(out_channels, n.out_channels, n.groups)?;
            let conn = if n.shuffle {
                conn.after(&ConnectionMatrix::shuffle(out_channels, g)?)?
            } else {
                conn
            };
            if !n.out_channels.is_multiple_of(devices) {
                return Err(SplitError::DevicesMustDivideGroups {
                    devices,
                    groups: n.out_channels,
                });
            }
            let next_per_device = n.out_channels / devices;
            let plane = (n.input.h * n.input.w) as u64 * batch;
            (0..devices)
                .map(|dev| {
                    let needed = (0..out_channels)
                        .filter(|&c| owner(c) != dev)
                        .filter(|&c| {
                            (dev * next_per_device..(dev + 1) * next_per_device)
                                .any(|o| conn.connected(o, c))
                        })
                        .count() as u64;
                    needed * plane
                })
                .collect()
        }
    };
    let devices_out = (0..devices)
        .map(|dev| DeviceLoad {
            device: dev + 1,
            groups: (dev * g / devices, (dev + 1) * g / devices),
            params: totals.params / d,
            input_elements: totals.input_elements / d,
            output_elements: totals.output_elements / d,
            macs: totals.macs / d,
            receives: receives[dev],
        })
        .collect();
    Ok(GroupSplit {
        layer,
        batch,
        devices: devices_out,
        totals,
        traffic_within: 0,
        traffic_before_next: receives.iter().sum(),
        next,
    })
}

/// The same layer under data parallelism: each device holds a full copy of the weights and
/// takes a share of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataSplit {
    /// The layer.
    pub layer: ConvParams,
    /// Images in the batch.
    pub batch: u64,
    /// Per device (`receives` is zero: the forward pass needs nothing from other devices).
    pub devices: Vec<DeviceLoad>,
    /// The layer's totals.
    pub totals: LayerTotals,
    /// Gradient values sent in all during training, if the weight gradients are summed with a
    /// ring all-reduce: each device sends `2·(d−1)/d` of the parameters, `2·(d−1)·P` in all.
    pub gradient_traffic: u64,
}

/// Splits the batch of `batch` images across `devices` (the first `batch mod devices` devices
/// take one image more).
pub fn split_by_data(
    layer: ConvParams,
    devices: usize,
    batch: u64,
) -> Result<DataSplit, SplitError> {
    if devices == 0 {
        return Err(SplitError::Zero("devices"));
    }
    if batch == 0 {
        return Err(SplitError::Zero("the batch"));
    }
    let totals = layer_totals(layer, batch)?;
    let one = layer_totals(layer, 1)?;
    let d = devices as u64;
    let devices_out = (0..d)
        .map(|dev| {
            let images = batch / d + u64::from(dev < batch % d);
            DeviceLoad {
                device: dev as usize + 1,
                groups: (0, layer.groups),
                params: totals.params,
                input_elements: images * one.input_elements,
                output_elements: images * one.output_elements,
                macs: images * one.macs,
                receives: 0,
            }
        })
        .collect();
    Ok(DataSplit {
        layer,
        batch,
        devices: devices_out,
        totals,
        gradient_traffic: 2 * (d - 1) * totals.params,
    })
}

/// AlexNet's conv2: 27×27×96 → 256, 5×5, padding 2, 2 groups (one per GPU), with biases.
pub fn alexnet_conv2() -> ConvParams {
    ConvParams {
        in_channels: 96,
        input: Pair::square(27),
        out_channels: 256,
        kernel: Pair::square(5),
        padding: Pair::square(2),
        groups: 2,
        bias: true,
        ..ConvParams::default()
    }
}

/// AlexNet's conv3 as the next layer: after 3×3 max pooling with stride 2 (27 → 13), 384
/// kernels of 3×3×256 that read every conv2 channel on both GPUs.
pub fn alexnet_conv3_next() -> NextLayer {
    NextLayer {
        out_channels: 384,
        groups: 1,
        shuffle: false,
        input: Pair::square(13),
    }
}

/// AlexNet's conv2 on its two GPUs, one image, with the crossing before conv3.
pub fn alexnet_two_gpus() -> Result<GroupSplit, SplitError> {
    split_by_groups(alexnet_conv2(), 2, 1, Some(alexnet_conv3_next()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alexnet_conv2_on_two_gpus() {
        let s = alexnet_two_gpus().unwrap();
        // 256·48·25 + 256 = 307,456 parameters; 256·27·27·48·25 = 223,948,800 MACs.
        assert_eq!(s.totals.params, 307_456);
        assert_eq!(s.totals.macs, 223_948_800);
        assert_eq!(s.devices[0].params, 153_728);
        assert_eq!(s.devices[1].macs, 111_974_400);
        assert_eq!(s.traffic_within, 0);
        // Each GPU receives the other's 128 pooled 13×13 maps.
        assert_eq!(s.devices[0].receives, 128 * 169);
        assert_eq!(s.traffic_before_next, 2 * 128 * 169);
    }

    #[test]
    fn traffic_depends_on_what_the_next_layer_reads() {
        let layer = ConvParams {
            in_channels: 12,
            out_channels: 12,
            groups: 3,
            ..ConvParams::default()
        };
        let same = NextLayer {
            out_channels: 12,
            groups: 3,
            shuffle: false,
            input: Pair::square(3),
        };
        assert_eq!(
            split_by_groups(layer, 3, 1, Some(same))
                .unwrap()
                .traffic_before_next,
            0
        );
        let shuffled = NextLayer {
            shuffle: true,
            ..same
        };
        // After the shuffle, next group 0 reads channels 0, 4, 8, 1: device 1 lacks 4 and 8.
        // Each device receives 2 channels of 3×3 from the others.
        let s = split_by_groups(layer, 3, 1, Some(shuffled)).unwrap();
        assert_eq!(
            s.devices.iter().map(|d| d.receives).collect::<Vec<_>>(),
            vec![18; 3]
        );
        // A standard next layer: each device needs the 8 channels it does not hold.
        let standard = NextLayer {
            groups: 1,
            shuffle: false,
            ..same
        };
        let s = split_by_groups(layer, 3, 1, Some(standard)).unwrap();
        assert_eq!(s.traffic_before_next, 3 * 8 * 9);
    }

    #[test]
    fn refusals_are_values() {
        let l = alexnet_conv2();
        assert_eq!(
            split_by_groups(l, 3, 1, None).unwrap_err().to_string(),
            "3 devices cannot share 2 groups evenly: each device holds whole groups"
        );
        assert!(split_by_groups(l, 0, 1, None).is_err());
        assert!(split_by_data(l, 2, 0).is_err());
    }
}
