//! Connection matrices: which output channel of a layer reads which input channel, as a
//! `C_out × C_in` grid of booleans stored as bit rows. Full for a standard convolution,
//! block-diagonal for a grouped one, diagonal (or banded by the depth multiplier) for a
//! depthwise one. Two layers compose into the grid of which inputs can reach which outputs,
//! with or without ShuffleNet's channel shuffle between them, and a reachability summary says
//! how many input groups each output sees.

use std::fmt;

use crate::config::LayerConfig;
use crate::engine::geometry::MAX_SIZE;
use crate::engine::Method;

const WORD_BITS: usize = 64;

/// Why a connection matrix cannot be built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionError {
    /// A channel count is zero or above the engine's limit.
    Channels {
        /// Which count.
        what: &'static str,
        /// Its value.
        value: usize,
    },
    /// The groups do not divide a channel count.
    GroupsMustDivide {
        /// Groups.
        groups: usize,
        /// Which count.
        what: &'static str,
        /// Its value.
        channels: usize,
    },
    /// Two layers do not fit: the second reads a different number of channels than the first
    /// writes.
    Mismatch {
        /// Channels the first layer writes.
        writes: usize,
        /// Channels the second layer reads.
        reads: usize,
    },
}

impl fmt::Display for ConnectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConnectionError::Channels { what, value } => {
                write!(f, "{what} ({value}) must be from 1 to {MAX_SIZE}")
            }
            ConnectionError::GroupsMustDivide {
                groups,
                what,
                channels,
            } => write!(f, "groups ({groups}) must divide {what} ({channels})"),
            ConnectionError::Mismatch { writes, reads } => write!(
                f,
                "the second layer reads {reads} channels but the first writes {writes}"
            ),
        }
    }
}

impl std::error::Error for ConnectionError {}

fn check_channels(what: &'static str, value: usize) -> Result<(), ConnectionError> {
    if (1..=MAX_SIZE).contains(&value) {
        Ok(())
    } else {
        Err(ConnectionError::Channels { what, value })
    }
}

fn check_groups(groups: usize, c_in: usize, c_out: usize) -> Result<(), ConnectionError> {
    check_channels("groups", groups)?;
    for (what, channels) in [("input channels", c_in), ("output channels", c_out)] {
        if !channels.is_multiple_of(groups) {
            return Err(ConnectionError::GroupsMustDivide {
                groups,
                what,
                channels,
            });
        }
    }
    Ok(())
}

/// A `C_out × C_in` grid: entry `(o, i)` is true when output channel `o` reads input channel
/// `i`. Rows are bit sets.
#[derive(Clone, PartialEq, Eq)]
pub struct ConnectionMatrix {
    c_out: usize,
    c_in: usize,
    words: usize,
    bits: Vec<u64>,
}

impl fmt::Debug for ConnectionMatrix {
    /// One line per output channel, `#` where it reads an input channel and `.` where not.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "ConnectionMatrix {}×{}", self.c_out, self.c_in)?;
        for o in 0..self.c_out {
            let line: String = (0..self.c_in)
                .map(|i| if self.connected(o, i) { '#' } else { '.' })
                .collect();
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}

impl ConnectionMatrix {
    fn empty(c_out: usize, c_in: usize) -> Result<ConnectionMatrix, ConnectionError> {
        check_channels("output channels", c_out)?;
        check_channels("input channels", c_in)?;
        let words = c_in.div_ceil(WORD_BITS);
        Ok(ConnectionMatrix {
            c_out,
            c_in,
            words,
            bits: vec![0; c_out * words],
        })
    }

    fn set(&mut self, o: usize, i: usize) {
        if o < self.c_out && i < self.c_in {
            self.bits[o * self.words + i / WORD_BITS] |= 1 << (i % WORD_BITS);
        }
    }

    /// A standard convolution: every output reads every input.
    pub fn standard(c_in: usize, c_out: usize) -> Result<ConnectionMatrix, ConnectionError> {
        ConnectionMatrix::grouped(c_in, c_out, 1)
    }

