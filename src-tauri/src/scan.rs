//! The camera during a letter identification: a scan loop (kiosk-scan) runs while the member
//! holds the letter up; each code read goes to kiosk-core, which verifies it. The shell only
//! starts, stops and forwards.

use std::{
    sync::{Arc, Mutex, mpsc::Receiver},
    thread,
    time::{Duration, Instant},
};

use kiosk_config::CameraSource;
use kiosk_core::{CoreError, SharedKiosk};
use kiosk_scan::{Decoder, FrameSource, RecordedSource, ScanEvent, ScanLoop, ScanLoopConfig};
use tauri::{AppHandle, Emitter};

use crate::ipc::{self, CameraPreview, LetterRefusedView, ScanGuidanceView, SessionView};

/// The camera and the kiosk it hands codes to. Clones share the one running scan, so the
/// commands, the scan's own thread and the session end all stop the same camera.
#[derive(Clone)]
pub(crate) struct ScanState {
    camera: CameraSource,
    kiosk: SharedKiosk,
    snapshot_max_age: Duration,
    running: Arc<Mutex<Option<ScanLoop>>>,
    /// For the staff panel: when the running scan started, and when a code was last read.
    started: Arc<Mutex<Option<Instant>>>,
    last_read: Arc<Mutex<Option<Instant>>>,
}

impl ScanState {
    pub(crate) fn new(
        camera: CameraSource,
        kiosk: SharedKiosk,
        snapshot_max_age: Duration,
    ) -> Self {
        ScanState {
            camera,
            kiosk,
            snapshot_max_age,
            running: Arc::new(Mutex::new(None)),
            started: Arc::new(Mutex::new(None)),
            last_read: Arc::new(Mutex::new(None)),
        }
    }

    /// The camera as the staff panel shows it: running or not, frames a second since it
    /// started, and how long ago a code was last read.
    pub(crate) fn health(&self) -> ipc::CameraHealthView {
        let captured = self.lock().as_ref().map(|scan| scan.stats().captured);
        let started = *self
            .started
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let last_read = *self
            .last_read
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let frames_per_second = match (captured, started) {
            (Some(frames), Some(at)) if at.elapsed().as_secs_f32() > 0.5 => {
                Some(frames as f32 / at.elapsed().as_secs_f32())
            }
            _ => None,
        };
        ipc::CameraHealthView {
            running: captured.is_some(),
            frames_per_second,
            last_read_seconds_ago: last_read
                .map(|at| u32::try_from(at.elapsed().as_secs()).unwrap_or(u32::MAX)),
        }
    }

    fn source(&self) -> Result<Box<dyn FrameSource>, CameraError> {
        match &self.camera {
            // A recording loops at a camera's pace, like a letter held up until it is read.
            CameraSource::Recorded(dir) => RecordedSource::open(dir)
                .map(|s| Box::new(s.looping(true).fps(15.0)) as Box<dyn FrameSource>)
                .map_err(CameraError::Source),
            CameraSource::Device(path) => device_source(path),
        }
    }

