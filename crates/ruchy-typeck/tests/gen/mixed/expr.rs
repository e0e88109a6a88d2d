//! Expressions: values stored into annotated places, read back, and used.

use super::{Mixed, ANNS, FIELDS, METHODS};

impl Mixed {
    /// A value built by a constructor or function with annotated places (struct literals in
    /// parentheses: they may end up in a condition).
    fn annotated(&mut self) -> String {
        match self.below(24) {
            0 => format!("E::A({})", self.expr()),
            1 => format!("E::B({})", self.expr()),
            2 => format!("E::C({})", self.expr()),
            3 => format!("F::P({}, {})", self.expr(), self.expr()),
            4 => format!("(F::Q {{ n: {}, s: {} }})", self.expr(), self.expr()),
            5 => format!(
                "(S {{ n: {}, s: {}, xs: {}, t: {} }})",
                self.expr(),
                self.expr(),
                self.expr(),
                self.expr()
            ),
            6 => format!("(G {{ v: {}, k: {} }})", self.expr(), self.expr()),
            7 => format!("K::new({})", self.expr()),
            8 => format!("ai({})", self.expr()),
            9 => format!("astr({})", self.expr()),
            10 => format!("avec({})", self.expr()),
            11 => format!("W::V({})", self.expr()),
            12 => format!("W::N({})", self.expr()),
            13 => format!("ropt({})", self.expr()),
            14 => format!("rres({})", self.expr()),
            15 => format!("unres({})", self.expr()),
            16 => match self.below(2) {
                0 => "dflt()".into(),
                _ => format!("dflt({})", self.expr()),
            },
            17 => format!("first({})", self.expr()),
            18 => format!("({} |> ai)", self.expr()),
            19 => format!("(D {{ n: {} }})", self.expr()),
            20 => format!("m::twice({})", self.expr()),
            21 => format!("early({})", self.expr()),
            22 => format!("(H {{ f: {} }}).f({})", self.function_value(), self.expr()),
            _ => format!("ri({})", self.expr()),
        }
    }

    /// A field read that usually fits the value's kind.
    fn field_read(&mut self) -> String {
        let e = self.expr();
        match self.below(7) {
            0 => format!(
                "(S {{ n: {e}, s: \"a\", xs: [1], t: {} }}).{}",
                self.expr(),
                self.pick(&["n", "s", "xs", "t"])
            ),
            1 => format!(
                "(S {{ n: 1, s: {e}, xs: {}, t: 0 }}).{}",
                self.expr(),
                self.pick(&["n", "s", "xs", "t"])
            ),
            2 => format!(
                "(G {{ v: {e}, k: {} }}).{}",
                self.expr(),
                self.pick(&["v", "k"])
            ),
            3 => format!("K::new({e}).{}", self.pick(&["c", "name"])),
            4 => format!("{{a: {e}, b: 1}}.a"),
            5 => format!("{{ let mut k = K::new(1); k.name = {e}; k.label() }}"),
            _ => format!("{e}.{}", self.pick(FIELDS)),
        }
    }

    /// Reading an annotated place back: match arms, `if let`, fields, methods, `?`.
    fn read_back(&mut self) -> String {
        match self.below(23) {
            0 => format!(
                "match {} {{ E::A(n) => n, E::B(s) => s, E::C(v) => v, _ => 0 }}",
                self.expr()
            ),
            1 => format!("match E::A({}) {{ E::A(n) => n, _ => 0 }}", self.expr()),
            2 => format!("match E::C({}) {{ E::C(v) => v, _ => [] }}", self.expr()),
            3 => format!("if let E::B(s) = {} {{ s }} else {{ \"z\" }}", self.expr()),
            4 => format!(
                "match {} {{ F::P(a, b) => b, F::Q {{ n, s }} => n, _ => 1 }}",
                self.expr()
            ),
            5 => self.field_read(),
            6 => format!(
                "{{ let mut k = K::new(1); k.put({}); k.get() }}",
                self.expr()
            ),
            7 => format!(
                "{{ let mut t = S {{ n: 1, s: \"a\", xs: [], t: 0 }}; t.{} = {}; t }}",
                self.pick(&["n", "s", "xs", "t"]),
                self.expr()
            ),
            8 => format!(
                "{{ let mut t = S {{ n: 1, s: \"a\", xs: [1], t: 0 }}; t.set_n({}); t.get_n() }}",
                self.expr()
            ),
            9 => format!(
                "match W::V({}) {{ W::V(x) => x, W::N(n) => n, _ => 0 }}",
                self.expr()
            ),
            10 => format!(
                "if let Some(n) = ropt({}) {{ n }} else {{ 0 }}",
                self.expr()
            ),
            11 => format!("{{ let (a, b): (i32, String) = {}; a }}", self.expr()),
            12 => format!(
                "{{ let mut acc: {} = {}; acc.push({}); acc }}",
                self.pick(&["Vec<i32>", "Vec<String>"]),
                self.pick(&["[]", "[1]", "[\"a\"]"]),
                self.expr()
            ),
            13 => format!(
                "{{ let mut m: HashMap<String, i32> = {{}}; m[\"k\"] = {}; m }}",
                self.expr()
            ),
            14 => format!(
                "{{ let mut out = []; for x in {} {{ out.push(x) }}; out }}",
                self.expr()
            ),
            16 => format!("(D {{ }}).greet({})", self.expr()),
            17 => format!("{{ let mut d = D {{ }}; d.add({}); d.n }}", self.expr()),
            18 => format!("match {} {{ n if n > 3 => n, _ => 0 }}", self.expr()),
            19 => format!("f\"<{{{}}}>\"", self.var()),
            20 => format!("({} as i32)", self.expr()),
            21 => format!(
                "(DD {{ {} }}).{}",
                self.pick(&["", "w: 1", "k: \"s\""]),
                self.pick(&["k", "w"])
            ),
            _ => format!(
                "match {} {{ 1 => \"one\", \"s1\" => 2, [a, b] => a, Some(n) => n, _ => {} }}",
                self.expr(),
                self.expr()
            ),
        }
    }

