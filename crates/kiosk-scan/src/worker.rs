//! [`ScanLoop`]: capture on one thread, decode on another, never a queue between them. The
//! capture thread overwrites a one-frame slot; the decoder takes whatever is newest when it is
//! ready. A slow decode therefore skips frames instead of falling behind the member's hand.

use std::{
    sync::{
        Arc, Condvar, Mutex, MutexGuard, PoisonError,
        atomic::{AtomicBool, Ordering},
        mpsc::{self, Receiver, Sender},
    },
    thread::{self, JoinHandle},
    time::{Duration, Instant},
};

use crate::{Decoded, Decoder, DecoderStats, Frame, FrameSource, Guidance, ScanError};

/// What the scan loop reports.
#[derive(Debug)]
pub enum ScanEvent {
    /// A code was read. The same text is reported again only after
    /// [`ScanLoopConfig::repeat_after`].
    Read {
        decoded: Decoded,
        frame_seq: u64,
        /// From capture to the end of decoding.
        latency: Duration,
    },
    /// The hint for the member changed.
    Guidance(Guidance),
    /// The source failed; the loop keeps asking it (a camera comes back).
    SourceError(ScanError),
    /// The source has no more frames; the loop has stopped.
    Ended,
}

#[derive(Debug, Clone)]
pub struct ScanLoopConfig {
    /// How long the same text stays quiet after it was reported.
    pub repeat_after: Duration,
    /// Pause after a source error before asking the source again.
    pub retry_after_error: Duration,
}

impl Default for ScanLoopConfig {
    fn default() -> Self {
        ScanLoopConfig {
            repeat_after: Duration::from_secs(2),
            retry_after_error: Duration::from_millis(500),
        }
    }
}

/// Counts of a running loop. Numbers only: safe to log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScanStats {
    pub captured: u64,
    /// Frames overwritten in the slot before the decoder got to them.
    pub dropped: u64,
    pub decoder: DecoderStats,
}

#[derive(Debug, Default)]
struct SlotState {
    frame: Option<Frame>,
    /// The newest frame captured, kept for the live preview.
    preview: Option<Frame>,
    ended: bool,
    stats: ScanStats,
}

/// The one-frame hand-over between the threads.
#[derive(Debug, Default)]
struct Slot {
    state: Mutex<SlotState>,
    changed: Condvar,
}

