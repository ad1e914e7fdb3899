//! The one snapshot mechanism of the tests: a golden file or folder under `tests/golden/`,
//! compared byte for byte; `FRIDAY_BLESS=1 cargo test` rewrites the goldens on purpose (any
//! other value, or none, compares).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Whether this run rewrites the goldens: `FRIDAY_BLESS=1`.
pub fn bless() -> bool {
    std::env::var("FRIDAY_BLESS").is_ok_and(|v| v == "1")
}

/// `tests/golden/<name>`.
pub fn path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

/// Compares `actual` with the golden file `name`, or rewrites it when blessing.
pub fn assert_file(name: &str, actual: &[u8]) {
    let golden = path(name);
    if bless() {
        fs::create_dir_all(golden.parent().unwrap()).unwrap();
        fs::write(&golden, actual).unwrap();
        return;
    }
    let expected = fs::read(&golden).unwrap_or_default();
    assert_same(name, actual, &expected);
}

/// Compares a tree of files (relative '/'-separated path → bytes) with the golden folder
/// `name`, or rewrites the folder when blessing.
pub fn assert_tree(name: &str, actual: &BTreeMap<String, Vec<u8>>) {
    let golden = path(name);
    if bless() {
        if golden.exists() {
            fs::remove_dir_all(&golden).unwrap();
        }
        for (file, bytes) in actual {
            let path = golden.join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, bytes).unwrap();
        }
        return;
    }
    let expected = tree(&golden);
    assert_eq!(
        actual.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "the files differ from tests/golden/{name} (FRIDAY_BLESS=1 rewrites it)"
    );
    for (file, bytes) in actual {
        assert_same(&format!("{name}/{file}"), bytes, &expected[file]);
    }
}

fn assert_same(name: &str, actual: &[u8], expected: &[u8]) {
    if actual == expected {
        return;
    }
    let got = String::from_utf8_lossy(actual);
    let want = String::from_utf8_lossy(expected);
    let line = got
        .lines()
        .zip(want.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| got.lines().count().min(want.lines().count()));
    panic!(
        "{name} differs from tests/golden/{name} at line {} (FRIDAY_BLESS=1 rewrites it):\n got: {}\nwant: {}",
        line + 1,
        got.lines().nth(line).unwrap_or("(end)"),
        want.lines().nth(line).unwrap_or("(end)")
    );
}

/// Every file under `root`, by '/'-separated relative path.
pub fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, files: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let relative = path.strip_prefix(root).unwrap();
                let name: Vec<String> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                files.insert(name.join("/"), fs::read(&path).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    if root.is_dir() {
        walk(root, root, &mut files);
    }
    files
}