    /// A grouped convolution: output `o` reads the `C_in/g` inputs of its group
    /// `o / (C_out/g)`; the grid is `g` blocks of `C_out/g × C_in/g` on the diagonal.
    pub fn grouped(
        c_in: usize,
        c_out: usize,
        groups: usize,
    ) -> Result<ConnectionMatrix, ConnectionError> {
        let mut m = ConnectionMatrix::empty(c_out, c_in)?;
        check_groups(groups, c_in, c_out)?;
        let (per_in, per_out) = (c_in / groups, c_out / groups);
        for o in 0..c_out {
            let g = o / per_out;
            for i in g * per_in..(g + 1) * per_in {
                m.set(o, i);
            }
        }
        Ok(m)
    }

    /// A depthwise convolution with depth multiplier `m`: outputs `c·m … c·m+m−1` read input
    /// `c` (a diagonal when `m = 1`, a band `m` rows tall otherwise).
    pub fn depthwise(
        channels: usize,
        multiplier: usize,
    ) -> Result<ConnectionMatrix, ConnectionError> {
        check_channels("depth multiplier", multiplier)?;
        ConnectionMatrix::grouped(channels, channels.saturating_mul(multiplier), channels)
    }

    /// The permutation matrix of ShuffleNet's channel shuffle on `channels` channels in
    /// `groups` groups (see [`shuffle_order`]): output `j` reads input `order[j]`.
    pub fn shuffle(channels: usize, groups: usize) -> Result<ConnectionMatrix, ConnectionError> {
        let order = shuffle_order(channels, groups)?;
        let mut m = ConnectionMatrix::empty(channels, channels)?;
        for (j, &i) in order.iter().enumerate() {
            m.set(j, i);
        }
        Ok(m)
    }

    /// The layers of a configuration, in order: one matrix for standard and grouped, two
    /// (depthwise, then pointwise) for depthwise separable, two for spatial separable (the
    /// column pass gives each channel its k maps — one per pass, k the multiplier — and the row
    /// pass adds each channel's k maps back into it; diagonals for one pass).
    pub fn of_config(config: &LayerConfig) -> Result<Vec<ConnectionMatrix>, ConnectionError> {
        let p = config.params;
        match config.method {
            Method::Standard => Ok(vec![ConnectionMatrix::standard(
                p.in_channels,
                p.out_channels,
            )?]),
            Method::Grouped => Ok(vec![ConnectionMatrix::grouped(
                p.in_channels,
                p.out_channels,
                p.groups,
            )?]),
            Method::SpatialSeparable => {
                let k = config.multiplier.max(1);
                let column = ConnectionMatrix::depthwise(p.in_channels, k)?;
                let row = ConnectionMatrix::grouped(column.c_out, p.in_channels, p.in_channels)?;
                Ok(vec![column, row])
            }
            Method::DepthwiseSeparable => {
                let d = ConnectionMatrix::depthwise(p.in_channels, config.multiplier)?;
                let pw = ConnectionMatrix::standard(d.c_out, p.out_channels)?;
                Ok(vec![d, pw])
            }
        }
    }

    /// Output channels (rows).
    pub fn c_out(&self) -> usize {
        self.c_out
    }
    /// Input channels (columns).
    pub fn c_in(&self) -> usize {
        self.c_in
    }

    /// Whether output `o` reads input `i` (false outside the grid).
    pub fn connected(&self, o: usize, i: usize) -> bool {
        o < self.c_out
            && i < self.c_in
            && self.bits[o * self.words + i / WORD_BITS] & (1 << (i % WORD_BITS)) != 0
    }

    /// The inputs output `o` reads, in order.
    pub fn inputs_of(&self, o: usize) -> Vec<usize> {
        (0..self.c_in).filter(|&i| self.connected(o, i)).collect()
    }

    /// The number of true entries: the channel pairs that have a kernel (per output position,
    /// the layer's MACs divided by `KH·KW`).
    pub fn count(&self) -> u64 {
        self.bits.iter().map(|w| u64::from(w.count_ones())).sum()
    }

