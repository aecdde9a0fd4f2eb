//! The seed text's worked example (64×64×3 → 256, 3×3) and why its quoted figures are wrong:
//! the correct figures come from the engine; the quoted ones are checked against the slips
//! that produce them.

use crate::engine::cost::{depthwise_separable, MethodCost};
use crate::engine::{ConvError, ConvParams, Pair};

/// The figures the seed text prints for its example.
pub mod quoted {
    /// "the convolution operation would be 64x64x256x3x3" = 9,437,184.
    pub const STANDARD: u64 = 9_437_184;
    /// Its depthwise term, 36,864.
    pub const DEPTHWISE: u64 = 36_864;
    /// Its pointwise term, 984,064.
    pub const POINTWISE: u64 = 984_064;
    /// Its printed sum, 1,020,910.
    pub const TOTAL: u64 = 1_020_910;
    /// Its ratio, 9.24, in hundredths.
    pub const RATIO_HUNDREDTHS: u64 = 924;
}

/// The example's layer with the given padding (1: output 64×64; 0: output 62×62).
pub fn layer(padding: usize) -> ConvParams {
    ConvParams {
        in_channels: 3,
        input: Pair::square(64),
        out_channels: 256,
        kernel: Pair::square(3),
        padding: Pair::square(padding),
        ..ConvParams::default()
    }
}

/// The correct costs next to the seed's, and the slip behind each quoted figure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeedFigures {
    /// Depthwise separable with padding 1 (64×64 outputs).
    pub same: MethodCost,
    /// Depthwise separable without padding (62×62 outputs).
    pub valid: MethodCost,
    /// What the seed's two terms really add up to.
    pub quoted_terms_sum: u64,
}

impl SeedFigures {
    /// Costs the example both ways through the engine.
    pub fn compute() -> Result<Self, ConvError> {
        Ok(SeedFigures {
            same: depthwise_separable(layer(1), 1)?,
            valid: depthwise_separable(layer(0), 1)?,
            quoted_terms_sum: quoted::DEPTHWISE + quoted::POINTWISE,
        })
    }
    /// The input channel count the seed's standard and depthwise figures leave out.
    pub fn dropped_channels(&self) -> u64 {
        self.same.standard.spec.input_shape().c as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_quoted_figure_is_explained_by_its_slip() {
        let f = SeedFigures::compute().unwrap();
        let c = f.dropped_channels();
        assert_eq!(c, 3);
        // Standard: the ×3 input channels are missing.
        assert_eq!(quoted::STANDARD * c, f.same.standard.macs);
        // Depthwise: one channel's worth at 64×64.
        assert_eq!(quoted::DEPTHWISE * c, f.same.stages[0].macs);
        // Pointwise: 62×62 (valid) outputs, ×3 input channels missing.
        assert_eq!(quoted::POINTWISE * c, f.valid.stages[1].macs);
        // The sum is mis-added.
        assert_eq!(f.quoted_terms_sum, 1_020_928);
        assert_ne!(f.quoted_terms_sum, quoted::TOTAL);
        // 9,437,184 / 1,020,910 rounds to 9.24.
        assert_eq!(
            (quoted::STANDARD * 100 + quoted::TOTAL / 2) / quoted::TOTAL,
            quoted::RATIO_HUNDREDTHS
        );
        // The true ratio is the same with and without padding: 2304/265.
        assert_eq!(f.same.mac_ratio(), f.valid.mac_ratio());
        assert_eq!(
            (f.same.mac_ratio().num, f.same.mac_ratio().den),
            (2304, 265)
        );
    }
}
