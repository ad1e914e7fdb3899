//! Tests of the statistics against reference values from scipy, statsmodels, numpy,
//! lifelines and mpmath (named beside each value), and hand arithmetic.

use super::*;

/// Asserts `got` is within `rel` relative error of `want`.
fn close(got: f64, want: f64, rel: f64) {
    assert!(
        (got - want).abs() <= rel * want.abs(),
        "got {got:e}, want {want:e} (relative error {:e})",
        ((got - want) / want).abs()
    );
}

// Expected Wilson bounds from statsmodels 0.15.0:
// statsmodels.stats.proportion.proportion_confint(s, n, alpha=0.05, method="wilson").

#[test]
fn wilson_no_successes_starts_at_zero() {
    // statsmodels: (0.0, 0.27753279986288926)
    let i = wilson(0, 10).unwrap();
    assert_eq!(i.low, 0.0);
    close(i.high, 0.277_532_799_862_889_26, 1e-12);
}

#[test]
fn wilson_half_is_symmetric_about_half() {
    // statsmodels: (0.23659309051256394, 0.7634069094874361)
    let i = wilson(5, 10).unwrap();
    close(i.low, 0.236_593_090_512_563_94, 1e-12);
    close(i.high, 0.763_406_909_487_436_1, 1e-12);
}

#[test]
fn wilson_all_successes_ends_at_one() {
    // statsmodels: (0.7224672001371106, 1.0)
    let i = wilson(10, 10).unwrap();
    close(i.low, 0.722_467_200_137_110_6, 1e-12);
    assert_eq!(i.high, 1.0);
}

#[test]
fn wilson_81_of_263() {
    // statsmodels: (0.2552885198782742, 0.36620957698280004), i.e. [0.2553, 0.3662].
    let i = wilson(81, 263).unwrap();
    close(i.low, 0.255_288_519_878_274_2, 1e-12);
    close(i.high, 0.366_209_576_982_800_04, 1e-12);
}

#[test]
fn wilson_is_none_without_trials_or_with_more_successes_than_trials() {
    assert_eq!(wilson(0, 0), None);
    assert_eq!(wilson(11, 10), None);
}

#[test]
fn wilson_does_not_overflow_at_a_million_trials() {
    let i = wilson(1_000_000, 1_000_000).unwrap();
    assert_eq!(i.high, 1.0);
    // statsmodels: (0.9999961585559362, 1.0); by hand n / (n + z²).
    close(i.low, 0.999_996_158_555_936_2, 1e-12);
}

// Expected Fisher p-values from scipy 1.17.1:
// scipy.stats.fisher_exact(table, alternative="two-sided").pvalue.

#[test]
fn fisher_tea_tasting() {
    // scipy: 0.48571428571428565 = 34/70 (tables 1+16+16+1 of 70; ties at 16/70).
    close(
        fisher_exact_two_sided(3, 1, 1, 3),
        0.485_714_285_714_285_65,
        1e-12,
    );
}

#[test]
fn fisher_1_9_11_3() {
    // scipy: 0.0027594561852200836
    close(
        fisher_exact_two_sided(1, 9, 11, 3),
        0.002_759_456_185_220_083_6,
        1e-12,
    );
}

#[test]
fn fisher_more_tables() {
    // scipy: [[2,8],[5,5]] 0.34984520123839014; [[0,5],[5,0]] 0.007936507936507938 (= 2/252);
    // [[3,97],[10,90]] 0.08179405296897922.
    close(
        fisher_exact_two_sided(2, 8, 5, 5),
        0.349_845_201_238_390_14,
        1e-12,
    );
    close(
        fisher_exact_two_sided(0, 5, 5, 0),
        0.007_936_507_936_507_938,
        1e-12,
    );
    close(
        fisher_exact_two_sided(3, 97, 10, 90),
        0.081_794_052_968_979_22,
        1e-12,
    );
}

