//! Small-sample statistics for the offer comparisons: Wilson intervals, Fisher's exact and
//! two-proportion z-tests, Kaplan–Meier survival for time to close.
//!
//! Pure functions of numbers; no tables, no polars. Every numeric method here is written for
//! counts up to a few million without overflow or loss of precision in p-values.
//!
//! Wilson intervals, Fisher's exact test and Kaplan–Meier are written here by
//! hand: each is short, the conventions that decide their numbers (Wilson's z, Fisher's 1e-7
//! tie rule as in scipy and R, events before censorings at tied times) are chosen explicitly, and the tests in `stats/tests.rs` pin every one to
//! reference values from scipy, statsmodels, lifelines or mpmath. Fisher's test in
//! particular works in log space, so tables of a few million stay within 1e-13 of mpmath
//! where scipy's log-gamma terms lose 1e-10. The one special function, `erfc` for the
//! z-test's normal tail, is `libm`'s (a Rust port of FreeBSD's msun `erfc`), pinned to scipy
//! by the same tests.

use libm::erfc;

pub(crate) use crate::report::{Comparison, Interval, KmStep, TestMethod};

/// The 0.975 quantile of the standard normal distribution, for 95% two-sided intervals.
const Z_95: f64 = 1.959_963_984_540_054;

/// 95% Wilson score interval for `successes / trials` (z = 1.959963984540054).
///
/// `None` when `trials == 0`, and when `successes > trials` (not a proportion).
/// The bounds are exactly 0 when there are no successes and exactly 1 when every trial
/// succeeds.
#[must_use]
pub(crate) fn wilson(successes: u64, trials: u64) -> Option<Interval> {
    if trials == 0 || successes > trials {
        return None;
    }
    let n = count(trials);
    let p = count(successes) / n;
    let z2 = Z_95 * Z_95;
    let denom = 1.0 + z2 / n;
    let center = (p + z2 / (2.0 * n)) / denom;
    let half = Z_95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / denom;
    let low = if successes == 0 { 0.0 } else { center - half };
    let high = if successes == trials {
        1.0
    } else {
        center + half
    };
    Some(Interval {
        low: low.clamp(0.0, 1.0),
        high: high.clamp(0.0, 1.0),
    })
}

/// Name of the method [`compare`] uses when some expected cell count is below 5.
pub(crate) const FISHER: TestMethod = TestMethod::Fisher;
/// Name of the method [`compare`] uses when every expected cell count is at least 5.
pub(crate) const Z_TEST: TestMethod = TestMethod::ZTest;

/// Compares `a_successes / a_trials` with `b_successes / b_trials`.
///
/// Uses Fisher's exact test (see [`fisher_exact_two_sided`]) when any expected cell count of
/// the 2×2 table (successes and failures by group) is below 5; otherwise the pooled
/// two-proportion z-test, two-sided, with the normal tail from `libm::erfc`.
///
/// `None` when `a_trials` or `b_trials` is 0, or when successes exceed trials.
#[must_use]
pub(crate) fn compare(
    a_successes: u64,
    a_trials: u64,
    b_successes: u64,
    b_trials: u64,
) -> Option<Comparison> {
    if a_trials == 0 || b_trials == 0 || a_successes > a_trials || b_successes > b_trials {
        return None;
    }
    let a_rate = count(a_successes) / count(a_trials);
    let b_rate = count(b_successes) / count(b_trials);
    let total = u128::from(a_trials) + u128::from(b_trials);
    let successes = u128::from(a_successes) + u128::from(b_successes);
    let smallest_row = u128::from(a_trials.min(b_trials));
    let smallest_column = successes.min(total - successes);
    // The smallest expected cell is smallest_row * smallest_column / total; compare in
    // integers so that an expected count of exactly 5 is not lost to rounding.
    if smallest_row * smallest_column < 5 * total {
        let p_value = fisher_exact_two_sided(
            a_successes,
            a_trials - a_successes,
            b_successes,
            b_trials - b_successes,
        );
        return Some(Comparison {
            method: FISHER,
            a_rate,
            b_rate,
            p_value,
        });
    }
    let (n_a, n_b) = (count(a_trials), count(b_trials));
    let pooled = (count(a_successes) + count(b_successes)) / (n_a + n_b);
    let se = (pooled * (1.0 - pooled) * (1.0 / n_a + 1.0 / n_b)).sqrt();
    let p_value = if se > 0.0 {
        let z = (a_rate - b_rate) / se;
        erfc(z.abs() / std::f64::consts::SQRT_2)
    } else {
        1.0
    };
    Some(Comparison {
        method: Z_TEST,
        a_rate,
        b_rate,
        p_value: p_value.min(1.0),
    })
}

