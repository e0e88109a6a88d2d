//! Values meeting annotations: checked against them (a certain contradiction is reported),
//! and the annotated place is not trusted once a value of another or of unknown type is in it.

use super::Infer;
use crate::error::{ErrorKind, TypeError};
use crate::ty::Ty;
use crate::unify::Mode;
use ruchy_parser::Span;

impl Infer<'_> {
    /// A value flows into an element of a container. When the container's type is fixed by
    /// an annotation, the annotation is not trusted any more, and a value that contradicts it
    /// is reported.
    pub fn sink_elem(&mut self, container: &Ty, elem: &Ty, value: &Ty, at: Span) {
        if self.store.flow_into(container, elem, value) {
            return;
        }
        self.store.doubt(container);
        let certain = self.store.certain(value);
        if self.fits_annotation(elem, &certain) {
            return;
        }
        let expected = self.show(elem);
        let found = self.show(value);
        let holder = self.show(container);
        self.error(
            TypeError::new(
                ErrorKind::Annotation {
                    what: "this element".to_string(),
                    expected: expected.clone(),
                    found: found.clone(),
                },
                at,
            )
            .label(format!("this is {found}"))
            .note(format!(
                "the container is {holder}, a type given by an annotation"
            )),
        );
    }

    /// Whether a value of type `value` may fit annotation `ann` (a trial: nothing is learnt).
    fn fits_annotation(&mut self, ann: &Ty, value: &Ty) -> bool {
        let mark = self.store.begin_trial();
        let ok = self.store.flow(ann, value, Mode::Annot);
        self.store.path.clear();
        self.store.end_trial(mark, false);
        ok
    }

    /// A value is checked against an annotation; `what` names it in the error. A value of
    /// another or of unknown type makes the annotated place untrusted (`Store::doubt`); a
    /// contradiction is reported when it is certain (does not depend on assumed types).
    pub fn check_ann(&mut self, ann: &Ty, ann_span: Span, value: &Ty, at: Span, what: &str) {
        self.store.loose = false;
        let ok = self.store.flow(ann, value, Mode::Annot);
        self.store.path.clear();
        if !ok || std::mem::take(&mut self.store.loose) {
            self.store.doubt(ann);
        }
        if self.store.has_fn(ann, 0) {
            // a function stored in such a place may be called through it with anything
            self.store.escape_to_dyn(value);
        }
        if ok {
            return;
        }
        let certain = self.store.certain(value);
        if !self.fits_annotation(ann, &certain) {
            let expected = self.show(ann);
            let found = self.show(value);
            self.error(
                TypeError::new(
                    ErrorKind::Annotation {
                        what: what.to_string(),
                        expected: expected.clone(),
                        found: found.clone(),
                    },
                    at,
                )
                .label(format!("this is {found}"))
                .related(
                    ann_span,
                    format!("expected {expected} because of this annotation"),
                ),
            );
        }
        // a contradicting value tells nothing about the annotation's type parameters
        self.store.flow(ann, &Ty::Dyn, Mode::Annot);
        self.store.path.clear();
        self.store.loose = false;
    }
}
