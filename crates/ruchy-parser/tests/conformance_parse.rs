//! Every conformance program parses without errors, except the syntax-error cases.

use std::path::PathBuf;

fn case_dirs() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut dirs = vec![root.join("tests/conformance")];
    let shared = root.join("../shared/conformance");
    if shared.is_dir() {
        dirs.push(shared);
    }
    dirs
}

#[test]
fn conformance_programs_parse() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for dir in case_dirs() {
        for entry in std::fs::read_dir(&dir).expect("conformance dir") {
            let path = entry.expect("entry").path();
            if path.extension().is_none_or(|e| e != "ruchy") {
                continue;
            }
            let src = std::fs::read_to_string(&path).expect("read");
            let result = ruchy_parser::parse(&src);
            let err_file = path.with_extension("err");
            let expects_syntax_error =
                std::fs::read_to_string(&err_file).is_ok_and(|e| e.contains("Syntax error"));
            if expects_syntax_error {
                if result.errors.is_empty() {
                    failures.push(format!("{} should fail to parse", path.display()));
                }
            } else if let Some(e) = result.errors.first() {
                failures.push(format!("{}: {}", path.display(), e.headline(&src)));
            }
            checked += 1;
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(checked >= 240, "only {checked} cases found");
}
