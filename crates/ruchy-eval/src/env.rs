//! Program state shared by the compiler and the VM: interned names, global slots,
//! user types and their methods.

use crate::value::{Closure, EnumType, Fields, StructType, Sym, Value, VariantInfo};
use ruchy_parser::ast::{Expr, FunDecl};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

#[derive(Default, Debug)]
pub struct Interner {
    map: HashMap<Rc<str>, Sym>,
    names: Vec<Rc<str>>,
}

impl Interner {
    pub fn intern(&mut self, s: &str) -> Sym {
        if let Some(&id) = self.map.get(s) {
            return id;
        }
        let rc: Rc<str> = Rc::from(s);
        let id = self.names.len() as Sym;
        self.names.push(rc.clone());
        self.map.insert(rc, id);
        id
    }

    pub fn lookup(&self, s: &str) -> Option<Sym> {
        self.map.get(s).copied()
    }

    pub fn name(&self, id: Sym) -> &Rc<str> {
        &self.names[id as usize]
    }
}

#[derive(Clone, Debug)]
pub enum TypeDef {
    Struct(&'static StructType),
    Enum(&'static EnumType),
}

impl TypeDef {
    pub fn id(&self) -> u32 {
        match self {
            TypeDef::Struct(s) => s.id,
            TypeDef::Enum(e) => e.id,
        }
    }

    pub fn name(&self) -> &Rc<str> {
        match self {
            TypeDef::Struct(s) => &s.name,
            TypeDef::Enum(e) => &e.name,
        }
    }
}

/// Compile-time knowledge about a struct beyond its runtime type: field defaults.
#[derive(Clone, Debug, Default)]
pub struct StructExtra {
    pub defaults: Vec<Option<Expr>>,
    /// Class constructor (`Name::new`) is compiled as an associated function.
    pub is_class: bool,
}

pub const OPTION_ID: u32 = 0;
pub const RESULT_ID: u32 = 1;
pub const NONE: u32 = 0;
pub const SOME: u32 = 1;
pub const OK: u32 = 0;
pub const ERR: u32 = 1;

#[derive(Debug)]
pub struct Env {
    pub interner: Interner,
    pub global_names: HashMap<Rc<str>, u32>,
    pub globals: Vec<Value>,
    pub types: Vec<TypeDef>,
    pub type_names: HashMap<Rc<str>, u32>,
    pub struct_extra: HashMap<u32, StructExtra>,
    /// Methods and associated functions by (type id, name): an index into `method_list`
    /// (stable when a method is redefined, so inline caches stay valid).
    pub methods: HashMap<(u32, Sym), u32>,
    pub method_list: Vec<Rc<Closure>>,
    /// The methods of `methods` that are a trait's default: the type's own method of the
    /// same name replaces one, whichever is declared first.
    pub default_methods: HashSet<(u32, Sym)>,
    /// Whether any method is defined for a builtin kind (`impl X for String`) or for
    /// `Option` / `Result`: only then may a user method stand in front of a builtin one.
    pub kind_methods: bool,
    pub traits: HashMap<Rc<str>, Vec<Rc<FunDecl>>>,
    pub modules: HashMap<Rc<str>, Vec<Rc<str>>>,
    /// Modules named by `use a::b` (`as c`): the local name and the full path.
    pub module_aliases: HashMap<Rc<str>, Rc<str>>,
    pub option: &'static EnumType,
    pub result: &'static EnumType,
}

fn builtin_enum(id: u32, name: &str, variants: &[(&str, Option<usize>)]) -> &'static EnumType {
    Box::leak(Box::new(EnumType {
        id,
        name: Rc::from(name),
        variants: variants
            .iter()
            .enumerate()
            .map(|(i, (n, arity))| VariantInfo {
                name: Rc::from(*n),
                arity: *arity,
                fields: None,
                field_names: Vec::new(),
                discriminant: i as i64,
            })
            .collect(),
    }))
}

thread_local! {
    /// One `Option` and one `Result` type per thread, shared by every `Env`, so their values
    /// compare equal across sessions.
    static BUILTIN_ENUMS: (&'static EnumType, &'static EnumType) = (
        builtin_enum(OPTION_ID, "Option", &[("None", None), ("Some", Some(1))]),
        builtin_enum(RESULT_ID, "Result", &[("Ok", Some(1)), ("Err", Some(1))]),
    );
}

fn one(v: Value) -> Fields {
    let mut f = Fields::new();
    f.push(v);
    f
}

/// `Some(v)` / `None` without an `Env` at hand.
pub fn option_value(v: Option<Value>) -> Value {
    let ty = BUILTIN_ENUMS.with(|e| e.0);
    match v {
        Some(v) => Env::variant(ty, SOME, one(v)),
        None => Env::variant(ty, NONE, Fields::new()),
    }
}

impl Default for Env {
    fn default() -> Env {
        Env::new()
    }
}

impl Env {
    pub fn new() -> Env {
        let (option, result) = BUILTIN_ENUMS.with(|e| *e);
        let mut env = Env {
            interner: Interner::default(),
            global_names: HashMap::new(),
            globals: Vec::new(),
            types: vec![TypeDef::Enum(option), TypeDef::Enum(result)],
            type_names: HashMap::new(),
            struct_extra: HashMap::new(),
            methods: HashMap::new(),
            method_list: Vec::new(),
            default_methods: HashSet::new(),
            kind_methods: false,
            traits: HashMap::new(),
            modules: HashMap::new(),
            module_aliases: HashMap::new(),
            option,
            result,
        };
        env.type_names.insert(Rc::from("Option"), OPTION_ID);
        env.type_names.insert(Rc::from("Result"), RESULT_ID);
        env
    }

