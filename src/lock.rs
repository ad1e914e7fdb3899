//! One run at a time per folder: an OS lock on a file in the output folder (and in the
//! history folder, which several output folders may share), taken before any input is read
//! and held to the end of the run.
//!
//! The lock is `flock` on Linux (`LockFileEx` on Windows) through std's `File::try_lock`: the
//! OS releases it when the holder exits, however it exits, so a killed run never leaves a
//! folder locked. The holder writes who it is into the file (pid, host, start, command) for
//! the message of a run that finds the folder taken, and removes the file when it is done.

use anyhow::{Context, Result};
use std::fmt;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The exit code of a run that found its folder held by another run.
pub const BUSY_EXIT: u8 = 4;

/// The lock file of an output folder.
pub(crate) const OUT_LOCK: &str = ".friday.lock";
/// The lock file of a history folder.
pub(crate) const HISTORY_LOCK: &str = ".lock";

/// How often a run given `--wait` tries the lock again.
const RETRY: Duration = Duration::from_millis(100);

/// Another run holds a folder this run needs; `friday` exits with [`BUSY_EXIT`].
#[derive(Debug)]
pub struct Busy {
    /// What is held, e.g. "to out" or "the history in out/history".
    what: String,
    /// Who holds it, as the holder wrote it; empty when it has not written it yet.
    holder: String,
    /// How long this run waited (`--wait`), if it did.
    waited: Option<Duration>,
}

impl fmt::Display for Busy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "another friday run is writing {}", self.what)?;
        if self.holder.is_empty() {
            write!(f, " (it has just started)")?;
        } else {
            write!(f, " ({})", self.holder)?;
        }
        match self.waited {
            Some(waited) => write!(
                f,
                "; waited {} s for it to finish",
                waited.as_secs_f64().round()
            ),
            None => write!(
                f,
                "; try again when it has finished, or pass --wait SECONDS to wait for it"
            ),
        }
    }
}

impl std::error::Error for Busy {}

/// A folder locked by this run, until dropped: then the lock file is removed and the lock
/// released, and a folder this run made for the lock and left empty is removed too.
#[derive(Debug)]
pub(crate) struct Lock {
    file: Option<fs::File>,
    path: PathBuf,
    /// The folder, when this run created it.
    made: Option<PathBuf>,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Remove the file while still holding the lock: a run that opened it meanwhile finds,
        // once it has the lock, that the path no longer names its file, and starts again.
        let _ = fs::remove_file(&self.path);
        if let Some(dir) = &self.made {
            // Only succeeds when empty: nothing of a failed first run is left behind.
            let _ = fs::remove_dir(dir);
        }
        drop(self.file.take());
    }
}

/// Takes the lock file `name` in `dir` (creating `dir` when missing), describing the lock as
/// `what` in messages. With `wait`, tries again until that long has passed.
///
/// # Errors
/// [`Busy`] when another run holds it; a folder that cannot be made, or a lock file that
/// cannot be created (a read-only folder), with the path.
pub(crate) fn take(dir: &Path, name: &str, what: &str, wait: Option<Duration>) -> Result<Lock> {
    let started = Instant::now();
    // What cannot be looked at cannot be made either: `create_dir_all` below says why.
    let existed = dir.exists();
    let path = dir.join(name);
    loop {
        fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let file = match fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
        {
            Ok(file) => file,
            // The folder was removed by a run that made it and then failed: make it again.
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => continue,
            Err(err) => return Err(err).with_context(|| format!("creating {}", path.display())),
        };
        match file.try_lock() {
            Ok(()) => {
                if !still_named(&file, &path) {
                    // The holder removed the file as this run opened it: take the new one.
                    continue;
                }
                let mut lock = Lock {
                    file: Some(file),
                    path,
                    made: (!existed).then(|| dir.to_path_buf()),
                };
                lock.describe_holder()?;
                return Ok(lock);
            }
            Err(fs::TryLockError::WouldBlock) => {
                let waited = started.elapsed();
                match wait {
                    Some(wait) if waited < wait => std::thread::sleep(RETRY.min(wait - waited)),
                    _ => {
                        return Err(Busy {
                            what: what.to_string(),
                            holder: holder_of(&path),
                            waited: wait.map(|_| waited),
                        }
                        .into());
                    }
                }
            }
            Err(fs::TryLockError::Error(err)) => {
                return Err(err).with_context(|| format!("locking {}", path.display()));
            }
        }
    }
}

