//! One-line semantic tests: the display form of a program's value, or its error message.

use ruchy_eval::{BufferOutput, Engine, Value};

fn eval(src: &str) -> Result<String, String> {
    let mut engine = Engine::new(Box::new(BufferOutput::default()));
    match engine.run(src, "<test>", true) {
        Ok(Value::Nil) => Ok("nil".into()),
        Ok(v) => Ok(v.to_display()),
        Err(f) => Err(f.headline()),
    }
}

macro_rules! assert_eval {
    ($src:expr, $want:expr) => {
        assert_eq!(eval($src), Ok($want.to_string()), "program: {}", $src)
    };
}

macro_rules! assert_err {
    ($src:expr, $want:expr) => {
        match eval($src) {
            Err(e) => assert!(
                e.contains($want),
                "program: {}\nerror {e:?} lacks {:?}",
                $src,
                $want
            ),
            Ok(v) => panic!(
                "program: {}\nexpected an error containing {:?}, got {v}",
                $src, $want
            ),
        }
    };
}

#[test]
fn immediate_operands_keep_their_operator() {
    assert_err!("\"s1\" - 0", "Cannot subtract integer from string");
    assert_err!(
        "let mut a = [1]; a -= 0; a",
        "Cannot subtract integer from array"
    );
    assert_eval!("let x = 5; [x - 0, x + 0, x - 1, x + -1]", "[5, 5, 4, 4]");
    assert_eval!("\"s\" + 0", "\"s0\"");
    assert_eval!(
        "let a = 2.5; [a < 3 && a > 2, a < 2 || a >= 2.5, !(a == 2.5)]",
        "[true, true, false]"
    );
}

#[test]
fn match_jump_tables_keep_arm_order_guards_and_fallthrough() {
    let prelude = "enum E { A(i64), B, C(i64), D }\n\
        fun f(e) { match e { E::A(n) if n > 5 => \"big a\", E::C(1) => \"c1\", E::A(_) => \"a\", \
        E::B => \"b\", other => \"other\" } }\n";
    let run = |tail: &str| eval(&format!("{prelude}{tail}"));
    assert_eq!(run("f(E::A(9))"), Ok("\"big a\"".into()));
    assert_eq!(run("f(E::A(2))"), Ok("\"a\"".into()));
    assert_eq!(run("f(E::C(1))"), Ok("\"c1\"".into()));
    assert_eq!(run("f(E::C(2))"), Ok("\"other\"".into()));
    assert_eq!(run("f(E::B)"), Ok("\"b\"".into()));
    assert_eq!(run("f(E::D)"), Ok("\"other\"".into()));
    assert_eq!(run("f(42)"), Ok("\"other\"".into()));
    let strict = "enum E { A, B, C, D }\n\
        fun g(e) { match e { E::A => 1, E::B => 2, E::C => 3, E::C => 4 } }\n";
    assert_eq!(eval(&format!("{strict}g(E::C)")), Ok("3".into()));
    assert!(eval(&format!("{strict}g(E::D)"))
        .is_err_and(|e| e.contains("No match arm matched the value")));
    assert!(eval(&format!("{strict}g(\"x\")"))
        .is_err_and(|e| e.contains("No match arm matched the value")));
}

#[test]
fn arithmetic() {
    assert_eval!("1 + 2", "3");
    assert_eval!("7 / 2", "3");
    assert_eval!("-7 / 2", "-3");
    assert_eval!("-7 % 3", "-1");
    assert_eval!("7 % -3", "1");
    assert_eval!("7 / 2.0", "3.5");
    assert_eval!("2 ** 10", "1024");
    assert_eval!("2 ** -1", "0.5");
    assert_eval!("2 ** 3 ** 2", "512");
    assert_eval!("-2 ** 2", "-4");
    assert_eval!("(-2) ** 2", "4");
    assert_eval!("10 % 4.0", "2.0");
    assert_eval!("0.1 + 0.2", "0.30000000000000004");
    assert_eval!("1e21", "1000000000000000000000.0");
    assert_eval!("1.0 / 0.0", "inf");
    assert_eval!("6 & 3 | 8", "10");
    assert_eval!("~5", "-6");
    assert_eval!("-8 >> 1", "-4");
    assert_eval!("2 + 3 as f64", "5.0");
    assert_eval!("7.9 as i32", "7");
    assert_eval!("-7.9 as i64", "-7");
    assert_eval!("true as i32", "1");
}

