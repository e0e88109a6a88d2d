//! A readable tree dump of the AST: one node per line, indented two spaces per level.

use crate::ast::*;
use std::fmt::Write;

pub fn dump_program(p: &Program) -> String {
    let mut d = Dumper {
        out: String::new(),
        depth: 0,
    };
    d.line("Program");
    d.nested(|d| p.stmts.iter().for_each(|s| d.stmt(s)));
    d.out
}

pub fn dump_expr(e: &Expr) -> String {
    let mut d = Dumper {
        out: String::new(),
        depth: 0,
    };
    d.expr(e);
    d.out
}

const MAX_INDENT: usize = 100;

struct Dumper {
    out: String,
    depth: usize,
}

fn type_text(t: &TypeExpr) -> String {
    match &t.kind {
        TypeKind::Named { path, args } if args.is_empty() => path.join("::"),
        TypeKind::Named { path, args } => format!(
            "{}<{}>",
            path.join("::"),
            args.iter().map(type_text).collect::<Vec<_>>().join(", ")
        ),
        TypeKind::Ref { mutable, inner } => format!(
            "&{}{}",
            if *mutable { "mut " } else { "" },
            type_text(inner)
        ),
        TypeKind::Array(inner) => format!("[{}]", type_text(inner)),
        TypeKind::Tuple(items) => format!(
            "({})",
            items.iter().map(type_text).collect::<Vec<_>>().join(", ")
        ),
        TypeKind::Fn { params, ret } => {
            let ps = params.iter().map(type_text).collect::<Vec<_>>().join(", ");
            match ret {
                Some(r) => format!("fn({ps}) -> {}", type_text(r)),
                None => format!("fn({ps})"),
            }
        }
        TypeKind::SelfType => "Self".into(),
        TypeKind::Opaque => "_".into(),
    }
}

fn path_text(path: &[Ident]) -> String {
    path.iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join("::")
}

impl Dumper {
    fn line(&mut self, text: impl AsRef<str>) {
        // indentation stops growing at MAX_INDENT levels, and deeper lines say their depth,
        // so the dump of a deep tree (a chain of 100,000 operators) stays linear in size
        for _ in 0..self.depth.min(MAX_INDENT) {
            self.out.push_str("  ");
        }
        if self.depth > MAX_INDENT {
            let _ = write!(self.out, "[depth {}] ", self.depth);
        }
        self.out.push_str(text.as_ref());
        self.out.push('\n');
    }

    fn nested(&mut self, f: impl FnOnce(&mut Dumper)) {
        self.depth += 1;
        f(self);
        self.depth -= 1;
    }

    fn stmt(&mut self, s: &Stmt) {
        match s {
            Stmt::Let(l) => {
                let ty =
                    l.ty.as_ref()
                        .map(|t| format!(": {}", type_text(t)))
                        .unwrap_or_default();
                self.line(format!("Let{}{ty}", if l.mutable { " mut" } else { "" }));
                self.nested(|d| {
                    d.pattern(&l.pat);
                    d.expr(&l.value);
                });
            }
            Stmt::Item(i) => self.item(i),
            Stmt::Expr(e) => self.expr(e),
        }
    }

    fn fun(&mut self, kind: &str, f: &FunDecl) {
        let mut head = kind.to_string();
        if let Some(n) = &f.name {
            let _ = write!(head, " {}", n.name);
        }
        let selfp = match f.self_kind {
            SelfKind::None => None,
            SelfKind::Value => Some("self".to_string()),
            SelfKind::Ref => Some("&self".to_string()),
            SelfKind::RefMut => Some("&mut self".to_string()),
        };
        let params: Vec<String> = selfp
            .into_iter()
            .chain(f.params.iter().map(|p| {
                let mut s = p.name.name.clone();
                if let Some(t) = &p.ty {
                    let _ = write!(s, ": {}", type_text(t));
                }
                if p.default.is_some() {
                    s.push_str(" = …");
                }
                s
            }))
            .collect();
        let _ = write!(head, "({})", params.join(", "));
        if let Some(r) = &f.ret {
            let _ = write!(head, " -> {}", type_text(r));
        }
        if f.is_signature {
            head.push_str(" signature");
        }
        self.line(head);
        if !f.is_signature {
            self.nested(|d| {
                for p in &f.params {
                    if let Some(def) = &p.default {
                        d.line(format!("Default {}", p.name.name));
                        d.nested(|d| d.expr(def));
                    }
                    if let Some(pat) = &p.pattern {
                        d.pattern(pat);
                    }
                }
                d.expr(&f.body)
            });
        }
    }

    fn fields(&mut self, fields: &[FieldDecl]) {
        for f in fields {
            let ty =
                f.ty.as_ref()
                    .map(|t| format!(": {}", type_text(t)))
                    .unwrap_or_default();
            self.line(format!("Field {}{ty}", f.name.name));
            if let Some(def) = &f.default {
                self.nested(|d| d.expr(def));
            }
        }
    }