/// Two-sided Fisher's exact test p-value for the table `[[a, b], [c, d]]`.
///
/// The sum of the hypergeometric probabilities of all tables with the same margins whose
/// probability is at most the observed one (relative tolerance 1e-7, as scipy and R use).
/// Computed in log space: each table's log probability relative to the most likely table is
/// the running sum of the log ratios between neighbouring tables, so nothing like `ln N!`
/// (about 2.7e7 for N = 2,000,000) is ever formed and cancelled. Tables more than e^-50 less
/// likely than the observed one are not visited: the distribution is log-concave, so their
/// total is below 1e-17 of the result for tables of a few million.
#[must_use]
pub(crate) fn fisher_exact_two_sided(a: u64, b: u64, c: u64, d: u64) -> f64 {
    // Tables with these margins are indexed by their top-left cell k; the other cells are
    // b + a - k, c + a - k and d - a + k.
    let (lo, hi) = (a.saturating_sub(d), a.saturating_add(b.min(c)));
    let (row, column) = (u128::from(a) + u128::from(b), u128::from(a) + u128::from(c));
    let total = row + u128::from(c) + u128::from(d);
    let mode = u64::try_from((row + 1) * (column + 1) / (total + 2))
        .unwrap_or(hi)
        .clamp(lo, hi);
    let cells = |k: u64| {
        let shift = count(k) - count(a);
        (
            count(k),
            count(b) - shift,
            count(c) - shift,
            count(d) + shift,
        )
    };
    // ln P(k + 1) - ln P(k), and ln P(k - 1) - ln P(k).
    let up = |k: u64| {
        let (k1, b1, c1, d1) = cells(k);
        ((b1 * c1) / ((k1 + 1.0) * (d1 + 1.0))).ln()
    };
    let down = |k: u64| {
        let (k1, b1, c1, d1) = cells(k);
        ((k1 * d1) / ((b1 + 1.0) * (c1 + 1.0))).ln()
    };
    let observed = if a >= mode {
        (mode..a).map(up).sum::<f64>()
    } else {
        (a + 1..=mode).rev().map(down).sum::<f64>()
    };
    let tolerance = 1e-7_f64.ln_1p();
    let floor = observed - 50.0;
    // Sums, relative to the mode and to the observed table, of every visited table and of
    // those no more likely than the observed one.
    let (mut all, mut as_extreme) = (0.0, 0.0);
    let mut add = |log_p: f64| {
        all += log_p.exp();
        if log_p <= observed + tolerance {
            as_extreme += (log_p - observed).exp();
        }
    };
    add(0.0);
    let mut log_p = 0.0;
    for k in mode..hi {
        log_p += up(k);
        add(log_p);
        if log_p < floor {
            break;
        }
    }
    log_p = 0.0;
    for k in (lo + 1..=mode).rev() {
        log_p += down(k);
        add(log_p);
        if log_p < floor {
            break;
        }
    }
    (observed + as_extreme.ln() - all.ln()).exp().min(1.0)
}

/// Kaplan–Meier estimate from `(time, event)` pairs.
///
/// `event == false` means censored, e.g. an open opportunity observed until as-of. One step
/// per distinct time with an event or a censoring, sorted by time; at equal times events are
/// counted before censorings (the censored are still at risk). Survival is the running
/// product of `1 - events / at_risk`. Observations with a NaN time are ignored.
#[must_use]
pub(crate) fn kaplan_meier(observations: &[(f64, bool)]) -> Vec<KmStep> {
    let mut sorted: Vec<(f64, bool)> = observations
        .iter()
        .copied()
        .filter(|(time, _)| !time.is_nan())
        .collect();
    sorted.sort_by(|x, y| x.0.total_cmp(&y.0));
    let mut steps = Vec::new();
    let mut survival = 1.0;
    let mut at_risk = count_len(sorted.len());
    for group in sorted.chunk_by(|x, y| x.0 == y.0) {
        let events = count_len(group.iter().filter(|(_, event)| *event).count());
        let censored = count_len(group.len()) - events;
        if events > 0 {
            survival *= 1.0 - count(events) / count(at_risk);
        }
        steps.push(KmStep {
            time: group[0].0,
            at_risk,
            events,
            censored,
            survival,
        });
        at_risk -= events + censored;
    }
    steps
}

/// Time at which survival first drops to 0.5 or below; `None` if it never does.
///
/// Survival within 1e-12 of 0.5 counts as 0.5, so a curve that reaches exactly one half
/// (as 2/3 × 3/4 does) is not missed through rounding.
#[must_use]
pub(crate) fn km_median(steps: &[KmStep]) -> Option<f64> {
    steps
        .iter()
        .find(|step| step.survival <= 0.5 + 1e-12)
        .map(|step| step.time)
}

/// A count as `f64`: exact up to 2^53, far beyond any export.
#[allow(clippy::cast_precision_loss)]
fn count(n: u64) -> f64 {
    n as f64
}

/// A length as `u64` (lossless on every supported platform).
fn count_len(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests;