#[test]
fn overflow_and_division_errors() {
    assert_err!("9223372036854775807 + 1", "Integer overflow in addition");
    assert_err!(
        "-9223372036854775807 - 2",
        "Integer overflow in subtraction"
    );
    assert_err!(
        "3037000500 * 3037000500",
        "Integer overflow in multiplication"
    );
    assert_err!("2 ** 63", "Integer overflow in exponentiation");
    assert_err!(
        "let m = -9223372036854775807 - 1; -m",
        "Integer overflow in negation"
    );
    assert_err!(
        "let m = -9223372036854775807 - 1; m / -1",
        "Integer overflow in division"
    );
    assert_err!("1 / 0", "Division by zero");
    assert_err!("1 % 0", "Division by zero");
    assert_err!("1.5 & 1", "Bitwise operations require integer operands");
}

#[test]
fn strings() {
    assert_eval!("\"ab\" + \"cd\"", "\"abcd\"");
    assert_eval!("\"n=\" + 3", "\"n=3\"");
    assert_eval!("\"r=\" + 2.0", "\"r=2.0\"");
    assert_eval!("5 + \" items\"", "\"5 items\"");
    assert_eval!("\"ab\" * 3", "\"ababab\"");
    assert_eval!("\"héllo\".len()", "6");
    assert_eval!("\"héllo\".chars().len()", "5");
    assert_eval!("\"héllo\"[1]", "\"é\"");
    assert_eval!("\"abcdef\"[-1]", "\"f\"");
    assert_eval!("\"abcdef\"[1..4]", "\"bcd\"");
    assert_eval!("\"a,,b\".split(\",\")", "[\"a\", \"\", \"b\"]");
    assert_eval!("\"x\\r\\ny\\n\".lines()", "[\"x\", \"y\"]");
    assert_eval!("\"  t \".trim()", "\"t\"");
    assert_eval!("\"Zebra\" < \"apple\"", "true");
    assert_eval!("\"abc\".substring(1, 99)", "\"bc\"");
    assert_eval!("\"abc\".char_at(5)", "nil");
    assert_eval!("\"{} + {}\".format(1, 2)", "\"1 + 2\"");
    assert_eval!(
        "f\"{1 + 1} {['a']} {'s':?} {2.5:.0} {{x}}\"",
        "\"2 [a] \"s\" 2 {x}\""
    );
    assert_err!("\"a\" + nil", "Cannot add string and nil");
    assert_err!("\"x\".parse()", "Failed to parse 'x' as integer");
}

#[test]
fn collections() {
    assert_eval!("[1, 2] + [3]", "[1, 2, 3]");
    assert_eval!("[3, 1, 2].sort()", "[1, 2, 3]");
    assert_eval!("[2, 1.5, 1].sort()", "[1, 1.5, 2]");
    assert_eval!("let a = [3, 1]; a.sort(); a", "[3, 1]");
    assert_eval!(
        "[1, 2, 3].map(|x| x * 2).filter(|x| x > 2).reduce(|a, b| a + b, 0)",
        "10"
    );
    assert_eval!("[1, 2, 3].fold(10, |a, b| a + b)", "16");
    assert_eval!("[1, 2.5].sum()", "3.5");
    assert_eval!("[].sum()", "0");
    assert_eval!("[].max()", "nil");
    assert_eval!("[[1, 2], [3]].flatten()", "[1, 2, 3]");
    assert_eval!("[1, 1, 2].unique()", "[1, 2]");
    assert_eval!("[\"a\", \"b\"].zip([1])", "[(\"a\", 1)]");
    assert_eval!("[0; 3]", "[0, 0, 0]");
    assert_eval!("[x * x for x in 1..4 if x != 2]", "[1, 9]");
    assert_eval!("let a = [1, 2, 3]; a[-1]", "3");
    assert_eval!("[1, 2, 3, 4][1..]", "[2, 3, 4]");
    assert_eval!("{b: 1, a: 2, 3: \"x\"}", "{3: \"x\", a: 2, b: 1}");
    assert_eval!(
        "let mut m = {}; m[\"k\"] = 1; m.insert(\"j\", 2); m.keys()",
        "[\"j\", \"k\"]"
    );
    assert_eval!("let mut m = {a: 1}; m.remove(\"a\")", "Some(1)");
    assert_eval!(
        "let mut s = HashSet::new(); s.insert(2); s.insert(1); s.insert(2); s",
        "{1, 2}"
    );
    assert_eval!("(1..=5).sum()", "15");
    assert_eval!("(1..4).rev()", "[3, 2, 1]");
    assert_eval!("range(10, 0, -3)", "[10, 7, 4, 1]");
    assert_eval!("(1, \"a\").1", "\"a\"");
    assert_err!("[1, 2][2]", "Index 2 out of bounds for array of length 2");
    assert_err!("{a: 1}[\"b\"]", "Key 'b' not found in map");
    assert_err!("[1, \"a\"].sort()", "Cannot compare");
}

