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

/// Fetch all items of a page-token list (Google's `pageToken`, Microsoft's
/// `skipToken`): `fetch(token)` returns one page and the next token, none on
/// the last page. A token that comes back twice is an error, not a loop.
pub async fn fetch_all_tokens<T, F, Fut>(fetch: F) -> Result<Vec<T>, Error>
where
    F: Fn(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error>>,
{
    let mut items = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut token = None;
    loop {
        let (page, next) = fetch(token).await?;
        items.extend(page);
        match next {
            None => return Ok(items),
            Some(next) if !seen.insert(next.clone()) => {
                return Err(Error::new(
                    crate::ErrorKind::Decode,
                    "JumpCloud returned the same page token twice; the list would never end",
                ))
            }
            Some(next) => token = Some(next),
        }
    }
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
    async fn page_tokens_are_followed_to_the_end_and_loops_refused() {
        let pages = |token: Option<String>| {
            let n: u32 = token.as_deref().map_or(0, |t| t.parse().unwrap_or(0));
            let next = (n < 2).then(|| (n + 1).to_string());
            std::future::ready(Ok((vec![n], next)))
        };
        assert_eq!(
            fetch_all_tokens(pages).await.expect("fetches"),
            vec![0, 1, 2]
        );
        let looping =
            |_: Option<String>| std::future::ready(Ok((vec![1u8], Some("same".to_owned()))));
        assert!(fetch_all_tokens(looping).await.is_err());
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
