//! A preview image of a document page (the kiosk shows it before printing), rendered in pure
//! Rust by hayro from the PDF itself, so the member sees exactly what will be printed.

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    sync::Arc,
};

use hayro::{
    PixmapSettings, RenderCache, RenderSettings, hayro_interpret::InterpreterSettings,
    hayro_syntax::Pdf, vello_cpu::color::palette::css::WHITE,
};
use zeroize::Zeroizing;

use crate::DocumentError;

/// Wide enough for any kiosk screen; a page at this width is 4000 × 5657 pixels.
pub const MAX_WIDTH_PX: u32 = 4000;

/// Renders page `page` (0-based) of `pdf` as a PNG `width_px` pixels wide, on white.
pub fn preview_png(pdf: &[u8], page: usize, width_px: u32) -> Result<Vec<u8>, DocumentError> {
    let mut pngs = render_pages(pdf, Some(page), width_px)?;
    pngs.pop().ok_or(DocumentError::UnreadablePdf)
}

/// Renders every page of `pdf` as PNGs `width_px` pixels wide, on white: the PDF is parsed
/// once and its fonts and images are shared between the pages.
pub fn preview_pngs(pdf: &[u8], width_px: u32) -> Result<Vec<Vec<u8>>, DocumentError> {
    render_pages(pdf, None, width_px)
}

fn render_pages(
    pdf: &[u8],
    only: Option<usize>,
    width_px: u32,
) -> Result<Vec<Vec<u8>>, DocumentError> {
    if !(16..=MAX_WIDTH_PX).contains(&width_px) {
        return Err(DocumentError::PreviewWidth);
    }
    let data = Arc::new(Zeroizing::new(pdf.to_vec()));
    // The renderer reads whatever PDF it is given: a panic in it must not take the kiosk down.
    catch_unwind(AssertUnwindSafe(|| {
        let pdf = Pdf::new(data).map_err(|_| DocumentError::UnreadablePdf)?;
        let pages = pdf.pages();
        let wanted = match only {
            Some(page) if page >= pages.len() => {
                return Err(DocumentError::NoSuchPage {
                    page,
                    pages: pages.len(),
                });
            }
            Some(page) => page..page + 1,
            None if pages.is_empty() => return Err(DocumentError::UnreadablePdf),
            None => 0..pages.len(),
        };
        let cache = RenderCache::new();
        wanted
            .map(|index| {
                let one = pages.get(index).ok_or(DocumentError::UnreadablePdf)?;
                let (width, _) = one.render_dimensions();
                if width <= 0.0 {
                    return Err(DocumentError::UnreadablePdf);
                }
                // The renderer truncates the scaled width: aim half a pixel over.
                let scale = (width_px as f32 + 0.5) / width;
                let pixmap = hayro::render(
                    one,
                    &cache,
                    &InterpreterSettings::default(),
                    &RenderSettings::default(),
                    &PixmapSettings {
                        x_scale: scale,
                        y_scale: scale,
                        bg_color: WHITE,
                    },
                );
                pixmap
                    .into_png()
                    .map_err(|_| DocumentError::PreviewEncoding)
            })
            .collect()
    }))
    .unwrap_or(Err(DocumentError::UnreadablePdf))
}