    fn item(&mut self, i: &Item) {
        match i {
            Item::Fun(f) => self.fun("Fun", f),
            Item::Struct(s) => {
                self.line(format!("Struct {}", s.name.name));
                self.nested(|d| {
                    d.fields(&s.fields);
                    s.methods.iter().for_each(|m| d.fun("Method", m));
                });
            }
            Item::Enum(e) => {
                self.line(format!("Enum {}", e.name.name));
                self.nested(|d| {
                    for v in &e.variants {
                        let mut text = format!("Variant {}", v.name.name);
                        match &v.shape {
                            VariantShape::Unit => {}
                            VariantShape::Tuple(ts) => {
                                let _ = write!(
                                    text,
                                    "({})",
                                    ts.iter().map(type_text).collect::<Vec<_>>().join(", ")
                                );
                            }
                            VariantShape::Struct(fs) => {
                                let _ = write!(
                                    text,
                                    " {{{}}}",
                                    fs.iter()
                                        .map(|f| f.name.name.as_str())
                                        .collect::<Vec<_>>()
                                        .join(", ")
                                );
                            }
                        }
                        if let Some(n) = v.discriminant {
                            let _ = write!(text, " = {n}");
                        }
                        d.line(text);
                    }
                });
            }
            Item::Impl(im) => {
                match &im.trait_name {
                    Some(t) => self.line(format!("Impl {} for {}", t.name, im.type_name.name)),
                    None => self.line(format!("Impl {}", im.type_name.name)),
                }
                self.nested(|d| im.methods.iter().for_each(|m| d.fun("Method", m)));
            }
            Item::Trait(t) => {
                self.line(format!("Trait {}", t.name.name));
                self.nested(|d| t.methods.iter().for_each(|m| d.fun("Method", m)));
            }
            Item::Class(c) => {
                self.line(format!("Class {}", c.name.name));
                self.nested(|d| {
                    d.fields(&c.fields);
                    if let Some(ctor) = &c.ctor {
                        d.fun("Constructor", ctor);
                    }
                    c.methods.iter().for_each(|m| d.fun("Method", m));
                });
            }
            Item::Mod(m) => {
                self.line(format!("Mod {}", m.name.name));
                self.nested(|d| m.items.iter().for_each(|s| d.stmt(s)));
            }
            Item::Use(u) => {
                let alias = u
                    .alias
                    .as_ref()
                    .map(|a| format!(" as {}", a.name))
                    .unwrap_or_default();
                self.line(format!("Use {}{alias}", path_text(&u.path)));
            }
        }
    }

    fn block(&mut self, label: &str, b: &Block) {
        self.line(label);
        self.nested(|d| b.stmts.iter().for_each(|s| d.stmt(s)));
    }

    fn args(&mut self, args: &[Arg]) {
        for a in args {
            match &a.name {
                Some(n) => {
                    self.line(format!("Named {}", n.name));
                    self.nested(|d| d.expr(&a.value));
                }
                None => self.expr(&a.value),
            }
        }
    }

