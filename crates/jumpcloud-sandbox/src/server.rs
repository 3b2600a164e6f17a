//! The accept loop. Hand-rolled (instead of `axum::serve`) so a request can cut its own
//! connection without answering (the drop-rate knob) and shutdown is graceful.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;
use tower::ServiceExt;

/// Put into every request's extensions: lets a handler drop the connection it came on.
#[derive(Clone)]
pub struct ConnKiller(Arc<Notify>);

impl ConnKiller {
    pub fn kill(&self) {
        self.0.notify_one();
    }
}

/// Serves `router` on `listener` until `shutdown` changes or its sender is dropped.
pub async fn serve(listener: TcpListener, router: Router, mut shutdown: watch::Receiver<bool>) {
    let mut conns = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors or similar: back off a little.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                };
                let _ = stream.set_nodelay(true);
                let router = router.clone();
                let shutdown = shutdown.clone();
                conns.spawn(serve_conn(stream, router, shutdown));
            }
            _ = shutdown.changed() => break,
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    }
    drop(listener);
    let drain = async { while conns.join_next().await.is_some() {} };
    if tokio::time::timeout(Duration::from_secs(5), drain)
        .await
        .is_err()
    {
        conns.abort_all();
    }
}

async fn serve_conn(
    stream: tokio::net::TcpStream,
    router: Router,
    mut shutdown: watch::Receiver<bool>,
) {
    let notify = Arc::new(Notify::new());
    let killer = ConnKiller(notify.clone());
    let svc = router.map_request(move |mut req: axum::http::Request<hyper::body::Incoming>| {
        req.extensions_mut().insert(killer.clone());
        // Before routing: route words match without regard to case.
        if let Some(uri) = crate::routes::canonical_uri(req.uri()) {
            *req.uri_mut() = uri;
        }
        req
    });
    let builder = auto::Builder::new(TokioExecutor::new());
    let conn = builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(svc));
    tokio::pin!(conn);
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = notify.notified() => {
            // Dropping the connection closes the socket without a response.
        }
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(Duration::from_secs(5), conn.as_mut()).await;
        }
    }
}
