//! The explorer's charts on the page: a plotters backend over the browser's canvas that draws in
//! CSS pixels on a canvas of device pixels, so the charts stay sharp on any screen, and measures
//! text with the canvas itself, so legends and tick labels are laid out as they are drawn.
//!
//! In the browser the canvas and the SVG download share one backend type ([`PageBackend`]), so
//! each chart's drawing code is compiled once, not once per backend: that keeps the bundle
//! inside its size budget.
//!
//! Besides `canvas.rs` this is the only file in `render` that touches the browser
//! (`tests/layering.rs` allows it by name). Off the browser, [`draw_chart`] answers with an error
//! and [`chart_svg`] uses plotters' SVG backend directly.

use web_sys::HtmlCanvasElement;

use super::charts::{Chart, ChartGeometry, Theme};

/// Draws `chart` on `canvas` at `size` CSS pixels with `dpr` device pixels per CSS pixel: the
/// canvas gets `size × dpr` pixels and a matching CSS size. The geometry is in CSS pixels, as
/// the mouse reports them.
#[cfg(target_arch = "wasm32")]
pub fn draw_chart(
    canvas: &HtmlCanvasElement,
    size: (u32, u32),
    dpr: f64,
    chart: Chart<'_>,
    theme: &Theme,
) -> Result<ChartGeometry, String> {
    use wasm_bindgen::JsCast;
    use web_sys::CanvasRenderingContext2d;

    let dpr = if dpr.is_finite() && dpr >= 1.0 {
        dpr
    } else {
        1.0
    };
    let (w, h) = (size.0.max(1), size.1.max(1));
    canvas.set_width((f64::from(w) * dpr).round() as u32);
    canvas.set_height((f64::from(h) * dpr).round() as u32);
    canvas
        .set_attribute("style", &format!("width:{w}px;height:{h}px"))
        .map_err(|_| "the canvas refused its size".to_string())?;
    let context: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or("this browser gives no 2-D canvas")?;
    context
        .set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0)
        .map_err(|_| "the canvas refused its scale".to_string())?;
    let inner = plotters_canvas::CanvasBackend::with_canvas_object(canvas.clone())
        .ok_or("this browser gives no 2-D canvas")?;
    chart.draw(
        PageBackend::Canvas(CssCanvas {
            inner,
            context,
            size: (w, h),
        }),
        theme,
    )
}

/// The chart as an SVG document of `size` pixels, for the download.
#[cfg(target_arch = "wasm32")]
pub fn chart_svg(size: (u32, u32), chart: Chart<'_>, theme: &Theme) -> Result<String, String> {
    let mut svg = String::new();
    chart.draw(
        PageBackend::Svg(plotters::prelude::SVGBackend::with_string(&mut svg, size)),
        theme,
    )?;
    Ok(svg)
}

/// The chart as an SVG document of `size` pixels.
#[cfg(not(target_arch = "wasm32"))]
pub fn chart_svg(size: (u32, u32), chart: Chart<'_>, theme: &Theme) -> Result<String, String> {
    super::charts::to_svg(size, |b| chart.draw(b, theme)).map(|(svg, _)| svg)
}

/// Off the browser there is no canvas to draw on; tests draw to SVG instead.
#[cfg(not(target_arch = "wasm32"))]
pub fn draw_chart(
    _canvas: &HtmlCanvasElement,
    _size: (u32, u32),
    _dpr: f64,
    _chart: Chart<'_>,
    _theme: &Theme,
) -> Result<ChartGeometry, String> {
    Err("charts are drawn on a canvas only in the browser".to_string())
}

#[cfg(target_arch = "wasm32")]
pub use backend::{CssCanvas, PageBackend};

#[cfg(target_arch = "wasm32")]
mod backend {
    use plotters::prelude::SVGBackend;
    use plotters_backend::{
        BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend,
        DrawingErrorKind,
    };
    use plotters_canvas::CanvasBackend;
    use web_sys::CanvasRenderingContext2d;

    /// The page's two backends as one type: the canvas on the page, or an SVG string.
    pub enum PageBackend<'a> {
        /// The chart's canvas.
        Canvas(CssCanvas),
        /// An SVG document being written.
        Svg(SVGBackend<'a>),
    }

    /// Either backend's error, in words.
    #[derive(Debug)]
    pub struct PageError(String);

