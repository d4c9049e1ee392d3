//! Cutting what is drawn to a rectangle (the plot), for backends that can:
//! plotters has no clip of its own, so the painter sends one as an element.

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// A backend that can cut what it draws to a rectangle of pixels.
pub trait Clip: DrawingBackend {
    /// From now on draw only inside `[x0, x1) × [y0, y1)`, or everywhere for `None`.
    fn clip(&mut self, rect: Option<(BackendCoord, BackendCoord)>);
}

/// The SVG is drawn unclipped, as it always was: a browser strokes its joins
/// with a limit, so its lines stay where they belong.
impl Clip for SVGBackend<'_> {
    fn clip(&mut self, _: Option<(BackendCoord, BackendCoord)>) {}
}

/// An element that sets the clip (two corners) or lifts it (none).
pub(crate) struct ClipTo(Option<[BackendCoord; 2]>);

impl ClipTo {
    /// Clip to the box with corners `from` (inside) and `to` (just outside).
    pub(crate) fn rect(from: BackendCoord, to: BackendCoord) -> ClipTo {
        ClipTo(Some([from, to]))
    }

    pub(crate) fn none() -> ClipTo {
        ClipTo(None)
    }
}

impl<'a> PointCollection<'a, BackendCoord> for &'a ClipTo {
    type Point = &'a BackendCoord;
    type IntoIter = std::slice::Iter<'a, BackendCoord>;

    fn point_iter(self) -> Self::IntoIter {
        self.0.as_ref().map_or(&[][..], |c| &c[..]).iter()
    }
}

impl<DB: Clip> Drawable<DB> for ClipTo {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        mut pos: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        let rect = pos.next().zip(pos.next());
        backend.clip(rect);
        Ok(())
    }
}
