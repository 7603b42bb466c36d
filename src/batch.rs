//! Parallel analysis of many documents (feature `rayon`).
//!
//! [`Analyzer::analyze_batch`] takes a slice; [`ordered_map`] streams: it
//! pulls inputs from any iterator, analyses them on a rayon pool and yields
//! results in input order, holding at most `window` documents (and, for
//! [`ordered_map_weighted`], [`WINDOW_BYTES`] of input) in memory — memory
//! is bounded by the window, not by the corpus.

use std::collections::BTreeMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};
use std::sync::{Arc, Condvar, Mutex};

use rayon::prelude::*;

use crate::analyzer::Analyzer;
use crate::document::Document;

impl Analyzer {
    /// Analyses every text in parallel on rayon's global pool; results in
    /// input order.
    pub fn analyze_batch<S: AsRef<str> + Sync>(&self, texts: &[S]) -> Vec<Document> {
        texts.par_iter().map(|t| self.analyze(t.as_ref())).collect()
    }

    /// Streams `(id, bytes)` pairs through the analyzer on `threads`
    /// threads, yielding `(id, Document)` in input order with at most
    /// `window` documents in flight.
    pub fn analyze_stream<I>(
        &self,
        inputs: I,
        threads: usize,
        window: usize,
    ) -> OrderedMap<(String, Document)>
    where
        I: Iterator<Item = (String, Vec<u8>)> + Send + 'static,
    {
        let a = self.clone();
        ordered_map_weighted(
            inputs,
            threads,
            window,
            |(_, bytes): &(String, Vec<u8>)| bytes.len(),
            move |(id, bytes)| {
                let doc = a.analyze_bytes(&bytes);
                (id, doc)
            },
        )
    }
}

/// Input bytes [`ordered_map_weighted`] holds in flight at most (as its
/// `weight` measures them), besides the document count: 256 maximal
/// documents are not 256 × 64 MiB. One input heavier than this still goes
/// through, alone.
pub const WINDOW_BYTES: usize = 256 << 20;

/// A semaphore bounding the inputs in flight, by count and by weight.
#[derive(Debug)]
struct Window {
    /// Free slots, the weight in flight, and whether the producer waits for
    /// room (`release` wakes it only then: a `notify_one` is a system call
    /// even with no one waiting, and `release` runs once per document).
    state: Mutex<(usize, usize, bool)>,
    /// Most weight in flight (an input heavier than this goes alone).
    max_weight: usize,
    cv: Condvar,
}

impl Window {
    fn new(slots: usize, max_weight: usize) -> Window {
        Window {
            state: Mutex::new((slots, 0, false)),
            max_weight,
            cv: Condvar::new(),
        }
    }

    fn fits(&self, (free, held, _): (usize, usize, bool), w: usize) -> bool {
        free > 0 && (held == 0 || held.saturating_add(w) <= self.max_weight)
    }

    /// Waits for room for an input of weight `w`; `false` when cancelled.
    fn acquire(&self, w: usize, cancel: &AtomicBool) -> bool {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while !self.fits(*st, w) {
            if cancel.load(Ordering::Relaxed) {
                return false;
            }
            st.2 = true;
            st = self.cv.wait(st).unwrap_or_else(|e| e.into_inner());
        }
        st.2 = false;
        st.0 -= 1;
        st.1 = st.1.saturating_add(w);
        !cancel.load(Ordering::Relaxed)
    }

    /// Takes room for an input of weight `w` if there is some now.
    fn try_acquire(&self, w: usize) -> bool {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if !self.fits(*st, w) {
            return false;
        }
        st.0 -= 1;
        st.1 = st.1.saturating_add(w);
        true
    }

    fn release(&self, w: usize) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.0 += 1;
        st.1 = st.1.saturating_sub(w);
        let waiting = st.2;
        drop(st);
        if waiting {
            self.cv.notify_one();
        }
    }
}

/// Most inputs handed to a worker at once.
pub const CHUNK_ITEMS: usize = 32;

