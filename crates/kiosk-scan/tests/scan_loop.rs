//! The recorded source and the scan loop: newest frame wins, results and guidance arrive over
//! the channel, the loop ends with its source.
#![allow(clippy::unwrap_used)]

mod common;

use std::{
    sync::mpsc::Receiver,
    time::{Duration, Instant},
};

use common::*;
use image::GrayImage;
use kiosk_scan::{
    Decoder, Frame, FrameImage, FrameSource, Guidance, RecordedSource, ScanError, ScanEvent,
    ScanLoop, ScanLoopConfig,
};

fn write_png(dir: &std::path::Path, name: &str, image: &GrayImage) {
    image.save(dir.join(name)).unwrap();
}

#[test]
fn a_recording_plays_its_images_in_name_order_and_can_loop_at_a_pace() {
    let dir = tempfile::tempdir().unwrap();
    let blank = GrayImage::from_pixel(40, 30, image::Luma([200]));
    write_png(
        dir.path(),
        "b.png",
        &GrayImage::from_pixel(20, 10, image::Luma([0])),
    );
    write_png(dir.path(), "a.png", &blank);
    std::fs::write(dir.path().join("notes.txt"), "not an image").unwrap();

    let mut once = RecordedSource::open(dir.path()).unwrap();
    assert_eq!(once.len(), 2);
    let sizes: Vec<_> = std::iter::from_fn(|| once.next_frame().unwrap())
        .map(|f| (f.width(), f.seq))
        .collect();
    assert_eq!(sizes, [(40, 0), (20, 1)]);

    let mut looping = RecordedSource::open(dir.path())
        .unwrap()
        .looping(true)
        .fps(20.0);
    let started = Instant::now();
    let seqs: Vec<u64> = (0..5)
        .map(|_| looping.next_frame().unwrap().unwrap().seq)
        .collect();
    assert_eq!(seqs, [0, 1, 2, 3, 4]);
    // Five frames at 20 fps: the first at once, then four intervals of 50 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(190),
        "{:?}",
        started.elapsed()
    );

    let empty = tempfile::tempdir().unwrap();
    assert!(matches!(
        RecordedSource::open(empty.path()),
        Err(ScanError::EmptyRecording { .. })
    ));
    std::fs::write(empty.path().join("broken.png"), "no PNG").unwrap();
    let mut broken = RecordedSource::open(empty.path()).unwrap();
    assert!(matches!(broken.next_frame(), Err(ScanError::Image { .. })));
}

/// Hands out prepared frames as fast as asked, then ends.
struct Burst(std::vec::IntoIter<GrayImage>, u64);

impl FrameSource for Burst {
    fn next_frame(&mut self) -> Result<Option<Frame>, ScanError> {
        let frame = self
            .0
            .next()
            .map(|image| Frame::new(FrameImage::Luma(image), self.1));
        self.1 += 1;
        Ok(frame)
    }
}

fn collect(events: &Receiver<ScanEvent>) -> Vec<ScanEvent> {
    let mut all = Vec::new();
    while let Ok(event) = events.recv_timeout(Duration::from_secs(30)) {
        let ended = matches!(event, ScanEvent::Ended);
        all.push(event);
        if ended {
            break;
        }
    }
    all
}

#[test]
fn the_newest_frame_wins_and_older_ones_are_dropped() {
    // Twenty noisy camera frames without a code (slow: every variant runs) arrive at once,
    // then one with a code. The decoder must skip to it instead of working through the queue.
    let text = letter_token(11);
    let mut frames: Vec<GrayImage> = (0..20)
        .map(|seed| {
            add_noise(
                &GrayImage::from_pixel(1280, 720, image::Luma([128])),
                50.0,
                seed,
            )
        })
        .collect();
    frames.push(in_camera_frame(&text, 4, 1));
    let (scan, events) = ScanLoop::start(
        Burst(frames.into_iter(), 0),
        Decoder::new(),
        ScanLoopConfig::default(),
    )
    .unwrap();
    let events = collect(&events);
    let stats = scan.stats();
    scan.stop();

    let reads: Vec<(String, u64)> = events
        .iter()
        .filter_map(|e| match e {
            ScanEvent::Read {
                decoded, frame_seq, ..
            } => Some((decoded.text().to_owned(), *frame_seq)),
            _ => None,
        })
        .collect();
    assert_eq!(reads, [(text, 20)]);
    assert!(matches!(events.last(), Some(ScanEvent::Ended)));
    assert!(
        events
            .iter()
            .any(|e| matches!(e, ScanEvent::Guidance(Guidance::Read)))
    );
    assert_eq!(stats.captured, 21);
    assert!(stats.dropped > 0, "{stats:?}");
    assert_eq!(stats.decoder.frames + stats.dropped, 21, "{stats:?}");
}

#[test]
fn the_same_code_is_reported_once_while_it_is_held_up() {
    let text = letter_token(12);
    let dir = tempfile::tempdir().unwrap();
    write_png(dir.path(), "code.png", &render(&text, 3));
    let source = RecordedSource::open(dir.path())
        .unwrap()
        .looping(true)
        .fps(50.0);
    let (scan, events) =
        ScanLoop::start(source, Decoder::new(), ScanLoopConfig::default()).unwrap();
    let first = events.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(
        matches!(first, ScanEvent::Guidance(Guidance::Read)),
        "{first:?}"
    );
    let ScanEvent::Read { decoded, .. } = events.recv_timeout(Duration::from_secs(10)).unwrap()
    else {
        panic!("expected a read");
    };
    assert_eq!(decoded.text(), text);
    // Further frames of the same code within `repeat_after` stay quiet.
    assert!(events.recv_timeout(Duration::from_millis(400)).is_err());
    assert!(scan.stats().decoder.decoded > 3);
    assert!(scan.preview().is_some());
    scan.stop();
}
