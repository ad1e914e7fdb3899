//! Progress on stderr for long runs: a spinner naming the phase, silent when stderr is not a
//! terminal; and the time each phase took, for `--timings`.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::cell::RefCell;
use std::io::IsTerminal;
use std::time::{Duration, Instant};

/// A spinner that shows the current phase, or nothing when stderr is not a terminal; it
/// also keeps the time spent in each phase.
pub struct Progress {
    bar: Option<ProgressBar>,
    /// (phase, when it started), in order.
    phases: RefCell<Vec<(String, Instant)>>,
}

impl Progress {
    /// A spinner on stderr if it is a terminal.
    #[must_use]
    pub fn new() -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress {
                bar: None,
                phases: RefCell::new(Vec::new()),
            };
        }
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(Duration::from_millis(120));
        Progress {
            bar: Some(bar),
            phases: RefCell::new(Vec::new()),
        }
    }

    /// Names the phase now running (which ends the one before).
    pub fn phase(&self, name: &str) {
        self.phases
            .borrow_mut()
            .push((name.to_string(), Instant::now()));
        if let Some(bar) = &self.bar {
            bar.set_message(name.to_string());
        }
    }

    /// Seconds spent in each phase so far, the last one up to now, e.g.
    /// "read 1.20 s, compute 0.35 s, total 1.55 s".
    #[must_use]
    pub fn timings(&self) -> String {
        let phases = self.phases.borrow();
        let now = Instant::now();
        let mut parts: Vec<String> = phases
            .iter()
            .enumerate()
            .map(|(i, (name, start))| {
                let end = phases.get(i + 1).map_or(now, |(_, next)| *next);
                format!("{name} {:.2} s", (end - *start).as_secs_f64())
            })
            .collect();
        if let Some((_, first)) = phases.first() {
            parts.push(format!("total {:.2} s", (now - *first).as_secs_f64()));
        }
        parts.join(", ")
    }

    /// Removes the spinner.
    pub fn finish(&self) {
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
