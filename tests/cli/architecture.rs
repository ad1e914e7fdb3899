//! The module boundaries ARCHITECTURE.md describes, checked on the source: no import cycle
//! between top-level modules, and the Report a leaf.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its non-test source names as `crate::x`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut tops = BTreeSet::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name != "lib" && name != "main" {
            tops.insert(name);
        }
    }
    let mut edges: BTreeMap<String, BTreeSet<String>> =
        tops.iter().map(|t| (t.clone(), BTreeSet::new())).collect();
    let mut stack = vec![src.clone()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path.strip_prefix(&src).unwrap();
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            // Tests may reach anywhere.
            if parts.iter().any(|p| p.starts_with("tests")) {
                continue;
            }
            let top = parts[0].trim_end_matches(".rs").to_string();
            if !tops.contains(&top) {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let text = text.split("#[cfg(test)]").next().unwrap();
            for (at, _) in text.match_indices("crate::") {
                let rest = &text[at + 7..];
                let mut named = Vec::new();
                if let Some(group) = rest.strip_prefix('{') {
                    let group = &group[..group.find('}').unwrap_or(group.len())];
                    named.extend(group.split(',').map(|part| {
                        part.trim()
                            .split(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                            .next()
                            .unwrap_or("")
                            .to_string()
                    }));
                } else {
                    let end = rest
                        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_')
                        .unwrap_or(rest.len());
                    named.push(rest[..end].to_string());
                }
                for module in named {
                    if tops.contains(&module) && module != top {
                        edges.get_mut(&top).unwrap().insert(module);
                    }
                }
            }
        }
    }
    edges
}

#[test]
fn top_level_modules_import_each_other_without_cycles() {
    let edges = imports();
    // Depth-first search for a path back to the start from each module.
    let mut cycles = Vec::new();
    for start in edges.keys() {
        let mut stack: Vec<Vec<&String>> = vec![vec![start]];
        let mut seen = BTreeSet::new();
        while let Some(path) = stack.pop() {
            for next in &edges[*path.last().unwrap()] {
                if next == start {
                    let names: Vec<&str> = path.iter().map(|s| s.as_str()).collect();
                    cycles.push(format!("{} -> {start}", names.join(" -> ")));
                } else if seen.insert(next) {
                    let mut longer = path.clone();
                    longer.push(next);
                    stack.push(longer);
                }
            }
        }
    }
    assert!(cycles.is_empty(), "import cycles: {cycles:#?}\n{edges:#?}");
    // The Report is a leaf; the settings and the vocabulary below everything.
    for leaf in ["report", "schema", "time", "cli"] {
        assert!(edges[leaf].is_empty(), "{leaf} imports {:?}", edges[leaf]);
    }
    assert_eq!(
        edges["config"].iter().collect::<Vec<_>>(),
        ["schema"],
        "config imports"
    );
    // A renderer reads the Report (and the settings it was given), never the tables or
    // the computation behind it.
    assert_eq!(
        edges["render"].iter().collect::<Vec<_>>(),
        ["atomic", "config", "report"],
        "render imports"
    );
}
