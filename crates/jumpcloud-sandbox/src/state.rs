//! Shared state: the store behind a lock, the knobs, and the optional state file.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock, RwLockReadGuard, RwLockWriteGuard};

use crate::error::{ApiError, ApiResult};
use crate::knobs::Knobs;
use crate::oauth::OAuth;
use crate::store::Store;

pub struct AppState {
    store: RwLock<Store>,
    pub knobs: Knobs,
    pub oauth: OAuth,
    persist: Option<Persister>,
}

struct Persister {
    path: PathBuf,
    version: AtomicU64,
    /// Last version written; held while writing so writes never interleave.
    written: tokio::sync::Mutex<u64>,
}

impl AppState {
    pub fn new(store: Store, knobs: Knobs, oauth: OAuth, state_file: Option<PathBuf>) -> Self {
        AppState {
            store: RwLock::new(store),
            knobs,
            oauth,
            persist: state_file.map(|path| Persister {
                path,
                version: AtomicU64::new(0),
                written: tokio::sync::Mutex::new(0),
            }),
        }
    }

    pub fn read(&self) -> RwLockReadGuard<'_, Store> {
        self.store.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, Store> {
        self.store.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the store under the write lock; when it succeeds and a state file is set,
    /// writes the new state to disk before returning.
    pub async fn mutate<T>(&self, f: impl FnOnce(&mut Store) -> ApiResult<T>) -> ApiResult<T> {
        let (out, snapshot) = {
            let mut guard = self.write();
            let out = f(&mut guard)?;
            let snapshot = self.persist.as_ref().map(|p| {
                (
                    p.version.fetch_add(1, Ordering::SeqCst) + 1,
                    serde_json::to_vec(&*guard),
                )
            });
            (out, snapshot)
        };
        if let (Some(p), Some((version, bytes))) = (&self.persist, snapshot) {
            let bytes =
                bytes.map_err(|e| ApiError::internal(format!("could not encode state: {e}")))?;
            p.write(version, &bytes).await?;
        }
        Ok(out)
    }
}

impl Persister {
    async fn write(&self, version: u64, bytes: &[u8]) -> ApiResult<()> {
        let mut written = self.written.lock().await;
        if *written >= version {
            return Ok(());
        }
        let tmp = self.path.with_extension("tmp");
        let fail = |e: std::io::Error| {
            ApiError::internal(format!(
                "could not save state file {}: {e}",
                self.path.display()
            ))
        };
        tokio::fs::write(&tmp, bytes).await.map_err(fail)?;
        tokio::fs::rename(&tmp, &self.path).await.map_err(fail)?;
        *written = version;
        Ok(())
    }
}

/// Loads a state file written by a previous run.
pub fn load_state_file(path: &std::path::Path) -> Result<Option<Store>, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes)
            .map(Some)
            .map_err(|e| e.to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.to_string()),
    }
}

/// A dice roller shared by the knobs.
pub struct Dice(Mutex<crate::rng::Rng>);

impl Dice {
    pub fn new(seed: u64) -> Self {
        Dice(Mutex::new(crate::rng::Rng::new(seed)))
    }

    pub fn chance(&self, p: f64) -> bool {
        if p <= 0.0 {
            return false;
        }
        self.0.lock().unwrap_or_else(|e| e.into_inner()).chance(p)
    }

    pub fn below(&self, n: usize) -> usize {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).below(n)
    }
}