#[test]
fn fisher_is_one_when_a_margin_is_empty() {
    assert_eq!(fisher_exact_two_sided(0, 0, 4, 7), 1.0);
    assert_eq!(fisher_exact_two_sided(0, 0, 0, 0), 1.0);
}

#[test]
fn fisher_a_million_trials_per_group() {
    // Exact references from mpmath 1.3 at 40 digits (log-gamma hypergeometric terms,
    // same 1e-7 tie rule): 0.035155583497760022762 and 0.06976130331432589131.
    // scipy 1.17.1 gives 0.03515558350245735 and 0.06976130331339396 here, off by
    // 1.3e-10 relative: its log-gamma terms of size ln(2e6!) ≈ 2.7e7 cancel.
    close(
        fisher_exact_two_sided(3, 999_997, 12, 999_988),
        0.035_155_583_497_760_023,
        1e-13,
    );
    close(
        fisher_exact_two_sided(500, 499_500, 560, 499_440),
        0.069_761_303_314_325_9,
        1e-13,
    );
}

#[test]
fn fisher_far_tail_does_not_underflow_early() {
    // mpmath 1.3, 40 digits: 9.8918099794705284e-300. (scipy 1.17.1 says
    // 5.2289154267031915e-300: it loses the other tail to underflow.)
    close(
        fisher_exact_two_sided(67_877, 53_516, 79_006, 82_570),
        9.891_809_979_470_528e-300,
        1e-11,
    );
}

#[test]
fn erfc_matches_scipy() {
    // scipy.special.erfc
    for (x, want) in [
        (0.0, 1.0),
        (0.1, 0.887_537_083_981_715_2),
        (0.5, 0.479_500_122_186_953_5),
        (1.0, 0.157_299_207_050_285_16),
        (2.0, 0.004_677_734_981_047_266),
        (3.5, 7.430_983_723_414_129e-7),
        (5.0, 1.537_459_794_428_034_7e-12),
        (10.0, 2.088_487_583_762_544_6e-45),
        (26.0, 5.663_192_408_856_145e-296),
    ] {
        close(erfc(x), want, 2e-15);
        close(erfc(-x), 2.0 - want, 2e-16);
    }
}

#[test]
fn compare_uses_z_test_when_every_expected_count_is_at_least_5() {
    // Expected counts: 135 successes and 865 failures per group, all >= 5.
    // statsmodels proportions_ztest([120, 150], [1000, 1000]): z = -1.963049807622355,
    // p = 0.04964038686536878.
    let c = compare(120, 1000, 150, 1000).unwrap();
    assert_eq!(c.method, Z_TEST);
    assert_eq!((c.a_rate, c.b_rate), (0.12, 0.15));
    close(c.p_value, 0.049_640_386_865_368_78, 1e-12);
}

#[test]
fn compare_z_test_30_of_100_vs_45_of_100() {
    // statsmodels proportions_ztest([30, 45], [100, 100]): p = 0.02845973691631055.
    let c = compare(30, 100, 45, 100).unwrap();
    assert_eq!(c.method, Z_TEST);
    close(c.p_value, 0.028_459_736_916_310_55, 1e-12);
}

#[test]
fn compare_uses_fisher_when_an_expected_count_is_below_5() {
    // 3/100 vs 10/100: 13 successes in 200, so expected successes are 100 * 13 / 200 = 6.5
    // per group, all >= 5: z-test. 1/10 vs 11/14 (the [[1,9],[11,3]] table): expected
    // successes in group a are 10 * 12 / 24 = 5, failures 10 * 12 / 24 = 5: z-test too.
    // 2/10 vs 5/10: expected successes 10 * 7 / 20 = 3.5 < 5: Fisher, scipy
    // 0.34984520123839014.
    let c = compare(2, 10, 5, 10).unwrap();
    assert_eq!(c.method, FISHER);
    assert_eq!((c.a_rate, c.b_rate), (0.2, 0.5));
    close(c.p_value, 0.349_845_201_238_390_14, 1e-12);
    assert_eq!(compare(3, 100, 10, 100).unwrap().method, Z_TEST);
    assert_eq!(compare(1, 10, 11, 14).unwrap().method, Z_TEST);
}