    fn lambda_body(&mut self, p: &str) -> String {
        match self.below(7) {
            0 => format!("{p} + 1"),
            1 => format!("{p}.{}", self.pick(METHODS)),
            2 => format!("str({p})"),
            3 => p.to_string(),
            4 => self.expr(),
            5 => format!("ai({p})"),
            _ => format!("E::A({p})"),
        }
    }

    /// A function value: closures (maybe annotated) and functions with annotated places.
    fn function_value(&mut self) -> String {
        match self.below(6) {
            0 => format!("|q| {}", self.lambda_body("q")),
            1 => {
                let a = self.pick(ANNS);
                format!("|q: {a}| {}", self.lambda_body("q"))
            }
            2 => {
                let a = self.pick(ANNS);
                format!("|q| -> {a} {{ {} }}", self.lambda_body("q"))
            }
            _ => self
                .pick(&["ai", "astr", "avec", "ri", "ropt", "first", "dflt"])
                .into(),
        }
    }

    pub(super) fn expr(&mut self) -> String {
        if self.depth > 2 {
            return self.atom();
        }
        self.depth += 1;
        let e = match self.below(46) {
            0..=9 => self.atom(),
            10..=13 => self.annotated(),
            14..=18 => self.read_back(),
            19 => format!("{}[{}]", self.expr(), self.below(2)),
            20 => format!("str({})", self.expr()),
            21 => format!("type_of({})", self.expr()),
            22 => format!("({} == {})", self.expr(), self.expr()),
            23 | 24 => format!("{}.{}", self.expr(), self.pick(METHODS)),
            25 => {
                let op = self.pick(&["+", "-", "*", "/", "<", "==", "&&", "??"]);
                format!("({} {op} {})", self.expr(), self.expr())
            }
            26 => self.field_read(),
            27 => format!("({})({})", self.function_value(), self.expr()),
            28 => format!("[{}].map({})", self.expr(), self.function_value()),
            29 => format!("apply({}, {})", self.function_value(), self.expr()),
            30 => format!(
                "if {} {{ {} }} else {{ {} }}",
                self.expr(),
                self.expr(),
                self.expr()
            ),
            31 => {
                let v = self.var();
                let m = self.pick(METHODS);
                format!("if type_of({v}) == \"string\" {{ {v}.{m} }} else {{ {v} }}")
            }
            32 => {
                let v = self.var();
                format!("{{ let mut t = {v}; t = {}; t }}", self.expr())
            }
            33 => format!("store({})", self.expr()),
            34 => format!("pick({}, {}, {})", self.expr(), self.expr(), self.expr()),
            35 | 36 if !self.funs.is_empty() => {
                let i = self.below(self.funs.len());
                let (f, n) = self.funs[i].clone();
                let args: Vec<String> = (0..n).map(|_| self.expr()).collect();
                format!("{f}({})", args.join(", "))
            }
            37 => format!("ident({})", self.expr()),
            39 | 40 => {
                let f = self.pick(&["mpush", "mfield", "mindex", "minner", "mmeth"]);
                let o = match (self.below(3), f) {
                    (0, _) => self.expr(),
                    (_, "mpush" | "mindex") => self.pick(&["TV", "[1, 2]", "[\"a\"]"]).into(),
                    _ => "(S { n: 1, s: \"a\", xs: [1], t: 0 })".into(),
                };
                format!("{f}({o}, {})", self.expr())
            }
            38 => {
                let a = self.pick(ANNS);
                format!(
                    "{{ let f: fn({a}) -> {a} = {}; f({}) }}",
                    self.function_value(),
                    self.expr()
                )
            }
            _ => format!("[{}, {}]", self.expr(), self.expr()),
        };
        self.depth -= 1;
        e
    }
}
