//! The second y axis on the right (the usage charts' running total): plotters
//! draws one y axis, so this one is drawn by hand along the plot's right edge.

use plotters::coord::Shift;
use plotters::coord::ranged1d::ValueFormatter;
use plotters::prelude::*;

use super::layout::Rect;
use crate::chart::font::{DrawResult, font, measure};
use crate::chart::line::{LineChart, SecondaryAxis, Unit};
use crate::chart::theme;

/// The second y axis on the right: ticks at round values of its own unit.
/// Draws nothing when the chart has none.
pub(super) fn right_axis<DB, X, Y>(
    root: &DrawingArea<DB, Shift>,
    ctx: &ChartContext<DB, Cartesian2d<X, Y>>,
    chart: &LineChart,
    plot: Rect,
    scale: f64,
) -> DrawResult<(), DB>
where
    DB: DrawingBackend,
    X: Ranged<ValueType = u64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let Some(SecondaryAxis {
        title,
        unit,
        factor,
    }) = &chart.secondary
    else {
        return Ok(());
    };
    let (_, y_hi) = chart.y_bounds();
    let top = y_hi * factor;
    if top <= 0.0 {
        return Ok(());
    }
    let axis = RightAxis {
        chart,
        plot,
        scale,
        unit: *unit,
        factor: *factor,
        stroke: chart
            .palette
            .axis
            .stroke_width((1.0 * scale).max(1.0) as u32),
    };
    root.draw(&PathElement::new(
        vec![
            (plot.x1 as i32, plot.y0 as i32),
            (plot.x1 as i32, plot.y1 as i32),
        ],
        axis.stroke,
    ))?;
    let widest = axis.ticks(root, ctx, top)?;
    axis.title(root, title, widest)
}

/// A round step that puts about five ticks up to `top`: 1, 2, 2.5 or 5 times
/// a power of ten.
fn tick_step(top: f64) -> f64 {
    let raw = top / 5.0;
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|v| *v >= raw)
        .unwrap_or(raw)
}

/// The right axis being drawn: along the right edge of `plot`, in `unit`, at
/// `factor` of its own units per unit of the left axis.
struct RightAxis<'a> {
    chart: &'a LineChart,
    plot: Rect,
    scale: f64,
    unit: Unit,
    factor: f64,
    stroke: ShapeStyle,
}

impl RightAxis<'_> {
    /// A length at 1× in pixels at this scale.
    fn s(&self, v: f64) -> f64 {
        v * self.scale
    }

    /// Tick marks and labels from 0 up to `top`; returns the widest label's
    /// width, so the title can stand clear of them.
    fn ticks<DB, X, Y>(
        &self,
        root: &DrawingArea<DB, Shift>,
        ctx: &ChartContext<DB, Cartesian2d<X, Y>>,
        top: f64,
    ) -> DrawResult<f64, DB>
    where
        DB: DrawingBackend,
        X: Ranged<ValueType = u64>,
        Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
    {
        let (chart, x1) = (self.chart, self.plot.x1);
        let step = tick_step(top);
        let tick_font = font(theme::TICK_SIZE, self.scale);
        let mut widest: f64 = 0.0;
        let mut v = 0.0;
        while v <= top + step * 1e-9 {
            let (_, y) = ctx.backend_coord(&(chart.x_from, v / self.factor));
            let text = self.unit.tick(v, &chart.currency, false);
            let (w, h) = measure(root, &text, &tick_font)?;
            widest = widest.max(w);
            root.draw(&PathElement::new(
                vec![(x1 as i32, y), ((x1 + self.s(4.0)) as i32, y)],
                self.stroke,
            ))?;
            root.draw_text(
                &text,
                &tick_font.color(&chart.palette.muted),
                ((x1 + self.s(7.0)) as i32, (y as f64 - h / 2.0) as i32),
            )?;
            v += step;
        }
        Ok(widest)
    }

    /// The axis title, turned, centred on the plot's height right of labels
    /// `widest` wide.
    fn title<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        title: &str,
        widest: f64,
    ) -> DrawResult<(), DB> {
        let plot = self.plot;
        let title_font = font(theme::AXIS_TITLE_SIZE, self.scale);
        let (w, _) = measure(root, title, &title_font)?;
        let x = plot.x1 + self.s(12.0) + widest + self.s(4.0);
        let y = (plot.y0 + plot.y1) / 2.0 - w / 2.0;
        root.draw_text(
            title,
            &title_font
                .transform(FontTransform::Rotate90)
                .color(&self.chart.palette.ink),
            (x as i32 + self.s(14.0) as i32, y as i32),
        )?;
        Ok(())
    }
}