impl Lock {
    /// Writes who holds the lock into its file: "pid 1234 on host, started …: friday report …".
    fn describe_holder(&mut self) -> Result<()> {
        let command: Vec<String> = std::env::args_os()
            .map(|arg| arg.to_string_lossy().into_owned())
            .collect();
        let program = command.first().map_or("friday", |first| {
            Path::new(first)
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or("friday")
        });
        let line = format!(
            "pid {} on {}, started {}: {} {}\n",
            std::process::id(),
            host(),
            chrono::Utc::now().format("%Y-%m-%d %H:%M:%S UTC"),
            program,
            command.get(1..).unwrap_or_default().join(" ")
        );
        let Some(file) = self.file.as_mut() else {
            return Ok(());
        };
        file.set_len(0)
            .and_then(|()| file.write_all(line.as_bytes()))
            .with_context(|| format!("writing {}", self.path.display()))
    }
}

/// Whether `path` still names the open `file` (and not a newer file, or nothing).
fn still_named(file: &fs::File, path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        match (file.metadata(), fs::metadata(path)) {
            (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        // A file open without delete sharing cannot be removed on Windows.
        let _ = (file, path);
        true
    }
}

/// The holder's own line, trimmed; empty if it has not written it yet.
fn holder_of(path: &Path) -> String {
    fs::read_to_string(path)
        .map(|text| text.trim().to_string())
        .unwrap_or_default()
}

/// This machine's name, for the holder line.
fn host() -> String {
    #[cfg(unix)]
    {
        let mut buffer = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that many
        // bytes and the name is read up to the first NUL within it.
        let status = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
        if status == 0 {
            let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
            if end > 0 {
                return String::from_utf8_lossy(&buffer[..end]).into_owned();
            }
        }
    }
    std::env::var("COMPUTERNAME").unwrap_or_else(|_| "this machine".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_a_held_folder_is_busy_and_names_the_holder() {
        let dir = tempfile::tempdir().unwrap();
        let held = take(dir.path(), OUT_LOCK, "to out", None).unwrap();
        let err = take(dir.path(), OUT_LOCK, "to out", None).unwrap_err();
        let busy = err.downcast_ref::<Busy>().expect("a Busy error");
        assert!(
            busy.holder.starts_with(&format!(
                "pid {} on {}, started ",
                std::process::id(),
                host()
            )),
            "{}",
            busy.holder
        );
        assert!(
            err.to_string()
                .starts_with("another friday run is writing to out (pid "),
            "{err}"
        );
        assert!(
            err.to_string().ends_with(
                "; try again when it has finished, or pass --wait SECONDS to wait for it"
            ),
            "{err}"
        );
        drop(held);
        // Released: the file is gone and the next run takes the lock.
        assert!(!dir.path().join(OUT_LOCK).exists());
        drop(take(dir.path(), OUT_LOCK, "to out", None).unwrap());
    }

    #[test]
    fn waiting_takes_the_lock_once_the_holder_lets_go() {
        let dir = tempfile::tempdir().unwrap();
        let held = take(dir.path(), OUT_LOCK, "to out", None).unwrap();
        let path = dir.path().to_path_buf();
        let waiter = std::thread::spawn(move || {
            take(&path, OUT_LOCK, "to out", Some(Duration::from_secs(30))).map(|_| ())
        });
        std::thread::sleep(Duration::from_millis(300));
        drop(held);
        waiter.join().unwrap().unwrap();
    }

    #[test]
    fn waiting_gives_up_after_the_time_given() {
        let dir = tempfile::tempdir().unwrap();
        let _held = take(dir.path(), OUT_LOCK, "to out", None).unwrap();
        let err = take(
            dir.path(),
            OUT_LOCK,
            "to out",
            Some(Duration::from_millis(300)),
        )
        .unwrap_err();
        assert!(
            err.to_string().ends_with("; waited 0 s for it to finish"),
            "{err}"
        );
    }

    #[test]
    fn a_folder_made_for_the_lock_is_removed_when_left_empty() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        drop(take(&out, OUT_LOCK, "to out", None).unwrap());
        assert!(!out.exists());
        let kept = take(&out, OUT_LOCK, "to out", None).unwrap();
        fs::write(out.join("report.xlsx"), "x").unwrap();
        drop(kept);
        assert!(out.join("report.xlsx").exists());
        assert!(!out.join(OUT_LOCK).exists());
    }
}
