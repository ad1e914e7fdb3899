//! Progress on stderr for long runs: a bar over the phases of the run naming the one under
//! way, shown once the run has taken a second and only when stderr is a terminal; and the
//! time each phase took, for `--timings`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::cell::RefCell;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// A phase of the run: its name, when it started, and the parts that ran side by side in it
/// with the time each took.
struct Phase {
    name: String,
    start: Instant,
    parts: Vec<(String, Duration)>,
}

/// A bar over the phases of a report, or nothing when stderr is not a terminal; it also keeps
/// the time spent in each phase.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    /// (phase, when it started, what ran side by side within it), in order.
    phases: RefCell<Vec<Phase>>,
}

/// The phases of a report, in order, for the length of the bar.
pub(crate) const PHASES: [&str; 5] = ["read", "compute", "render", "history", "write"];

/// How long a run goes before the bar appears, so quick runs print nothing;
/// `FRIDAY_PROGRESS_AFTER_MS` sets it.
const SHOW_AFTER: Duration = Duration::from_secs(1);

impl Progress {
    /// A bar on stderr if it is a terminal, drawn once the run has lasted a second.
    #[must_use]
    pub(crate) fn new() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                phases: RefCell::new(Vec::new()),
            };
        }
        let bar =
            ProgressBar::with_draw_target(Some(PHASES.len() as u64), ProgressDrawTarget::hidden());
        bar.set_style(
            ProgressStyle::with_template("{spinner} [{bar:20}] {pos}/{len} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        let after = std::env::var("FRIDAY_PROGRESS_AFTER_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(SHOW_AFTER, Duration::from_millis);
        let shown = bar.clone();
        std::thread::spawn(move || {
            std::thread::sleep(after);
            if !shown.is_finished() {
                shown.set_draw_target(ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(120));
            }
        });
        Progress {
            bar: Some(bar),
            phases: RefCell::new(Vec::new()),
        }
    }

    /// Names the phase now running (which ends the one before).
    pub(crate) fn phase(&self, name: &str) {
        self.phases.borrow_mut().push(Phase {
            name: name.to_string(),
            start: Instant::now(),
            parts: Vec::new(),
        });
        if let Some(bar) = &self.bar {
            let done = PHASES.iter().position(|p| *p == name).unwrap_or(0);
            bar.set_position(done as u64);
            bar.set_message(name.to_string());
        }
    }

    /// Records that `part` of the current phase, run side by side with other parts, took
    /// `took`.
    pub(crate) fn part(&self, part: &str, took: Duration) {
        if let Some(phase) = self.phases.borrow_mut().last_mut() {
            phase.parts.push((part.to_string(), took));
        }
    }

    /// Seconds spent in each phase so far, the last one up to now, with the parts that ran
    /// side by side in brackets, e.g.
    /// "read 1.20 s, render 0.50 s (html 0.31 s | xlsx 0.48 s), total 1.70 s".
    #[must_use]
    pub(crate) fn timings(&self) -> String {
        let phases = self.phases.borrow();
        let now = Instant::now();
        let mut items: Vec<String> = phases
            .iter()
            .enumerate()
            .map(|(i, phase)| {
                let end = phases.get(i + 1).map_or(now, |next| next.start);
                let mut item = format!("{} {:.2} s", phase.name, (end - phase.start).as_secs_f64());
                if !phase.parts.is_empty() {
                    let parts: Vec<String> = phase
                        .parts
                        .iter()
                        .map(|(name, took)| format!("{name} {:.2} s", took.as_secs_f64()))
                        .collect();
                    item.push_str(&format!(" ({})", parts.join(" | ")));
                }
                item
            })
            .collect();
        if let Some(first) = phases.first() {
            items.push(format!("total {:.2} s", (now - first.start).as_secs_f64()));
        }
        items.join(", ")
    }

    /// Removes the spinner.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    /// Clears the spinner also when a run stops on an error, so the message stands alone.
    fn drop(&mut self) {
        self.finish();
    }
}

impl Default for Progress {
    fn default() -> Self {
        Progress::new()
    }
}
