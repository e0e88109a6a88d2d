//! Statements: `let`s (annotated or not), assignments to variables, fields, elements and
//! annotated globals, closures that assign, branches, loops and functions with annotations.

use super::{Mixed, ANNS};
use std::fmt::Write;

impl Mixed {
    pub(super) fn stmt(&mut self, out: &mut String, indent: usize) {
        let pad = "    ".repeat(indent);
        match self.below(18) {
            0..=2 => {
                self.counter += 1;
                let v = format!("v{}", self.counter);
                let e = self.expr();
                let _ = writeln!(out, "{pad}let mut {v} = {e}");
                self.vars.push(v);
            }
            3 | 4 => {
                self.counter += 1;
                let v = format!("v{}", self.counter);
                let a = self.pick(ANNS);
                let e = self.expr();
                let _ = writeln!(out, "{pad}let mut {v}: {a} = {e}");
                self.vars.push(v);
            }
            5 | 6 if !self.vars.is_empty() => {
                let v = self.var();
                let e = self.expr();
                let _ = writeln!(out, "{pad}{v} = {e}");
            }
            7 => {
                let v = self.var();
                let e = self.expr();
                let s = match self.below(6) {
                    0 => format!("{v}.{} = {e}", self.pick(&["n", "s", "xs", "t", "c", "a"])),
                    1 => format!("{v}.push({e})"),
                    2 => format!("{v}[0] = {e}"),
                    3 => format!("TV{}", self.pick(&[".push(1)", "[0] = 1"])),
                    4 => format!("TS.insert({e})"),
                    _ => format!("TM[\"{}\"] = {e}", self.pick(&["a", "b"])),
                };
                let _ = writeln!(out, "{pad}{s}");
            }
            8 if indent < 2 => {
                let v = self.var();
                let e = self.expr();
                let _ = writeln!(out, "{pad}let bump = || {{ {v} = {e} }}");
                let _ = writeln!(out, "{pad}bump()");
            }
            9 if indent < 2 => {
                let c = self.expr();
                let _ = writeln!(out, "{pad}if {c} {{");
                self.stmt(out, indent + 1);
                let _ = writeln!(out, "{pad}}} else {{");
                self.stmt(out, indent + 1);
                let _ = writeln!(out, "{pad}}}");
            }
            10 if indent < 2 => {
                let it = self.pick(&[
                    "[1, 2]",
                    "0..3",
                    "[\"a\", 1.5]",
                    "{k: 1}",
                    "[E::A(1), E::D]",
                    "TV",
                    "avec([3])",
                ]);
                let _ = writeln!(out, "{pad}for it in {it} {{");
                let saved = self.vars.len();
                self.vars.push("it".into());
                self.stmt(out, indent + 1);
                self.stmt(out, indent + 1);
                self.vars.truncate(saved);
                let _ = writeln!(out, "{pad}}}");
            }
            11 if indent < 2 && !self.vars.is_empty() => {
                let v = self.var();
                let e = self.expr();
                let _ = writeln!(out, "{pad}let mut w = 0");
                let _ = writeln!(out, "{pad}while w < 2 {{ {v} = {e}; w += 1 }}");
            }
            12 if indent == 0 => self.function(out),
            13 => {
                let e = self.expr();
                let _ = writeln!(out, "{pad}note({e})");
            }
            _ => {
                let e = self.expr();
                let _ = writeln!(out, "{pad}println({e})");
            }
        }
    }

    /// A function with some annotated parameters and maybe an annotated return type.
    fn function(&mut self, out: &mut String) {
        self.counter += 1;
        let f = format!("f{}", self.counter);
        let n = self.below(3);
        let mut params = Vec::new();
        let mut decls = Vec::new();
        for i in 0..n {
            let p = format!("p{i}");
            match self.below(2) {
                0 => decls.push(p.clone()),
                _ => decls.push(format!("{p}: {}", self.pick(ANNS))),
            }
            params.push(p);
        }
        let ret = match self.below(3) {
            0 => format!(" -> {}", self.pick(ANNS)),
            _ => String::new(),
        };
        let saved = std::mem::replace(&mut self.vars, params);
        let _ = writeln!(out, "fun {f}({}){ret} {{", decls.join(", "));
        self.stmt(out, 1);
        let e = self.expr();
        let _ = writeln!(out, "    {e}");
        let _ = writeln!(out, "}}");
        self.vars = saved;
        self.funs.push((f, n));
    }
}
