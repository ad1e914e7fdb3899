//! Replacing an output all at once: a failed render never leaves a half-written file or site.
//!
//! Both helpers build the new output beside the old one (same folder, so the final step is a
//! rename on one file system) and only then put it in place.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

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
    builder.prefix(&prefix).suffix(".tmp");
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
        .prefix(&format!(".{name}.new-"))
        .tempdir_in(parent)
        .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
    build(new.path())?;
    Ok(StagedDir {
        new,
        dir: dir.to_path_buf(),
    })
}

impl StagedDir {
    /// Renames the old folder away, the new one in, and removes the old one.
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
        // A holder folder gives the old site a unique name to be renamed to.
        let holder = tempfile::Builder::new()
            .prefix(&format!(".{name}.old-"))
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
