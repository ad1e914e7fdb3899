//! A `friday` run held at a named point of its run (`FRIDAY_STOP_AT`: it stops itself there
//! with SIGSTOP), to be resumed or killed (SIGKILL) by the test; and a run killed after a
//! while, wherever it then is.

use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

/// A run of the real binary in the background.
pub struct Held {
    /// Taken when the run has been waited for.
    child: Option<Child>,
}

impl Held {
    /// Starts `friday args` in `dir`, to stop itself at `point` (none: runs on).
    pub fn start(args: &[&str], dir: &Path, point: Option<&str>) -> Held {
        let mut command = Command::new(env!("CARGO_BIN_EXE_friday"));
        command
            .args(args)
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        match point {
            Some(point) => command.env("FRIDAY_STOP_AT", point),
            None => command.env_remove("FRIDAY_STOP_AT"),
        };
        Held {
            child: Some(command.spawn().expect("the friday binary runs")),
        }
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child().id()
    }

    fn child(&self) -> &Child {
        self.child.as_ref().expect("the run is still ours")
    }

    fn ended(&mut self) -> bool {
        let child = self.child.as_mut().expect("the run is still ours");
        child.try_wait().unwrap().is_some()
    }

    /// Waits until the run has stopped itself (true) or has ended (false).
    pub fn stopped(&mut self) -> bool {
        let deadline = Instant::now() + Duration::from_secs(120);
        while Instant::now() < deadline {
            if self.ended() {
                return false;
            }
            let stat =
                std::fs::read_to_string(format!("/proc/{}/stat", self.id())).unwrap_or_default();
            // The state follows the command name, which is in brackets.
            let state = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.trim_start().chars().next());
            if state == Some('T') {
                return true;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        panic!("the run neither stopped nor ended in two minutes");
    }

    /// Whether the run is still going (or stopped).
    pub fn running(&mut self) -> bool {
        !self.ended()
    }

    /// Lets a stopped run go on, and waits for it to end.
    pub fn resume(mut self) -> Output {
        let child = self.child.take().expect("the run is still ours");
        signal(child.id(), libc::SIGCONT);
        child.wait_with_output().unwrap()
    }

    /// Kills the run (SIGKILL: it gets no chance to clean up) and waits for it.
    pub fn kill(self) {
        drop(self);
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn signal(pid: u32, signal: libc::c_int) {
    let pid = libc::pid_t::try_from(pid).unwrap();
    // SAFETY: kill only sends a signal to the child this test started, not yet waited for.
    if unsafe { libc::kill(pid, signal) } != 0 {
        // A run that never stopped may have ended already: then there is nothing to resume.
        let err = std::io::Error::last_os_error();
        assert_eq!(err.raw_os_error(), Some(libc::ESRCH), "{err}");
    }
}
