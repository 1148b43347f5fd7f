//! The only place that calls rqrr. Every call runs under `catch_unwind`: rqrr asserts on some
//! inputs (upstream issue #54), and a camera frame must never take the kiosk down.

use std::{
    cell::Cell,
    panic::{self, AssertUnwindSafe, catch_unwind},
    sync::Once,
};

use image::GrayImage;
use rqrr::PreparedImage;

use super::ops::Bitmap;

/// What rqrr gets: a grayscale picture (rqrr thresholds it itself) or one of our bitmaps.
#[derive(Debug, Clone, Copy)]
pub(crate) enum RqrrInput<'a> {
    Gray(&'a GrayImage),
    Bitmap(&'a Bitmap),
}

/// A code's corners in a picture: top-left, top-right, bottom-right, bottom-left.
pub(crate) type Corners = [(f32, f32); 4];

/// The result of one rqrr run over one picture.
#[derive(Debug, Default)]
pub(crate) struct Attempt {
    /// The payload bytes and the code's corners in the picture's coordinates.
    pub payload: Option<(Vec<u8>, Corners)>,
    /// Grids (three finder patterns that fit together) rqrr found but could not read: the
    /// code is there, but too blurred, small or bent.
    pub grids_unread: usize,
    /// Corners of the first unread grid, so the next frame can look there first.
    pub unread_corners: Option<Corners>,
    pub panicked: bool,
}

// A macro, not a generic function: rqrr does not export the buffer trait its two prepared
// image types share.
macro_rules! search {
    ($prepared:expr) => {{
        let mut result = Attempt::default();
        for grid in $prepared.detect_grids() {
            let corners = grid.bounds.map(|p| (p.x as f32, p.y as f32));
            // A fresh buffer per grid: decode_to may leave half a payload behind on failure.
            let mut bytes = Vec::new();
            if grid.decode_to(&mut bytes).is_ok() {
                result.payload = Some((bytes, corners));
                break;
            }
            result.grids_unread += 1;
            result.unread_corners.get_or_insert(corners);
        }
        result
    }};
}

thread_local! {
    /// Set while this thread is inside a guarded rqrr call.
    static GUARDED: Cell<bool> = const { Cell::new(false) };
}

static QUIET_HOOK: Once = Once::new();

/// Wraps the process's panic hook once so that panics inside guarded rqrr calls print
/// nothing (the caller counts them; a backtrace per camera frame would flood the log). Every
/// other panic goes to the previous hook as before.
fn install_quiet_hook() {
    QUIET_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

pub(crate) fn attempt(input: RqrrInput<'_>) -> Attempt {
    install_quiet_hook();
    GUARDED.with(|g| g.set(true));
    let run = catch_unwind(AssertUnwindSafe(|| match input {
        RqrrInput::Gray(gray) => {
            let mut prepared = PreparedImage::prepare(gray.clone());
            search!(prepared)
        }
        RqrrInput::Bitmap(bitmap) => {
            let width = bitmap.width as usize;
            let mut prepared =
                PreparedImage::prepare_from_bitmap(width, bitmap.height as usize, |x, y| {
                    bitmap.dark[y * width + x] != 0
                });
            search!(prepared)
        }
    }));
    GUARDED.with(|g| g.set(false));
    run.unwrap_or_else(|_| Attempt {
        panicked: true,
        ..Attempt::default()
    })
}
