//! The Friday spreadsheet from the real binary: a rerun gives the same bytes, and LibreOffice
//! opens and converts it headless without error.
//!
//! The LibreOffice test skips with a note when `soffice` is not installed, unless
//! `FRIDAY_REQUIRE_SOFFICE=1` (set by `.ci/run`), in which case a missing `soffice` fails.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::friday;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data")
}

/// Writes the sample report into `dir/out` and returns the XLSX path.
fn sample_report(dir: &Path, out: &str) -> PathBuf {
    let sample = sample();
    let export = sample.join("export.xlsx");
    let config = sample.join("friday.toml");
    let output = friday(
        &[
            "report",
            &export.display().to_string(),
            "-c",
            &config.display().to_string(),
            "--as-of",
            "2026-11-20",
            "-o",
            out,
        ],
        dir,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    dir.join(out).join("friday-2026-11-20.xlsx")
}

#[test]
fn rerunning_a_report_gives_a_byte_identical_spreadsheet() {
    let dir = tempfile::tempdir().unwrap();
    let first = std::fs::read(sample_report(dir.path(), "first")).unwrap();
    let second = std::fs::read(sample_report(dir.path(), "second")).unwrap();
    assert!(first == second, "the two spreadsheets differ");
}

fn soffice_available() -> bool {
    Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success())
}

#[test]
fn libreoffice_converts_the_spreadsheet_to_pdf_and_csv() {
    if !soffice_available() {
        assert!(
            std::env::var_os("FRIDAY_REQUIRE_SOFFICE").is_none_or(|v| v != "1"),
            "FRIDAY_REQUIRE_SOFFICE=1 but soffice is not installed"
        );
        eprintln!("note: soffice not found; LibreOffice conversion not checked");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let xlsx = sample_report(dir.path(), "out");
    let converted = dir.path().join("converted");
    // A private profile, so a running LibreOffice or a fresh HOME does not get in the way.
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    for target in ["pdf", "csv"] {
        let result = converted.join(format!("friday-2026-11-20.{target}"));
        // A fresh LibreOffice profile sometimes exits 0 without converting on its first
        // start; a second try then works. Three tries that write nothing fail the test.
        let mut log = String::new();
        for _ in 0..3 {
            let out = Command::new("soffice")
                .args([
                    &profile,
                    "--headless",
                    "--convert-to",
                    target,
                    "--outdir",
                    &converted.display().to_string(),
                    &xlsx.display().to_string(),
                ])
                .output()
                .expect("soffice runs");
            log.push_str(&String::from_utf8_lossy(&out.stdout));
            log.push_str(&String::from_utf8_lossy(&out.stderr));
            assert!(
                out.status.success(),
                "soffice --convert-to {target} failed: {log}"
            );
            if result.exists() {
                break;
            }
        }
        let bytes = std::fs::read(&result)
            .unwrap_or_else(|err| panic!("soffice wrote no {}: {err}\n{log}", result.display()));
        match target {
            "pdf" => assert!(bytes.starts_with(b"%PDF"), "not a PDF"),
            // The first sheet, Summary, as CSV: its title is in the first cell.
            _ => assert!(
                String::from_utf8_lossy(&bytes).contains("Friday report, as of 2026-11-20"),
                "{}",
                String::from_utf8_lossy(&bytes)
            ),
        }
    }
}