#[test]
fn compare_uses_fisher_for_rare_successes_in_large_groups() {
    // 3/1000000 vs 12/1000000: expected successes 7.5 each, z-test; 1/1000 vs 3/1000:
    // expected successes 2 each: Fisher, scipy fisher_exact([[1,999],[3,997]]) =
    // 0.6246245305927876.
    assert_eq!(compare(3, 1_000_000, 12, 1_000_000).unwrap().method, Z_TEST);
    let c = compare(1, 1000, 3, 1000).unwrap();
    assert_eq!(c.method, FISHER);
    close(c.p_value, 0.624_624_530_592_787_6, 1e-12);
}

#[test]
fn compare_is_none_without_trials() {
    assert_eq!(compare(0, 0, 1, 10), None);
    assert_eq!(compare(1, 10, 0, 0), None);
    assert_eq!(compare(11, 10, 1, 10), None);
}

#[test]
fn kaplan_meier_with_ties_and_censorings() {
    // Times (event +, censored o): 1+ 2+ 2+ 2o 4o 5+ 7+ 7o 9+, given out of order.
    // t=1: 9 at risk, 1 event:               S = 1 - 1/9        = 8/9
    // t=2: 8 at risk, 2 events, 1 censored:  S = 8/9 * (1 - 2/8) = 2/3
    // t=4: 5 at risk, 0 events, 1 censored:  S = 2/3
    // t=5: 4 at risk, 1 event:               S = 2/3 * (1 - 1/4) = 1/2
    // t=7: 3 at risk, 1 event, 1 censored:   S = 1/2 * (1 - 1/3) = 1/3
    // t=9: 1 at risk, 1 event:               S = 0
    // lifelines 0.30 KaplanMeierFitter agrees (event table and survival_function_).
    let obs = [
        (7.0, false),
        (2.0, true),
        (1.0, true),
        (9.0, true),
        (2.0, false),
        (4.0, false),
        (5.0, true),
        (2.0, true),
        (7.0, true),
    ];
    let steps = kaplan_meier(&obs);
    let got: Vec<(f64, u64, u64, u64)> = steps
        .iter()
        .map(|s| (s.time, s.at_risk, s.events, s.censored))
        .collect();
    assert_eq!(
        got,
        [
            (1.0, 9, 1, 0),
            (2.0, 8, 2, 1),
            (4.0, 5, 0, 1),
            (5.0, 4, 1, 0),
            (7.0, 3, 1, 1),
            (9.0, 1, 1, 0)
        ]
    );
    let want = [8.0 / 9.0, 2.0 / 3.0, 2.0 / 3.0, 0.5, 1.0 / 3.0, 0.0];
    for (step, want) in steps.iter().zip(want) {
        assert!((step.survival - want).abs() < 1e-15, "{step:?}");
    }
    // Survival first reaches 1/2 at t=5 (lifelines median_survival_time_ = 5.0; R's
    // survfit would report 6, the midpoint of the flat stretch at 1/2 from 5 to 7).
    assert_eq!(km_median(&steps), Some(5.0));
}

#[test]
fn km_median_is_none_when_survival_stays_above_half() {
    // 1+ 2o 3o 4o: S = 3/4 after t=1 and never drops again.
    let steps = kaplan_meier(&[(1.0, true), (2.0, false), (3.0, false), (4.0, false)]);
    assert_eq!(steps[0].survival, 0.75);
    assert_eq!(km_median(&steps), None);
    assert_eq!(km_median(&[]), None);
}

#[test]
fn kaplan_meier_of_nothing_is_empty() {
    assert!(kaplan_meier(&[]).is_empty());
    assert!(kaplan_meier(&[(f64::NAN, true)]).is_empty());
}
