//! The command line as users see it: arguments, output, diagnostics and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn ruchy(args: &[&str], stdin: &str) -> Output {
    ruchy_bytes(args, stdin.as_bytes())
}

fn ruchy_bytes(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ruchy"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ruchy");
    if let Some(mut input) = child.stdin.take() {
        let _ = input.write_all(stdin);
    }
    child.wait_with_output().expect("wait")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn temp_file(name: &str, content: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ruchy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, content).expect("write");
    p
}

#[test]
fn version_and_help() {
    let o = ruchy(&["--version"], "");
    assert_eq!(
        text(&o.stdout),
        format!("ruchy {}\n", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(o.status.code(), Some(0));
    let o = ruchy(&["--help"], "");
    assert_eq!(o.status.code(), Some(0));
    let help = text(&o.stdout);
    for word in ["run", "repl", "check", "ast", "--eval"] {
        assert!(help.contains(word), "help lacks {word}: {help}");
    }
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(ruchy(&["--no-such-flag"], "").status.code(), Some(2));
    assert_eq!(ruchy(&["run"], "").status.code(), Some(2));
    assert_eq!(ruchy(&["check"], "").status.code(), Some(2));
    // §16: a program takes no arguments, so anything after FILE is a usage error
    let f = temp_file("extra_args.ruchy", "println(1)\n");
    let path = f.to_string_lossy().into_owned();
    for args in [
        vec!["run", &path, "--bogus"],
        vec!["run", &path, "extra"],
        vec![&path, "extra"],
        vec!["-e", "1", "extra"],
    ] {
        let o = ruchy(&args, "");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(o.stdout.is_empty(), "{args:?} ran the program");
        assert!(text(&o.stderr).contains("Usage"), "{args:?}");
    }
}

#[test]
fn tools_not_implemented_yet_say_so() {
    let f = temp_file("transpile_me.ruchy", "let x = 1\n");
    let path = f.to_string_lossy().into_owned();
    for tool in ["transpile", "compile"] {
        let o = ruchy(&[tool, &path], "");
        assert_eq!(o.status.code(), Some(2), "{tool}");
        assert!(
            text(&o.stderr).contains(&format!("`ruchy {tool}` is not implemented yet")),
            "{tool}: {}",
            text(&o.stderr)
        );
    }
    assert_eq!(
        std::fs::read_to_string(&f).ok().as_deref(),
        Some("let x = 1\n")
    );
}

#[test]
fn eval_prints_result_value() {
    let cases = [
        ("2 + 2", "4\n"),
        ("\"a\" + \"b\"", "\"ab\"\n"),
        ("100.0 * 1.08", "108.0\n"),
        ("let x = 5", "5\n"),
        ("println(\"hi\")", "hi\n"),
        ("fun f() { 1 }", "<function>\n"),
        ("fun main() { 7 }", "7\n"),
        ("nil", ""),
        // code that starts with `-` is still the option's value
        ("-5 + 3", "-2\n"),
    ];
    for (code, want) in cases {
        let o = ruchy(&["-e", code], "");
        assert_eq!(text(&o.stdout), want, "-e {code}");
        assert_eq!(o.status.code(), Some(0), "-e {code}");
    }
}

#[test]
fn runtime_error_keeps_output_and_reports_trace() {
    let p = temp_file(
        "err.ruchy",
        "fun inner(x) { x / 0 }\nfun outer(x) { inner(x) + 1 }\nprintln(\"before\")\nouter(1)\n",
    );
    let o = ruchy(&["run", p.to_str().unwrap_or("")], "");
    assert_eq!(text(&o.stdout), "before\n");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    let first = err.lines().next().unwrap_or("");
    assert_eq!(first, "Error: Division by zero");
    assert!(err.contains("err.ruchy:1:16"), "{err}");
    assert!(err.contains("^^^^^"), "{err}");
    assert!(err.contains("in inner at line 1"), "{err}");
    assert!(err.contains("called from outer at line 2"), "{err}");
}

#[test]
fn syntax_error_runs_nothing() {
    let p = temp_file(
        "syntax.ruchy",
        "println(\"no\")\nlet x = (1 + \nprintln(x)\n",
    );
    let o = ruchy(&[p.to_str().unwrap_or("")], "");
    assert_eq!(text(&o.stdout), "");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.starts_with(
            "Error: Syntax error at line 3, column 11: Expected ')' but found end of input"
        ),
        "{err}"
    );
}

#[test]
fn unreadable_file() {
    let o = ruchy(&["run", "/definitely/not/here.ruchy"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).starts_with("Error: Cannot read file '/definitely/not/here.ruchy': "));
}

#[test]
fn run_from_stdin() {
    let o = ruchy(&["run", "-"], "println(6 * 7)\n");
    assert_eq!(text(&o.stdout), "42\n");
}

#[test]
fn check_reports_names_and_syntax() {
    let good = temp_file("good.ruchy", "fun f(x) { x + 1 }\nprintln(f(1))\n");
    let o = ruchy(&["check", good.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(0));
    assert!(text(&o.stdout).starts_with("✓"));
    let bad = temp_file("bad.ruchy", "fun f(x) { x + missing }\nf(1)\n");
    let o = ruchy(&["check", bad.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("bad.ruchy:1:16: name error: Undefined variable: missing"),
        "{err}"
    );
    // the same function never called: the program runs cleanly, so only a warning (§16.3)
    let unused = temp_file("unused.ruchy", "fun f(x) { x + missing }\nprintln(1)\n");
    let o = ruchy(&["check", unused.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(0));
    assert!(
        text(&o.stderr).contains("unused.ruchy:1:16: name warning: Undefined variable: missing")
    );
    // guarded, caught and short-circuited code is not certain to run either
    let guarded = temp_file(
        "guarded.ruchy",
        "let x = nil\nif x != nil && x.len() > 3 { println(x.len()) }\nlet n = x == nil ? 1 : x * 2\n\
         let r = try { undefined_fn(1) } catch (e) { e }\nprintln(n, r)\n",
    );
    let o = ruchy(&["check", guarded.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stdout).starts_with("✓"));
    let broken = temp_file("broken.ruchy", "let = 1\n");
    let o = ruchy(&["check", broken.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("broken.ruchy:1:5: Syntax error:"));
}

#[test]
fn check_reports_type_errors() {
    let bad = temp_file(
        "types_bad.ruchy",
        "fun area(w: f64, h: f64) -> f64 { w * h }\nprintln(area(\"wide\", 2.0))\nlet n = true + 1\n",
    );
    let o = ruchy(&["check", bad.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(
        err.contains("types_bad.ruchy:2:14: type warning: Type mismatch: the argument for parameter 'w' has type string, but the annotation says float"),
        "{err}"
    );
    assert!(
        err.contains("expected float because of this annotation"),
        "{err}"
    );
    assert!(
        err.contains("types_bad.ruchy:3:9: type error: Cannot add boolean and integer"),
        "{err}"
    );
    assert!(text(&o.stdout).is_empty());
    // dynamic code is never an error
    let dynamic = temp_file(
        "types_dyn.ruchy",
        "let mut x = 1\nx = \"now text\"\nprintln(x.len(), [1, \"a\", 2.5])\n",
    );
    let o = ruchy(&["check", dynamic.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // annotations never change what a program does (§15.2): a contradicted one only warns,
    // since the program may still run cleanly
    let annotated = temp_file(
        "types_warn.ruchy",
        "fun label(x: i32) -> String { f\"#{x}\" }\nprintln(label(\"A7\"))\n",
    );
    let o = ruchy(&["check", annotated.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("types_warn.ruchy:2:15: type warning: Type mismatch"));
    assert!(text(&o.stdout).starts_with("✓ Syntax is valid"));
}

#[test]
fn check_types_prints_top_level_types() {
    let p = temp_file(
        "types_ok.ruchy",
        "fun id(x) { x }\nlet n = id(5)\nlet xs = [1.5, 2.5].map(|v| v * 2.0)\nstruct P { x: i32 }\nimpl P { fun get(&self) -> i32 { self.x } }\n",
    );
    let o = ruchy(&["check", "--types", p.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.starts_with("id : fn(a) -> a\nn : int\nxs : [float]\nP::get : fn(P) -> int\n✓"),
        "{out}"
    );
}

#[test]
fn piped_repl_type_command() {
    let o = ruchy(
        &["repl"],
        "fun sq(n: i32) -> i32 { n * n }\n:type sq\n:type sq(3)\n:type true + 1\n",
    );
    assert_eq!(
        text(&o.stdout),
        "<function>\nfn(int) -> int\nint\nError: Cannot add boolean and integer\n"
    );
}

#[test]
fn ast_dump() {
    let p = temp_file("ast.ruchy", "let x = 1 + 2\n");
    let o = ruchy(&["ast", p.to_str().unwrap_or("")], "");
    assert_eq!(
        text(&o.stdout),
        "Program\n  Let\n    Pat x\n    Binary +\n      Int 1\n      Int 2\n"
    );
}

#[test]
fn piped_repl_prints_only_values() {
    let o = ruchy(&["repl"], "let x = 2\nx * 21\n");
    assert_eq!(text(&o.stdout), "2\n42\n");
    let o = ruchy(
        &["repl"],
        "fun add(a, b) {\n  a + b\n}\nadd(1, 2)\nnope\nadd(2, 2)\n",
    );
    assert_eq!(
        text(&o.stdout),
        "<function>\n3\nError: Undefined variable: nope\n4\n"
    );
}

#[test]
fn deep_recursion_is_an_error_not_a_crash() {
    let p = temp_file("deep.ruchy", "fun f(n) { f(n + 1) }\nf(0)\n");
    let o = ruchy(&[p.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr)
        .starts_with("Error: Recursion limit exceeded: depth 20001 exceeds maximum 20000"));
    let p = temp_file(
        "ok.ruchy",
        "fun f(n) { if n == 0 { 0 } else { 1 + f(n - 1) } }\nprintln(f(10000))\n",
    );
    assert_eq!(
        text(&ruchy(&[p.to_str().unwrap_or("")], "").stdout),
        "10000\n"
    );
}

#[test]
fn exit_ends_the_program_with_its_status() {
    let prog = temp_file(
        "exit.ruchy",
        "fun main() {\n    println(\"before\")\n    try { std::process::exit(3) } catch (e) { println(\"caught\") }\n    println(\"after\")\n}\n",
    );
    let o = ruchy(&[prog.to_str().unwrap_or("")], "");
    assert_eq!(
        (text(&o.stdout), text(&o.stderr), o.status.code()),
        ("before\n".to_string(), String::new(), Some(3))
    );
    let o = ruchy(&["-e", "exit()"], "");
    assert_eq!(o.status.code(), Some(0));
    let o = ruchy(&["repl"], "println(1)\nexit(5)\nprintln(2)\n");
    assert_eq!(
        (text(&o.stdout), o.status.code()),
        ("1\n".to_string(), Some(5))
    );
    let o = ruchy(&["-e", "exit(\"no\")"], "");
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("exit() expects an integer status code"));
}

#[test]
fn piped_repl_survives_bad_lines() {
    // an invalid character is an error of its line, not a reason to read the next one
    // (piped mode writes error lines to stdout with the values)
    let o = ruchy(&["repl"], "let y = $\n2\n3\n");
    assert_eq!(
        text(&o.stdout),
        "Error: Syntax error at line 1, column 9: Unexpected character '$'\n2\n3\n"
    );
    // a line that is not UTF-8 is reported and the session goes on
    let o = ruchy_bytes(&["repl"], b"1\n\"\xe9\"\n2\n");
    assert_eq!(
        text(&o.stdout),
        "1\nError: the input line is not valid UTF-8\n2\n"
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn source_files_are_utf8_without_bom_columns() {
    let dir = std::env::temp_dir().join(format!("ruchy-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let latin1 = dir.join("latin1.ruchy");
    std::fs::write(&latin1, b"let s = \"\xe9t\xe9\"\n").expect("write");
    let p = latin1.to_string_lossy().to_string();
    for args in [vec![p.as_str()], vec!["check", &p], vec!["fmt", &p]] {
        let o = ruchy(&args, "");
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(text(&o.stderr).contains("not valid UTF-8"), "{args:?}");
    }
    // fmt left the file alone
    assert_eq!(
        std::fs::read(&latin1).ok().as_deref(),
        Some(&b"let s = \"\xe9t\xe9\"\n"[..])
    );
    let bom = temp_file("bom.ruchy", "\u{feff}println(zz)\n");
    let o = ruchy(&[&bom.to_string_lossy()], "");
    assert!(
        text(&o.stderr).contains("bom.ruchy:1:9"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn check_failure_starts_with_the_error() {
    let f = temp_file("order.ruchy", "println(1 + true)\nif false { cc }\n");
    let o = ruchy(&["check", &f.to_string_lossy()], "");
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.starts_with("✗ "), "{err}");
    assert!(err.contains("⚠ "), "{err}");
}

#[test]
fn huge_expressions_are_errors_not_crashes() {
    // a flat chain longer than the parser's limit: one clean error, for run and check alike
    let chain = format!("println({})\n", vec!["1"; 800_000].join("+"));
    let p = temp_file("chain.ruchy", &chain);
    for cmd in ["run", "check"] {
        let o = ruchy(&[cmd, p.to_str().unwrap_or("")], "");
        assert_eq!(o.status.code(), Some(1), "{cmd}");
        let all = text(&o.stdout) + &text(&o.stderr);
        assert!(
            all.contains("Expression is nested too deeply"),
            "{cmd}: {all}"
        );
    }
    // out of registers: reported once, not once per later register
    let pipes = format!("fun f(x) {{ x }}\nprintln(1{})\n", " |> f".repeat(100_000));
    let p = temp_file("pipes.ruchy", &pipes);
    let o = ruchy(&["check", p.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(1));
    let all = text(&o.stdout) + &text(&o.stderr);
    assert_eq!(all.matches("too many registers").count(), 1, "{all}");
}

#[test]
fn ast_of_a_deep_tree_stays_linear() {
    let chain = format!("{}\n", vec!["1"; 5_000].join("+"));
    let p = temp_file("deepast.ruchy", &chain);
    let o = ruchy(&["ast", p.to_str().unwrap_or("")], "");
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(out.contains("[depth 4000] "), "deep lines say their depth");
    let widest = out.lines().map(str::len).max().unwrap_or(0);
    assert!(widest < 260, "indentation stops growing: {widest}");
}

#[test]
fn many_syntax_errors_are_capped() {
    // 30,000 stray `)`: the first 100 errors are shown, then how many more (in linear time)
    let bad = temp_file("many.ruchy", &")\n".repeat(30_000));
    let path = bad.to_str().unwrap_or("");
    for args in [["check", path], ["fmt", path]] {
        let o = ruchy(&args, "");
        assert_eq!(o.status.code(), Some(1));
        let err = text(&o.stderr);
        assert_eq!(err.matches("Syntax error").count(), 100, "{args:?}");
        assert!(err.contains("more errors not shown"), "{args:?}: {err}");
    }
}