    fn expr(&mut self, e: &Expr) {
        match &e.kind {
            ExprKind::Int(n) => self.line(format!("Int {n}")),
            ExprKind::Float(f) => self.line(format!("Float {f:?}")),
            ExprKind::Str(s) => self.line(format!("Str {s:?}")),
            ExprKind::Bool(b) => self.line(format!("Bool {b}")),
            ExprKind::Nil => self.line("Nil"),
            ExprKind::FString(parts) => {
                self.line("FString");
                self.nested(|d| {
                    for p in parts {
                        match p {
                            FStrPart::Lit(s) => d.line(format!("Lit {s:?}")),
                            FStrPart::Expr { expr, spec } => {
                                d.line(match spec {
                                    Some(s) => format!("Interp :{s}"),
                                    None => "Interp".into(),
                                });
                                d.nested(|d| d.expr(expr));
                            }
                        }
                    }
                });
            }
            ExprKind::Ident(n) => self.line(format!("Ident {n}")),
            ExprKind::SelfValue => self.line("Self"),
            ExprKind::Path(p) => self.line(format!("Path {}", path_text(p))),
            ExprKind::Array(items) => {
                self.line("Array");
                self.nested(|d| items.iter().for_each(|i| d.expr(i)));
            }
            ExprKind::ArrayRepeat(v, n) => {
                self.line("ArrayRepeat");
                self.nested(|d| {
                    d.expr(v);
                    d.expr(n);
                });
            }
            ExprKind::Comprehension {
                elem,
                pat,
                iter,
                cond,
            } => {
                self.line("Comprehension");
                self.nested(|d| {
                    d.expr(elem);
                    d.pattern(pat);
                    d.expr(iter);
                    if let Some(c) = cond {
                        d.expr(c);
                    }
                });
            }
            ExprKind::Tuple(items) => {
                self.line("Tuple");
                self.nested(|d| items.iter().for_each(|i| d.expr(i)));
            }
            ExprKind::Map(entries) => {
                self.line("Map");
                self.nested(|d| {
                    for (k, v) in entries {
                        match k {
                            MapKey::Str(s) => d.line(format!("Key {s:?}")),
                            MapKey::Int(n) => d.line(format!("Key {n}")),
                        }
                        d.nested(|d| d.expr(v));
                    }
                });
            }
            ExprKind::StructLit { path, fields } => {
                self.line(format!("StructLit {}", path_text(path)));
                self.nested(|d| {
                    for (n, v) in fields {
                        d.line(format!("Field {}", n.name));
                        d.nested(|d| d.expr(v));
                    }
                });
            }
            ExprKind::DataFrame(cols) => {
                self.line("DataFrame");
                self.nested(|d| {
                    for (n, v) in cols {
                        d.expr(n);
                        d.nested(|d| d.expr(v));
                    }
                });
            }
            ExprKind::Unary(op, x) => {
                self.line(format!(
                    "Unary {}",
                    match op {
                        UnOp::Neg => "-",
                        UnOp::Not => "!",
                        UnOp::BitNot => "~",
                    }
                ));
                self.nested(|d| d.expr(x));
            }
            ExprKind::Binary(op, a, b) => {
                self.line(format!("Binary {}", op.symbol()));
                self.nested(|d| {
                    d.expr(a);
                    d.expr(b);
                });
            }
            ExprKind::Assign { target, op, value } => {
                self.line(format!("Assign {}=", op.map(|o| o.symbol()).unwrap_or("")));
                self.nested(|d| {
                    d.expr(target);
                    d.expr(value);
                });
            }
            ExprKind::Call { callee, args } => {
                self.line("Call");
                self.nested(|d| {
                    d.expr(callee);
                    d.args(args);
                });
            }
            ExprKind::MethodCall { recv, method, args } => {
                self.line(format!("MethodCall {}", method.name));
                self.nested(|d| {
                    d.expr(recv);
                    d.args(args);
                });
            }
            ExprKind::Field(recv, name) => {
                self.line(format!("Field {}", name.name));
                self.nested(|d| d.expr(recv));
            }
            ExprKind::TupleIndex(recv, i, _) => {
                self.line(format!("TupleIndex {i}"));
                self.nested(|d| d.expr(recv));
            }
            ExprKind::Index(recv, i) => {
                self.line("Index");
                self.nested(|d| {
                    d.expr(recv);
                    d.expr(i);
                });
            }
            ExprKind::Slice {
                recv,
                start,
                end,
                inclusive,
            } => {
                self.line(if *inclusive { "Slice ..=" } else { "Slice .." });
                self.nested(|d| {
                    d.expr(recv);
                    match start {
                        Some(s) => d.expr(s),
                        None => d.line("Open"),
                    }
                    match end {
                        Some(s) => d.expr(s),
                        None => d.line("Open"),
                    }
                });
            }
            ExprKind::Range {
                start,
                end,
                inclusive,
            } => {
                self.line(if *inclusive { "Range ..=" } else { "Range .." });
                self.nested(|d| {
                    d.expr(start);
                    d.expr(end);
                });
            }
            ExprKind::Pipe(a, b) => {
                self.line("Pipe");
                self.nested(|d| {
                    d.expr(a);
                    d.expr(b);
                });
            }
            ExprKind::Ternary(c, a, b) => {
                self.line("Ternary");
                self.nested(|d| {
                    d.expr(c);
                    d.expr(a);
                    d.expr(b);
                });
            }
            ExprKind::Cast(x, t) => {
                self.line(format!("Cast {}", type_text(t)));
                self.nested(|d| d.expr(x));
            }
            ExprKind::Try(x) => {
                self.line("Try ?");
                self.nested(|d| d.expr(x));
            }
            ExprKind::Closure(f) => self.fun("Closure", f),
            ExprKind::Block(b) => self.block("Block", b),
            ExprKind::If { cond, then, else_ } => {
                self.line("If");
                self.nested(|d| {
                    d.expr(cond);
                    d.block("Then", then);
                    if let Some(e) = else_ {
                        d.line("Else");
                        d.nested(|d| d.expr(e));
                    }
                });
            }
            ExprKind::IfLet {
                pat,
                value,
                then,
                else_,
            } => {
                self.line("IfLet");
                self.nested(|d| {
                    d.pattern(pat);
                    d.expr(value);
                    d.block("Then", then);
                    if let Some(e) = else_ {
                        d.line("Else");
                        d.nested(|d| d.expr(e));
                    }
                });
            }
            ExprKind::Match { scrutinee, arms } => {
                self.line("Match");
                self.nested(|d| {
                    d.expr(scrutinee);
                    for arm in arms {
                        d.line("Arm");
                        d.nested(|d| {
                            d.pattern(&arm.pat);
                            if let Some(g) = &arm.guard {
                                d.line("Guard");
                                d.nested(|d| d.expr(g));
                            }
                            d.expr(&arm.body);
                        });
                    }
                });
            }
            ExprKind::While { label, cond, body } => {
                self.line(labeled("While", label));
                self.nested(|d| {
                    d.expr(cond);
                    d.block("Body", body);
                });
            }
            ExprKind::WhileLet {
                label,
                pat,
                value,
                body,
            } => {
                self.line(labeled("WhileLet", label));
                self.nested(|d| {
                    d.pattern(pat);
                    d.expr(value);
                    d.block("Body", body);
                });
            }
            ExprKind::For {
                label,
                pat,
                iter,
                body,
            } => {
                self.line(labeled("For", label));
                self.nested(|d| {
                    d.pattern(pat);
                    d.expr(iter);
                    d.block("Body", body);
                });
            }
            ExprKind::Loop { label, body } => {
                self.line(labeled("Loop", label));
                self.nested(|d| d.block("Body", body));
            }
            ExprKind::Break { label, value } => {
                self.line(labeled("Break", label));
                if let Some(v) = value {
                    self.nested(|d| d.expr(v));
                }
            }
            ExprKind::Continue { label } => self.line(labeled("Continue", label)),
            ExprKind::Return(v) => {
                self.line("Return");
                if let Some(v) = v {
                    self.nested(|d| d.expr(v));
                }
            }
            ExprKind::Throw(v) => {
                self.line("Throw");
                self.nested(|d| d.expr(v));
            }
            ExprKind::TryCatch {
                body,
                catch,
                finally,
            } => {
                self.line("Try");
                self.nested(|d| {
                    d.block("Body", body);
                    if let Some(c) = catch {
                        d.line("Catch");
                        d.nested(|d| {
                            if let Some(p) = &c.binding {
                                d.pattern(p);
                            }
                            d.block("Body", &c.body);
                        });
                    }
                    if let Some(f) = finally {
                        d.block("Finally", f);
                    }
                });
            }
            ExprKind::Error => self.line("Error"),
        }
    }

