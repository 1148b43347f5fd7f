use std::path::PathBuf;

/// What can go wrong while getting frames. Decoding itself never fails: a frame without a
/// readable code is an outcome, not an error.
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a readable image: {source}", path.display())]
    Image {
        path: PathBuf,
        source: image::ImageError,
    },
    #[error("{}: no images (.png, .jpg, .jpeg) in this folder", path.display())]
    EmptyRecording { path: PathBuf },
    /// The camera could not be opened or stopped delivering; the webcam source tries to open
    /// it again on the next call.
    #[error("camera: {0}")]
    Camera(String),
}
