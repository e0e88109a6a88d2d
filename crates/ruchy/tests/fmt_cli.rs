//! `ruchy fmt FILE [--check]`: messages, exit codes, and files left intact on refusal.

use std::process::{Command, Output};

fn ruchy(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ruchy"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run ruchy")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_file(name: &str, content: &str) -> (std::path::PathBuf, String) {
    let dir = std::env::temp_dir().join(format!("ruchy-fmt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    let s = p.to_string_lossy().into_owned();
    (p, s)
}

const MESSY: &str = "fun add(a,b){a+b} // sum\nlet x=add(1,2); println(x)\n";
const TIDY: &str = "fun add(a, b) { a + b } // sum\nlet x = add(1, 2);\nprintln(x)\n";

#[test]
fn fmt_rewrites_the_file() {
    let (f, path) = temp_file("messy.ruchy", MESSY);
    let o = ruchy(&["fmt", &path]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), format!("✓ Formatted {path}\n"));
    assert_eq!(std::fs::read_to_string(&f).ok().as_deref(), Some(TIDY));
    // the program still does the same
    let run = ruchy(&[&path]);
    assert_eq!(text(&run.stdout), "3\n");
}

#[test]
fn fmt_check_reports_without_writing() {
    let (f, path) = temp_file("check_messy.ruchy", MESSY);
    let o = ruchy(&["fmt", &path, "--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(text(&o.stdout), format!("⚠ {path} needs formatting\n"));
    assert_eq!(std::fs::read_to_string(&f).ok().as_deref(), Some(MESSY));

    let (_, tidy) = temp_file("check_tidy.ruchy", TIDY);
    let o = ruchy(&["fmt", "--check", &tidy]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(text(&o.stdout), format!("✓ {tidy} is properly formatted\n"));
}

#[test]
fn fmt_refuses_syntax_errors_and_leaves_the_file() {
    let src = "let x = (1 +\nprintln(x\n";
    let (f, path) = temp_file("broken.ruchy", src);
    for args in [vec!["fmt", &path], vec!["fmt", "--check", &path]] {
        let o = ruchy(&args);
        assert_eq!(o.status.code(), Some(1));
        let err = text(&o.stderr);
        assert!(err.contains(&format!("✗ {path}:")), "{err}");
        assert!(err.contains("Syntax error"), "{err}");
        assert!(
            err.contains(&format!("Error: cannot format {path}")),
            "{err}"
        );
    }
    assert_eq!(std::fs::read_to_string(&f).ok().as_deref(), Some(src));
}

#[test]
fn fmt_of_a_missing_file_fails() {
    let o = ruchy(&["fmt", "/nonexistent/nope.ruchy"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!text(&o.stderr).is_empty());
}

#[test]
fn shipped_examples_are_formatted() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut checked = 0;
    for entry in std::fs::read_dir(&dir).expect("examples folder").flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "ruchy") {
            let p = path.to_string_lossy().into_owned();
            let o = ruchy(&["fmt", "--check", &p]);
            assert_eq!(o.status.code(), Some(0), "{p}: {}", text(&o.stdout));
            checked += 1;
        }
    }
    assert!(checked > 0);
}
