//! Item declarations: functions, structs, enums, impls, traits, classes, modules, `use`.

use super::{PResult, Parser};
use crate::ast::*;
use crate::token::Tok;
use std::rc::Rc;

impl Parser {
    /// `pub`, `pub(crate)`, `pub(super)` …: accepted and ignored.
    fn visibility(&mut self) -> PResult<()> {
        while self.eat(&Tok::Pub) {
            if self.at(&Tok::LParen) {
                while !self.at(&Tok::RParen) && !self.at(&Tok::Eof) {
                    self.bump();
                }
                self.expect(&Tok::RParen)?;
            }
        }
        Ok(())
    }

    pub(super) fn item(&mut self) -> PResult<Item> {
        self.visibility()?;
        self.eat(&Tok::Async);
        match self.peek() {
            Tok::Fun | Tok::Fn => Ok(Item::Fun(Rc::new(self.fun_decl(false)?))),
            Tok::Struct => self.struct_decl().map(Item::Struct),
            Tok::Enum => self.enum_decl().map(Item::Enum),
            Tok::Impl => self.impl_decl().map(Item::Impl),
            Tok::Trait => self.trait_decl().map(Item::Trait),
            Tok::Class => self.class_decl().map(Item::Class),
            Tok::Mod => self.mod_decl().map(Item::Mod),
            Tok::Use | Tok::Import => self.use_decl().map(Item::Use),
            Tok::Const | Tok::Let => {
                self.error_here("'pub' is not allowed before a variable declaration")?;
                Err(())
            }
            other => {
                let msg = format!(
                    "Expected an item (fun, struct, enum, …) but found {}",
                    other.quoted()
                );
                self.error_here(msg)?;
                Err(())
            }
        }
    }

    /// `<T, U: Bound>` after an item name; the names are kept, bounds dropped.
    fn generics(&mut self) -> PResult<Vec<Ident>> {
        let mut names = Vec::new();
        if !self.eat(&Tok::Lt) {
            return Ok(names);
        }
        loop {
            if self.eat_closing_angle() {
                return Ok(names);
            }
            if let Tok::Label(_) = self.peek() {
                self.bump();
            } else {
                names.push(self.ident("a generic parameter")?);
            }
            if self.eat(&Tok::Colon) {
                loop {
                    // a lifetime bound `'a: 'b` / `T: 'a + Clone`
                    if let Tok::Label(_) = self.peek() {
                        self.bump();
                    } else {
                        self.type_expr()?;
                    }
                    if !self.eat(&Tok::Plus) {
                        break;
                    }
                }
            }
            if !self.eat(&Tok::Comma) {
                if self.eat_closing_angle() {
                    return Ok(names);
                }
                return self
                    .error_here("Expected '>' to close the generic parameters")
                    .map(|_| names);
            }
        }
    }

    /// `where T: Bound + Other, U: Fn(i32) -> i32` before an item's body: parsed and
    /// ignored, like the bounds in `<T: Bound>`.
    fn where_clause(&mut self) -> PResult<()> {
        if !self.eat(&Tok::Reserved("where")) {
            return Ok(());
        }
        loop {
            if matches!(self.peek(), Tok::Label(_)) {
                self.bump();
            } else {
                self.type_expr()?;
            }
            self.expect(&Tok::Colon)?;
            loop {
                if matches!(self.peek(), Tok::Label(_)) {
                    self.bump();
                } else {
                    self.type_expr()?;
                }
                if !self.eat(&Tok::Plus) {
                    break;
                }
            }
            if !self.eat(&Tok::Comma) || self.at(&Tok::LBrace) {
                return Ok(());
            }
        }
    }

