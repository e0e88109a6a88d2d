//! Data-driven parser tests: each `golden/NAME.ruchy` sits beside `NAME.ast`, the expected
//! tree dump followed by any errors. `UPDATE_EXPECT=1 cargo test` rewrites the expectations.

use std::path::PathBuf;

fn render(src: &str) -> String {
    let r = ruchy_parser::parse(src);
    let mut out = ruchy_parser::dump::dump_program(&r.program);
    if !r.errors.is_empty() {
        out.push_str("--- errors\n");
        let idx = ruchy_parser::LineIndex::new(src);
        for e in &r.errors {
            let (l, c) = idx.line_col(src, e.span.start);
            let inc = if e.incomplete { " (incomplete)" } else { "" };
            out.push_str(&format!("{l}:{c}: {}{inc}\n", e.message));
        }
    }
    out
}

#[test]
fn golden_dumps() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for path in entries {
        if path.extension().is_none_or(|e| e != "ruchy") {
            continue;
        }
        count += 1;
        let src = std::fs::read_to_string(&path).expect("read");
        let actual = render(&src);
        let expected_path = path.with_extension("ast");
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
    assert!(count >= 20, "only {count} golden files");
    assert!(
        failures.is_empty(),
        "{} golden mismatches (UPDATE_EXPECT=1 to accept):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