impl Slot {
    fn lock(&self) -> MutexGuard<'_, SlotState> {
        // A panicking holder cannot leave the counters inconsistent in a way that matters.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn put(&self, frame: Frame) {
        let mut state = self.lock();
        state.stats.captured += 1;
        if state.frame.replace(frame.clone()).is_some() {
            state.stats.dropped += 1;
        }
        state.preview = Some(frame);
        self.changed.notify_all();
    }

    fn end(&self) {
        self.lock().ended = true;
        self.changed.notify_all();
    }

    /// The newest frame, waiting for one; `None` once ended (and drained) or stopped.
    fn take(&self, stop: &AtomicBool) -> Option<Frame> {
        let mut state = self.lock();
        loop {
            if stop.load(Ordering::Acquire) {
                return None;
            }
            if let Some(frame) = state.frame.take() {
                return Some(frame);
            }
            if state.ended {
                return None;
            }
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// A running scan: a capture thread and a decode thread. Dropping it stops both.
#[derive(Debug)]
pub struct ScanLoop {
    stop: Arc<AtomicBool>,
    slot: Arc<Slot>,
    threads: Vec<JoinHandle<()>>,
}

impl ScanLoop {
    /// Starts capturing from `source` and decoding with `decoder`; events arrive on the
    /// returned channel.
    pub fn start<S>(
        source: S,
        decoder: Decoder,
        config: ScanLoopConfig,
    ) -> Result<(ScanLoop, Receiver<ScanEvent>), ScanError>
    where
        S: FrameSource + 'static,
    {
        let stop = Arc::new(AtomicBool::new(false));
        let slot = Arc::new(Slot::default());
        let (events, receiver) = mpsc::channel();
        let spawn_error = |e: std::io::Error| ScanError::Io {
            path: "scan thread".into(),
            source: e,
        };
        let capture = {
            let (stop, slot, events, retry) = (
                stop.clone(),
                slot.clone(),
                events.clone(),
                config.retry_after_error,
            );
            thread::Builder::new()
                .name("scan-capture".into())
                .spawn(move || capture_loop(source, &slot, &stop, &events, retry))
                .map_err(spawn_error)?
        };
        let decode = {
            let (stop, slot) = (stop.clone(), slot.clone());
            thread::Builder::new()
                .name("scan-decode".into())
                .spawn(move || decode_loop(decoder, &slot, &stop, &events, &config))
                .map_err(spawn_error)?
        };
        Ok((
            ScanLoop {
                stop,
                slot,
                threads: vec![capture, decode],
            },
            receiver,
        ))
    }

    pub fn stats(&self) -> ScanStats {
        self.slot.lock().stats.clone()
    }

    /// The newest captured frame, for the live preview.
    pub fn preview(&self) -> Option<Frame> {
        self.slot.lock().preview.clone()
    }

    /// Stops both threads and waits for them (the capture thread finishes its current
    /// `next_frame` first: at most a frame interval).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::Release);
        self.slot.changed.notify_all();
        for thread in self.threads.drain(..) {
            if thread.join().is_err() {
                tracing::error!("a scan thread panicked");
            }
        }
    }
}

impl Drop for ScanLoop {
    fn drop(&mut self) {
        self.shutdown();
    }
}

fn capture_loop<S: FrameSource>(
    mut source: S,
    slot: &Slot,
    stop: &AtomicBool,
    events: &Sender<ScanEvent>,
    retry: Duration,
) {
    while !stop.load(Ordering::Acquire) {
        match source.next_frame() {
            Ok(Some(frame)) => slot.put(frame),
            Ok(None) => break,
            Err(error) => {
                tracing::warn!(%error, "frame source failed; trying again");
                let _ = events.send(ScanEvent::SourceError(error));
                thread::sleep(retry);
            }
        }
    }
    slot.end();
}

fn decode_loop(
    mut decoder: Decoder,
    slot: &Slot,
    stop: &AtomicBool,
    events: &Sender<ScanEvent>,
    config: &ScanLoopConfig,
) {
    let mut guidance = None;
    let mut last_read: Option<(String, Instant)> = None;
    while let Some(frame) = slot.take(stop) {
        let outcome = decoder.decode(&frame.luma());
        slot.lock().stats.decoder = decoder.stats().clone();
        if guidance != Some(outcome.guidance) {
            guidance = Some(outcome.guidance);
            if events.send(ScanEvent::Guidance(outcome.guidance)).is_err() {
                return;
            }
        }
        let Some(decoded) = outcome.decoded else {
            continue;
        };
        let repeated = last_read
            .as_ref()
            .is_some_and(|(text, at)| text == decoded.text() && at.elapsed() < config.repeat_after);
        if repeated {
            continue;
        }
        tracing::debug!(
            variant = %decoded.variant,
            ms = outcome.elapsed.as_millis() as u64,
            "code read"
        );
        last_read = Some((decoded.text().to_owned(), Instant::now()));
        let event = ScanEvent::Read {
            decoded,
            frame_seq: frame.seq,
            latency: frame.captured.elapsed(),
        };
        if events.send(event).is_err() {
            return;
        }
    }
    if !stop.load(Ordering::Acquire) {
        let _ = events.send(ScanEvent::Ended);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FrameImage;

    fn frame(seq: u64) -> Frame {
        Frame::new(FrameImage::Luma(image::GrayImage::new(4, 4)), seq)
    }

    #[test]
    fn the_slot_hands_over_the_newest_frame_and_counts_the_dropped() {
        let slot = Slot::default();
        let stop = AtomicBool::new(false);
        for seq in 1..=3 {
            slot.put(frame(seq));
        }
        assert_eq!(slot.take(&stop).map(|f| f.seq), Some(3));
        slot.put(frame(4));
        slot.end();
        assert_eq!(
            slot.take(&stop).map(|f| f.seq),
            Some(4),
            "drained before ending"
        );
        assert!(slot.take(&stop).is_none());
        let stats = slot.lock().stats.clone();
        assert_eq!((stats.captured, stats.dropped), (4, 2));
        assert_eq!(slot.lock().preview.as_ref().map(|f| f.seq), Some(4));
    }
}