/// Most input weight (bytes, for [`Analyzer::analyze_stream`]) handed to a
/// worker at once; a chunk always takes at least one input.
pub const CHUNK_WEIGHT: usize = 256 << 10;

/// A result with the weight of its input (released from the window when
/// the result is yielded).
type Weighed<R> = (usize, std::thread::Result<R>);

/// A chunk of results: the sequence number of the first, then the results
/// of consecutive inputs.
type Batch<R> = (usize, Vec<Weighed<R>>);

/// Results of [`ordered_map`], in input order.
#[derive(Debug)]
pub struct OrderedMap<R> {
    rx: Receiver<Batch<R>>,
    /// Finished chunks by the sequence number of their first result.
    pending: BTreeMap<usize, Vec<Weighed<R>>>,
    /// The chunk being yielded.
    cur: std::vec::IntoIter<Weighed<R>>,
    next: usize,
    window: Arc<Window>,
    cancel: Arc<AtomicBool>,
    ordered: bool,
}

impl<R> OrderedMap<R> {
    /// Yield results in input order (the default) or as they finish.
    /// Ordered output holds finished results behind a slow one (up to the
    /// window); unordered output never waits.
    pub fn ordered(mut self, yes: bool) -> Self {
        self.ordered = yes;
        self
    }

    /// Asks the producer to stop reading input; results already in flight
    /// are still yielded.
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
        // (Taking the lock orders this with the producer's check of
        // `cancel` before it waits: it cannot miss the wake-up.)
        drop(self.window.state.lock());
        self.window.cv.notify_all();
    }
}

impl<R> Iterator for OrderedMap<R> {
    /// `Err` carries the panic of a worker for that input (never expected:
    /// analysis does not panic; kept so a batch never loses a document).
    type Item = std::thread::Result<R>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((w, r)) = self.cur.next() {
                self.next += 1;
                self.window.release(w);
                return Some(r);
            }
            if self.ordered {
                if let Some(v) = self.pending.remove(&self.next) {
                    self.cur = v.into_iter();
                    continue;
                }
            } else if let Some((_, v)) = self.pending.pop_first() {
                self.cur = v.into_iter();
                continue;
            }
            match self.rx.recv() {
                Ok((seq, v)) => {
                    self.pending.insert(seq, v);
                }
                Err(_) => {
                    // all workers done; drain what is left in order
                    let (&k, _) = self.pending.iter().next()?;
                    self.next = k;
                }
            }
        }
    }
}

impl<R> Drop for OrderedMap<R> {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Maps `f` over `inputs` on `threads` rayon threads, yielding results in
/// input order with at most `window` inputs read but not yet yielded.
/// Workers take inputs in chunks of up to [`CHUNK_ITEMS`].
pub fn ordered_map<T, R, I, F>(inputs: I, threads: usize, window: usize, f: F) -> OrderedMap<R>
where
    T: Send + 'static,
    R: Send + 'static,
    I: Iterator<Item = T> + Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    ordered_map_bounded(inputs, threads, window, usize::MAX, |_: &T| 0, f)
}

/// [`ordered_map`] with chunks also bounded by [`CHUNK_WEIGHT`], and the
/// inputs in flight by [`WINDOW_BYTES`], as measured by `weight` (bytes of
/// an input, say).
pub fn ordered_map_weighted<T, R, I, W, F>(
    inputs: I,
    threads: usize,
    window: usize,
    weight: W,
    f: F,
) -> OrderedMap<R>
where
    T: Send + 'static,
    R: Send + 'static,
    I: Iterator<Item = T> + Send + 'static,
    W: Fn(&T) -> usize + Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    ordered_map_bounded(inputs, threads, window, WINDOW_BYTES, weight, f)
}

