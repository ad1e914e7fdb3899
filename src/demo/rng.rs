//! A tiny deterministic PRNG (`SplitMix64`), so demo data never changes with a crate version.

/// `SplitMix64` (Steele, Lea & Flood 2014): 64 bits of state, good enough for demo data.
pub(crate) struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator whose whole future output is fixed by `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform float in `[0, 1)` built from the top 53 bits.
    #[allow(clippy::cast_precision_loss)]
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A uniform float in `[lo, hi)`.
    pub(crate) fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }

    /// `true` with probability `p` (clamped to `[0, 1]`).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// A uniform integer in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        let span = u64::try_from(hi - lo).unwrap_or(0) + 1;
        // Multiply-shift maps 64 random bits onto the span with negligible bias.
        let offset = (u128::from(self.next_u64()) * u128::from(span)) >> 64;
        lo + i64::try_from(offset).unwrap_or(0)
    }

    /// A uniform index below `len` (which must be positive).
    pub(crate) fn index(&mut self, len: usize) -> usize {
        let hi = i64::try_from(len).unwrap_or(i64::MAX) - 1;
        usize::try_from(self.range(0, hi)).unwrap_or(0)
    }

    /// One element of a non-empty slice.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.index(items.len())]
    }

    /// One element of a non-empty slice of `(item, weight)`, chosen in proportion to weight.
    pub(crate) fn weighted<'a, T>(&mut self, items: &'a [(T, f64)]) -> &'a T {
        let total: f64 = items.iter().map(|(_, w)| w).sum();
        let mut target = self.unit() * total;
        for (item, weight) in items {
            if target < *weight {
                return item;
            }
            target -= weight;
        }
        &items[items.len() - 1].0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_matches_reference_output_for_seed_zero() {
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
        assert_eq!(rng.next_u64(), 0x06C4_5D18_8009_454F);
    }

    #[test]
    fn range_stays_within_inclusive_bounds_and_reaches_both_ends() {
        let mut rng = SplitMix64::new(7);
        let draws: Vec<i64> = (0..1000).map(|_| rng.range(3, 5)).collect();
        assert_eq!(draws.iter().min(), Some(&3));
        assert_eq!(draws.iter().max(), Some(&5));
    }

    #[test]
    fn weighted_never_picks_a_zero_weight_item() {
        let mut rng = SplitMix64::new(1);
        let items = [("a", 1.0), ("never", 0.0), ("b", 3.0)];
        assert!((0..500).all(|_| *rng.weighted(&items) != "never"));
    }
}
