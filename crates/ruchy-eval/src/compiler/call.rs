//! Calls: functions by name (globals with builtin fallback), closures, enum variant
//! constructors, associated functions, methods and pipelines.

use super::{Compiler, Var};
use crate::bytecode::*;
use crate::env::TypeDef;
use ruchy_parser::ast::*;

impl<'e> Compiler<'e> {
    /// A tuple variant used as a value (`xs.map(Shape::Circle)`): a function of the
    /// variant's arity that constructs it.
    pub(crate) fn variant_fn(&mut self, path: &[Ident], name: &str, arity: usize, dst: Reg) {
        let span = self.cur_span;
        let ident = |name: String| Ident { name, span };
        let params: Vec<Param> = (0..arity)
            .map(|i| Param {
                name: ident(format!("__variant_arg{i}")),
                pattern: None,
                ty: None,
                default: None,
            })
            .collect();
        let args = params
            .iter()
            .map(|p| Arg {
                name: None,
                value: Expr {
                    kind: ExprKind::Ident(p.name.name.clone()),
                    span,
                },
            })
            .collect();
        let callee = Expr {
            kind: ExprKind::Path(path.to_vec()),
            span,
        };
        let decl = FunDecl {
            name: None,
            generics: Vec::new(),
            self_kind: SelfKind::None,
            params,
            ret: None,
            body: Expr {
                kind: ExprKind::Call {
                    callee: Box::new(callee),
                    args,
                },
                span,
            },
            span,
            is_signature: false,
        };
        let proto = self.compile_fun(&decl, name, None);
        let idx = self.proto().protos.len() as u32;
        self.proto().protos.push(std::rc::Rc::new(proto));
        self.emit(Op::Closure(dst, idx));
    }

    /// Compile arguments into consecutive registers from `top()`; `first` is a pipeline's
    /// left-hand value inserted before them.
    fn args(&mut self, args: &[Arg], first: Option<&Expr>) -> (Reg, u8) {
        let base = self.top();
        let mut n = 0usize;
        if let Some(f) = first {
            let r = self.alloc();
            self.expr(f, r);
            n += 1;
        }
        for a in args {
            let r = self.alloc();
            match self.moved_local(&a.value) {
                Some(local) => {
                    self.emit(Op::Take(r, local));
                }
                None if self.is_moved_path(&a.value) => {
                    self.move_path = None;
                    match self.place_site(&a.value) {
                        Some(site) => {
                            let idx = self.proto().place_sites.len() as u32;
                            self.proto().place_sites.push(site);
                            let saved = std::mem::replace(&mut self.cur_span, a.value.span);
                            self.emit(Op::TakePath(r, idx));
                            self.cur_span = saved;
                        }
                        None => self.expr(&a.value, r),
                    }
                }
                None => self.expr(&a.value, r),
            }
            n += 1;
        }
        if n > 250 {
            self.fail("Too many arguments in one call (the limit is 250)");
        }
        (base, n.min(250) as u8)
    }

    /// Whether some user type has a method called `name`.
    pub(crate) fn user_method_named(&mut self, name: &str) -> bool {
        let sym = self.sym(name);
        self.env.methods.keys().any(|&(_, s)| s == sym)
    }

    /// Whether `arg` is the place that `s.f = g(.., s.f, ..)` moves.
    fn is_moved_path(&self, arg: &Expr) -> bool {
        matches!(&self.move_path, Some((depth, target))
            if *depth == self.fns.len() && super::place::same_path(target, arg))
    }

    /// The local that `arg` names, when it is the one `x = f(.., x, ..)` moves (once).
    fn moved_local(&mut self, arg: &Expr) -> Option<Reg> {
        if self.move_arg.is_none() && self.tail_moves.is_none() {
            return None;
        }
        let ExprKind::Ident(name) = &arg.kind else {
            return None;
        };
        let Var::Local(r) = self.resolve(name) else {
            return None;
        };
        let depth = self.fns.len();
        if self.move_arg == Some((depth, r)) {
            self.move_arg = None;
            return Some(r);
        }
        // a tail call's argument (see `plan_tail_moves`), once
        match &mut self.tail_moves {
            Some((d, regs)) if *d == depth => {
                let at = regs.iter().position(|&x| x == r)?;
                regs.swap_remove(at);
                Some(r)
            }
            _ => None,
        }
    }

    fn named_site(&mut self, args: &[Arg], first: Option<&Expr>) -> Option<u32> {
        if args.iter().all(|a| a.name.is_none()) {
            return None;
        }
        let mut names = Vec::new();
        if first.is_some() {
            names.push(None);
        }
        for a in args {
            names.push(a.name.as_ref().map(|n| self.env.sym(&n.name)));
        }
        let p = self.proto();
        p.arg_names.push(names);
        Some((p.arg_names.len() - 1) as u32)
    }