    /// Whether every output reads every input.
    pub fn is_full(&self) -> bool {
        self.count() == (self.c_out * self.c_in) as u64
    }

    /// The matrix of `first` followed by `self`: output `o` of `self` is reached from input
    /// `i` of `first` when some channel `m` links them (`self[o][m]` and `first[m][i]`).
    pub fn after(&self, first: &ConnectionMatrix) -> Result<ConnectionMatrix, ConnectionError> {
        if self.c_in != first.c_out {
            return Err(ConnectionError::Mismatch {
                writes: first.c_out,
                reads: self.c_in,
            });
        }
        let mut out = ConnectionMatrix::empty(self.c_out, first.c_in)?;
        for o in 0..self.c_out {
            for m in 0..self.c_in {
                if self.connected(o, m) {
                    let (dst, src) = (o * out.words, m * first.words);
                    for w in 0..out.words {
                        out.bits[dst + w] |= first.bits[src + w];
                    }
                }
            }
        }
        Ok(out)
    }

    /// For each output, how many of `groups` equal input groups it reads at least one channel
    /// of, summarised.
    pub fn reach(&self, groups: usize) -> Result<Reach, ConnectionError> {
        check_channels("groups", groups)?;
        if !self.c_in.is_multiple_of(groups) {
            return Err(ConnectionError::GroupsMustDivide {
                groups,
                what: "input channels",
                channels: self.c_in,
            });
        }
        let per = self.c_in / groups;
        let per_output: Vec<usize> = (0..self.c_out)
            .map(|o| {
                (0..groups)
                    .filter(|g| (g * per..(g + 1) * per).any(|i| self.connected(o, i)))
                    .count()
            })
            .collect();
        Ok(Reach {
            groups,
            fewest: per_output.iter().copied().min().unwrap_or(0),
            most: per_output.iter().copied().max().unwrap_or(0),
            per_output,
        })
    }
}

/// How many input groups each output of a (composed) layer sees.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reach {
    /// The number of input groups `G`.
    pub groups: usize,
    /// Per output channel, the groups it sees.
    pub per_output: Vec<usize>,
    /// The fewest any output sees.
    pub fewest: usize,
    /// The most any output sees.
    pub most: usize,
}

impl Reach {
    /// "each output sees 1 of 4 groups", or "outputs see 1 to 4 of 4 groups".
    pub fn summary(&self) -> String {
        if self.fewest == self.most {
            format!("each output sees {} of {} groups", self.fewest, self.groups)
        } else {
            format!(
                "outputs see {} to {} of {} groups",
                self.fewest, self.most, self.groups
            )
        }
    }
}

/// ShuffleNet's channel shuffle as an order: reshape the channels to `(groups, channels /
/// groups)`, transpose, flatten. Position `j = k·g + h` of the result takes channel
/// `h·(channels/g) + k`: the first channel of every group, then the second of every group, …
pub fn shuffle_order(channels: usize, groups: usize) -> Result<Vec<usize>, ConnectionError> {
    check_channels("channels", channels)?;
    check_groups(groups, channels, channels)?;
    let per = channels / groups;
    Ok((0..channels)
        .map(|j| (j % groups) * per + j / groups)
        .collect())
}

/// Two grouped layers stacked, `channels → channels → channels` with `groups` groups each,
/// with or without a channel shuffle between them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StackedGroups {
    /// Channels of every tensor.
    pub channels: usize,
    /// Groups of both layers.
    pub groups: usize,
    /// Whether a shuffle sits between the layers.
    pub shuffled: bool,
    /// The first layer's grid.
    pub first: ConnectionMatrix,
    /// The shuffle's permutation grid (`None` without a shuffle).
    pub shuffle: Option<ConnectionMatrix>,
    /// The second layer's grid.
    pub second: ConnectionMatrix,
    /// Which inputs reach which outputs through both layers.
    pub composed: ConnectionMatrix,
    /// How many of the input's groups each output sees.
    pub reach: Reach,
}