    /// `(params)` of a function; the first may be a `self` form.
    pub(super) fn params(&mut self) -> PResult<(SelfKind, Vec<Param>)> {
        self.expect(&Tok::LParen)?;
        let r = self.with_mode(false, false, |p| -> PResult<(SelfKind, Vec<Param>)> {
            let mut self_kind = SelfKind::None;
            let mut params = Vec::new();
            while !p.at(&Tok::RParen) {
                let is_self = match (p.peek(), &p.nth(1).tok, &p.nth(2).tok) {
                    (Tok::SelfValue, _, _) => Some((1, SelfKind::Value)),
                    (Tok::Mut, Tok::SelfValue, _) => Some((2, SelfKind::Value)),
                    (Tok::Amp, Tok::SelfValue, _) => Some((2, SelfKind::Ref)),
                    (Tok::Amp, Tok::Mut, Tok::SelfValue) => Some((3, SelfKind::RefMut)),
                    _ => None,
                };
                if let (Some((n, kind)), true) =
                    (is_self, params.is_empty() && self_kind == SelfKind::None)
                {
                    for _ in 0..n {
                        p.bump();
                    }
                    self_kind = kind;
                    if p.eat(&Tok::Colon) {
                        p.type_expr()?;
                    }
                } else {
                    p.eat(&Tok::Mut);
                    let (name, pattern) = if matches!(p.peek(), Tok::LParen | Tok::LBracket) {
                        let pat = p.pattern_no_alt()?;
                        (
                            Ident {
                                name: format!("$arg{}", params.len()),
                                span: pat.span,
                            },
                            Some(pat),
                        )
                    } else {
                        (p.ident("a parameter name")?, None)
                    };
                    let ty = if p.eat(&Tok::Colon) {
                        Some(p.type_expr()?)
                    } else {
                        None
                    };
                    let default = if p.eat(&Tok::Eq) {
                        Some(p.expr()?)
                    } else {
                        None
                    };
                    params.push(Param {
                        name,
                        pattern,
                        ty,
                        default,
                    });
                }
                if !p.eat(&Tok::Comma) {
                    break;
                }
            }
            Ok((self_kind, params))
        })?;
        self.expect(&Tok::RParen)?;
        Ok(r)
    }

    /// `fun name<T>(params) -> T { body }`; in a trait the body may be missing.
    pub(super) fn fun_decl(&mut self, allow_signature: bool) -> PResult<FunDecl> {
        let start = self.bump().span;
        let name = self.ident("a function name")?;
        let generics = self.generics()?;
        let (self_kind, params) = self.params()?;
        let ret = if self.eat(&Tok::Arrow) {
            Some(self.type_expr()?)
        } else {
            None
        };
        self.where_clause()?;
        if allow_signature && !self.at(&Tok::LBrace) {
            let span = start.to(self.prev_span());
            let body = Expr::new(ExprKind::Nil, span);
            return Ok(FunDecl {
                name: Some(name),
                generics,
                self_kind,
                params,
                ret,
                body,
                span,
                is_signature: true,
            });
        }
        let b = self.block()?;
        let bspan = b.span;
        let body = Expr::new(ExprKind::Block(b), bspan);
        Ok(FunDecl {
            name: Some(name),
            generics,
            self_kind,
            params,
            ret,
            body,
            span: start.to(bspan),
            is_signature: false,
        })
    }

    /// Members of a brace-delimited body, separated by `,`, `;` or line breaks.
    fn members(
        &mut self,
        mut member: impl FnMut(&mut Parser) -> PResult<()>,
    ) -> PResult<crate::span::Span> {
        self.expect(&Tok::LBrace)?;
        loop {
            while self.eat(&Tok::Comma) || self.eat(&Tok::Semi) {}
            if self.at(&Tok::RBrace) {
                return Ok(self.bump().span);
            }
            if self.at(&Tok::Eof) {
                self.expect(&Tok::RBrace)?;
            }
            let before = self.pos;
            member(self)?;
            if self.pos == before {
                self.error_here(format!("Unexpected {}", self.peek().unexpected()))?;
            }
            let t = self.cur();
            if !(t.nl_before
                || matches!(t.tok, Tok::Comma | Tok::Semi | Tok::RBrace)
                || self.toks[self.pos - 1].tok == Tok::RBrace)
            {
                let msg = format!("Expected ',' or a line break but found {}", t.tok.quoted());
                self.error_here(msg)?;
            }
        }
    }