    /// A register for a call's result (where `base - 1` must be).
    fn result_slot(&mut self, dst: Reg) -> Reg {
        if dst + 1 == self.top() {
            dst
        } else {
            self.alloc()
        }
    }

    pub(crate) fn call(&mut self, callee: &Expr, args: &[Arg], dst: Reg, first: Option<&Expr>) {
        let mark = self.top();
        let argc_total = args.len() + usize::from(first.is_some());
        let named = args.iter().any(|a| a.name.is_some());
        match &callee.kind {
            // (`None` is a value, not a function: calling it fails as a value call, §6.2)
            ExprKind::Ident(name) if !named && !self.is_local_name(name) && name != "None" => {
                if let Some((ty, variant)) = self.builtin_variant(name) {
                    return self.new_variant(ty, variant, args, first, dst, mark);
                }
                let slot = self.result_slot(dst);
                let global = self.env.global_slot(&self.qualified_or_global(name));
                let sym = self.sym(name);
                let (base, argc) = self.args(args, first);
                // (out of registers, every allocation gives the last one: reported already)
                debug_assert!(base == slot + 1 || self.f().too_large);
                let site = self.proto().global_sites.len() as u32;
                self.proto().global_sites.push(GlobalCallSite {
                    global,
                    builtin: 0,
                    name: sym,
                });
                self.cur_span = callee.span;
                self.emit(Op::CallGlobal(base, argc, site));
                self.finish_call(slot, dst, mark);
                return;
            }
            ExprKind::Path(path) if !named => {
                if let Some((ty, variant)) = self.resolve_variant(path) {
                    if path.len() > 1 || self.builtin_variant(&path[0].name).is_some() {
                        return self.new_variant(ty, variant, args, first, dst, mark);
                    }
                }
                let full = path
                    .iter()
                    .map(|i| i.name.as_str())
                    .collect::<Vec<_>>()
                    .join("::");
                let mut module = path[..path.len() - 1]
                    .iter()
                    .map(|i| i.name.as_str())
                    .collect::<Vec<_>>()
                    .join("::");
                let mut full = full;
                if !self.env.modules.contains_key(module.as_str()) {
                    if let Some(abs) = self.nested_module(&module) {
                        full = format!("{abs}::{}", path[path.len() - 1].name);
                        module = abs;
                    }
                }
                if self.env.modules.contains_key(module.as_str()) {
                    let slot = self.result_slot(dst);
                    let global = self.env.global_slot(&full);
                    let sym = self.sym(&full);
                    let (base, argc) = self.args(args, first);
                    let site = self.proto().global_sites.len() as u32;
                    self.proto().global_sites.push(GlobalCallSite {
                        global,
                        builtin: 0,
                        name: sym,
                    });
                    self.emit(Op::CallGlobal(base, argc, site));
                    return self.finish_call(slot, dst, mark);
                }
                // `Type::f(..)`, or `module::Type::f(..)` (types are global by name)
                let n = path.len();
                let ty_name = self.type_name(&path[n.saturating_sub(2)].name);
                let in_module = n > 2 && {
                    let prefix = path[..n - 2]
                        .iter()
                        .map(|i| i.name.as_str())
                        .collect::<Vec<_>>()
                        .join("::");
                    self.env.modules.contains_key(prefix.as_str())
                };
                if n == 2 || in_module {
                    if let Some(&type_id) = self.env.type_names.get(ty_name.as_str()) {
                        let slot = self.result_slot(dst);
                        let sym = self.sym(&path[n - 1].name);
                        let (base, argc) = self.args(args, first);
                        let display = format!("{}::{}", ty_name, path[n - 1].name).into();
                        let site = self.proto().static_sites.len() as u32;
                        self.proto().static_sites.push(StaticSite {
                            type_id,
                            name: sym,
                            display,
                        });
                        self.cur_span = callee.span;
                        self.emit(Op::CallStatic(base, argc, site));
                        return self.finish_call(slot, dst, mark);
                    }
                }
                if crate::builtins::lookup(&full).is_none() {
                    self.fail(format!("Undefined function: {full}"));
                    self.free_to(mark);
                    return;
                }
            }
            _ => {}
        }
        // a function value: callee in the slot, arguments after it
        let slot = self.alloc();
        self.expr(callee, slot);
        let names = self.named_site(args, first);
        let (base, argc) = self.args(args, first);
        debug_assert_eq!(argc as usize, argc_total.min(250));
        self.cur_span = callee.span;
        match names {
            Some(n) => self.emit(Op::CallNamed(base, argc, n)),
            None => self.emit(Op::Call(base, argc)),
        };
        self.finish_call(slot, dst, mark);
    }