#[test]
fn value_semantics() {
    assert_eval!("let a = [1]; let mut b = a; b.push(2); a", "[1]");
    assert_eval!("fun f(x) { x.push(9); x } let a = [1]; f(a); a", "[1]");
    assert_eval!(
        "let mut m = {a: [1]}; let n = m; m.a.push(2); (m, n)",
        "({a: [1, 2]}, {a: [1]})"
    );
    assert_eval!(
        "let mut g = [[0, 0], [0, 0]]; g[1][0] = 5; g",
        "[[0, 0], [5, 0]]"
    );
}

#[test]
fn functions_and_closures() {
    assert_eval!("fun f(a, b = 10) { a + b } f(1)", "11");
    assert_eval!("fun f(a, b) { a - b } f(b = 1, a = 5)", "4");
    assert_eval!(
        "let mut n = 0; let inc = || { n += 1 }; inc(); inc(); n",
        "2"
    );
    assert_eval!(
        "fun mk() { let mut c = 0; || { c += 1; c } } let a = mk(); a(); a()",
        "2"
    );
    assert_eval!(
        "let f = |n| if n < 2 { n } else { f(n - 1) + f(n - 2) }; f(15)",
        "610"
    );
    assert_eval!("5 |> |x| x * 2", "10");
    assert_eval!("fun add(a, b) { a + b } 10 |> add(3)", "13");
    assert_eval!("fun max(a, b, c) { c } max(1, 2, 3)", "3");
    assert_err!(
        "fun f(a) { a } f(1, 2)",
        "Function 'f' expects 1 arguments, got 2"
    );
    assert_err!(
        "fun f(a, b = 1) { a } f()",
        "Function 'f' expects 1 to 2 arguments, got 0"
    );
    assert_err!("nope(1)", "Undefined function: nope");
    assert_err!("let x = 3; x(1)", "Cannot call non-function value: integer");
}

#[test]
fn control_flow() {
    assert_eval!("if false { 1 }", "nil");
    assert_eval!("let r = loop { break 7 }; r", "7");
    assert_eval!(
        "let mut s = 0; for i in 0..10 { if i % 2 == 0 { continue } s += i }; s",
        "25"
    );
    assert_eval!(
        "'o: for i in 0..3 { for j in 0..3 { if j == 1 { continue 'o } } }; 1",
        "1"
    );
    assert_eval!(
        "match 5 { 1..=3 => \"low\", n if n > 4 => \"high\", _ => \"mid\" }",
        "\"high\""
    );
    assert_eval!(
        "match (1, [2, 3]) { (a, [b, ..rest]) => a + b + rest.len() }",
        "4"
    );
    assert_eval!("match 1.0 { 1 => \"int\", _ => \"other\" }", "\"other\"");
    assert_eval!("if let Some(x) = Some(3) { x } else { 0 }", "3");
    assert_eval!("try { throw {code: 1} } catch (e) { e.code }", "1");
    assert_eval!("try { 1 / 0 } catch (e) { e }", "\"Division by zero\"");
    assert_eval!("nil ?? 5", "5");
    assert_eval!("1 && 2", "2");
    assert_eval!("false || \"x\"", "\"x\"");
    assert_err!("match 3 { 1 => 1 }", "No match arm matched the value");
    assert_err!("let (a, b) = [1, 2]", "Pattern does not match value");
    assert_err!("break", "break outside of a loop");
    assert_err!("throw \"up\"", "Uncaught exception: up");
}