    fn field_decl(&mut self) -> PResult<FieldDecl> {
        let name = self.ident("a field name")?;
        let ty = if self.eat(&Tok::Colon) {
            Some(self.type_expr()?)
        } else {
            None
        };
        let default = if self.eat(&Tok::Eq) {
            Some(self.with_mode(false, false, |p| p.expr())?)
        } else {
            None
        };
        Ok(FieldDecl { name, ty, default })
    }

    fn method(&mut self, allow_signature: bool) -> PResult<Rc<FunDecl>> {
        self.visibility()?;
        self.eat(&Tok::Async);
        Ok(Rc::new(self.fun_decl(allow_signature)?))
    }

    /// One field declaration, added to `fields`; a second field of the same name is an
    /// error (a struct literal could not give both).
    /// `seen`: the names of `fields`.
    fn field_into(
        &mut self,
        fields: &mut Vec<FieldDecl>,
        seen: &mut std::collections::HashSet<String>,
    ) -> PResult<()> {
        let f = self.field_decl()?;
        if !seen.insert(f.name.name.to_string()) {
            let msg = format!("Duplicate field '{}'", f.name.name);
            self.errors
                .push(crate::diag::Diagnostic::syntax(f.name.span, msg));
        }
        fields.push(f);
        Ok(())
    }

    fn struct_decl(&mut self) -> PResult<StructDecl> {
        let start = self.bump().span;
        let name = self.ident("a struct name")?;
        let generics = self.generics()?;
        self.where_clause()?;
        let mut fields = Vec::new();
        let mut seen = std::collections::HashSet::<String>::new();
        let mut methods = Vec::new();
        if !self.at(&Tok::LBrace) {
            self.eat(&Tok::Semi);
            let span = start.to(self.prev_span());
            return Ok(StructDecl {
                name,
                generics,
                fields,
                methods,
                span,
            });
        }
        let end = self.members(|p| {
            p.visibility()?;
            match p.peek() {
                Tok::Fun | Tok::Fn | Tok::Async => methods.push(p.method(false)?),
                _ => p.field_into(&mut fields, &mut seen)?,
            }
            Ok(())
        })?;
        Ok(StructDecl {
            name,
            generics,
            fields,
            methods,
            span: start.to(end),
        })
    }

    fn enum_decl(&mut self) -> PResult<EnumDecl> {
        let start = self.bump().span;
        let name = self.ident("an enum name")?;
        let generics = self.generics()?;
        let mut variants = Vec::new();
        let end = self.members(|p| {
            let vname = p.ident("a variant name")?;
            let shape = if p.at(&Tok::LParen) {
                p.bump();
                let types = p.with_mode(false, false, |p| -> PResult<Vec<TypeExpr>> {
                    let mut types = Vec::new();
                    while !p.at(&Tok::RParen) {
                        types.push(p.type_expr()?);
                        if !p.eat(&Tok::Comma) {
                            break;
                        }
                    }
                    Ok(types)
                })?;
                p.expect(&Tok::RParen)?;
                VariantShape::Tuple(types)
            } else if p.at(&Tok::LBrace) {
                let mut fields = Vec::new();
                let mut seen = std::collections::HashSet::<String>::new();
                p.with_mode(false, false, |p| {
                    p.members(|p| p.field_into(&mut fields, &mut seen))
                })?;
                VariantShape::Struct(fields)
            } else {
                VariantShape::Unit
            };
            let discriminant = if p.eat(&Tok::Eq) {
                let neg = p.eat(&Tok::Minus);
                match p.peek().clone() {
                    Tok::Int(n) => {
                        p.bump();
                        Some(if neg { -n } else { n })
                    }
                    other => {
                        p.error_here(format!(
                            "Expected an integer discriminant but found {}",
                            other.quoted()
                        ))?;
                        None
                    }
                }
            } else {
                None
            };
            variants.push(VariantDecl {
                name: vname,
                shape,
                discriminant,
            });
            Ok(())
        })?;
        Ok(EnumDecl {
            name,
            generics,
            variants,
            span: start.to(end),
        })
    }