    impl std::fmt::Display for PageError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }

    impl std::error::Error for PageError {}

    fn page_error<E: std::error::Error + Send + Sync>(
        e: DrawingErrorKind<E>,
    ) -> DrawingErrorKind<PageError> {
        match e {
            DrawingErrorKind::DrawingError(e) => {
                DrawingErrorKind::DrawingError(PageError(e.to_string()))
            }
            DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
        }
    }

    /// An SVG string cannot fail to be written to; the error is named without formatting the
    /// I/O error, whose messages would otherwise all land in the bundle.
    fn svg_error<E: std::error::Error + Send + Sync>(
        e: DrawingErrorKind<E>,
    ) -> DrawingErrorKind<PageError> {
        match e {
            DrawingErrorKind::DrawingError(_) => DrawingErrorKind::DrawingError(PageError(
                "the SVG could not be written".to_string(),
            )),
            DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
        }
    }

    /// Calls the same method on whichever backend this is.
    macro_rules! either {
        ($self:expr, $b:ident => $call:expr) => {
            match $self {
                PageBackend::Canvas($b) => $call.map_err(page_error),
                PageBackend::Svg($b) => $call.map_err(svg_error),
            }
        };
    }

    type PageFailure = DrawingErrorKind<PageError>;

    impl DrawingBackend for PageBackend<'_> {
        type ErrorType = PageError;

        fn get_size(&self) -> (u32, u32) {
            match self {
                PageBackend::Canvas(b) => b.get_size(),
                PageBackend::Svg(b) => b.get_size(),
            }
        }

        fn ensure_prepared(&mut self) -> Result<(), PageFailure> {
            either!(self, b => b.ensure_prepared())
        }

        fn present(&mut self) -> Result<(), PageFailure> {
            either!(self, b => b.present())
        }

        fn draw_pixel(
            &mut self,
            point: BackendCoord,
            color: BackendColor,
        ) -> Result<(), PageFailure> {
            either!(self, b => b.draw_pixel(point, color))
        }

        fn draw_line<S: BackendStyle>(
            &mut self,
            from: BackendCoord,
            to: BackendCoord,
            style: &S,
        ) -> Result<(), PageFailure> {
            either!(self, b => b.draw_line(from, to, style))
        }

        fn draw_rect<S: BackendStyle>(
            &mut self,
            upper_left: BackendCoord,
            bottom_right: BackendCoord,
            style: &S,
            fill: bool,
        ) -> Result<(), PageFailure> {
            either!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
        }

        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            style: &S,
        ) -> Result<(), PageFailure> {
            either!(self, b => b.draw_path(path, style))
        }

        fn draw_circle<S: BackendStyle>(
            &mut self,
            center: BackendCoord,
            radius: u32,
            style: &S,
            fill: bool,
        ) -> Result<(), PageFailure> {
            either!(self, b => b.draw_circle(center, radius, style, fill))
        }

        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            vert: I,
            style: &S,
        ) -> Result<(), PageFailure> {
            either!(self, b => b.fill_polygon(vert, style))
        }

        fn draw_text<S: BackendTextStyle>(
            &mut self,
            text: &str,
            style: &S,
            pos: BackendCoord,
        ) -> Result<(), PageFailure> {
            either!(self, b => b.draw_text(text, style, pos))
        }

        fn estimate_text_size<S: BackendTextStyle>(
            &self,
            text: &str,
            style: &S,
        ) -> Result<(u32, u32), PageFailure> {
            either!(self, b => b.estimate_text_size(text, style))
        }
    }

    /// plotters' canvas backend, reporting the chart's size in CSS pixels (the context is
    /// already scaled to device pixels) and measuring text with the canvas.
    pub struct CssCanvas {
        pub(super) inner: CanvasBackend,
        pub(super) context: CanvasRenderingContext2d,
        pub(super) size: (u32, u32),
    }

    /// The canvas backend's error, which plotters-canvas does not export by name.
    type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
    type Failure = DrawingErrorKind<CanvasError>;

    impl DrawingBackend for CssCanvas {
        type ErrorType = CanvasError;

        fn get_size(&self) -> (u32, u32) {
            self.size
        }

        fn ensure_prepared(&mut self) -> Result<(), Failure> {
            self.inner.ensure_prepared()
        }

        fn present(&mut self) -> Result<(), Failure> {
            self.inner.present()
        }

        fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Failure> {
            self.inner.draw_pixel(point, color)
        }

        fn draw_line<S: BackendStyle>(
            &mut self,
            from: BackendCoord,
            to: BackendCoord,
            style: &S,
        ) -> Result<(), Failure> {
            self.inner.draw_line(from, to, style)
        }

        fn draw_rect<S: BackendStyle>(
            &mut self,
            upper_left: BackendCoord,
            bottom_right: BackendCoord,
            style: &S,
            fill: bool,
        ) -> Result<(), Failure> {
            self.inner.draw_rect(upper_left, bottom_right, style, fill)
        }

        fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            path: I,
            style: &S,
        ) -> Result<(), Failure> {
            self.inner.draw_path(path, style)
        }

        fn draw_circle<S: BackendStyle>(
            &mut self,
            center: BackendCoord,
            radius: u32,
            style: &S,
            fill: bool,
        ) -> Result<(), Failure> {
            self.inner.draw_circle(center, radius, style, fill)
        }

        fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
            &mut self,
            vert: I,
            style: &S,
        ) -> Result<(), Failure> {
            self.inner.fill_polygon(vert, style)
        }

        fn draw_text<S: BackendTextStyle>(
            &mut self,
            text: &str,
            style: &S,
            pos: BackendCoord,
        ) -> Result<(), Failure> {
            self.inner.draw_text(text, style, pos)
        }

        fn estimate_text_size<S: BackendTextStyle>(
            &self,
            text: &str,
            style: &S,
        ) -> Result<(u32, u32), Failure> {
            // The same font string the canvas backend draws with.
            self.context.set_font(&format!(
                "{} {}px {}",
                style.style().as_str(),
                style.size(),
                style.family().as_str(),
            ));
            let width = self
                .context
                .measure_text(text)
                .map(|m| m.width())
                .unwrap_or(style.size() * 0.6 * text.chars().count() as f64);
            Ok((width.ceil().max(0.0) as u32, style.size().ceil() as u32))
        }
    }
}
