//! One run at a time per output folder, and what a run leaves: a second run stops with exit 4
//! (or waits, `--wait`), leftovers of runs that did not finish are removed, an input that
//! changes while it is read stops the run, outputs take the umask's mode, and an output folder
//! that cannot be written to fails before any input is read. The crash test is `crash.rs`.

use super::bad_inputs::{EARLIER_SITE, EARLIER_XLSX};
use super::held::Held;
use super::{fixture, friday, stderr};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every file and folder under `dir`, hidden ones included, relative and sorted; folders end
/// in `/`.
pub fn listing(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            if path.is_dir() {
                names.push(format!("{relative}/"));
                stack.push(path);
            } else {
                names.push(relative);
            }
        }
    }
    names.sort();
    names
}

/// A folder with the hand-checked export and an earlier report in `out/`: a workbook and a
/// site page with known bytes.
fn folder_with_an_earlier_report() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    std::fs::create_dir_all(dir.path().join("out/site")).unwrap();
    std::fs::write(dir.path().join("out/friday-2026-11-20.xlsx"), EARLIER_XLSX).unwrap();
    std::fs::write(dir.path().join("out/site/index.html"), EARLIER_SITE).unwrap();
    dir
}

fn assert_earlier_report_untouched(out: &Path) {
    assert_eq!(
        std::fs::read(out.join("friday-2026-11-20.xlsx")).unwrap(),
        EARLIER_XLSX
    );
    assert_eq!(
        std::fs::read(out.join("site/index.html")).unwrap(),
        EARLIER_SITE
    );
    assert_eq!(
        listing(out),
        ["friday-2026-11-20.xlsx", "site/", "site/index.html"]
    );
}

#[test]
fn a_second_run_into_a_busy_folder_stops_with_exit_4_naming_the_first_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    let first_args = [
        "report",
        "export.xlsx",
        "--as-of",
        "2026-11-20",
        "-o",
        "out",
    ];
    // The first run is held once it has read its input.
    let mut first = Held::start(&first_args, dir.path(), Some("read"));
    first.stopped();
    let second = friday(
        &[
            "report",
            "export.xlsx",
            "--as-of",
            "2026-11-27",
            "-o",
            "out",
            "--json",
            "out/second.json",
        ],
        dir.path(),
    );
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(4), "{err}");
    assert!(
        err.starts_with(&format!(
            "error: another friday run is writing to out (pid {} on ",
            first.id()
        )),
        "{err}"
    );
    assert!(
        err.ends_with(": friday report export.xlsx --as-of 2026-11-20 -o out); try again when it has finished, or pass --wait SECONDS to wait for it\n"),
        "{err}"
    );
    assert!(first.running(), "the first run ended before the second");
    let first = first.resume();
    assert!(first.status.success(), "{}", stderr(&first));
    // The folder holds the first run's report and nothing of the second's.
    let files = listing(&dir.path().join("out"));
    assert!(files.contains(&"friday-2026-11-20.xlsx".to_string()));
    assert!(
        files
            .iter()
            .all(|f| !f.contains("2026-11-27") && !f.contains("second") && !f.starts_with('.')),
        "{files:?}"
    );
}

#[test]
fn with_wait_a_second_run_waits_for_the_first_or_gives_up_after_the_time_given() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    let args = |as_of: &'static str, wait: &'static str| {
        [
            "report",
            "export.xlsx",
            "--as-of",
            as_of,
            "-o",
            "out",
            "--wait",
            wait,
        ]
    };
    let mut first = Held::start(&args("2026-11-20", "0"), dir.path(), Some("read"));
    first.stopped();
    let mut second = Held::start(&args("2026-11-27", "600"), dir.path(), None);
    std::thread::sleep(std::time::Duration::from_millis(500));
    assert!(second.running(), "the second run did not wait");
    let first = first.resume();
    assert!(first.status.success(), "{}", stderr(&first));
    let second = second.resume();
    assert!(second.status.success(), "{}", stderr(&second));
    let out = dir.path().join("out");
    assert!(out.join("friday-2026-11-20.xlsx").exists());
    assert!(out.join("friday-2026-11-27.xlsx").exists());
    assert!(out.join("history/snapshot-2026-11-27.parquet").exists());

    // Held longer than the wait: the second gives up, says how long it waited, exits 4.
    let mut first = Held::start(&args("2026-12-04", "0"), dir.path(), Some("read"));
    first.stopped();
    let start = std::time::Instant::now();
    let second = friday(&args("2026-12-11", "1"), dir.path());
    let err = stderr(&second);
    assert_eq!(second.status.code(), Some(4), "{err}");
    assert!(start.elapsed() >= std::time::Duration::from_secs(1));
    assert!(
        err.ends_with(" -o out --wait 0); waited 1 s for it to finish\n"),
        "{err}"
    );
    assert!(first.resume().status.success());
    assert!(!out.join("friday-2026-12-11.xlsx").exists());
}