    /// The name in `impl Name`, `impl<T> Trait for Name<T>`.
    fn type_name(&mut self) -> PResult<Ident> {
        let ty = self.type_expr()?;
        match ty.kind {
            TypeKind::Named { path, .. } => {
                let name = path.last().cloned().unwrap_or_default();
                Ok(Ident {
                    name,
                    span: ty.span,
                })
            }
            _ => {
                self.errors.push(crate::diag::Diagnostic::syntax(
                    ty.span,
                    "Expected a type name",
                ));
                Err(())
            }
        }
    }

    fn impl_decl(&mut self) -> PResult<ImplDecl> {
        let start = self.bump().span;
        self.generics()?;
        let first = self.type_name()?;
        let (trait_name, type_name) = if self.eat(&Tok::For) {
            (Some(first), self.type_name()?)
        } else {
            (None, first)
        };
        self.where_clause()?;
        let mut methods = Vec::new();
        let end = self.members(|p| {
            p.visibility()?;
            if p.at(&Tok::Const) {
                methods.push(Rc::new(p.assoc_const()?));
                return Ok(());
            }
            if p.at(&Tok::Reserved("type")) {
                // associated types are accepted and ignored
                p.bump();
                while !p.cur().nl_before && !matches!(p.peek(), Tok::Semi | Tok::RBrace | Tok::Eof)
                {
                    p.bump();
                }
                return Ok(());
            }
            methods.push(p.method(false)?);
            Ok(())
        })?;
        Ok(ImplDecl {
            trait_name,
            type_name,
            methods,
            span: start.to(end),
        })
    }

    /// `const NAME: T = value` in an impl: read as `Type::NAME` (see
    /// `FunDecl::is_assoc_const`), its value computed by a function without parameters.
    fn assoc_const(&mut self) -> PResult<FunDecl> {
        let start = self.bump().span;
        let name = self.ident("a constant name")?;
        if self.eat(&Tok::Colon) {
            self.type_expr()?;
        }
        self.expect(&Tok::Eq)?;
        let body = self.with_mode(true, false, |p| p.expr())?;
        let span = start.to(body.span);
        Ok(FunDecl {
            name: Some(name),
            generics: vec![Ident {
                name: ASSOC_CONST.into(),
                span: start,
            }],
            self_kind: SelfKind::None,
            params: Vec::new(),
            ret: None,
            body,
            span,
            is_signature: false,
        })
    }

    /// Whether the `const` item here has `= value` on its line.
    fn const_has_value(&self) -> bool {
        (1..).map(|k| self.nth(k)).find_map(|t| {
            if t.tok == Tok::Eq {
                Some(true)
            } else if t.nl_before || matches!(t.tok, Tok::Semi | Tok::RBrace | Tok::Eof) {
                Some(false)
            } else {
                None
            }
        }) == Some(true)
    }

    fn trait_decl(&mut self) -> PResult<TraitDecl> {
        let start = self.bump().span;
        let name = self.ident("a trait name")?;
        self.generics()?;
        if self.eat(&Tok::Colon) {
            self.type_expr()?;
            while self.eat(&Tok::Plus) {
                self.type_expr()?;
            }
        }
        self.where_clause()?;
        let mut methods = Vec::new();
        let end = self.members(|p| {
            if p.at(&Tok::Const) && p.const_has_value() {
                methods.push(Rc::new(p.assoc_const()?));
                return Ok(());
            }
            if p.at(&Tok::Const) || p.at(&Tok::Reserved("type")) {
                // `const N: T;` / `type Out;`: declarations without a value, ignored
                p.bump();
                while !p.cur().nl_before && !matches!(p.peek(), Tok::Semi | Tok::RBrace | Tok::Eof)
                {
                    p.bump();
                }
                return Ok(());
            }
            methods.push(p.method(true)?);
            Ok(())
        })?;
        Ok(TraitDecl {
            name,
            methods,
            span: start.to(end),
        })
    }