/// [`ordered_map_weighted`] with the most weight in flight given
/// (`max_weight`) instead of [`WINDOW_BYTES`].
pub fn ordered_map_bounded<T, R, I, W, F>(
    inputs: I,
    threads: usize,
    window: usize,
    max_weight: usize,
    weight: W,
    f: F,
) -> OrderedMap<R>
where
    T: Send + 'static,
    R: Send + 'static,
    I: Iterator<Item = T> + Send + 'static,
    W: Fn(&T) -> usize + Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let window_n = window.max(1);
    let threads = threads.max(1);
    // Small enough that every thread has work within the window.
    let chunk_items = (window_n / (threads * 2)).clamp(1, CHUNK_ITEMS);
    let win = Arc::new(Window::new(window_n, max_weight));
    let cancel = Arc::new(AtomicBool::new(false));
    let (job_tx, job_rx) = sync_channel::<(usize, Vec<(usize, T)>)>(threads * 2);
    let (res_tx, res_rx) = sync_channel::<Batch<R>>(window_n + threads);
    {
        let win = Arc::clone(&win);
        let cancel = Arc::clone(&cancel);
        std::thread::spawn(move || {
            let mut chunk: Vec<(usize, T)> = Vec::with_capacity(chunk_items);
            let mut first = 0;
            let mut held = 0;
            for (seq, item) in inputs.enumerate() {
                let w = weight(&item);
                // A chunk is sent before waiting for room: its results may
                // be what frees the window.
                if !win.try_acquire(w) {
                    if !chunk.is_empty() {
                        if job_tx.send((first, std::mem::take(&mut chunk))).is_err() {
                            return;
                        }
                        held = 0;
                    }
                    if !win.acquire(w, &cancel) {
                        return;
                    }
                } else if cancel.load(Ordering::Relaxed) {
                    break;
                }
                if chunk.is_empty() {
                    first = seq;
                }
                held += w;
                chunk.push((w, item));
                if chunk.len() >= chunk_items || held >= CHUNK_WEIGHT {
                    if job_tx.send((first, std::mem::take(&mut chunk))).is_err() {
                        return;
                    }
                    held = 0;
                }
            }
            if !chunk.is_empty() {
                let _ = job_tx.send((first, chunk));
            }
        });
    }
    let job_rx = Arc::new(Mutex::new(job_rx));
    let f = Arc::new(f);
    let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build();
    for _ in 0..threads {
        let job_rx = Arc::clone(&job_rx);
        let res_tx = res_tx.clone();
        let f = Arc::clone(&f);
        let work = move || {
            loop {
                let job = job_rx.lock().unwrap_or_else(|e| e.into_inner()).recv();
                let Ok((seq, items)) = job else { break };
                let rs: Vec<_> = items
                    .into_iter()
                    .map(|(w, item)| (w, catch_unwind(AssertUnwindSafe(|| f(item)))))
                    .collect();
                if res_tx.send((seq, rs)).is_err() {
                    break;
                }
            }
        };
        match &pool {
            Ok(p) => p.spawn(work),
            Err(_) => {
                std::thread::spawn(work);
            }
        }
    }
    OrderedMap {
        rx: res_rx,
        pending: BTreeMap::new(),
        cur: Vec::new().into_iter(),
        next: 0,
        window: win,
        cancel,
        ordered: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_bounds_window() {
        let out: Vec<usize> = ordered_map(0..500usize, 3, 8, |i| {
            if i % 7 == 0 {
                std::thread::sleep(std::time::Duration::from_micros(200));
            }
            i * 2
        })
        .map(|r| r.unwrap_or(usize::MAX))
        .collect();
        assert_eq!(out, (0..500).map(|i| i * 2).collect::<Vec<_>>());
    }

    #[test]
    fn panics_are_contained() {
        let out: Vec<bool> =
            ordered_map(0..10u32, 2, 4, |i| if i == 3 { panic!("boom") } else { i })
                .map(|r| r.is_ok())
                .collect();
        assert_eq!(out.len(), 10);
        assert!(!out[3] && out[4]);
    }

    #[test]
    fn chunks_keep_order_in_every_mode() {
        for (threads, window) in [(1, 1), (2, 3), (1, 1000), (3, 64)] {
            let out: Vec<usize> = ordered_map_weighted(
                0..300usize,
                threads,
                window,
                |i| if i % 5 == 0 { CHUNK_WEIGHT } else { 1 },
                |i| i + 1,
            )
            .map(|r| r.unwrap_or(0))
            .collect();
            assert_eq!(out, (1..301).collect::<Vec<_>>(), "{threads} {window}");
            let mut un: Vec<usize> = ordered_map(0..300usize, threads, window, |i| i)
                .ordered(false)
                .map(|r| r.unwrap_or(usize::MAX))
                .collect();
            un.sort_unstable();
            assert_eq!(un, (0..300).collect::<Vec<_>>());
        }
    }

    #[test]
    fn window_bounds_inputs_read() {
        use std::sync::atomic::AtomicUsize;
        let read = Arc::new(AtomicUsize::new(0));
        let r2 = Arc::clone(&read);
        let inputs = (0..1000usize).inspect(move |_| {
            r2.fetch_add(1, Ordering::SeqCst);
        });
        let it = ordered_map(inputs, 2, 40, |i| i);
        let mut yielded = 0;
        for r in it {
            assert_eq!(r.ok(), Some(yielded));
            yielded += 1;
            // one read ahead of the window may be held by the producer
            assert!(read.load(Ordering::SeqCst) <= yielded + 40 + 1);
        }
        assert_eq!(yielded, 1000);
    }

    #[test]
    fn weight_bounds_inputs_read() {
        use std::sync::atomic::AtomicUsize;
        // inputs of weight 10 (every 50th: 1,000, heavier than the budget,
        // which goes alone); at most 100 in flight by weight
        let w = |i: &usize| if i.is_multiple_of(50) { 1_000 } else { 10 };
        let read = Arc::new(AtomicUsize::new(0));
        let r2 = Arc::clone(&read);
        let inputs = (0..500usize).inspect(move |i| {
            r2.fetch_add(w(i), Ordering::SeqCst);
        });
        let it = ordered_map_bounded(inputs, 2, 1_000, 100, w, |i| i);
        let mut done = 0;
        for (n, r) in it.enumerate() {
            assert_eq!(r.ok(), Some(n));
            done += w(&n);
            // one input read ahead of the window may be held by the producer
            let ahead = read.load(Ordering::SeqCst) - done;
            assert!(ahead <= 100 + 1_000, "{ahead} bytes ahead after {n}");
        }
        assert_eq!(done, (0..500).map(|i| w(&i)).sum::<usize>());
        // a heavy input is never in flight with others: when the input
        // before it is yielded, nothing past the heavy one is read but the
        // one the producer holds
        let seen = Arc::new(AtomicUsize::new(0));
        let s2 = Arc::clone(&seen);
        let inputs = (0..200usize).inspect(move |i| {
            s2.fetch_max(*i, Ordering::SeqCst);
        });
        for (n, r) in ordered_map_bounded(inputs, 2, 1_000, 100, w, |i| i).enumerate() {
            assert_eq!(r.ok(), Some(n));
            if (n + 1).is_multiple_of(50) {
                let last = seen.load(Ordering::SeqCst);
                assert!(last <= n + 2, "read up to {last} when {n} was yielded");
            }
        }
    }

    #[test]
    fn dropping_early_stops_the_producer() {
        // The producer drops its input iterator when it stops: the guard
        // says so. It is waiting for room in the window (4) when the
        // results are dropped, and must be woken, not left waiting.
        struct Guard(std::sync::mpsc::Sender<()>);
        impl Drop for Guard {
            fn drop(&mut self) {
                let _ = self.0.send(());
            }
        }
        for _ in 0..20 {
            let (tx, rx) = std::sync::mpsc::channel();
            let guard = Guard(tx);
            let inputs = (0..usize::MAX).inspect(move |_| {
                let _ = &guard;
            });
            let mut it = ordered_map(inputs, 2, 4, |i| i);
            assert_eq!(it.next().and_then(|r| r.ok()), Some(0));
            drop(it);
            let stopped = rx.recv_timeout(std::time::Duration::from_secs(10));
            assert!(
                stopped.is_ok(),
                "the producer kept waiting after the results were dropped"
            );
        }
    }
}
