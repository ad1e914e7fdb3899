//! Replacing an output all at once: a failed render never leaves a half-written file or site.
//!
//! Both helpers build the new output beside the old one (same folder, so the final step is a
//! rename on one file system) and only then put it in place: a file by one rename, a folder
//! by one exchange of the two names where the OS has it (Linux). Every temporary name ends in
//! [`TEMP_SUFFIX`], so what a killed run left behind is found and removed by the next run
//! ([`remove_leftovers`], called under the folder's lock).

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The end of every temporary file and folder name: `.NAME.XXXXXX.friday-tmp`.
pub(crate) const TEMP_SUFFIX: &str = ".friday-tmp";

/// The folder an output path lives in; `.` for a bare file name.
fn parent_of(path: &Path) -> &Path {
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

/// The last component of `path`, for naming temporary siblings.
fn file_name_of(path: &Path) -> Result<String> {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .with_context(|| format!("{} does not name a file or folder", path.display()))
}

/// A file written in full beside its destination, not yet in place: [`StagedFile::commit`]
/// renames it over the destination; dropping it removes it.
pub struct StagedFile {
    temp: tempfile::NamedTempFile,
    path: PathBuf,
}

impl StagedFile {
    /// Puts the file in place at its destination.
    ///
    /// # Errors
    ///
    /// Fails when the rename fails; the destination keeps its old content.
    pub fn commit(self) -> Result<PathBuf> {
        let path = self.path;
        self.temp
            .persist(&path)
            .map_err(|err| err.error)
            .with_context(|| format!("moving the new file into place at {}", path.display()))?;
        Ok(path)
    }
}

/// Lets `write` fill a temporary file in the folder of `path` and flushes it to disk, without
/// touching `path`. If `write` fails, the temporary file is removed.
///
/// # Errors
///
/// Fails when the folder does not exist or is not writable, or when `write` fails.
pub(crate) fn stage_file(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> Result<()>,
) -> Result<StagedFile> {
    let folder = parent_of(path);
    let prefix = format!(".{}.", file_name_of(path)?);
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like a file made by `fs::write` (the umask still applies), not tempfile's 0600.
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut temp = builder.tempfile_in(folder).with_context(|| {
        format!(
            "writing {}: creating a temporary file in {}",
            path.display(),
            folder.display()
        )
    })?;
    write(temp.as_file_mut())?;
    temp.as_file_mut()
        .flush()
        .and_then(|()| temp.as_file().sync_all())
        .with_context(|| format!("writing {}", temp.path().display()))?;
    Ok(StagedFile {
        temp,
        path: path.to_path_buf(),
    })
}

/// Writes `path` by letting `write` fill a temporary file in the same folder, then renaming
/// it over `path`. If `write` (or anything else) fails, `path` keeps its old content.
///
/// # Errors
///
/// Fails when the folder does not exist or is not writable, when `write` fails, or when the
/// rename fails.
pub(crate) fn replace_file(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> Result<()>,
) -> Result<()> {
    stage_file(path, write)?.commit().map(|_| ())
}

/// A folder built in full beside its destination, not yet in place: [`StagedDir::commit`]
/// swaps it in; dropping it removes it.
pub(crate) struct StagedDir {
    new: tempfile::TempDir,
    dir: PathBuf,
}

/// Lets `build` fill a temporary folder beside `dir`, without touching `dir`. If `build`
/// fails, the temporary folder is removed. The parent of `dir` must exist; `dir` need not.
///
/// # Errors
///
/// Fails when the parent folder is missing or not writable, or when `build` fails.
pub(crate) fn stage_dir(dir: &Path, build: impl FnOnce(&Path) -> Result<()>) -> Result<StagedDir> {
    let parent = parent_of(dir);
    let name = file_name_of(dir)?;
    let new = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMP_SUFFIX)
        .tempdir_in(parent)
        .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
    build(new.path())?;
    Ok(StagedDir {
        new,
        dir: dir.to_path_buf(),
    })
}

