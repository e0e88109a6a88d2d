//! Random dynamically typed programs for differential testing: variables change kind, data is
//! heterogeneous, code is guarded by `type_of`, helpers are polymorphic. The generator tracks
//! the run-time kind of every variable so that the program runs without error (mostly: the
//! test skips the rare program that fails); a value whose kind depends on a branch is only
//! used by operations that accept every kind.

#![allow(dead_code)]

use super::Rng;

#[derive(Clone, Copy, PartialEq, Debug)]
enum K {
    Int,
    Float,
    Str,
    Bool,
    IntArr,
    StrArr,
    Mixed,
    Pt,
    Unknown,
}

struct Var {
    name: String,
    kind: K,
    mutable: bool,
}

pub struct Gen {
    r: Rng,
    vars: Vec<Var>,
    out: String,
    indent: usize,
    next: usize,
    depth: usize,
}

const KINDS: [K; 8] = [
    K::Int,
    K::Float,
    K::Str,
    K::Bool,
    K::IntArr,
    K::StrArr,
    K::Mixed,
    K::Pt,
];

/// The fixed prelude: polymorphic helpers, a struct with an unannotated field, type tests.
const PRELUDE: &str = "\
fun ident(x) { x }
fun pair(a, b) { (a, b) }
fun wrap(x) { [x] }
fun show(x) { f\"<{x}>\" }
fun pick(c, a, b) { if c { a } else { b } }
fun kind(x) { type_of(x) }
fun apply(f, x) { f(x) }
fun describe(v) {
    if type_of(v) == \"integer\" { v + 1 }
    else if type_of(v) == \"string\" { v.len() }
    else if type_of(v) == \"array\" { v.len() }
    else { 0 }
}
struct Pt { x: i32, tag }
impl Pt {
    fun moved(&self, d: i32) -> Pt { Pt { x: self.x + d, tag: self.tag } }
    fun retag(&mut self, t) { self.tag = t }
}
let mut log = []
fun note(v) { log.push(v) }
";

impl Gen {
    pub fn new(seed: u64) -> Gen {
        Gen {
            r: Rng::new(seed),
            vars: Vec::new(),
            out: String::from(PRELUDE),
            indent: 0,
            next: 0,
            depth: 0,
        }
    }

    fn line(&mut self, s: &str) {
        self.out.push_str(&"    ".repeat(self.indent));
        self.out.push_str(s);
        self.out.push('\n');
    }

    fn var_of(&mut self, k: K) -> Option<String> {
        let cands: Vec<&Var> = self.vars.iter().filter(|v| v.kind == k).collect();
        if cands.is_empty() {
            return None;
        }
        let i = self.r.below(cands.len() as u64) as usize;
        Some(cands[i].name.clone())
    }

    fn small(&mut self) -> u64 {
        self.r.below(20)
    }

    /// An expression that evaluates to a value of kind `k` without error.
    fn expr(&mut self, k: K) -> String {
        self.depth += 1;
        let e = self.expr_inner(k);
        self.depth -= 1;
        e
    }

    fn expr_inner(&mut self, k: K) -> String {
        let deep = self.depth > 3;
        if self.r.below(3) == 0 {
            if let Some(v) = self.var_of(k) {
                return v;
            }
        }
        let choice = if deep { 0 } else { self.r.below(6) };
        match k {
            K::Int => match choice {
                0 => format!("{}", self.small()),
                1 => format!("({} + {})", self.expr(K::Int), self.expr(K::Int)),
                2 => format!("{}.len()", self.expr(K::Str)),
                3 => format!("len({})", self.expr(K::IntArr)),
                4 => format!("ident({})", self.expr(K::Int)),
                _ => format!(
                    "pick({}, {}, {})",
                    self.expr(K::Bool),
                    self.expr(K::Int),
                    self.expr(K::Int)
                ),
            },
            K::Float => match choice {
                0 => format!("{}.5", self.small()),
                1 => format!("({} * 1.5)", self.expr(K::Int)),
                2 => format!("({} + {})", self.expr(K::Float), self.expr(K::Int)),
                3 => format!("{}.abs()", self.expr(K::Float)),
                _ => format!("float({})", self.expr(K::Int)),
            },
            K::Str => match choice {
                0 => self.r.pick(&["\"a\"", "\"bc\"", "'d'", "\"\""]).to_string(),
                1 => format!("({} + {})", self.expr(K::Str), self.expr(K::Int)),
                2 => format!("show({})", self.any_expr()),
                3 => format!("kind({})", self.any_expr()),
                4 => format!("{}.join(\"-\")", self.expr(K::StrArr)),
                _ => format!("str({})", self.any_expr()),
            },
            K::Bool => match choice {
                0 => self.r.pick(&["true", "false"]).to_string(),
                1 => format!("({} < {})", self.expr(K::Int), self.expr(K::Float)),
                2 => format!("({} == {})", self.any_expr(), self.any_expr()),
                3 => format!("!{}", self.any_expr()),
                4 => format!("{}.contains({})", self.expr(K::IntArr), self.any_expr()),
                _ => format!("{}.starts_with({})", self.expr(K::Str), self.expr(K::Str)),
            },
            K::IntArr => match choice {
                0 => format!("[{}, {}]", self.expr(K::Int), self.expr(K::Int)),
                1 => format!("{}.map(|x| x + 1)", self.expr(K::IntArr)),
                2 => format!("{}.filter(|x| x > 2)", self.expr(K::IntArr)),
                3 => format!("range({})", self.small()),
                4 => format!("wrap({})", self.expr(K::Int)),
                _ => format!("{}.map(|s| s.len())", self.expr(K::StrArr)),
            },
            K::StrArr => match choice {
                0 => format!("[{}]", self.expr(K::Str)),
                1 => "\"x y z\".split(\" \")".to_string(),
                2 => format!("{}.map(|n| str(n))", self.expr(K::IntArr)),
                _ => format!("{}.chars()", self.expr(K::Str)),
            },
            K::Mixed => match choice {
                0 => format!("[{}, {}]", self.any_expr(), self.any_expr()),
                1 => format!(
                    "[{}, {}, {}]",
                    self.expr(K::Int),
                    self.expr(K::Str),
                    self.expr(K::Bool)
                ),
                _ => format!("{}.map(|v| show(v))", self.expr(K::Mixed)),
            },
            K::Pt => match choice {
                0 => format!(
                    "Pt {{ x: {}, tag: {} }}",
                    self.expr(K::Int),
                    self.any_expr()
                ),
                _ => format!("{}.moved({})", self.expr(K::Pt), self.expr(K::Int)),
            },
            K::Unknown => self.any_expr(),
        }
    }

    /// An expression of some kind (unknown to the rest of the program).
    fn any_expr(&mut self) -> String {
        if self.r.below(3) == 0 {
            if let Some(v) = self.var_of(K::Unknown) {
                return v;
            }
        }
        if self.depth > 3 {
            return format!("{}", self.small());
        }
        match self.r.below(5) {
            0 => format!(
                "pick({}, {}, {})",
                self.expr(K::Bool),
                self.expr(K::Int),
                self.expr(K::Str)
            ),
            1 => format!("{}[0]", self.expr(K::Mixed)),
            2 => format!("apply(|v| v, {})", self.expr(K::Str)),
            _ => {
                let k = KINDS[self.r.below(KINDS.len() as u64) as usize];
                self.expr(k)
            }
        }
    }

    /// Statements that use a value of unknown kind only in ways every kind allows.
    fn use_unknown(&mut self, v: &str) {
        match self.r.below(6) {
            0 => self.line(&format!("println({v})")),
            1 => self.line(&format!("println(show({v}), kind({v}))")),
            2 => self.line(&format!("note({v})")),
            3 => self.line(&format!("println(describe({v}))")),
            4 => self.line(&format!(
                "if type_of({v}) == \"string\" {{ println({v}.to_upper()) }} else {{ println(str({v})) }}"
            )),
            _ => self.line(&format!(
                "if type_of({v}) == \"integer\" {{ println({v} * 2) }} else {{ println({v} == nil) }}"
            )),
        }
    }

    fn use_known(&mut self, v: &str, k: K) {
        let s = match k {
            K::Int => format!("println({v} + 1, {v}.abs())"),
            K::Float => format!("println({v} * 2.0, {v}.floor())"),
            K::Str => format!("println({v}.to_upper(), {v}.len(), {v} + \"!\")"),
            K::Bool => format!("println(!{v})"),
            K::IntArr => format!("println({v}.sum(), {v}.len())"),
            K::StrArr => format!("println({v}.join(\",\"), {v}.len())"),
            K::Mixed => format!("for item in {v} {{ println(show(item)) }}"),
            K::Pt => format!("println({v}.x + 1, show({v}.tag))"),
            K::Unknown => return self.use_unknown(v),
        };
        self.line(&s);
    }

    fn stmt(&mut self) {
        let n = self.vars.len();
        match self.r.below(10) {
            0..=2 => {
                let k = KINDS[self.r.below(KINDS.len() as u64) as usize];
                let e = self.expr(k);
                let name = format!("v{}", self.next);
                self.next += 1;
                let mutable = self.r.below(2) == 0;
                self.line(&format!(
                    "let {}{name} = {e}",
                    if mutable { "mut " } else { "" }
                ));
                self.vars.push(Var {
                    name,
                    kind: k,
                    mutable,
                });
            }
            3 | 4 if n > 0 => {
                // reassign, possibly to another kind
                let i = self.r.below(n as u64) as usize;
                if !self.vars[i].mutable {
                    return;
                }
                let k = KINDS[self.r.below(KINDS.len() as u64) as usize];
                let e = self.expr(k);
                let name = self.vars[i].name.clone();
                self.line(&format!("{name} = {e}"));
                self.vars[i].kind = k;
            }
            5 if n > 0 => {
                let i = self.r.below(n as u64) as usize;
                let (name, k) = (self.vars[i].name.clone(), self.vars[i].kind);
                self.use_known(&name, k);
            }
            6 if n > 0 && self.indent < 3 => {
                // a branch that may change a variable's kind: afterwards it is unknown
                let i = self.r.below(n as u64) as usize;
                if !self.vars[i].mutable {
                    return;
                }
                let name = self.vars[i].name.clone();
                let c = self.expr(K::Bool);
                let k = KINDS[self.r.below(KINDS.len() as u64) as usize];
                let e = self.expr(k);
                self.line(&format!("if ({c}) {{"));
                self.indent += 1;
                self.line(&format!("{name} = {e}"));
                self.indent -= 1;
                self.line("}");
                if self.vars[i].kind != k {
                    self.vars[i].kind = K::Unknown;
                }
            }
            7 if n > 0 && self.indent < 3 => {
                // a loop whose body reassigns: the kind is unknown from the loop on
                let i = self.r.below(n as u64) as usize;
                let name = self.vars[i].name.clone();
                let old = self.vars[i].kind;
                let k = KINDS[self.r.below(KINDS.len() as u64) as usize];
                let mutable = self.vars[i].mutable;
                self.vars[i].kind = K::Unknown;
                let n = self.r.below(3);
                self.line(&format!("for i in 0..{n} {{"));
                let _ = n;
                self.indent += 1;
                self.use_unknown(&name);
                if mutable {
                    let e = self.expr(k);
                    self.line(&format!("{name} = {e}"));
                }
                self.indent -= 1;
                self.line("}");
                if !mutable || old == k {
                    self.vars[i].kind = old;
                }
            }
            8 if n > 0 && self.r.below(2) == 0 => self.capture(),
            8 => {
                let e = self.any_expr();
                let name = format!("u{}", self.next);
                self.next += 1;
                self.line(&format!("let mut {name} = {e}"));
                self.vars.push(Var {
                    name,
                    kind: K::Unknown,
                    mutable: true,
                });
            }
            _ => {
                if let Some(p) = self.var_of(K::Pt) {
                    let e = self.any_expr();
                    let mutable = self.vars.iter().any(|v| v.name == p && v.mutable);
                    if mutable {
                        self.line(&format!("{p}.retag({e})"));
                        self.line(&format!("println(show({p}.tag))"));
                    }
                }
            }
        }
    }

    /// Closures and functions over variables whose kind may change later: their results are
    /// only used as values of unknown kind.
    fn capture(&mut self) {
        let n = self.vars.len();
        let i = self.r.below(n as u64) as usize;
        let (name, mutable) = (self.vars[i].name.clone(), self.vars[i].mutable);
        let id = self.next;
        self.next += 1;
        match self.r.below(6) {
            0 => {
                self.line(&format!("let c{id} = || {name}"));
                self.line(&format!("let mut u{id} = c{id}()"));
            }
            1 if self.indent == 0 => {
                // a hoisted function reading a global
                self.line(&format!("fun g{id}() {{ [{name}, {name}] }}"));
                self.line(&format!("let mut u{id} = g{id}()[1]"));
            }
            2 if mutable => {
                // a closure that reassigns the captured variable to another kind
                let k = KINDS[self.r.below(KINDS.len() as u64) as usize];
                let e = self.expr(k);
                self.line(&format!("let set{id} = || {{ {name} = {e} }}"));
                if self.r.below(2) == 0 {
                    self.line(&format!("set{id}()"));
                }
                self.vars[i].kind = K::Unknown;
                self.line(&format!("let mut u{id} = {name}"));
            }
            3 => {
                let e = self.any_expr();
                self.line(&format!("let m{id} = {{a: {e}, b: {name}, c: [1, \"x\"]}}"));
                let c = self.r.pick(&["true", "false"]);
                self.line(&format!("let mut u{id} = pick({c}, m{id}.a, m{id}[\"b\"])"));
            }
            4 => {
                let e = self.any_expr();
                self.line(&format!("let mut w{id} = 0"));
                self.line(&format!("let mut u{id} = {e}"));
                self.line(&format!(
                    "while w{id} < 2 {{ w{id} += 1; u{id} = wrap(u{id}) }}"
                ));
            }
            _ => {
                self.line(&format!(
                    "fun h{id}(p) {{ show(p) + kind(p) + str(describe(p)) }}"
                ));
                let (a, b) = (self.any_expr(), self.expr(K::Int));
                self.line(&format!(
                    "let mut u{id} = h{id}({a}) + h{id}({b}) + h{id}({name})"
                ));
            }
        }
        self.vars.push(Var {
            name: format!("u{id}"),
            kind: K::Unknown,
            mutable: true,
        });
    }

    pub fn program(mut self, stmts: usize) -> String {
        for _ in 0..stmts {
            self.stmt();
        }
        self.line("println(log.len())");
        self.out
    }
}

/// A random dynamically typed program with about `stmts` statements.
pub fn program(seed: u64, stmts: usize) -> String {
    Gen::new(seed).program(stmts)
}