    /// Starts the camera for a letter identification (replacing a running scan).
    pub(crate) fn start(&self, app: &AppHandle) {
        self.stop();
        let source = match self.source() {
            Ok(source) => source,
            Err(error) => {
                tracing::error!(%error, "the camera cannot start");
                emit_guidance(app, kiosk_scan::Guidance::NoCode);
                return;
            }
        };
        // Live: after 80 ms on one frame the next frame is a better bet than the remaining
        // variants (a frame without a code would otherwise cost ~200 ms at 1280x720).
        let decoder = Decoder::new().with_budget(Some(Duration::from_millis(80)));
        match ScanLoop::start(source, decoder, ScanLoopConfig::default()) {
            Ok((scan, events)) => {
                *self.lock() = Some(scan);
                *self
                    .started
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Instant::now());
                let app = app.clone();
                let scan = self.clone();
                let spawned = thread::Builder::new()
                    .name("scan-results".into())
                    .spawn(move || scan.forward(&app, &events));
                if let Err(error) = spawned {
                    tracing::error!(%error, "cannot follow the scan");
                }
            }
            Err(error) => tracing::error!(%error, "the scan cannot start"),
        }
    }

    pub(crate) fn stop(&self) {
        if let Some(scan) = self.lock().take() {
            let stats = scan.stats();
            tracing::info!(
                captured = stats.captured,
                dropped = stats.dropped,
                "scan stopped"
            );
            scan.stop();
        }
    }

    /// The newest camera frame, small and JPEG-encoded, for the member to aim the letter by.
    /// None while no scan runs.
    pub(crate) fn preview(&self) -> Option<CameraPreview> {
        let frame = self.lock().as_ref()?.preview()?;
        let luma = frame.luma();
        // 480 px wide is plenty on screen and keeps each poll small.
        let width = luma.width().min(480);
        let height =
            (u64::from(luma.height()) * u64::from(width) / u64::from(luma.width().max(1))) as u32;
        let small = image::imageops::resize(
            &*luma,
            width,
            height.max(1),
            image::imageops::FilterType::Triangle,
        );
        let mut jpeg = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpeg, 70);
        if let Err(error) = small.write_with_encoder(encoder) {
            tracing::warn!(%error, "preview frame could not be encoded");
            return None;
        }
        use base64::Engine as _;
        Some(CameraPreview {
            jpeg_base64: base64::engine::general_purpose::STANDARD.encode(&jpeg),
            width,
            height: height.max(1),
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<ScanLoop>> {
        self.running
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Why the camera cannot start.
#[derive(Debug, thiserror::Error)]
enum CameraError {
    #[error(transparent)]
    Source(kiosk_scan::ScanError),
    #[cfg_attr(not(feature = "webcam"), allow(dead_code))]
    #[error("camera {}: expected a V4L2 device such as /dev/video0", .0.display())]
    NotAV4l2Device(std::path::PathBuf),
    #[cfg_attr(feature = "webcam", allow(dead_code))]
    #[error(
        "camera {}: this build has no webcam support (build with --features webcam); or use \
         [camera] source = \"recorded\"",
        .0.display()
    )]
    NoWebcamSupport(std::path::PathBuf),
}

/// `/dev/videoN` → the camera with V4L2 index N.
#[cfg(feature = "webcam")]
fn device_source(path: &std::path::Path) -> Result<Box<dyn FrameSource>, CameraError> {
    let index = path
        .to_str()
        .and_then(|p| p.strip_prefix("/dev/video"))
        .and_then(|n| n.parse::<u32>().ok())
        .ok_or_else(|| CameraError::NotAV4l2Device(path.to_owned()))?;
    let config = kiosk_scan::WebcamConfig {
        index,
        ..kiosk_scan::WebcamConfig::default()
    };
    kiosk_scan::WebcamSource::new(config)
        .map(|s| Box::new(s) as Box<dyn FrameSource>)
        .map_err(CameraError::Source)
}

/// Built without the `webcam` feature: a device camera is reported at once, not later.
#[cfg(not(feature = "webcam"))]
fn device_source(path: &std::path::Path) -> Result<Box<dyn FrameSource>, CameraError> {
    Err(CameraError::NoWebcamSupport(path.to_owned()))
}

fn emit_guidance(app: &AppHandle, guidance: kiosk_scan::Guidance) {
    let _ = app.emit(ipc::SCAN_GUIDANCE, ScanGuidanceView::from(guidance));
}

impl ScanState {
    /// Hands each read code to kiosk-core until one is accepted or the scan stops.
    fn forward(&self, app: &AppHandle, events: &Receiver<ScanEvent>) {
        for event in events {
            match event {
                ScanEvent::Read { decoded, .. } => {
                    *self
                        .last_read
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Instant::now());
                    let result = self.kiosk.lock().letter_scanned(
                        decoded.text(),
                        time::OffsetDateTime::now_utc(),
                        self.snapshot_max_age,
                        Instant::now(),
                    );
                    match result {
                        Ok(snapshot) => {
                            let _ = app.emit(ipc::SESSION_CHANGED, SessionView::from(snapshot));
                            emit_guidance(app, kiosk_scan::Guidance::Read);
                            // The letter is in: the camera is not needed for the date of birth.
                            self.stop();
                            return;
                        }
                        Err(CoreError::Letter(why)) => {
                            let _ = app.emit(ipc::LETTER_REFUSED, LetterRefusedView::from(why));
                        }
                        // The session ended meanwhile: nothing to do with the code.
                        Err(CoreError::Session(_)) => return,
                        Err(error) => tracing::error!(%error, "a read letter could not be handled"),
                    }
                }
                ScanEvent::Guidance(guidance) => emit_guidance(app, guidance),
                ScanEvent::SourceError(error) => tracing::warn!(%error, "camera error"),
                ScanEvent::Ended => return,
            }
        }
    }
}