#[test]
fn types_and_options() {
    assert_eval!(
        "struct P { x: i32, y: i32 } P { y: 2, x: 1 }",
        "P {x: 1, y: 2}"
    );
    assert_eval!("struct S { a: i32 = 4 } S {}.a", "4");
    assert_eval!("enum E { A, B = 5, C } E::C as i32", "6");
    assert_eval!("Some(1) == Some(1)", "true");
    assert_eval!("Ok(2).map(|x| x * 2)", "Ok(4)");
    assert_eval!("Err(\"e\").unwrap_or(0)", "0");
    assert_eval!("None.ok_or(\"missing\")", "Err(\"missing\")");
    assert_eval!("fun f() { let v = Some(2)?; Some(v + 1) } f()", "Some(3)");
    assert_eval!("fun f() { let v = None?; Some(v) } f()", "None");
    assert_eval!("type_of(1..2)", "\"range\"");
    assert_err!(
        "struct P { x: i32 } P { x: 1, z: 2 }",
        "Struct P does not have field 'z'"
    );
    assert_err!(
        "struct P { x: i32 } P {}",
        "Missing required field 'x' for struct P"
    );
    assert_err!(
        "struct P { x: i32 } P { x: 1 }.y",
        "Field 'y' not found in struct P"
    );
    assert_err!("Q { x: 1 }", "Undefined struct: Q");
    assert_err!(
        "enum E { A(i32, i32) } E::A(1)",
        "Variant E::A expects 2 values, got 1"
    );
    assert_err!("None.unwrap()", "Called unwrap() on None");
    assert_err!("Err(5)?", "Unhandled error: Err(5)");
    assert_err!("5?", "Cannot apply ? to integer");
}

#[test]
fn methods_and_write_back() {
    let counter = "struct C { n: i32 } impl C { fun bump(&mut self) { self.n += 1 } fun get(&self) { self.n } }";
    assert_eval!(
        &format!("{counter} let mut c = C {{ n: 0 }}; c.bump(); c.bump(); c.get()"),
        "2"
    );
    assert_eval!(
        &format!("{counter} let mut cs = [C {{ n: 0 }}]; cs[0].bump(); cs[0].n"),
        "1"
    );
    assert_eval!(
        &format!("{counter} fun mk() {{ C {{ n: 5 }} }} mk().bump()"),
        "6"
    );
    assert_eval!("struct B { items: [i32] } impl B { fun add(&mut self, v) { self.items.push(v) } } let mut b = B { items: [] }; b.add(1); b.add(2); b.items", "[1, 2]");
    assert_eval!(
        "class K { v: i32 = 1; new(x) { self.v = x } fun get(&self) { self.v } } K::new(9).get()",
        "9"
    );
    assert_eval!(
        "trait T { fun hi(&self) { \"hi\" } } struct S {} impl T for S {} S {}.hi()",
        "\"hi\""
    );
    assert_err!("[1].frob()", "Unknown method 'frob' for array");
}

#[test]
fn main_rule() {
    assert_eval!("fun main() { 42 }", "42");
    assert_eval!(
        "let mut n = 0; fun main() { n += 1; n } main(); main()",
        "2"
    );
}

#[test]
fn big_patterns_bind_every_element_or_are_refused() {
    let names = |n: usize| {
        (0..n)
            .map(|i| format!("a{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let values = |n: usize| (0..n).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
    // the last element of the longest pattern allowed (an element index is 16 bits)
    let n = i16::MAX as usize;
    assert_eval!(
        &format!("let ({}) = ({}); a{}", names(n), values(n), n - 1),
        (n - 1).to_string()
    );
    let n = 40_000;
    assert_err!(
        &format!("let ({}) = ({}); a{}", names(n), values(n), n - 1),
        "Pattern is too large: 40000 elements"
    );
    assert_err!(
        &format!("let [{}] = [{}]; a0", names(n), values(n)),
        "Pattern is too large"
    );
}

#[test]
fn keywords_and_repeated_fields_are_syntax_errors() {
    assert_err!(
        "let Self = 1",
        "Expected a pattern but found keyword 'Self'"
    );
    assert_err!(
        "struct P { x: i32 } P { x: 1, x: 2 }",
        "Field 'x' is given twice"
    );
}

#[test]
fn min_and_max_name_kinds_in_array_order() {
    assert_err!("[1, \"a\"].max()", "Cannot compare integer and string");
    assert_err!("[\"a\", 1].min()", "Cannot compare string and integer");
    assert_eval!("[3, 1, 2].min() + [3, 1, 2].max()", "4");
}

#[test]
fn fold_takes_init_first_even_when_it_is_a_function() {
    assert_eval!(
        "let id = |x| x; let f = [1].fold(id, |acc, v| acc); f(5)",
        "5"
    );
    assert_eval!(
        "type_of([1, 2].fold(|a, b| 0, |acc, v| acc))",
        "\"function\""
    );
    assert_eval!("[1, 2, 3].fold(0, |a, b| a + b)", "6");
    assert_eval!("[1, 2, 3].reduce(|a, b| a + b, 10)", "16");
}
