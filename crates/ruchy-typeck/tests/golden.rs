//! Data-driven tests. `types/NAME.ruchy` sits beside `NAME.types`: the inferred type of every
//! top-level binding (`name : type`), then any errors. `errors/NAME.ruchy` sits beside
//! `NAME.err`: its errors rendered exactly as `ruchy check` shows them (no colors).
//! `UPDATE_EXPECT=1 cargo test -p ruchy-typeck` rewrites the expectations.

use std::path::{Path, PathBuf};

fn check(src: &str) -> ruchy_typeck::Checked {
    let parsed = ruchy_parser::parse(src);
    assert!(
        parsed.errors.is_empty(),
        "syntax error: {:?}",
        parsed.errors
    );
    ruchy_typeck::TypeChecker::new().check(&parsed.program)
}

fn types_of(src: &str, _path: &Path) -> String {
    let checked = check(src);
    let mut out = String::new();
    for b in &checked.bindings {
        out.push_str(&format!("{} : {}\n", b.name, b.ty));
    }
    if !checked.errors.is_empty() {
        out.push_str("--- errors\n");
        let idx = ruchy_parser::LineIndex::new(src);
        for e in &checked.errors {
            let (l, c) = idx.line_col(src, e.span.start);
            out.push_str(&format!("{l}:{c}: {}\n", e.message()));
        }
    }
    out
}

fn errors_of(src: &str, path: &Path) -> String {
    let checked = check(src);
    let name = format!(
        "{}.ruchy",
        path.file_stem().and_then(|s| s.to_str()).unwrap_or("?")
    );
    checked
        .errors
        .iter()
        .map(|e| ruchy_typeck::render(e, src, &name, false))
        .collect::<Vec<_>>()
        .join("\n")
}

fn run_dir(dir: &str, ext: &str, render: fn(&str, &Path) -> String, min: usize) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(dir);
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ruchy"))
        .collect();
    entries.sort();
    let mut failures = Vec::new();
    for path in &entries {
        let src = std::fs::read_to_string(path).expect("read");
        let actual = render(&src, path);
        let expected_path = path.with_extension(ext);
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if update {
            std::fs::write(&expected_path, &actual).expect("write");
        } else if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}\n--- actual\n{actual}",
                path.display()
            ));
        }
    }
    assert!(
        entries.len() >= min,
        "only {} files in {}",
        entries.len(),
        dir.display()
    );
    assert!(
        failures.is_empty(),
        "{} golden mismatches (UPDATE_EXPECT=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn inferred_types() {
    run_dir("types", "types", types_of, 8);
}

#[test]
fn rendered_errors() {
    run_dir("errors", "err", errors_of, 8);
}
