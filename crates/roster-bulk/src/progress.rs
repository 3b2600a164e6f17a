//! Progress updates for a running import, throttled so the UI is not flooded: at most one
//! every ~100 ms, but the first and the last are always sent.

use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::Serialize;

/// Where an import stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Rows finished: created, updated or skipped.
    pub done: usize,
    pub failed: usize,
    /// Rows not finished yet.
    pub remaining: usize,
    pub total: usize,
    /// Seconds left at the pace of this run so far (unknown until a row has been sent).
    pub eta_secs: Option<u64>,
}

/// The least time between two updates.
pub const THROTTLE: Duration = Duration::from_millis(100);

struct Counts {
    done: usize,
    failed: usize,
    /// Rows that needed sending and are finished, in this run.
    sent: usize,
    last_sent: Option<Instant>,
}

/// Counts rows and calls the callback, throttled.
pub(crate) struct Tracker<'a> {
    total: usize,
    /// Rows that need sending in this run.
    to_send: usize,
    started: Instant,
    counts: Mutex<Counts>,
    callback: &'a (dyn Fn(Progress) + Send + Sync),
}

impl<'a> Tracker<'a> {
    pub fn new(total: usize, callback: &'a (dyn Fn(Progress) + Send + Sync)) -> Self {
        Self {
            total,
            to_send: 0,
            started: Instant::now(),
            counts: Mutex::new(Counts {
                done: 0,
                failed: 0,
                sent: 0,
                last_sent: None,
            }),
            callback,
        }
    }

    /// Counts a row finished without sending anything (before the run starts).
    pub fn settled(&mut self, done: bool) {
        let counts = self.counts.get_mut().unwrap_or_else(|e| e.into_inner());
        if done {
            counts.done += 1;
        } else {
            counts.failed += 1;
        }
    }

    /// Sets how many rows this run sends, and restarts the clock.
    pub fn begin(&mut self, to_send: usize) {
        self.to_send = to_send;
        self.started = Instant::now();
        self.emit(true);
    }

    /// Counts a row this run sent.
    pub fn finished(&self, done: bool) {
        {
            let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
            if done {
                counts.done += 1;
            } else {
                counts.failed += 1;
            }
            counts.sent += 1;
        }
        self.emit(false);
    }

    /// Sends the last update.
    pub fn end(&self) {
        self.emit(true);
    }

    fn emit(&self, force: bool) {
        let update = {
            let mut counts = self.counts.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let due = counts
                .last_sent
                .is_none_or(|last| now.duration_since(last) >= THROTTLE);
            if !(force || due) {
                return;
            }
            counts.last_sent = Some(now);
            let finished = counts.done + counts.failed;
            let remaining = self.total.saturating_sub(finished);
            let eta_secs = (counts.sent > 0).then(|| {
                let left = self.to_send.saturating_sub(counts.sent) as f64;
                let per_row = self.started.elapsed().as_secs_f64() / counts.sent as f64;
                (left * per_row).ceil() as u64
            });
            Progress {
                done: counts.done,
                failed: counts.failed,
                remaining,
                total: self.total,
                eta_secs,
            }
        };
        (self.callback)(update);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_and_last_always_come_through_the_throttle() {
        let seen = Mutex::new(Vec::new());
        let callback = |p: Progress| seen.lock().unwrap_or_else(|e| e.into_inner()).push(p);
        let mut tracker = Tracker::new(1000, &callback);
        tracker.settled(true);
        tracker.begin(999);
        for _ in 0..999 {
            tracker.finished(true);
        }
        tracker.end();
        let seen = seen.into_inner().unwrap_or_default();
        assert!(seen.len() >= 2 && seen.len() < 50, "{}", seen.len());
        assert_eq!(seen[0].done, 1);
        assert_eq!(seen[0].eta_secs, None);
        let last = seen[seen.len() - 1];
        assert_eq!((last.done, last.failed, last.remaining), (1000, 0, 0));
        assert_eq!(last.eta_secs, Some(0));
    }
}