impl StackedGroups {
    /// Builds the stack and composes it.
    pub fn new(
        channels: usize,
        groups: usize,
        shuffled: bool,
    ) -> Result<StackedGroups, ConnectionError> {
        let first = ConnectionMatrix::grouped(channels, channels, groups)?;
        let second = ConnectionMatrix::grouped(channels, channels, groups)?;
        let shuffle = if shuffled {
            Some(ConnectionMatrix::shuffle(channels, groups)?)
        } else {
            None
        };
        let middle = match &shuffle {
            Some(s) => s.after(&first)?,
            None => first.clone(),
        };
        let composed = second.after(&middle)?;
        let reach = composed.reach(groups)?;
        Ok(StackedGroups {
            channels,
            groups,
            shuffled,
            first,
            shuffle,
            second,
            composed,
            reach,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spatial_separable_passes_fan_out_then_add_back() {
        use crate::config::{Field, Form};
        let mut form = Form {
            method: Method::SpatialSeparable,
            ..Form::default()
        };
        form.set(Field::InChannels, "3");
        let one = form.validate().unwrap();
        let [column, row] =
            <[ConnectionMatrix; 2]>::try_from(ConnectionMatrix::of_config(&one).unwrap()).unwrap();
        assert_eq!((column.c_out(), row.c_in(), row.count()), (3, 3, 3));
        let two = LayerConfig {
            multiplier: 2,
            ..one
        };
        let [column, row] =
            <[ConnectionMatrix; 2]>::try_from(ConnectionMatrix::of_config(&two).unwrap()).unwrap();
        // Each channel fans out to its 2 maps; each output adds its own 2 maps back.
        assert_eq!((column.c_in(), column.c_out()), (3, 6));
        assert_eq!(column.inputs_of(5), vec![2]);
        assert_eq!((row.c_in(), row.c_out()), (6, 3));
        assert_eq!(row.inputs_of(1), vec![2, 3]);
    }

    #[test]
    fn shapes_of_the_three_kinds() {
        let s = ConnectionMatrix::standard(3, 4).unwrap();
        assert!(s.is_full());
        let g = ConnectionMatrix::grouped(4, 6, 2).unwrap();
        assert_eq!(g.inputs_of(0), vec![0, 1]);
        assert_eq!(g.inputs_of(3), vec![2, 3]);
        assert_eq!(g.count(), 12);
        let d = ConnectionMatrix::depthwise(3, 2).unwrap();
        assert_eq!((d.c_out(), d.c_in()), (6, 3));
        assert_eq!(d.inputs_of(4), vec![2]);
        assert_eq!(
            format!("{d:?}"),
            "ConnectionMatrix 6×3\n#..\n#..\n.#.\n.#.\n..#\n..#\n"
        );
    }

    #[test]
    fn shuffle_interleaves_groups() {
        assert_eq!(shuffle_order(6, 3).unwrap(), vec![0, 2, 4, 1, 3, 5]);
        assert_eq!(shuffle_order(6, 2).unwrap(), vec![0, 3, 1, 4, 2, 5]);
        assert_eq!(shuffle_order(5, 1).unwrap(), vec![0, 1, 2, 3, 4]);
        assert!(shuffle_order(6, 4).is_err());
    }

    #[test]
    fn errors_are_values() {
        assert_eq!(
            ConnectionMatrix::grouped(6, 4, 3).unwrap_err().to_string(),
            "groups (3) must divide output channels (4)"
        );
        assert!(ConnectionMatrix::standard(0, 4).is_err());
        let a = ConnectionMatrix::standard(3, 4).unwrap();
        assert_eq!(
            a.after(&a).unwrap_err().to_string(),
            "the second layer reads 3 channels but the first writes 4"
        );
    }

    #[test]
    fn reach_summaries() {
        let plain = StackedGroups::new(12, 3, false).unwrap();
        assert_eq!(plain.reach.summary(), "each output sees 1 of 3 groups");
        let mixed = StackedGroups::new(12, 3, true).unwrap();
        assert_eq!(mixed.reach.summary(), "each output sees 3 of 3 groups");
    }
}
