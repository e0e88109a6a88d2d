//! The `RuchyRepl` API as the page uses it. Runs natively in `cargo test` and in Node with
//! `cargo test -p ruchy-wasm --target wasm32-unknown-unknown` (wasm-bindgen-test-runner).

use ruchy_wasm::{run, RuchyRepl};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

fn value(r: &mut RuchyRepl, line: &str) -> String {
    let reply = r.submit(line);
    assert_eq!(reply.status, "ok", "{line}: {}", reply.error);
    reply.value
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn bindings_persist_and_output_comes_back() {
    let mut r = RuchyRepl::new();
    assert_eq!(value(&mut r, "let x = 2"), "2");
    assert_eq!(value(&mut r, "x * 21"), "42");
    let reply = r.submit("println(f\"x is {x}\"); x + 1");
    assert_eq!(reply.output, "x is 2\n");
    assert_eq!(reply.value, "3");
    assert_eq!(r.eval_text("print(1); 7").ok().as_deref(), Some("17"));
    assert_eq!(r.eval_text("nil").ok().as_deref(), Some(""));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn multi_line_definition_then_call() {
    let mut r = RuchyRepl::new();
    assert_eq!(r.submit("fun add(a, b) {").status, "more");
    assert_eq!(r.submit("  a + b").status, "more");
    assert_eq!(r.submit("}").status, "ok");
    assert_eq!(value(&mut r, "add(40, 2)"), "42");
    assert!(RuchyRepl::is_incomplete("[1, 2,"));
    assert!(!RuchyRepl::is_incomplete("[1, 2]"));
    assert_eq!(r.submit("let s = [1,").status, "more");
    r.cancel();
    assert_eq!(value(&mut r, "3"), "3");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn errors_are_rendered_and_the_session_continues() {
    let mut r = RuchyRepl::new();
    value(&mut r, "let keep = 7");
    let reply = r.submit("keep / 0");
    assert_eq!(reply.status, "error");
    assert!(
        reply.error.starts_with("Error: Division by zero\n"),
        "{}",
        reply.error
    );
    assert!(reply.error.contains("^^^^^^^^"), "{}", reply.error);
    let syntax = r.submit("let = 1");
    assert!(syntax
        .error
        .starts_with("Error: Syntax error at line 1, column 5"));
    assert_eq!(value(&mut r, "keep"), "7");
    let text = r
        .eval_text("println(\"before\"); undefined_name")
        .unwrap_err();
    assert!(
        text.starts_with("before\nError: Undefined variable: undefined_name"),
        "{text}"
    );
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn runaway_code_stops_within_the_budget() {
    on_big_stack(runaway_code);
}

/// Native test threads have small stacks (debug frames are large); the browser build has an
/// 8 MiB shadow stack.
fn on_big_stack(f: fn()) {
    #[cfg(not(target_arch = "wasm32"))]
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .and_then(|t| {
            t.join()
                .map_err(|_| std::io::Error::other("test thread panicked"))
        })
        .expect("big-stack test thread");
    #[cfg(target_arch = "wasm32")]
    f();
}

fn runaway_code() {
    let mut r = RuchyRepl::new();
    r.set_time_limit_ms(200.0);
    assert_eq!(r.time_limit_ms(), 200.0);
    value(&mut r, "let before = 1");
    let reply = r.submit("loop {}");
    assert_eq!(reply.status, "error");
    assert!(
        reply
            .error
            .starts_with("Error: Execution time limit exceeded"),
        "{}",
        reply.error
    );
    // a loop whose every iteration builds a big array is stopped by the budget as well
    // (without being charged for the arrays, it would run 4,096 iterations, about 20 s)
    #[cfg(not(target_arch = "wasm32"))]
    let started = std::time::Instant::now();
    let heavy = r.submit("for i in 0..100000 { let a = [0; 1000000] }");
    #[cfg(not(target_arch = "wasm32"))]
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert!(
        heavy
            .error
            .starts_with("Error: Execution time limit exceeded"),
        "{}",
        heavy.error
    );
    // The other limits must stop their programs first, even on a loaded machine.
    r.set_time_limit_ms(60_000.0);
    let deep = r.submit("fun down(n) { down(n + 1) }\ndown(0)");
    assert!(
        deep.error.starts_with("Error: Recursion limit exceeded"),
        "{}",
        deep.error
    );
    let callback = r.submit("fun g(n) { [1].map(|x| g(n + 1)) }\ng(0)");
    assert!(
        callback
            .error
            .starts_with("Error: Recursion limit exceeded"),
        "{}",
        callback.error
    );
    // (natively the limit is 2 GiB: too much memory for a unit test)
    #[cfg(target_arch = "wasm32")]
    {
        let big = r.submit("let mut s = \"x\"; loop { s = s + s }");
        assert!(big.error.contains("too large"), "{}", big.error);
    }
    let repeat = r.submit("\"ab\".repeat(1 << 40)");
    assert!(repeat.error.contains("too large"), "{}", repeat.error);
    let nested = r.submit(&format!("{}1{}", "[".repeat(5000), "]".repeat(5000)));
    assert!(
        nested.error.contains("nested too deeply"),
        "{}",
        nested.error
    );
    // other shapes of deep nesting end with an error too, never a stack overflow of the engine
    for shape in [
        format!("{}1{}", "(".repeat(5000), ")".repeat(5000)),
        format!("{}1{}", "{ ".repeat(5000), "}".repeat(5000)),
        format!("{}1{}", "if true { ".repeat(5000), "}".repeat(5000)),
        format!("{}1", "-".repeat(5000)),
        format!("{}1", "!".repeat(5000)),
        format!("{}1{}", "fun f() { ".repeat(3000), "}".repeat(3000)),
        format!("{}1{}", "[|x| ".repeat(3000), "]".repeat(3000)),
        format!("let x = {}1", "1 + ".repeat(20000)),
        format!("let x = 0{}", ".abs()".repeat(20000)),
    ] {
        let reply = r.submit(&shape);
        assert!(
            reply.status == "error" || reply.status == "ok",
            "{}",
            reply.status
        );
    }
    // the longest chains the browser accepts still compile, check and run
    let sum = format!("{}1", "1 + ".repeat(990));
    assert_eq!(value(&mut r, &sum), "991");
    assert_eq!(value(&mut r, "before + 1"), "2");
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn completion_and_commands() {
    let mut r = RuchyRepl::new();
    value(&mut r, "let counter = 1");
    value(&mut r, "fun compute(x) { x }");
    assert_eq!(r.complete("cou"), vec!["counter".to_string()]);
    assert!(r.complete("comp").contains(&"compute".to_string()));
    assert!(r.complete("pri").contains(&"println".to_string()));
    assert!(r.complete("whi").contains(&"while".to_string()));
    assert!(r
        .complete("\"abc\".to_up")
        .contains(&"to_uppercase".to_string()));
    value(&mut r, "fun twice(f, x) { f(f(x)) }");
    assert_eq!(
        r.type_text("twice").as_deref(),
        Ok("twice : fn(fn(a) -> a, a) -> a")
    );
    assert_eq!(
        r.type_text("counter + 1").as_deref(),
        Ok("counter + 1 : int")
    );
    assert!(r.type_text("true + 1").is_err());
    let typed = r.submit(":type [counter]");
    assert_eq!(typed.text, "[int]");
    let help = r.submit(":help");
    assert!(help.text.contains(":type"), "{}", help.text);
    r.reset();
    assert_eq!(r.submit("counter").status, "error");
    assert!(!RuchyRepl::version().is_empty());
    // text that is not ASCII before the word: no trap, and the session goes on
    for text in ["é", "café", "x + é", "ab😀c", "中文", "let s = \"é"] {
        let _ = r.complete(text);
    }
    assert_eq!(value(&mut r, "1 + 1"), "2");
}

/// A long chain of structs or enums (a linked list) is built, replaced and dropped
/// without running out of the browser's stack.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn long_linked_lists_drop_cleanly() {
    let mut r = RuchyRepl::new();
    value(&mut r, "struct Node { v: int, next: any }");
    value(&mut r, "enum L { Nil, Cons(i32, L) }");
    let build = "let mut l = nil; for i in 0..50000 { l = Node { v: i, next: l } }; l.v";
    assert_eq!(value(&mut r, build), "49999");
    value(&mut r, "l = nil");
    let build = "let mut t = L::Nil; for i in 0..50000 { t = L::Cons(i, t) }; 1";
    assert_eq!(value(&mut r, build), "1");
    value(&mut r, "t = L::Nil");
    assert_eq!(value(&mut r, "2 + 2"), "4");
}

/// Arrays, tuples and maps nested 50,000 deep, and a chain of 20,000 closures each
/// calling the last, are compared and freed without running out of the browser's stack;
/// a chain of 900 `else if`s runs.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn deeply_nested_values_drop_cleanly() {
    let mut r = RuchyRepl::new();
    for (init, step) in [("[]", "[x]"), ("(0, 0)", "(x, i)"), ("{}", "{\"k\": x}")] {
        let build = format!("let mut x = {init}; for i in 0..50000 {{ x = {step} }}; 1");
        assert_eq!(value(&mut r, &build), "1", "{step}");
        value(&mut r, "x = nil");
    }
    let pair = "let mut a = []; let mut b = []; for i in 0..50000 { a = [a]; b = [b] }; a == b";
    assert_eq!(value(&mut r, pair), "true");
    let elifs = |n| format!("let v = {}{{ 7 }}; v", "if false { 1 } else ".repeat(n));
    // (natively this test runs on a test thread's 2 MB stack, unoptimised in CI)
    let links = if cfg!(target_arch = "wasm32") {
        900
    } else {
        100
    };
    assert_eq!(value(&mut r, &elifs(links)), "7");
    // (longer chains are refused in the browser, as long operator chains are, with the
    // session intact)
    #[cfg(target_arch = "wasm32")]
    assert!(r.eval_text(&elifs(5000)).is_err());
    let chain = "let mut f = |x| x; for i in 0..20000 { let g = f; f = |x| g(x) + 1 }; 1";
    assert_eq!(value(&mut r, chain), "1");
    value(&mut r, "f = nil");
    assert_eq!(value(&mut r, "2 + 2"), "4");
}

/// The thrown value of `eval` is the error text (only JavaScript values exist in wasm).
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen_test]
fn eval_throws_the_error_text() {
    let mut r = RuchyRepl::new();
    let thrown = r.eval("1 + nope").unwrap_err();
    let text = thrown.as_string().unwrap_or_default();
    assert!(
        text.starts_with("Error: Undefined variable: nope"),
        "{text}"
    );
    assert_eq!(r.eval("1 + 2").ok().as_deref(), Some("3"));
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn run_entry_point_has_ruchy_run_semantics() {
    let ok = run("fun main() { println(\"hi\"); eprintln(\"note\") }", None);
    assert_eq!(
        (ok.stdout.as_str(), ok.stderr.as_str(), ok.exit_code),
        ("hi\n", "note\n", 0)
    );
    let failed = run("println(1)\nundefined_thing()", None);
    assert_eq!(failed.stdout, "1\n");
    assert_eq!(failed.exit_code, 1);
    assert!(failed
        .stderr
        .starts_with("Error: Undefined function: undefined_thing"));
    let endless = run("loop {}", Some(100.0));
    assert_eq!(endless.exit_code, 1);
    assert!(endless
        .stderr
        .starts_with("Error: Execution time limit exceeded"));
}

/// Non-ASCII case mapping goes through the JavaScript engine in the browser build
/// (ruchy-eval's builtins/case.rs): the same text as natively.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn unicode_case_mapping() {
    let mut r = RuchyRepl::new();
    assert_eq!(value(&mut r, "\"straße\".to_upper()"), "\"STRASSE\"");
    assert_eq!(
        value(&mut r, "\"ÀÉÎ Ünïcödé\".to_lowercase()"),
        "\"àéî ünïcödé\""
    );
    assert_eq!(value(&mut r, "\"ΟΔΟΣ\".to_lower()"), "\"οδο\u{3c2}\"");
    assert_eq!(
        value(&mut r, "\"mixed ǆ ﬁ\".to_uppercase()"),
        "\"MIXED Ǆ FI\""
    );
    assert_eq!(value(&mut r, "\"ascii Only\".to_upper()"), "\"ASCII ONLY\"");
}

/// Float literals and `parse_float` go through the JavaScript engine's `Number()` in the
/// browser build (ruchy-parser's num.rs): the same values as natively.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn float_parsing() {
    let mut r = RuchyRepl::new();
    assert_eq!(value(&mut r, "0.1 + 0.2"), "0.30000000000000004");
    assert_eq!(value(&mut r, "9007199254740993.0"), "9007199254740992.0");
    assert_eq!(value(&mut r, "1.7976931348623157e308 > 1e308"), "true");
    assert_eq!(
        value(
            &mut r,
            "parse_float(\"2.2250738585072011e-308\") == 2.2250738585072014e-308"
        ),
        "false"
    );
    assert_eq!(value(&mut r, "parse_float(\"1e400\")"), "inf");
    assert_eq!(value(&mut r, "parse_float(\"-.5e1\")"), "-5.0");
    assert_eq!(value(&mut r, "parse_float(\"5.\")"), "5.0");
    assert_eq!(value(&mut r, "parse_float(\"-inf\")"), "-inf");
    let bad = r.submit("parse_float(\"1e\")");
    assert_ne!(bad.status, "ok", "{}", bad.value);
    assert_eq!(value(&mut r, "1.5e3"), "1500.0");
}

/// `ruchy_parser::num::parse_f64` (the JavaScript engine's `Number()` in Node) against
/// `str::parse::<f64>` on generated decimal texts, bit for bit, hard cases for rounding
/// included (long mantissas, halfway values, subnormals, overflow).
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn float_parsing_matches_std() {
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    let mut texts: Vec<String> = vec![
        "2.2250738585072011e-308".into(),
        "2.2250738585072012e-308".into(),
        "4.9406564584124654e-324".into(),
        "2.4703282292062327e-324".into(),
        "2.4703282292062328e-324".into(),
        "1.7976931348623157e308".into(),
        "1.7976931348623158e308".into(),
        "9007199254740993".into(),
        "9007199254740992.99999999999999999999999".into(),
        "0.1000000000000000055511151231257827021181583404541015625".into(),
        "0.1000000000000000055511151231257827021181583404541015626".into(),
    ];
    for _ in 0..3000 {
        let mut s = String::new();
        if next(4) == 0 {
            s.push('-');
        }
        for _ in 0..1 + next(30) {
            s.push(char::from(b'0' + next(10) as u8));
        }
        if next(2) == 0 {
            s.push('.');
            for _ in 0..next(25) {
                s.push(char::from(b'0' + next(10) as u8));
            }
        }
        if next(2) == 0 {
            s.push_str(&format!("e{}", next(700) as i64 - 350));
        }
        texts.push(s);
    }
    for s in &texts {
        let want = s.parse::<f64>().ok().map(f64::to_bits);
        let got = ruchy_parser::num::parse_f64(s).map(f64::to_bits);
        assert_eq!(got, want, "{s}");
    }
}
