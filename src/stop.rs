//! Named points of a run where the crash test (`tests/cli/crash.rs`) kills it: when the
//! environment variable `FRIDAY_STOP_AT` names the point, the process stops itself there
//! (SIGSTOP) and the test sends SIGKILL. Otherwise a point does nothing.

/// Stops the process here if `FRIDAY_STOP_AT` is `point`.
pub(crate) fn at(point: &str) {
    #[cfg(unix)]
    if std::env::var_os("FRIDAY_STOP_AT").is_some_and(|wanted| wanted == point) {
        // SAFETY: raise only sends a signal to this process.
        unsafe {
            libc::raise(libc::SIGSTOP);
        }
    }
    #[cfg(not(unix))]
    let _ = point;
}