    fn pattern(&mut self, p: &Pattern) {
        match &p.kind {
            PatKind::Wild => self.line("Pat _"),
            PatKind::Bind(n) => self.line(format!("Pat {}", n.name)),
            PatKind::Lit(l) => self.line(match l {
                LitPat::Int(n) => format!("Pat {n}"),
                LitPat::Float(f) => format!("Pat {f:?}"),
                LitPat::Str(s) => format!("Pat {s:?}"),
                LitPat::Bool(b) => format!("Pat {b}"),
                LitPat::Nil => "Pat nil".into(),
            }),
            PatKind::Range { lo, hi, inclusive } => self.line(format!(
                "Pat {lo}{}{hi}",
                if *inclusive { "..=" } else { ".." }
            )),
            PatKind::Or(alts) => {
                self.line("Pat |");
                self.nested(|d| alts.iter().for_each(|a| d.pattern(a)));
            }
            PatKind::At(n, inner) => {
                self.line(format!("Pat {} @", n.name));
                self.nested(|d| d.pattern(inner));
            }
            PatKind::Tuple(items) => {
                self.line("Pat tuple");
                self.nested(|d| items.iter().for_each(|i| d.pattern(i)));
            }
            PatKind::Array {
                before,
                rest,
                after,
            } => {
                self.line("Pat array");
                self.nested(|d| {
                    before.iter().for_each(|i| d.pattern(i));
                    match rest {
                        Some(Some(n)) => d.line(format!("Rest {}", n.name)),
                        Some(None) => d.line("Rest"),
                        None => {}
                    }
                    after.iter().for_each(|i| d.pattern(i));
                });
            }
            PatKind::Struct {
                path,
                fields,
                has_rest,
            } => {
                self.line(format!(
                    "Pat struct {}{}",
                    path_text(path),
                    if *has_rest { " .." } else { "" }
                ));
                self.nested(|d| {
                    for (n, p) in fields {
                        d.line(format!("Field {}", n.name));
                        d.nested(|d| d.pattern(p));
                    }
                });
            }
            PatKind::Variant { path, args, .. } => {
                self.line(format!("Pat variant {}", path_text(path)));
                if let Some(args) = args {
                    self.nested(|d| args.iter().for_each(|a| d.pattern(a)));
                }
            }
        }
    }
}

fn labeled(kind: &str, label: &Option<String>) -> String {
    match label {
        Some(l) => format!("{kind} '{l}"),
        None => kind.to_string(),
    }
}
