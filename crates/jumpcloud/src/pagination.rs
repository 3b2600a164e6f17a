//! Fetching every page of a list: the first page tells the total, the rest
//! are fetched a few at a time, concurrently.

use std::future::Future;

use futures_util::stream::{self, StreamExt, TryStreamExt};

use crate::error::Error;

/// How many pages are fetched at once when the total is known.
pub const PAGE_CONCURRENCY: usize = 8;

/// Fetch all items of a skip/limit list. `fetch(skip, limit)` returns one
/// page and the total count (if the API reports one).
pub async fn fetch_all<T, F, Fut>(page_size: u32, fetch: F) -> Result<Vec<T>, Error>
where
    F: Fn(u64, u32) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<u64>), Error>>,
{
    let (mut items, total) = fetch(0, page_size).await?;
    let size = u64::from(page_size);
    match total {
        Some(total) => {
            // The rest of the pages, in order, a few in flight at a time.
            let skips: Vec<u64> = (1..total.div_ceil(size)).map(|page| page * size).collect();
            let pages: Vec<Vec<T>> = stream::iter(skips)
                .map(|skip| {
                    let page = fetch(skip, page_size);
                    async move { page.await.map(|(items, _)| items) }
                })
                .buffered(PAGE_CONCURRENCY)
                .try_collect()
                .await?;
            items.extend(pages.into_iter().flatten());
        }
        None => {
            // No total: one page after another until a short one.
            let mut last = items.len();
            let mut skip = size;
            while last as u64 == size {
                let (page, _) = fetch(skip, page_size).await?;
                last = page.len();
                skip += size;
                items.extend(page);
            }
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    type PageResult = std::future::Ready<Result<(Vec<u64>, Option<u64>), Error>>;

    fn fake(
        total: u64,
        report_total: bool,
        calls: &AtomicUsize,
    ) -> impl Fn(u64, u32) -> PageResult + '_ {
        move |skip, limit| {
            calls.fetch_add(1, Ordering::SeqCst);
            let items = (skip..total.min(skip + u64::from(limit))).collect();
            std::future::ready(Ok((items, report_total.then_some(total))))
        }
    }

    #[tokio::test]
    async fn known_total_fetches_exactly_the_pages_needed() {
        let calls = AtomicUsize::new(0);
        let all = fetch_all(100, fake(250, true, &calls))
            .await
            .expect("fetches");
        assert_eq!(all, (0..250).collect::<Vec<_>>());
        assert_eq!(calls.load(Ordering::SeqCst), 3);
    }

    #[tokio::test]
    async fn unknown_total_stops_at_a_short_page() {
        let calls = AtomicUsize::new(0);
        let all = fetch_all(10, fake(30, false, &calls))
            .await
            .expect("fetches");
        assert_eq!(all.len(), 30);
        assert_eq!(
            calls.load(Ordering::SeqCst),
            4,
            "three full pages and one empty"
        );
    }

    #[tokio::test]
    async fn empty_list_is_one_request() {
        let calls = AtomicUsize::new(0);
        let all = fetch_all(100, fake(0, true, &calls))
            .await
            .expect("fetches");
        assert!(all.is_empty());
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    }
}
