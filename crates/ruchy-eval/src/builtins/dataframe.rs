//! DataFrames (§15.4): ordered named columns of equal length.

use super::Args;
use super::{arg, arg_int, arg_str, M};
use crate::error::{err, VResult};
use crate::value::{DataFrame, MapVal, Value};
use crate::vm::Vm;
use std::rc::Rc;

pub fn has(m: M) -> bool {
    use M::*;
    matches!(
        m,
        rows | columns | column_names | get | select | filter | sort_by | len | is_empty
    )
}

pub fn new(cols: Vec<(Value, Value)>) -> VResult<Value> {
    let mut columns = Vec::new();
    for (name, values) in cols {
        let name: Rc<str> = Rc::from(name.to_top_level());
        let values = match values {
            Value::Array(a) => a.to_vec(),
            other => {
                return err(format!(
                    "DataFrame column '{name}' must be an array, got {}",
                    other.type_name()
                ))
            }
        };
        columns.push((name, values));
    }
    if let Some(first) = columns.first() {
        let n = first.1.len();
        if let Some(bad) = columns.iter().find(|c| c.1.len() != n) {
            return err(format!(
                "DataFrame columns must have equal lengths: '{}' has {} rows, '{}' has {}",
                first.0,
                n,
                bad.0,
                bad.1.len()
            ));
        }
    }
    Ok(Value::DataFrame(Rc::new(DataFrame { columns })))
}

fn row_map(df: &DataFrame, i: usize) -> Value {
    let m: MapVal = df
        .columns
        .iter()
        .map(|(n, c)| (Value::str(n), c[i].clone()))
        .collect();
    Value::Map(Rc::new(m))
}

/// Every row as a map from column name to value (for iteration).
pub fn row_maps(df: &DataFrame) -> Value {
    Value::array((0..df.rows()).map(|i| row_map(df, i)).collect())
}

fn keep_rows(df: &DataFrame, keep: &[usize]) -> Value {
    let columns = df
        .columns
        .iter()
        .map(|(n, c)| (n.clone(), keep.iter().map(|&i| c[i].clone()).collect()))
        .collect();
    Value::DataFrame(Rc::new(DataFrame { columns }))
}

pub fn call(vm: &mut Vm, recv: &Value, m: M, args: Args) -> VResult<Value> {
    let Value::DataFrame(df) = recv else {
        return err("Internal error: not a dataframe");
    };
    let name = super::METHOD_NAMES[m as usize];
    let column = |c: &str| {
        df.columns
            .iter()
            .position(|(n, _)| &**n == c)
            .ok_or_else(|| crate::error::error(format!("DataFrame has no column '{c}'")))
    };
    Ok(match m {
        M::rows | M::len => Value::Int(df.rows() as i64),
        M::is_empty => Value::Bool(df.rows() == 0),
        M::columns => Value::Int(df.columns.len() as i64),
        M::column_names => Value::array(df.columns.iter().map(|(n, _)| Value::str(n)).collect()),
        M::get => {
            let c = column(arg_str(&args, 0, name)?)?;
            let row = arg_int(&args, 1, name)?;
            match crate::vm::data::norm_index(row, df.rows()) {
                Some(r) => df.columns[c].1[r].clone(),
                None => {
                    return err(format!(
                        "Index {row} out of bounds for dataframe of {} rows",
                        df.rows()
                    ))
                }
            }
        }
        M::select => {
            let names = match arg(&args, 0, name)? {
                Value::Array(a) => a.to_vec(),
                other => vec![other.clone()],
            };
            let mut columns = Vec::new();
            for n in names {
                let c = column(&n.to_top_level())?;
                columns.push(df.columns[c].clone());
            }
            Value::DataFrame(Rc::new(DataFrame { columns }))
        }
        M::filter => {
            let f = arg(&args, 0, name)?;
            let mut keep = Vec::new();
            for i in 0..df.rows() {
                if vm.call_n(f, [row_map(df, i)])?.truthy() {
                    keep.push(i);
                }
            }
            keep_rows(df, &keep)
        }
        M::sort_by => {
            let c = column(arg_str(&args, 0, name)?)?;
            let col = &df.columns[c].1;
            let mut order: Vec<usize> = (0..df.rows()).collect();
            let mut failure = None;
            ruchy_parser::sort::sort_by(&mut order, |&a, &b| {
                match crate::value::compare(&col[a], &col[b]) {
                    Ok(o) => o.unwrap_or(std::cmp::Ordering::Equal),
                    Err(e) => {
                        failure.get_or_insert(e);
                        std::cmp::Ordering::Equal
                    }
                }
            });
            if let Some(e) = failure {
                return err(e);
            }
            keep_rows(df, &order)
        }
        _ => return err(format!("Unknown method '{name}' for dataframe")),
    })
}