    pub fn sym(&mut self, s: &str) -> Sym {
        self.interner.intern(s)
    }

    pub fn name(&self, sym: Sym) -> &Rc<str> {
        self.interner.name(sym)
    }

    /// The slot of a global, created on first mention: unbound, or holding the builtin of
    /// that name (which a user definition then shadows).
    pub fn global_slot(&mut self, name: &str) -> u32 {
        if let Some(&g) = self.global_names.get(name) {
            return g;
        }
        let g = self.globals.len() as u32;
        self.globals.push(Env::initial_global(name));
        self.global_names.insert(Rc::from(name), g);
        g
    }

    pub fn initial_global(name: &str) -> Value {
        match crate::builtins::lookup(name) {
            Some(id) => Value::Builtin(id),
            None => Value::Undefined,
        }
    }

    pub fn global_name(&self, slot: u32) -> Option<&Rc<str>> {
        self.global_names
            .iter()
            .find(|(_, &g)| g == slot)
            .map(|(n, _)| n)
    }

    pub fn type_by_name(&self, name: &str) -> Option<&TypeDef> {
        self.type_names
            .get(name)
            .map(|&id| &self.types[id as usize])
    }

    pub fn type_by_id(&self, id: u32) -> &TypeDef {
        &self.types[id as usize]
    }

    pub fn next_type_id(&self) -> u32 {
        self.types.len() as u32
    }

    /// Define a method; a trait's default (`default`) never replaces the type's own.
    pub fn define_method(&mut self, type_id: u32, name: Sym, f: Rc<Closure>, default: bool) {
        let key = (type_id, name);
        self.kind_methods |= crate::value::kinds::is_kind_id(type_id)
            || type_id == OPTION_ID
            || type_id == RESULT_ID;
        if default {
            if self.methods.contains_key(&key) && !self.default_methods.contains(&key) {
                return;
            }
            self.default_methods.insert(key);
        } else {
            self.default_methods.remove(&key);
        }
        match self.methods.get(&key) {
            Some(&i) => self.method_list[i as usize] = f,
            None => {
                self.methods.insert(key, self.method_list.len() as u32);
                self.method_list.push(f);
            }
        }
    }

    /// Whether the user defined a method `name` for the builtin kind of `recv` (it comes
    /// before the builtin method of that name, §10.1).
    #[inline]
    pub fn user_kind_method(&self, recv: &Value, name: Sym) -> bool {
        let id = match recv {
            Value::Enum(e) => Some(e.ty.id),
            other => crate::value::kinds::value_kind_type_id(other),
        };
        self.kind_methods && id.is_some_and(|t| self.methods.contains_key(&(t, name)))
    }

    pub fn method(&self, type_id: u32, name: Sym) -> Option<&Rc<Closure>> {
        self.methods
            .get(&(type_id, name))
            .map(|&i| &self.method_list[i as usize])
    }

    /// A variant value. (Unit variants are not cached on their type: that would make a
    /// reference cycle, type to value to type, that is never freed.)
    pub fn variant(ty: &'static EnumType, variant: u32, payload: impl Into<Fields>) -> Value {
        let payload = payload.into();
        Value::Enum(Rc::new(crate::value::EnumVal {
            ty,
            variant,
            payload: std::mem::ManuallyDrop::new(payload),
        }))
    }

    pub fn some(&self, v: Value) -> Value {
        Env::variant(self.option, SOME, one(v))
    }

    pub fn none(&self) -> Value {
        Env::variant(self.option, NONE, Fields::new())
    }

    pub fn ok(&self, v: Value) -> Value {
        Env::variant(self.result, OK, one(v))
    }

    pub fn err(&self, v: Value) -> Value {
        Env::variant(self.result, ERR, one(v))
    }

    pub fn option(&self, v: Option<Value>) -> Value {
        match v {
            Some(v) => self.some(v),
            None => self.none(),
        }
    }

    /// User-visible global bindings (for `:env`), sorted by name.
    pub fn bindings(&self) -> Vec<(Rc<str>, Value)> {
        let mut out: Vec<(Rc<str>, Value)> = self
            .global_names
            .iter()
            .filter(|(n, _)| !n.contains("::"))
            .filter_map(|(n, &g)| match &self.globals[g as usize] {
                Value::Undefined | Value::Builtin(_) => None,
                v => Some((n.clone(), v.clone())),
            })
            .collect();
        ruchy_parser::sort::sort_by(&mut out, |a, b| a.0.cmp(&b.0));
        out
    }
}
