//! Fault-injection knobs: latency, a token-bucket rate limit, random 5xx and dropped connections.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::ApiError;
use crate::server::ConnKiller;
use crate::state::{AppState, Dice};

pub struct Knobs {
    pub latency: Duration,
    pub bucket: Option<Mutex<Bucket>>,
    pub fault_rate: f64,
    pub drop_rate: f64,
    pub dice: Dice,
}

impl Knobs {
    pub fn new(latency_ms: u64, rate_limit: Option<f64>, fault_rate: f64, drop_rate: f64) -> Self {
        Knobs {
            latency: Duration::from_millis(latency_ms),
            bucket: rate_limit
                .filter(|r| r.is_finite() && *r > 0.0)
                .map(|r| Mutex::new(Bucket::new(r))),
            fault_rate,
            drop_rate,
            dice: Dice::new(0xfa17_d1ce),
        }
    }
}

/// A token bucket holding up to one second's worth of requests (at least one).
pub struct Bucket {
    rate: f64,
    capacity: f64,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    pub fn new(rate: f64) -> Self {
        let capacity = rate.max(1.0);
        Bucket {
            rate,
            capacity,
            tokens: capacity,
            last: Instant::now(),
        }
    }

    /// Takes a token, or says how many seconds until one is available.
    pub fn take(&mut self, now: Instant) -> Result<(), f64> {
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.last = now;
        self.tokens = (self.tokens + elapsed * self.rate).min(self.capacity);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err((1.0 - self.tokens) / self.rate)
        }
    }
}

/// Outermost middleware: runs the knobs around the real handler.
pub async fn knobs_layer(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let knobs = &state.knobs;
    if !knobs.latency.is_zero() {
        tokio::time::sleep(knobs.latency).await;
    }
    if let Some(bucket) = &knobs.bucket {
        let verdict = bucket
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take(Instant::now());
        if let Err(wait) = verdict {
            let mut err = ApiError::new(429, "Too Many Requests");
            err.retry_after = Some(wait.ceil().max(1.0) as u64);
            return err.into_response();
        }
    }
    if knobs.dice.chance(knobs.fault_rate) {
        let code = [500, 502, 503, 504][knobs.dice.below(4)];
        let msg = match code {
            500 => "Internal Server Error",
            502 => "Bad Gateway",
            503 => "Service Unavailable",
            _ => "Gateway Timeout",
        };
        return ApiError::new(code, msg).into_response();
    }
    let drop = knobs.dice.chance(knobs.drop_rate);
    let killer = req.extensions().get::<ConnKiller>().cloned();
    let resp = next.run(req).await;
    match (drop, killer) {
        (true, Some(killer)) => {
            // The change is committed; now vanish without answering.
            killer.kill();
            std::future::pending::<Response>().await
        }
        _ => resp,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_refills() {
        let t0 = Instant::now();
        let mut b = Bucket::new(2.0);
        assert!(b.take(t0).is_ok());
        assert!(b.take(t0).is_ok());
        let wait = b.take(t0).expect_err("bucket should be empty");
        assert!(wait > 0.0 && wait <= 0.5);
        assert!(b.take(t0 + Duration::from_millis(600)).is_ok());
    }
}
