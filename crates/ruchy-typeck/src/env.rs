//! Lexical scopes: name → binding, with shadowing, and hidden scope ranges (a hoisted function
//! body must not see the statements around the call that first needed its type).

use crate::ty::Ty;
use ruchy_parser::Span;
use rustc_hash::FxHashMap;

#[derive(Clone, Debug)]
pub enum BindKind {
    /// A variable (possibly polymorphic: generic variables are instantiated on use).
    Var(Ty),
    /// A function item of the block in item table `table`, node `node` (inferred on demand).
    Fun { table: u32, node: u32 },
    /// An inline module (`mod name { … }`).
    Module,
}

#[derive(Clone, Debug)]
pub struct Binding {
    pub kind: BindKind,
    /// The annotation of an annotated `let` or parameter: its span and the type assigned
    /// values are checked against.
    pub ann: Option<(Span, Ty)>,
    pub depth: u32,
}

#[derive(Default)]
pub struct Scopes {
    map: FxHashMap<String, Vec<Binding>>,
    log: Vec<Vec<String>>,
    /// Inclusive ranges of scope depths whose bindings are invisible right now.
    hidden: Vec<(u32, u32)>,
}

impl Scopes {
    pub fn new() -> Scopes {
        let mut s = Scopes::default();
        s.log.push(Vec::new());
        s
    }

    /// The depth of the innermost scope (0 = the session's global scope).
    pub fn depth(&self) -> u32 {
        self.log.len() as u32 - 1
    }

    pub fn push(&mut self) {
        self.log.push(Vec::new());
    }

    pub fn pop(&mut self) {
        if self.log.len() <= 1 {
            return;
        }
        if let Some(names) = self.log.pop() {
            for n in names {
                if let Some(v) = self.map.get_mut(&n) {
                    v.pop();
                }
            }
        }
    }

    pub fn bind(&mut self, name: &str, kind: BindKind, ann: Option<(Span, Ty)>) {
        let depth = self.depth();
        self.bind_at(name, kind, ann, depth);
    }

    /// Bind in the scope at `depth` (which must be the innermost one or the global scope).
    pub fn bind_at(&mut self, name: &str, kind: BindKind, ann: Option<(Span, Ty)>, depth: u32) {
        let b = Binding { kind, ann, depth };
        let v = self.map.entry(name.to_string()).or_default();
        // keep each name's bindings ordered by depth
        let pos = v
            .iter()
            .rposition(|x| x.depth <= depth)
            .map_or(0, |i| i + 1);
        v.insert(pos, b);
        if let Some(log) = self.log.get_mut(depth as usize) {
            log.push(name.to_string());
        }
    }

    /// Replace the binding of function item (`table`, `node`) by its final type.
    pub fn settle(&mut self, name: &str, table: u32, node: u32, ty: Ty) {
        if let Some(v) = self.map.get_mut(name) {
            for b in v.iter_mut() {
                if let BindKind::Fun { table: t, node: n } = b.kind {
                    if t == table && n == node {
                        b.kind = BindKind::Var(ty.clone());
                    }
                }
            }
        }
    }

    pub fn lookup(&self, name: &str) -> Option<&Binding> {
        let v = self.map.get(name)?;
        v.iter().rev().find(|b| !self.is_hidden(b.depth))
    }

    fn is_hidden(&self, depth: u32) -> bool {
        self.hidden
            .iter()
            .any(|&(lo, hi)| depth >= lo && depth <= hi)
    }

    pub fn hide(&mut self, lo: u32, hi: u32) {
        self.hidden.push((lo, hi));
    }

    pub fn unhide(&mut self) {
        self.hidden.pop();
    }

    /// Temporarily forget the hidden ranges (restored by `restore_hidden`).
    pub fn take_hidden(&mut self) -> Vec<(u32, u32)> {
        std::mem::take(&mut self.hidden)
    }

    pub fn restore_hidden(&mut self, h: Vec<(u32, u32)>) {
        self.hidden = h;
    }
}
