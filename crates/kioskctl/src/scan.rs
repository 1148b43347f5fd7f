//! `kioskctl scan`: the kiosk's QR pipeline over image files, one JSON line per file. An IT
//! tool run on files, so it prints the decoded text (the kiosk itself never logs it).

use std::{path::Path, time::Instant};

use kiosk_scan::{Decoder, Frame, load_image};
use serde_json::{Value, json};

/// One JSON object as a line, keys in the documented order (path, text, ms, error).
pub fn to_line(value: &Value) -> String {
    let mut fields = Vec::new();
    for key in ["path", "text", "ms", "error"] {
        if let Some(v) = value.get(key) {
            fields.push(format!("{}:{v}", Value::from(key)));
        }
    }
    format!("{{{}}}", fields.join(","))
}

/// Decodes each image; returns the JSON lines and whether every file could be read as an
/// image (a file without a code is not a failure).
pub fn run(images: &[impl AsRef<Path>]) -> (Vec<Value>, bool) {
    let mut decoder = Decoder::new();
    let mut all_loaded = true;
    let lines = images
        .iter()
        .map(|path| {
            let path = path.as_ref();
            let shown = path.display().to_string();
            let gray = match load_image(path) {
                Ok(image) => Frame::new(image, 0).luma().into_owned(),
                Err(error) => {
                    all_loaded = false;
                    return json!({"path": shown, "text": null, "ms": null, "error": error.to_string()});
                }
            };
            // Unrelated files: where the last code was says nothing about this one.
            decoder.forget_region();
            let started = Instant::now();
            let outcome = decoder.decode(&gray);
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            let text = outcome.decoded.map(|d| d.into_text());
            json!({"path": shown, "text": text, "ms": (ms * 100.0).round() / 100.0})
        })
        .collect();
    (lines, all_loaded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_per_file_with_text_or_null() {
        let dir = tempfile::tempdir().expect("temp dir");
        let blank = dir.path().join("blank.png");
        image::GrayImage::from_pixel(64, 64, image::Luma([255]))
            .save(&blank)
            .expect("writes PNG");
        let missing = dir.path().join("missing.png");
        let (lines, all_loaded) = run(&[&blank, &missing]);
        assert!(!all_loaded);
        assert_eq!(lines[0]["path"], blank.display().to_string());
        assert!(lines[0]["text"].is_null());
        assert!(lines[0]["ms"].as_f64().is_some());
        assert!(lines[1]["text"].is_null());
        assert!(
            lines[1]["error"]
                .as_str()
                .is_some_and(|e| e.contains("missing.png"))
        );
    }
}