/// The hidden entries of `out` and `out/history` (as "history/NAME"), folders ending in `/`.
fn hidden(out: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for (folder, prefix) in [(out.to_path_buf(), ""), (out.join("history"), "history/")] {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') {
                let slash = if entry.path().is_dir() { "/" } else { "" };
                names.push(format!("{prefix}{name}{slash}"));
            }
        }
    }
    names.sort();
    names
}

#[test]
fn what_runs_that_did_not_finish_left_behind_is_removed_with_one_line() {
    let dir = folder_with_an_earlier_report();
    let out = dir.path().join("out");
    // What friday 0.1 left when killed: a temporary workbook, the new site being built, the
    // old site moved aside, and a temporary history snapshot.
    std::fs::write(out.join(".friday-2026-11-20.xlsx.Ab12Cd.tmp"), "half").unwrap();
    std::fs::create_dir_all(out.join(".site.new-Xy34Zw/reps")).unwrap();
    std::fs::write(out.join(".site.new-Xy34Zw/reps/a.html"), "half").unwrap();
    std::fs::create_dir_all(out.join(".site.old-Qr56St/site")).unwrap();
    std::fs::write(out.join(".site.old-Qr56St/site/index.html"), "old").unwrap();
    std::fs::create_dir_all(out.join("history")).unwrap();
    std::fs::write(
        out.join("history/.snapshot-2026-11-20.parquet.Uv78Wx.tmp"),
        "half",
    )
    .unwrap();
    // Not friday's: kept.
    std::fs::write(out.join(".keep"), "").unwrap();
    std::fs::write(out.join("notes.tmp"), "mine").unwrap();
    let args = [
        "report",
        "export.xlsx",
        "--as-of",
        "2026-11-20",
        "-o",
        "out",
    ];
    let run = friday(&args, dir.path());
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    assert_eq!(
        err,
        "removed what a run that did not finish left behind: out/.friday-2026-11-20.xlsx.Ab12Cd.tmp, out/.site.new-Xy34Zw, out/.site.old-Qr56St, out/history/.snapshot-2026-11-20.parquet.Uv78Wx.tmp\n"
    );
    assert_eq!(hidden(&out), [".keep"]);
    assert!(out.join("notes.tmp").exists());

    // A run killed once its outputs are staged leaves them under temporary names; the next
    // run removes them, and a run after that has nothing to remove.
    let mut killed = Held::start(&args, dir.path(), Some("rendered"));
    assert!(killed.stopped(), "the run did not stop once rendered");
    killed.kill();
    // Its locks stay too (the OS released them with the process): the next run takes them
    // over, and removes them when it is done.
    let left: Vec<String> = hidden(&out)
        .into_iter()
        .filter(|f| ![".keep", ".friday.lock", "history/.lock"].contains(&f.as_str()))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");
    assert!(
        left[0].starts_with(".friday-2026-11-20.xlsx.") && left[0].ends_with(".friday-tmp"),
        "{left:?}"
    );
    assert!(
        left[1].starts_with(".site.") && left[1].ends_with(".friday-tmp/"),
        "{left:?}"
    );
    let run = friday(&args, dir.path());
    let err = stderr(&run);
    assert!(run.status.success(), "{err}");
    let named: Vec<String> = left
        .iter()
        .map(|f| format!("out/{}", f.trim_end_matches('/')))
        .collect();
    assert_eq!(
        err,
        format!(
            "removed what a run that did not finish left behind: {}\n",
            named.join(", ")
        )
    );
    assert_eq!(hidden(&out), [".keep"]);
    let run = friday(&args, dir.path());
    assert_eq!(stderr(&run), "");
}

#[test]
fn an_input_that_changes_while_it_is_read_is_an_error_naming_it_and_nothing_is_written() {
    let dir = folder_with_an_earlier_report();
    let leads = fixture::write_csv(&fixture::export(), dir.path());
    let names: Vec<String> = leads
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["report"];
    args.extend(names.iter().map(String::as_str));
    args.extend(["--as-of", "2026-11-20", "-o", "out"]);
    // Held once the files are read; meanwhile the download of the first one goes on.
    let mut run = Held::start(&args, dir.path(), Some("read"));
    run.stopped();
    let line: &[u8] =
        b"L7,Gil Ives,Eta,gil@eta.com,Web,Trial Download,Alice,2026-11-20 11:00:00,New\n";
    let before = std::fs::metadata(&leads[0]).unwrap().len();
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&leads[0])
        .unwrap();
    std::io::Write::write_all(&mut file, line).unwrap();
    drop(file);
    let after = before + line.len() as u64;
    let out = run.resume();
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert_eq!(
        err,
        format!(
            "error: {}: the file changed while it was read (it went from {before} to {after} bytes); if it is still being downloaded or exported, run again once it is complete. Nothing was written\n",
            names[0]
        )
    );
    assert_earlier_report_untouched(&dir.path().join("out"));
}