impl StagedDir {
    /// Puts the new folder in place and removes the old one. Where the OS can swap two names
    /// in one step (Linux), the folder is at every moment either the old one or the new one;
    /// elsewhere the old one is renamed away and the new one in.
    ///
    /// # Errors
    ///
    /// Fails when a rename fails, in which case the old folder is put back where possible.
    pub(crate) fn commit(self) -> Result<PathBuf> {
        let StagedDir { new, dir } = self;
        let parent = parent_of(&dir);
        let name = file_name_of(&dir)?;
        let had_old = dir
            .try_exists()
            .with_context(|| format!("looking for {}", dir.display()))?;
        if had_old
            && exchange(new.path(), &dir).with_context(|| {
                format!(
                    "swapping the new {} in from {}",
                    dir.display(),
                    new.path().display()
                )
            })?
        {
            crate::stop::at("site-swapped");
            // The temporary name now holds the old folder.
            new.close()
                .with_context(|| format!("removing the old {}", dir.display()))?;
            return Ok(dir);
        }
        // A holder folder gives the old site a unique name to be renamed to.
        let holder = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
            .suffix(TEMP_SUFFIX)
            .tempdir_in(parent)
            .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
        let old: PathBuf = holder.path().join(&name);
        if had_old {
            fs::rename(&dir, &old).with_context(|| {
                format!(
                    "moving the old {} aside to {}",
                    dir.display(),
                    old.display()
                )
            })?;
        }
        if let Err(err) = fs::rename(new.path(), &dir) {
            if had_old {
                // Best effort: put the old site back; the error below is what matters.
                let _ = fs::rename(&old, &dir);
            }
            return Err(err).with_context(|| {
                format!(
                    "moving the new {} into place from {}",
                    dir.display(),
                    new.path().display()
                )
            });
        }
        // The new folder now lives at `dir`: make sure dropping `new` does not try to remove it.
        let _ = new.keep();
        holder
            .close()
            .with_context(|| format!("removing the old {}", old.display()))?;
        Ok(dir)
    }
}

/// Swaps the names of the folders `new` and `dir` (both exist) in one step: `Ok(true)` when
/// done, `Ok(false)` when the OS or the file system cannot (then nothing happened).
#[cfg(target_os = "linux")]
fn exchange(new: &Path, dir: &Path) -> std::io::Result<bool> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let new = CString::new(new.as_os_str().as_bytes())?;
    let dir = CString::new(dir.as_os_str().as_bytes())?;
    // SAFETY: both are NUL-terminated paths that live through the call.
    let status = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            new.as_ptr(),
            libc::AT_FDCWD,
            dir.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if status == 0 {
        return Ok(true);
    }
    let err = std::io::Error::last_os_error();
    match err.raw_os_error() {
        // Kernels before 3.15 and file systems without the exchange.
        Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP) => Ok(false),
        _ => Err(err),
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_new: &Path, _dir: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// Whether `name` (of an entry of an output or history folder) is a temporary name of this
/// run's kind: `.NAME.XXXXXX.friday-tmp`, or the names earlier versions used (`.site.new-*`,
/// `.site.old-*`, `.friday-*.tmp`, and `.snapshot-*.tmp` and `.headline-*.tmp` in a history
/// folder).
fn is_leftover(name: &str) -> bool {
    name.starts_with('.')
        && (name.ends_with(TEMP_SUFFIX)
            || name.starts_with(".site.new-")
            || name.starts_with(".site.old-")
            || (name.ends_with(".tmp")
                && [".friday-", ".snapshot-", ".headline-"]
                    .iter()
                    .any(|prefix| name.starts_with(prefix))))
}

/// Removes the temporary files and folders that runs which did not finish left in `dir`, and
/// returns their paths. Only to be called while holding the folder's lock: then no run that
/// is still going can own them.
///
/// # Errors
/// A folder that cannot be listed, or a leftover that cannot be removed.
pub(crate) fn remove_leftovers(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut removed = Vec::new();
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(removed),
        Err(err) => return Err(err).with_context(|| format!("listing {}", dir.display())),
    };
    for entry in entries {
        let entry = entry.with_context(|| format!("listing {}", dir.display()))?;
        let Some(name) = entry.file_name().to_str().map(str::to_string) else {
            continue;
        };
        if !is_leftover(&name) {
            continue;
        }
        let path = entry.path();
        let is_dir = entry.file_type().is_ok_and(|kind| kind.is_dir());
        if is_dir {
            fs::remove_dir_all(&path)
        } else {
            fs::remove_file(&path)
        }
        .with_context(|| {
            format!(
                "removing {}, left by a run that did not finish",
                path.display()
            )
        })?;
        removed.push(path);
    }
    removed.sort();
    Ok(removed)
}

