//! An input that changes while it is read (a CRM download still being written, an export
//! copied over it): each file's size, modification time and identity are noted before the
//! read and compared after it, and a difference is an error naming the file.

use anyhow::{Result, bail};
use std::fs;
use std::path::Path;
use std::time::SystemTime;

/// What a regular file looked like: enough to tell that it was written to or replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// Device and inode on Unix: a file renamed over the path is another file.
    identity: (u64, u64),
}

impl Stamp {
    /// The stamp of the regular file at `path`; `None` for a path that cannot be looked at
    /// (the read says why) or is not a regular file.
    #[must_use]
    pub(crate) fn of(path: &Path) -> Option<Stamp> {
        let meta = fs::metadata(path).ok().filter(fs::Metadata::is_file)?;
        #[cfg(unix)]
        let identity = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let identity = (0, 0);
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            identity,
        })
    }
}

/// Fails naming the file at `path` when its stamp is no longer `before`.
///
/// # Errors
/// The file grew or shrank, was modified, was replaced or is gone since `before` was taken.
pub(crate) fn check_unchanged(path: &Path, before: &Stamp) -> Result<()> {
    let Some(after) = Stamp::of(path) else {
        bail!(
            "{}: the file was removed while it was read; nothing was written",
            path.display()
        );
    };
    if after == *before {
        return Ok(());
    }
    let what = if after.identity != before.identity {
        "was replaced by another file".to_string()
    } else if after.len != before.len {
        format!("went from {} to {} bytes", before.len, after.len)
    } else {
        "was modified".to_string()
    };
    bail!(
        "{}: the file changed while it was read (it {what}); if it is still being downloaded or exported, run again once it is complete. Nothing was written",
        path.display()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_that_grows_replaced_or_removed_after_its_stamp_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("leads.csv");
        fs::write(&path, "Lead ID\nL1\n").unwrap();
        let before = Stamp::of(&path).unwrap();
        check_unchanged(&path, &before).unwrap();
        fs::write(&path, "Lead ID\nL1\nL2\n").unwrap();
        let err = check_unchanged(&path, &before).unwrap_err().to_string();
        assert_eq!(
            err,
            format!(
                "{}: the file changed while it was read (it went from 11 to 14 bytes); if it is still being downloaded or exported, run again once it is complete. Nothing was written",
                path.display()
            )
        );
        let before = Stamp::of(&path).unwrap();
        let other = dir.path().join("new.csv");
        fs::write(&other, "Lead ID\nL1\nL3\n").unwrap();
        fs::rename(&other, &path).unwrap();
        let err = check_unchanged(&path, &before).unwrap_err().to_string();
        assert!(err.contains("(it was replaced by another file)"), "{err}");
        fs::remove_file(&path).unwrap();
        let err = check_unchanged(&path, &before).unwrap_err().to_string();
        assert!(
            err.contains("the file was removed while it was read"),
            "{err}"
        );
    }

    #[test]
    fn what_is_not_a_regular_file_has_no_stamp() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Stamp::of(dir.path()), None);
        assert_eq!(Stamp::of(&dir.path().join("missing.csv")), None);
    }
}