    fn qualified_or_global(&self, name: &str) -> String {
        self.module_name(name).unwrap_or_else(|| name.to_string())
    }

    fn finish_call(&mut self, slot: Reg, dst: Reg, mark: Reg) {
        if slot != dst {
            self.emit(Op::Take(dst, slot));
        }
        self.free_to(mark);
    }

    fn builtin_variant(&self, name: &str) -> Option<(u32, u32)> {
        match name {
            "Some" | "Ok" | "Err" => self.resolve_variant(&[Ident {
                name: name.to_string(),
                span: Default::default(),
            }]),
            _ => None,
        }
    }

    fn new_variant(
        &mut self,
        ty: u32,
        variant: u32,
        args: &[Arg],
        first: Option<&Expr>,
        dst: Reg,
        mark: Reg,
    ) {
        let (base, argc) = self.args(args, first);
        let TypeDef::Enum(e) = self.env.type_by_id(ty).clone() else {
            return;
        };
        let info = &e.variants[variant as usize];
        let expected = info.arity.unwrap_or(0);
        if argc as usize != expected {
            self.fail(format!(
                "Variant {}::{} expects {} values, got {}",
                e.name, info.name, expected, argc
            ));
        } else {
            let site = self.variant_site(ty, variant, argc as u16);
            self.emit(Op::NewVariant(dst, base, site));
        }
        self.free_to(mark);
    }

    pub(crate) fn method_call(
        &mut self,
        recv: &Expr,
        method: &Ident,
        args: &[Arg],
        dst: Reg,
        first: Option<&Expr>,
    ) {
        let mark = self.top();
        if let Some(global) = self.module_member(recv, &method.name) {
            let slot = self.result_slot(dst);
            let (base, argc) = self.args(args, first);
            let sym = self.sym(&method.name);
            let site = self.proto().global_sites.len() as u32;
            self.proto().global_sites.push(GlobalCallSite {
                global,
                builtin: 0,
                name: sym,
            });
            self.emit(Op::CallGlobal(base, argc, site));
            return self.finish_call(slot, dst, mark);
        }
        // (a builtin method that only reads, on a receiver rooted at a binding a top-level
        // closure reads through its hidden slot, reads that binding: see `shadow.rs`)
        let builtin = crate::builtins::method_id(&method.name);
        let reads_only = |c: &mut Self| {
            builtin != crate::builtins::NO_METHOD
                && !crate::builtins::may_mutate(builtin)
                && !c.user_method_named(&method.name)
        };
        // `x = x.m(..)`: the receiver moves out of `x` (see `moved_local`)
        let moved = self.moved_local(recv);
        let place = match moved.is_some() || (self.shadowed_root(recv) && reads_only(self)) {
            true => None,
            false => self.place_site(recv),
        };
        // the result goes straight into `dst` when it is the top register, unless the
        // receiver is written back into that same register after the call (`x = x.m()`)
        let writes_back_into_dst = place
            .as_ref()
            .is_some_and(|p| matches!(p.root, Root::Local(r) if r == dst));
        let slot = if writes_back_into_dst {
            self.alloc()
        } else {
            self.result_slot(dst)
        };
        let recv_reg = self.alloc();
        match moved {
            Some(local) => {
                self.emit(Op::Take(recv_reg, local));
            }
            None if place.is_none() => self.expr(recv, recv_reg),
            None => {}
        }
        let (_, argc) = self.args(args, first);
        let names = self.named_site(args, first);
        let name = self.sym(&method.name);
        let site = self.proto().method_sites.len() as u32;
        self.proto().method_sites.push(MethodSite {
            name,
            builtin,
            place,
            ic: Default::default(),
            names,
        });
        self.cur_span = method.span;
        self.emit(Op::CallMethod(recv_reg, argc, site));
        self.finish_call(slot, dst, mark);
    }

    pub(crate) fn pipe(&mut self, lhs: &Expr, rhs: &Expr, dst: Reg) {
        match &rhs.kind {
            ExprKind::Call { callee, args } => self.call(callee, args, dst, Some(lhs)),
            ExprKind::MethodCall { recv, method, args } => {
                self.method_call(recv, method, args, dst, Some(lhs))
            }
            _ => self.call(rhs, &[], dst, Some(lhs)),
        }
    }
}