    fn class_decl(&mut self) -> PResult<ClassDecl> {
        let start = self.bump().span;
        let name = self.ident("a class name")?;
        self.generics()?;
        let mut fields = Vec::new();
        let mut seen = std::collections::HashSet::<String>::new();
        let mut ctor = None;
        let mut methods = Vec::new();
        let end = self.members(|p| {
            p.visibility()?;
            match p.peek().clone() {
                Tok::Fun | Tok::Fn | Tok::Async => methods.push(p.method(false)?),
                Tok::Ident(n) if (n == "new" || n == "init") && p.nth(1).tok == Tok::LParen => {
                    let nspan = p.bump().span;
                    let (_, params) = p.params()?;
                    let b = p.block()?;
                    let bspan = b.span;
                    let body = Expr::new(ExprKind::Block(b), bspan);
                    let name = Ident {
                        name: "new".into(),
                        span: nspan,
                    };
                    let f = FunDecl {
                        name: Some(name),
                        generics: Vec::new(),
                        self_kind: SelfKind::RefMut,
                        params,
                        ret: None,
                        body,
                        span: nspan.to(bspan),
                        is_signature: false,
                    };
                    ctor = Some(Rc::new(f));
                }
                _ => p.field_into(&mut fields, &mut seen)?,
            }
            Ok(())
        })?;
        Ok(ClassDecl {
            name,
            fields,
            ctor,
            methods,
            span: start.to(end),
        })
    }

    fn mod_decl(&mut self) -> PResult<ModDecl> {
        let start = self.bump().span;
        let name = self.ident("a module name")?;
        if !self.at(&Tok::LBrace) {
            self.eat(&Tok::Semi);
            let span = start.to(self.prev_span());
            // `mod name;` would import a file; reported when it runs
            let items = vec![Stmt::Item(Item::Use(UseDecl {
                path: vec![name.clone()],
                alias: None,
                span,
            }))];
            return Ok(ModDecl { name, items, span });
        }
        let b = self.block()?;
        Ok(ModDecl {
            name,
            items: b.stmts,
            span: start.to(b.span),
        })
    }

    fn use_decl(&mut self) -> PResult<UseDecl> {
        let start = self.bump().span;
        let mut path = Vec::new();
        loop {
            match self.peek().clone() {
                Tok::Ident(name) => {
                    let span = self.bump().span;
                    path.push(Ident { name, span });
                }
                Tok::Reserved(w @ ("super" | "crate")) => {
                    let span = self.bump().span;
                    path.push(Ident {
                        name: w.into(),
                        span,
                    });
                }
                Tok::SelfValue => {
                    let span = self.bump().span;
                    path.push(Ident {
                        name: "self".into(),
                        span,
                    });
                }
                Tok::Star => {
                    let span = self.bump().span;
                    path.push(Ident {
                        name: "*".into(),
                        span,
                    });
                    break;
                }
                Tok::LBrace => {
                    // `use a::{b, c}`: the group is accepted; each name is imported by the runtime
                    let open = self.bump().span;
                    let mut depth = 1;
                    while depth > 0 && !self.at(&Tok::Eof) {
                        match self.bump().tok {
                            Tok::LBrace => depth += 1,
                            Tok::RBrace => depth -= 1,
                            _ => {}
                        }
                    }
                    path.push(Ident {
                        name: "*".into(),
                        span: open.to(self.prev_span()),
                    });
                    break;
                }
                other => {
                    self.error_here(format!(
                        "Expected a module path but found {}",
                        other.quoted()
                    ))?;
                }
            }
            if !(self.eat(&Tok::ColonColon) || self.eat(&Tok::Dot)) {
                break;
            }
        }
        let alias = if self.eat(&Tok::As) {
            Some(self.ident("a name after 'as'")?)
        } else {
            None
        };
        if self.at(&Tok::Reserved("from")) {
            self.bump();
            self.bump();
        }
        self.eat(&Tok::Semi);
        Ok(UseDecl {
            path,
            alias,
            span: start.to(self.prev_span()),
        })
    }
}
