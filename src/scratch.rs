//! Buffers kept per thread from one document to the next: allocating and
//! growing them anew for every document costs more than many documents'
//! scans. Each user declares a `thread_local!` `RefCell` of its buffers and
//! takes them out for the length of one call, so a nested call (or a
//! thread whose locals are gone) simply works on fresh ones.

use std::cell::RefCell;
use std::thread::LocalKey;

/// This thread's kept value of `key`, taken out (a default one when it is
/// taken already or the thread's locals are gone).
pub(crate) fn take<T: Default>(key: &'static LocalKey<RefCell<T>>) -> T {
    key.try_with(|cell| {
        cell.try_borrow_mut()
            .map(|mut kept| std::mem::take(&mut *kept))
            .unwrap_or_default()
    })
    .unwrap_or_default()
}

/// Keeps `value` in `key` for the next [`take`] on this thread.
pub(crate) fn put_back<T>(key: &'static LocalKey<RefCell<T>>, value: T) {
    let _ = key.try_with(move |cell| {
        if let Ok(mut kept) = cell.try_borrow_mut() {
            *kept = value;
        }
    });
}

/// Runs `f` on this thread's kept value of `key`, and keeps the value for
/// the next call unless `keep` says it grew too large to hold on to.
pub(crate) fn with_kept<T: Default, R>(
    key: &'static LocalKey<RefCell<T>>,
    keep: impl FnOnce(&T) -> bool,
    f: impl FnOnce(&mut T) -> R,
) -> R {
    let mut value = take(key);
    let r = f(&mut value);
    if keep(&value) {
        put_back(key, value);
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        static KEPT: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    }

    #[test]
    fn kept_between_calls_unless_too_large_and_fresh_when_nested() {
        with_kept(&KEPT, |_| true, |v| v.extend([1, 2, 3]));
        // the next call sees what the last one left
        let seen = with_kept(&KEPT, |_| true, |v| v.clone());
        assert_eq!(seen, [1, 2, 3]);
        // a nested call works on a fresh value; the outer one's is kept
        with_kept(
            &KEPT,
            |_| true,
            |outer| {
                let inner = with_kept(&KEPT, |_| true, |v| v.len());
                assert_eq!(inner, 0);
                outer.push(4);
            },
        );
        assert_eq!(take(&KEPT), [1, 2, 3, 4]);
        // taken: the next take is fresh; a value refused by `keep` is dropped
        assert!(take(&KEPT).is_empty());
        with_kept(&KEPT, |v| v.len() < 2, |v| v.extend([5, 6]));
        assert!(take(&KEPT).is_empty());
        put_back(&KEPT, vec![7]);
        assert_eq!(take(&KEPT), [7]);
    }
}