/// Fails unless a file can be created in `dir`, by creating (and removing) one.
///
/// # Errors
/// A folder this process cannot write to, or one on a read-only file system.
pub(crate) fn check_writable(dir: &Path) -> Result<()> {
    tempfile::Builder::new()
        .prefix(".friday.")
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)
        .and_then(tempfile::NamedTempFile::close)
        .with_context(|| format!("{} cannot be written to", dir.display()))
}

/// Writes `bytes` to `path` through a temporary file in the same folder, renamed into place.
///
/// # Errors
/// When the folder is missing or not writable.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    replace_file(path, |file| {
        file.write_all(bytes)
            .with_context(|| format!("writing {}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn replace_dir_for_test(dir: &Path, build: impl FnOnce(&Path) -> Result<()>) -> Result<()> {
        stage_dir(dir, build)?.commit().map(|_| ())
    }

    fn entries(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn replace_file_keeps_old_file_and_leaves_no_temp_when_writer_fails() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("out.xlsx");
        fs::write(&path, "old").unwrap();
        let err = replace_file(&path, |file| {
            file.write_all(b"half")?;
            anyhow::bail!("boom")
        })
        .unwrap_err();
        assert_eq!(format!("{err:#}"), "boom");
        assert_eq!(fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(entries(folder.path()), vec!["out.xlsx"]);
    }

    #[test]
    fn replace_file_replaces_content() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("out.xlsx");
        fs::write(&path, "old").unwrap();
        replace_file(&path, |file| Ok(file.write_all(b"new")?)).unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(entries(folder.path()), vec!["out.xlsx"]);
    }

    #[test]
    fn replace_dir_keeps_old_site_and_leaves_no_temp_when_build_fails() {
        let folder = tempfile::tempdir().unwrap();
        let site = folder.path().join("site");
        fs::create_dir(&site).unwrap();
        fs::write(site.join("index.html"), "old").unwrap();
        let err = replace_dir_for_test(&site, |new| {
            fs::write(new.join("index.html"), "half")?;
            anyhow::bail!("boom")
        })
        .unwrap_err();
        assert_eq!(format!("{err:#}"), "boom");
        assert_eq!(fs::read_to_string(site.join("index.html")).unwrap(), "old");
        assert_eq!(entries(folder.path()), vec!["site"]);
    }

    #[test]
    fn replace_dir_swaps_whole_folder_and_removes_old() {
        let folder = tempfile::tempdir().unwrap();
        let site = folder.path().join("site");
        fs::create_dir(&site).unwrap();
        fs::write(site.join("index.html"), "old").unwrap();
        fs::write(site.join("stale.html"), "stale").unwrap();
        replace_dir_for_test(&site, |new| Ok(fs::write(new.join("index.html"), "new")?)).unwrap();
        assert_eq!(fs::read_to_string(site.join("index.html")).unwrap(), "new");
        assert_eq!(entries(&site), vec!["index.html"]);
        assert_eq!(entries(folder.path()), vec!["site"]);
    }

    #[test]
    fn replace_dir_creates_missing_folder() {
        let folder = tempfile::tempdir().unwrap();
        let site = folder.path().join("site");
        replace_dir_for_test(&site, |new| Ok(fs::write(new.join("index.html"), "new")?)).unwrap();
        assert_eq!(fs::read_to_string(site.join("index.html")).unwrap(), "new");
        assert_eq!(entries(folder.path()), vec!["site"]);
    }

    #[test]
    fn replace_dir_errors_when_parent_is_missing() {
        let folder = tempfile::tempdir().unwrap();
        let site = folder.path().join("missing").join("site");
        let err = replace_dir_for_test(&site, |_| Ok(())).unwrap_err();
        let message = format!("{err:#}");
        assert!(
            message.starts_with(&format!(
                "creating a temporary folder in {}",
                folder.path().join("missing").display()
            )),
            "{message}"
        );
    }
}
