//! Jump tables for `match` over the variants of one enum: instead of testing every arm in
//! turn, `SwitchVariant` jumps straight to the first arm that can match the value's variant
//! (the arms' own tests still run, so guards and nested patterns behave as before).

use super::Compiler;
use crate::bytecode::*;
use crate::env::TypeDef;
use ruchy_parser::ast::*;

/// Matches with fewer arms are left to the plain test chain.
const MIN_ARMS: usize = 4;

/// What an arm's top-level pattern says about the variant it accepts.
enum Accepts {
    Variant(u32, u32),
    Anything,
}

/// A switch being built: the instruction and its table, with each arm's acceptance.
pub(crate) struct Switch {
    table: usize,
    accepts: Vec<Accepts>,
    variants: usize,
}

impl<'e> Compiler<'e> {
    fn accepts(&self, pat: &Pattern) -> Option<Accepts> {
        match &pat.kind {
            PatKind::Wild | PatKind::Bind(_) => Some(Accepts::Anything),
            PatKind::At(_, inner) => self.accepts(inner),
            PatKind::Variant { path, .. } => {
                let (t, v) = self.resolve_variant(path)?;
                Some(Accepts::Variant(t, v))
            }
            PatKind::Struct { path, .. } if path.len() > 1 => {
                let (t, v) = self.resolve_variant(path)?;
                Some(Accepts::Variant(t, v))
            }
            _ => None,
        }
    }

    /// Emit `SwitchVariant` when every arm tests a variant of one enum (or accepts anything).
    /// `keys` holds each arm's pattern for the value in `s` (`None`: the arm accepts anything).
    pub(crate) fn begin_switch(&mut self, keys: &[Option<&Pattern>], s: Reg) -> Option<Switch> {
        if keys.len() < MIN_ARMS {
            return None;
        }
        let accepts = keys
            .iter()
            .map(|p| p.map_or(Some(Accepts::Anything), |p| self.accepts(p)))
            .collect::<Option<Vec<_>>>()?;
        let mut type_id = None;
        for a in &accepts {
            if let Accepts::Variant(t, _) = a {
                if type_id.is_some_and(|x| x != *t) {
                    return None;
                }
                type_id = Some(*t);
            }
        }
        let type_id = type_id?;
        let (variants, ty) = match self.env.type_by_id(type_id) {
            TypeDef::Enum(e) => (e.variants.len(), crate::bytecode::enum_key(e)),
            TypeDef::Struct(_) => return None,
        };
        let table = self.proto().switch_tables.len();
        self.proto().switch_tables.push(SwitchTable {
            type_id,
            ty,
            ..SwitchTable::default()
        });
        self.emit(Op::SwitchVariant(s, table as u32));
        Some(Switch {
            table,
            accepts,
            variants,
        })
    }

    /// Fill the table once the arms' start positions are known; a variant no arm accepts
    /// goes to the current position (the "no arm matched" error).
    pub(crate) fn end_switch(&mut self, switch: Option<Switch>, starts: &[u32]) {
        let Some(sw) = switch else { return };
        let none = self.here() as u32;
        let targets = (0..sw.variants as u32)
            .map(|v| {
                sw.accepts
                    .iter()
                    .position(|a| match a {
                        Accepts::Anything => true,
                        Accepts::Variant(_, x) => *x == v,
                    })
                    .map_or(none, |i| starts[i])
            })
            .collect();
        let t = &mut self.proto().switch_tables[sw.table];
        t.targets = targets;
        t.default = starts[0];
    }
}
