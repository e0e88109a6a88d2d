//! The high-level entry point: parse, compile and run source text in one persistent VM,
//! and the static name check of `ruchy check`.

use crate::bytecode::{Op, Proto, Source};
use crate::compiler::compile_chunk;
use crate::error::RuntimeError;
use crate::output::Output;
use crate::value::Value;
use crate::vm::Vm;
use ruchy_parser::{DiagKind, Diagnostic, Span};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

/// Why running source text failed.
#[derive(Debug)]
pub enum Failure {
    /// Syntax (or compile) errors: nothing ran.
    Syntax(Vec<Diagnostic>, Rc<Source>),
    Runtime(Box<RuntimeError>),
}

impl Failure {
    /// The `Error: …` message without the prefix.
    pub fn headline(&self) -> String {
        match self {
            Failure::Syntax(d, src) => d.first().map(|d| d.headline(&src.text)).unwrap_or_default(),
            Failure::Runtime(e) => e.message(),
        }
    }

    /// The full rustc-style diagnostic (first line `Error: …`).
    pub fn render(&self, color: bool) -> String {
        match self {
            Failure::Syntax(diags, src) => match diags.first() {
                Some(d) => ruchy_parser::render(d, &src.text, &src.name, color),
                None => "Error: Syntax error\n".into(),
            },
            Failure::Runtime(e) => match &e.location {
                Some((src, _)) => {
                    ruchy_parser::render(&e.to_diagnostic(), &src.text, &src.name, color)
                }
                None => format!("Error: {}\n", e.message()),
            },
        }
    }

    /// The status of an `exit(code)` that ended the program.
    pub fn exit_code(&self) -> Option<i32> {
        match self {
            Failure::Runtime(e) => match e.kind {
                crate::error::ErrorKind::Exit(code) => Some(code),
                _ => None,
            },
            Failure::Syntax(..) => None,
        }
    }

    pub fn is_incomplete(&self) -> bool {
        matches!(self, Failure::Syntax(d, _) if d.iter().any(|d| d.incomplete))
    }
}

pub struct Engine {
    pub vm: Vm,
}

impl Engine {
    pub fn new(out: Box<dyn Output>) -> Engine {
        Engine { vm: Vm::new(out) }
    }

    /// Parse and compile without running.
    pub fn compile(&mut self, src: &str, name: &str) -> Result<Rc<Proto>, Failure> {
        let source = Source::new(name, src);
        let parsed = ruchy_parser::parse(src);
        if !parsed.errors.is_empty() {
            return Err(Failure::Syntax(parsed.errors, source));
        }
        compile_chunk(&mut self.vm.env, &parsed.program, source.clone())
            .map_err(|d| Failure::Syntax(d, source))
    }

    /// Run source text. With `main_rule`, call an uncalled global `main` afterwards and
    /// return its value (§1 rule 4, §16.1); otherwise the value of the last statement.
    pub fn run(&mut self, src: &str, name: &str, main_rule: bool) -> Result<Value, Failure> {
        let proto = self.compile(src, name)?;
        let value = self.vm.run_chunk(proto).map_err(Failure::Runtime)?;
        if main_rule {
            if let Some(v) = self.vm.run_main_rule().map_err(Failure::Runtime)? {
                return Ok(v);
            }
        }
        Ok(value)
    }

    /// Static checks of `ruchy check`: syntax, then names that are used but bound nowhere.
    pub fn check(&mut self, src: &str, name: &str) -> Result<(), Failure> {
        let proto = self.compile(src, name)?;
        let mut uses = Vec::new();
        let mut defined = HashSet::new();
        let mut seen = HashSet::new();
        collect_globals(&proto, &mut uses, &mut defined, &mut seen);
        for closure in &self.vm.env.method_list {
            collect_globals(&closure.proto, &mut uses, &mut defined, &mut seen);
        }
        let names: HashMap<u32, Rc<str>> = self
            .vm
            .env
            .global_names
            .iter()
            .map(|(n, &g)| (g, n.clone()))
            .collect();
        let mut diags = Vec::new();
        for (g, offset, is_call) in uses {
            if defined.contains(&g) || !matches!(self.vm.env.globals[g as usize], Value::Undefined)
            {
                continue;
            }
            let n = names.get(&g).cloned().unwrap_or_else(|| Rc::from("?"));
            let what = if is_call { "function" } else { "variable" };
            let mut d = Diagnostic::new(
                DiagKind::Name,
                Span {
                    start: offset,
                    end: offset + n.len() as u32,
                },
                format!("Undefined {what}: {n}"),
            );
            d.label = Some(format!("'{n}' is not defined anywhere"));
            diags.push(d);
        }
        ruchy_parser::sort::sort_by_key(&mut diags, |d| d.span.start);
        diags.dedup_by_key(|d| d.span.start);
        if diags.is_empty() {
            Ok(())
        } else {
            Err(Failure::Syntax(diags, Source::new(name, src)))
        }
    }
}

/// Global slots read (with the offset of the reading instruction) and defined in a proto tree.
fn collect_globals(
    p: &Proto,
    uses: &mut Vec<(u32, u32, bool)>,
    defined: &mut HashSet<u32>,
    seen: &mut HashSet<*const Proto>,
) {
    if !seen.insert(p as *const Proto) {
        return;
    }
    for (i, op) in p.code.iter().enumerate() {
        let off = p.spans.get(i).map(|s| s.start).unwrap_or(0);
        match *op {
            Op::GetGlobal(_, g) | Op::SetGlobal(g, _) => uses.push((g, off, false)),
            Op::CallGlobal(_, _, site) => {
                uses.push((p.global_sites[site as usize].global, off, true))
            }
            Op::DefGlobal(g, _) => {
                defined.insert(g);
            }
            _ => {}
        }
    }
    for c in &p.consts {
        if let Value::Func(f) = c {
            collect_globals(&f.proto, uses, defined, seen);
        }
    }
    for child in &p.protos {
        collect_globals(child, uses, defined, seen);
    }
}
