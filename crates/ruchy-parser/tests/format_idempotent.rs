//! `format_source` over every program of the repository: it succeeds, keeps the tree and is idempotent.

use ruchy_parser::format::{format_source, span_free_tree};
use std::path::{Path, PathBuf};

fn ruchy_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut files = Vec::new();
    for dir in ["tests/conformance", "tests/cases", "examples"] {
        let Ok(rd) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "ruchy") {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_program_formats_to_the_same_tree_and_is_idempotent() {
    let mut failures = Vec::new();
    let mut formatted = 0;
    for path in ruchy_files() {
        let src = std::fs::read_to_string(&path).expect("readable test file");
        if !ruchy_parser::parse(&src).errors.is_empty() {
            // syntax-error cases must be refused
            if format_source(&src).is_ok() {
                failures.push(format!(
                    "{}: formatted despite syntax errors",
                    path.display()
                ));
            }
            continue;
        }
        match format_source(&src) {
            Ok(once) => {
                formatted += 1;
                if span_free_tree(&once) != span_free_tree(&src) {
                    failures.push(format!("{}: tree changed", path.display()));
                }
                match format_source(&once) {
                    Ok(twice) if twice == once => {}
                    Ok(_) => failures.push(format!("{}: not idempotent", path.display())),
                    Err(e) => failures.push(format!("{}: second pass {e:?}", path.display())),
                }
            }
            Err(e) => failures.push(format!("{}: {e:?}", path.display())),
        }
    }
    assert!(formatted > 100, "only {formatted} files formatted");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
