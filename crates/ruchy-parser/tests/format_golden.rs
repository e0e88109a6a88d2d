//! Golden formatter tests: each `format_golden/NAME.ruchy` sits beside `NAME.fmt`, its
//! canonical form. `UPDATE_EXPECT=1 cargo test` rewrites the expectations.

use ruchy_parser::format::{format_source, FormatError};
use std::path::PathBuf;

#[test]
fn golden_formatting() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/format_golden");
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("format_golden dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "ruchy"))
        .collect();
    entries.sort();
    assert!(entries.len() >= 7);
    let mut failures = Vec::new();
    for path in entries {
        let src = std::fs::read_to_string(&path).expect("read");
        let actual = match format_source(&src) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: {e:?}", path.display()));
                continue;
            }
        };
        let expected_path = path.with_extension("fmt");
        if update {
            std::fs::write(&expected_path, &actual).expect("write");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}\n--- expected\n{expected}--- actual\n{actual}",
                path.display()
            ));
        }
        match format_source(&actual) {
            Ok(again) if again == actual => {}
            _ => failures.push(format!("{}: not idempotent", path.display())),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn syntax_errors_are_refused() {
    for src in ["let x = ", "fun f( {", "let s = \"open", "/* open"] {
        assert!(
            matches!(format_source(src), Err(FormatError::Syntax(_))),
            "{src:?}"
        );
    }
}

#[test]
fn comments_are_all_kept() {
    let src = "// a\nlet x = 1 // b\n/* c */ let y = 2\nfun f() {\n    // d\n}\n# e\n";
    let out = format_source(src).expect("formats");
    for c in ["// a", "// b", "/* c */", "// d", "# e"] {
        assert!(out.contains(c), "{c} lost in:\n{out}");
    }
}

#[test]
fn the_parser_golden_programs_are_stable() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    for e in std::fs::read_dir(dir).expect("golden dir").flatten() {
        let p = e.path();
        if p.extension().is_none_or(|x| x != "ruchy") {
            continue;
        }
        let src = std::fs::read_to_string(&p).expect("read");
        if !ruchy_parser::parse(&src).errors.is_empty() {
            continue;
        }
        let once = format_source(&src).unwrap_or_else(|e| panic!("{}: {e:?}", p.display()));
        let twice = format_source(&once).unwrap_or_else(|e| panic!("{}: {e:?}", p.display()));
        assert_eq!(once, twice, "{}", p.display());
    }
}

#[test]
fn the_safety_net_rejects_changes() {
    use ruchy_parser::format::verify;
    assert!(verify("let x = 1\n-1\n", "let x = 1\n-1\n").is_ok());
    // joining the lines turns two statements into a subtraction
    assert!(verify("let x = 1\n-1\n", "let x = 1 - 1\n").is_err());
    assert!(verify("// note\nlet x = 1\n", "let x = 1\n").is_err());
    assert!(verify("let s = \"a  b\"\n", "let s = \"a b\"\n").is_err());
    assert!(verify("let x = 1\n", "let x = (1\n").is_err());
}
