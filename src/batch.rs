//! Parallel analysis of many documents (feature `rayon`).
//!
//! [`Analyzer::analyze_batch`] takes a slice; [`ordered_map`] streams: it
//! pulls inputs from any iterator, analyses them on a rayon pool and yields
//! results in input order, holding at most `window` documents in memory —
//! memory is bounded by the window, not by the corpus.

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
        ordered_map(inputs, threads, window, move |(id, bytes)| {
            let doc = a.analyze_bytes(&bytes);
            (id, doc)
        })
    }
}

/// A counting semaphore bounding the documents in flight.
#[derive(Debug)]
struct Window {
    free: Mutex<usize>,
    cv: Condvar,
}

impl Window {
    fn acquire(&self, cancel: &AtomicBool) -> bool {
        let mut free = self.free.lock().unwrap_or_else(|e| e.into_inner());
        while *free == 0 {
            if cancel.load(Ordering::Relaxed) {
                return false;
            }
            free = self.cv.wait(free).unwrap_or_else(|e| e.into_inner());
        }
        *free -= 1;
        !cancel.load(Ordering::Relaxed)
    }

    fn release(&self) {
        *self.free.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        self.cv.notify_one();
    }
}

/// Results of [`ordered_map`], in input order.
#[derive(Debug)]
pub struct OrderedMap<R> {
    rx: Receiver<(usize, std::thread::Result<R>)>,
    pending: BTreeMap<usize, std::thread::Result<R>>,
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
        self.window.cv.notify_all();
    }
}

impl<R> Iterator for OrderedMap<R> {
    /// `Err` carries the panic of a worker for that input (never expected:
    /// analysis does not panic; kept so a batch never loses a document).
    type Item = std::thread::Result<R>;

    fn next(&mut self) -> Option<Self::Item> {
        if !self.ordered {
            return self.rx.recv().ok().map(|(_, r)| {
                self.window.release();
                r
            });
        }
        loop {
            if let Some(r) = self.pending.remove(&self.next) {
                self.next += 1;
                self.window.release();
                return Some(r);
            }
            match self.rx.recv() {
                Ok((seq, r)) => {
                    self.pending.insert(seq, r);
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
pub fn ordered_map<T, R, I, F>(inputs: I, threads: usize, window: usize, f: F) -> OrderedMap<R>
where
    T: Send + 'static,
    R: Send + 'static,
    I: Iterator<Item = T> + Send + 'static,
    F: Fn(T) -> R + Send + Sync + 'static,
{
    let window_n = window.max(1);
    let threads = threads.max(1);
    let win = Arc::new(Window {
        free: Mutex::new(window_n),
        cv: Condvar::new(),
    });
    let cancel = Arc::new(AtomicBool::new(false));
    let (job_tx, job_rx) = sync_channel::<(usize, T)>(threads * 2);
    let (res_tx, res_rx) = sync_channel(window_n + threads);
    {
        let win = Arc::clone(&win);
        let cancel = Arc::clone(&cancel);
        std::thread::spawn(move || {
            for (seq, item) in inputs.enumerate() {
                if !win.acquire(&cancel) || job_tx.send((seq, item)).is_err() {
                    break;
                }
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
                let Ok((seq, item)) = job else { break };
                let r = catch_unwind(AssertUnwindSafe(|| f(item)));
                if res_tx.send((seq, r)).is_err() {
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
    fn dropping_early_stops_the_producer() {
        let mut it = ordered_map(0..usize::MAX, 2, 4, |i| i);
        assert_eq!(it.next().and_then(|r| r.ok()), Some(0));
        drop(it);
    }
}