/// The mode of `path`, permission bits only, in octal.
fn mode(path: &Path) -> String {
    let mode = std::fs::metadata(path)
        .unwrap_or_else(|err| panic!("{}: {err}", path.display()))
        .permissions()
        .mode();
    format!("{:03o}", mode & 0o777)
}

#[test]
fn every_output_takes_the_mode_the_umask_gives() {
    let dir = tempfile::tempdir().unwrap();
    fixture::write_xlsx(&fixture::export(), &dir.path().join("export.xlsx"));
    for umask in [0o022, 0o077, 0o002] {
        let out = format!("out-{umask:03o}");
        let run = Command::new("sh")
            .arg("-c")
            .arg(format!("umask {umask:03o} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_friday"))
            .args([
                "report",
                "export.xlsx",
                "--as-of",
                "2026-11-20",
                "-o",
                &out,
                "--single-file",
                "--json",
                &format!("{out}/report.json"),
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(run.status.success(), "{}", stderr(&run));
        let out = dir.path().join(out);
        let files = [
            "friday-2026-11-20.xlsx",
            "friday-2026-11-20.html",
            "report.json",
            "site/index.html",
            "site/style.css",
            "history/snapshot-2026-11-20.parquet",
            "history/headline-2026-11-20.json",
        ];
        let folders = ["", "site", "site/reps", "history"];
        let mut seen: Vec<(String, String)> = files
            .iter()
            .chain(&folders)
            .map(|name| ((*name).to_string(), mode(&out.join(name))))
            .collect();
        // A file of every kind in the site too (pages of a rep, a source).
        for folder in ["site/reps", "site/sources"] {
            for entry in std::fs::read_dir(out.join(folder)).unwrap() {
                let path = entry.unwrap().path();
                let name = path.strip_prefix(&out).unwrap().display().to_string();
                seen.push((name, mode(&path)));
            }
        }
        let expected: Vec<(String, String)> = seen
            .iter()
            .map(|(name, _)| {
                let full = if out.join(name).is_dir() {
                    0o777
                } else {
                    0o666
                };
                (name.clone(), format!("{:03o}", full & !umask))
            })
            .collect();
        assert_eq!(seen, expected, "umask {umask:03o}");
    }
}

/// A report into `out` of an input that does not exist: a run that reads it fails on it.
const REPORT_OF_A_MISSING_INPUT: [&str; 6] = [
    "report",
    "missing.csv",
    "--as-of",
    "2026-11-20",
    "-o",
    "out",
];

/// `run` failed with exit 2 on taking the lock in `out` for `cause`, before reading its input.
fn assert_fails_before_reading(run: &std::process::Output, cause: &str) {
    let err = stderr(run);
    assert_eq!(run.status.code(), Some(2), "{err}");
    assert!(
        err.starts_with(&format!("error: creating out/.friday.lock: {cause}")),
        "{err}"
    );
    assert!(!err.contains("missing.csv"), "{err}");
}

/// An output folder this user cannot write to: a folder of the user's with mode 555. As root
/// the mode does not stop writes, so the run goes as the unprivileged user 65534 (util-linux
/// `setpriv`), owning the folder, from a hard link of the binary it can reach.
#[test]
fn a_read_only_output_folder_fails_before_the_inputs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = root.join("out");
    std::fs::create_dir(&out).unwrap();
    // SAFETY: geteuid has no preconditions.
    let as_root = unsafe { libc::geteuid() } == 0;
    let mut command = if as_root {
        let binary = root.join("friday");
        if std::fs::hard_link(env!("CARGO_BIN_EXE_friday"), &binary).is_err() {
            std::fs::copy(env!("CARGO_BIN_EXE_friday"), &binary).unwrap();
        }
        std::os::unix::fs::chown(&out, Some(65534), Some(65534)).unwrap();
        let mut command = Command::new("setpriv");
        command
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&binary);
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_friday"))
    };
    std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o555)).unwrap();
    let run = command
        .args(REPORT_OF_A_MISSING_INPUT)
        .current_dir(root)
        .output()
        .expect("setpriv (util-linux) runs");
    assert_fails_before_reading(&run, "Permission denied");
    assert_eq!(listing(&out), Vec::<String>::new());
}

/// The same on a file system mounted read-only, which stops root too. Mounting needs root
/// with CAP_SYS_ADMIN, which this machine and its CI have; elsewhere the test says so and
/// checks nothing (the folder of mode 555 above is checked everywhere).
#[test]
fn an_output_folder_on_a_read_only_mount_fails_before_the_inputs_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "ro,size=64k", "tmpfs"])
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("note: cannot mount a tmpfs here; the read-only mount is not checked");
        return;
    }
    let run = friday(&REPORT_OF_A_MISSING_INPUT, dir.path());
    let _ = Command::new("umount").arg(&out).status();
    assert_fails_before_reading(&run, "Read-only file system");
}
