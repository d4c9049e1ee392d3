//! What the painter asks of a backend beyond plotters' `DrawingBackend`, sent
//! as elements (plotters has neither): cutting what is drawn to a rectangle
//! (the plot), and marking a series as one thing (an SVG `<g>` with the
//! model's id and a `<title>` a browser shows on hover).

use plotters::element::{Drawable, PointCollection};
use plotters::prelude::*;
use plotters_backend::{BackendCoord, DrawingErrorKind};

/// A backend the charts are drawn on (the SVG writer, the PNG canvas).
pub trait ChartBackend: DrawingBackend {
    /// From now on draw only inside `[x0, x1) × [y0, y1)`, or everywhere for `None`.
    fn clip(&mut self, rect: Option<(BackendCoord, BackendCoord)>);

    /// What is drawn from now until [`ChartBackend::end`] is one thing: `group`.
    fn begin(&mut self, group: &Group);

    /// Ends the group begun last.
    fn end(&mut self);
}

/// A part of a chart that a reader (or a test) can find as one: a model's
/// line, a marker.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Group {
    /// What it is: `series`, `band`, `marker`.
    pub class: &'static str,
    /// The model it belongs to, if any (`data-model`).
    pub model: Option<String>,
    /// What a browser shows on hover (`<title>`).
    pub title: String,
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

impl<DB: ChartBackend> Drawable<DB> for ClipTo {
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

/// An element that begins a group (`Some`) or ends the last one (`None`).
pub(crate) struct GroupTo(pub(crate) Option<Group>);

impl<'a> PointCollection<'a, BackendCoord> for &'a GroupTo {
    type Point = &'a BackendCoord;
    type IntoIter = std::slice::Iter<'a, BackendCoord>;

    fn point_iter(self) -> Self::IntoIter {
        [].iter()
    }
}

impl<DB: ChartBackend> Drawable<DB> for GroupTo {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        _: I,
        backend: &mut DB,
        _: (u32, u32),
    ) -> Result<(), DrawingErrorKind<DB::ErrorType>> {
        match &self.0 {
            Some(group) => backend.begin(group),
            None => backend.end(),
        }
        Ok(())
    }
}
