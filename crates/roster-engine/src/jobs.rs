//! The jobs running now, keyed by id: each can be cancelled by its id (the page gets the id in
//! the first progress message), all of an organization's at once when it is closed, and each
//! leaves the registry when its guard is dropped — however the job ends.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use roster_bulk::CancellationToken;

struct Entry {
    org_id: String,
    cancel: CancellationToken,
}

/// The registry. Share it in an `Arc`.
#[derive(Default)]
pub struct Jobs {
    running: Mutex<HashMap<String, Entry>>,
}

/// A running job: its id and cancellation token. Dropping it takes the job out of the
/// registry.
pub struct JobGuard {
    id: String,
    cancel: CancellationToken,
    jobs: Arc<Jobs>,
}

impl JobGuard {
    pub fn id(&self) -> &str {
        &self.id
    }

    pub fn token(&self) -> &CancellationToken {
        &self.cancel
    }
}

impl Drop for JobGuard {
    fn drop(&mut self) {
        self.jobs
            .running
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&self.id);
    }
}

/// A fresh id: `job-` and 16 hex digits.
fn new_id() -> String {
    format!("job-{:016x}", fastrand::u64(..))
}

impl Jobs {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    /// Registers a job for the organization `org_id`.
    pub fn start(self: &Arc<Self>, org_id: &str) -> JobGuard {
        let cancel = CancellationToken::new();
        let mut running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let mut id = new_id();
        while running.contains_key(&id) {
            id = new_id();
        }
        running.insert(
            id.clone(),
            Entry {
                org_id: org_id.to_owned(),
                cancel: cancel.clone(),
            },
        );
        JobGuard {
            id,
            cancel,
            jobs: Arc::clone(self),
        }
    }

    /// Asks the job `id` to stop after the rows in flight. False when no such job runs.
    pub fn cancel(&self, id: &str) -> bool {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        match running.get(id) {
            Some(entry) => {
                entry.cancel.cancel();
                true
            }
            None => false,
        }
    }

    /// Stops every job of the organization `org_id` (it is being closed); how many.
    pub fn cancel_org(&self, org_id: &str) -> usize {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        running
            .values()
            .filter(|e| e.org_id == org_id)
            .map(|e| e.cancel.cancel())
            .count()
    }

    /// The ids of the jobs running now.
    pub fn running(&self) -> Vec<String> {
        let running = self.running.lock().unwrap_or_else(|e| e.into_inner());
        let mut ids: Vec<String> = running.keys().cloned().collect();
        ids.sort();
        ids
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_by_id_reaches_only_that_job_and_guards_clean_up() {
        let jobs = Jobs::new();
        let a = jobs.start("org-a");
        let b = jobs.start("org-a");
        let c = jobs.start("org-b");
        assert_ne!(a.id(), b.id());
        assert_eq!(jobs.running().len(), 3);

        assert!(jobs.cancel(a.id()));
        assert!(a.token().is_cancelled());
        assert!(!b.token().is_cancelled() && !c.token().is_cancelled());
        assert!(!jobs.cancel("job-nonexistent"));

        assert_eq!(jobs.cancel_org("org-b"), 1);
        assert!(c.token().is_cancelled() && !b.token().is_cancelled());

        let a_id = a.id().to_owned();
        drop(a);
        assert!(!jobs.cancel(&a_id), "a finished job is gone");
        drop(b);
        drop(c);
        assert!(jobs.running().is_empty());
    }
}
