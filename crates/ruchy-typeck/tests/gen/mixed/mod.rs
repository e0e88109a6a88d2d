//! Random small programs that mix annotated places with values of every kind on purpose:
//! enum payloads (also of a generic enum), struct, generic struct and class fields,
//! parameters (also with defaults, of closures and generic functions), returns and `let`s
//! with annotations, annotated collections, receive values that may or may not fit,
//! including values whose kind the checker cannot know (`"5".parse()`, heterogeneous arrays,
//! maps, branch-dependent values, globals written by functions, closures). Methods,
//! operators, fields and indexing are then used on what comes out (match arms, `if let`,
//! `?`, closures, higher-order calls, loops). Most programs fail at run time; the
//! differential test keeps those that run without error. Deterministic for a seed.

#![allow(dead_code)]

mod expr;
mod stmt;

use super::Rng;

/// Declarations every program starts with.
const PRELUDE: &str = "\
enum E { A(i32), B(String), C(Vec<i32>), D }
enum F { P(i32, String), Q { n: i32, s: String } }
enum W<T> { V(T), N(i32) }
struct S { n: i32, s: String, xs: Vec<i32>, t }
struct G<T> { v: T, k: i32 }
class K {
    c: i32 = 0
    name: String = \"k\"
    new(c: i32) { self.c = c }
    fun get(&self) -> i32 { self.c }
    fun put(&mut self, v) { self.c = v }
    fun label(&self) -> String { self.name + str(self.c) }
}
trait Area { fun area(&self) -> f64 }
impl Area for S { fun area(&self) -> f64 { self.n * 1.5 } }
impl S {
    fun get_n(&self) -> i32 { self.n }
    fun set_n(&mut self, v) { self.n = v }
    fun twice(&self) -> Vec<i32> { self.xs + self.xs }
}
trait Greet { fun greet(&self, name: String) -> String { \"hi \" + name } }
struct D { n: i32 = 5, tag: String = \"d\" }
impl Greet for D {}
impl D { fun add(&mut self, k: i32) { self.n = self.n + k } }
mod m { pub fun twice(x: i32) -> i32 { x * 2 } }
fun early(x: i32) -> i32 { if x > 1 { return x }; 0 }
struct H { f }
struct DD { k: i32 = GL, w = \"w\" }
fun ai(x: i32) -> i32 { x }
fun astr(x: String) -> String { x }
fun avec(x: Vec<i32>) -> Vec<i32> { x }
fun ri(x) -> i32 { x }
fun ropt(x) -> Option<i32> { Some(x) }
fun rres(x) -> Result<i32, String> { if x == nil { Err(\"nil\") } else { Ok(x) } }
fun unres(x) -> Result<i32, String> { Ok(rres(x)? + 0) }
fun dflt(x: i32 = 5) { x }
fun first<T>(xs: Vec<T>) -> T { xs[0] }
fun mpush(o, v) { o.push(v); o }
fun mfield(o, v) { o.n = v; o }
fun mindex(o, v) { o[0] = v; o }
fun minner(o, v) { o.xs.push(v); o }
fun mmeth(o, v) { o.set_n(v); o }
fun ident(x) { x }
fun apply(f, v) { f(v) }
fun pick(c, a, b) { if c { a } else { b } }
let mut GL = 0
fun store(v) { GL = v; v }
let mut log = []
fun note(v) { log.push(v) }
let mut TV: Vec<i32> = [1, 2]
let mut TM: HashMap<String, i32> = {a: 1}
let mut TS: HashSet<i32> = HashSet::new()
let mut TO: Option<Vec<i32>> = Some([1])
";

const METHODS: &[&str] = &[
    "len()",
    "to_string()",
    "abs()",
    "first()",
    "is_empty()",
    "sum()",
    "unwrap_or(0)",
    "unwrap()",
    "keys()",
    "reverse()",
    "to_upper()",
    "contains(1)",
    "contains(\"a\")",
    "floor()",
    "sqrt()",
    "split(\",\")",
    "chars()",
    "join(\"-\")",
    "map(|q| q + 1)",
    "filter(|q| q > 1)",
    "starts_with(\"s\")",
    "trim()",
    "max()",
    "sort()",
    "get_n()",
    "get()",
    "twice()",
    "is_some()",
    "is_ok()",
    "values()",
    "label()",
    "area()",
    "push(1)",
    "greet(\"x\")",
    "insert(1)",
];

const FIELDS: &[&str] = &["n", "s", "xs", "t", "v", "k", "c", "a", "name", "tag", "f"];

const ANNS: &[&str] = &[
    "i32",
    "f64",
    "String",
    "bool",
    "Vec<i32>",
    "Vec<String>",
    "E",
    "S",
    "Option<i32>",
    "Result<i32, String>",
    "HashMap<String, i32>",
    "(i32, String)",
    "W<i32>",
    "Option<Vec<i32>>",
    "HashSet<i32>",
    "D",
];

pub struct Mixed {
    rng: Rng,
    vars: Vec<String>,
    funs: Vec<(String, usize)>,
    depth: usize,
    counter: usize,
}

impl Mixed {
    pub fn new(seed: u64) -> Mixed {
        Mixed {
            rng: Rng::new(seed),
            vars: Vec::new(),
            funs: Vec::new(),
            depth: 0,
            counter: 0,
        }
    }

    fn below(&mut self, n: usize) -> usize {
        self.rng.below(n as u64) as usize
    }

    fn pick(&mut self, xs: &[&'static str]) -> &'static str {
        self.rng.pick(xs)
    }

    fn var(&mut self) -> String {
        if self.vars.is_empty() {
            return self.pick(&["GL", "TV", "TM"]).into();
        }
        let i = self.below(self.vars.len());
        self.vars[i].clone()
    }

    fn atom(&mut self) -> String {
        match self.below(18) {
            0 => format!("{}", 1 + self.below(9)),
            1 => format!("{}.5", self.below(5)),
            2 => format!("\"s{}\"", self.below(3)),
            3 => self.pick(&["true", "false"]).into(),
            4 => "nil".into(),
            5 => "[1, 2, 3]".into(),
            6 => "[\"a\", 2]".into(),
            7 => "{a: 1, b: \"x\"}".into(),
            8 => "(1, \"t\")".into(),
            9 => "Some(2)".into(),
            10 => "\"5\".parse()".into(),
            11 => format!("[1, \"a\", [2]][{}]", self.below(3)),
            12 => format!(
                "{{a: 1, b: \"x\", c: [1]}}[\"{}\"]",
                self.pick(&["a", "b", "c"])
            ),
            13 => "E::D".into(),
            14 => self
                .pick(&[
                    "TV",
                    "TM",
                    "TV[0]",
                    "TM[\"a\"]",
                    "GL",
                    "TS",
                    "TO",
                    "TO.unwrap()",
                ])
                .into(),
            _ => self.var(),
        }
    }

    /// A program: the prelude and a few random statements.
    pub fn program(&mut self) -> String {
        self.vars.clear();
        self.funs.clear();
        self.depth = 0;
        let mut out = String::from(PRELUDE);
        for _ in 0..(3 + self.below(8)) {
            self.stmt(&mut out, 0);
        }
        out
    }
}
