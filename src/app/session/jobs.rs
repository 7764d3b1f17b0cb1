//! Work that runs off the UI thread, with progress and cancellation, so the UI never freezes.
//!
//! The deterministic projection normally runs inline (it is fast); it moves here when a run
//! took longer than a frame can spare, as do batches such as projecting the scenarios added to
//! a comparison. Later Monte Carlo and heatmap runs will use the same [`Job`].

use eframe::egui;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;

/// Shared between a job and the UI: how far it is, and whether the UI asked it to stop.
#[derive(Debug, Default)]
pub struct Progress {
    fraction_bits: AtomicU64,
    cancelled: AtomicBool,
}

impl Progress {
    /// Reports progress in 0..=1.
    pub fn set(&self, fraction: f64) {
        self.fraction_bits
            .store(fraction.clamp(0.0, 1.0).to_bits(), Ordering::Relaxed);
    }

    /// Progress so far, 0..=1.
    pub fn fraction(&self) -> f64 {
        f64::from_bits(self.fraction_bits.load(Ordering::Relaxed))
    }

    /// Whether the job should stop at the next chance.
    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }
}

/// A running background job producing a `T`.
#[derive(Debug)]
pub struct Job<T> {
    progress: Arc<Progress>,
    rx: mpsc::Receiver<T>,
}

/// What [`Job::poll`] found.
#[derive(Debug)]
pub enum Poll<T> {
    /// Still running.
    Running,
    /// Finished with a result.
    Done(T),
    /// Stopped without a result (cancelled, or the worker died).
    Gone,
}

impl<T: Send + 'static> Job<T> {
    /// Starts `work` on a new thread. `repaint` is woken when the job ends so that the UI picks
    /// up the result without waiting for input.
    pub fn spawn(
        repaint: Option<egui::Context>,
        work: impl FnOnce(&Progress) -> Option<T> + Send + 'static,
    ) -> Self {
        let progress = Arc::new(Progress::default());
        let (tx, rx) = mpsc::channel();
        let shared = Arc::clone(&progress);
        std::thread::spawn(move || {
            if let Some(result) = work(&shared) {
                // The UI may have dropped the job meanwhile; then nobody wants the result.
                let _ = tx.send(result);
            }
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        });
        Job { progress, rx }
    }

    /// Asks the job to stop; its result, if it still comes, is dropped.
    pub fn cancel(&self) {
        self.progress.cancelled.store(true, Ordering::Relaxed);
    }

    /// Progress so far, 0..=1.
    pub fn fraction(&self) -> f64 {
        self.progress.fraction()
    }

    /// Takes the result if the job has finished.
    pub fn poll(&self) -> Poll<T> {
        if self.progress.is_cancelled() {
            return Poll::Gone;
        }
        match self.rx.try_recv() {
            Ok(result) => Poll::Done(result),
            Err(mpsc::TryRecvError::Empty) => Poll::Running,
            Err(mpsc::TryRecvError::Disconnected) => Poll::Gone,
        }
    }

    /// Waits for the result (tests and shutdown only; the UI polls).
    pub fn wait(self) -> Option<T> {
        self.rx.recv().ok()
    }
}

/// One cancellable job at a time, with the key it computes for: the slot of a tab whose
/// analysis runs on a worker (heatmap, decomposition). Starting cancels the job in progress;
/// the model's own cancel flag is handed to the work and set with the job's.
pub struct KeyedJob<K, T> {
    running: Option<(Job<T>, Arc<AtomicBool>, K)>,
}

impl<K, T> Default for KeyedJob<K, T> {
    fn default() -> Self {
        KeyedJob { running: None }
    }
}

impl<K: Clone + Send + 'static, T: Send + 'static> KeyedJob<K, T> {
    /// Starts `work` for `key` (the key, the job's progress and the cancel flag), cancelling a
    /// job in progress.
    pub fn start(
        &mut self,
        key: K,
        repaint: Option<egui::Context>,
        work: impl FnOnce(&K, &Progress, &AtomicBool) -> Option<T> + Send + 'static,
    ) {
        self.cancel();
        let cancel = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&cancel);
        let k = key.clone();
        let job = Job::spawn(repaint, move |p| work(&k, p, &flag));
        self.running = Some((job, cancel, key));
    }

    /// Stops the running job.
    pub fn cancel(&mut self) {
        if let Some((job, cancel, _)) = self.running.take() {
            cancel.store(true, Ordering::Relaxed);
            job.cancel();
        }
    }

    /// Stops the running job when its key is `stale`.
    pub fn drop_stale(&mut self, stale: impl FnOnce(&K) -> bool) {
        if self.running.as_ref().is_some_and(|(_, _, k)| stale(k)) {
            self.cancel();
        }
    }

    /// Picks up a finished job: its key and result.
    pub fn poll(&mut self) -> Option<(K, T)> {
        let (job, _, _) = self.running.as_ref()?;
        match job.poll() {
            Poll::Running => None,
            Poll::Done(out) => self.running.take().map(|(_, _, key)| (key, out)),
            Poll::Gone => {
                self.running = None;
                None
            }
        }
    }

    /// Progress of the running job, 0..=1.
    pub fn progress(&self) -> Option<f64> {
        self.running.as_ref().map(|(job, _, _)| job.fraction())
    }

    /// Whether a job runs.
    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }

    /// Waits for the running job (tests only; the UI polls).
    pub fn finish(&mut self) -> Option<(K, T)> {
        let (job, _, key) = self.running.take()?;
        job.wait().map(|out| (key, out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_reports_progress_and_result() {
        let job = Job::spawn(None, |p| {
            p.set(0.5);
            Some(42)
        });
        assert_eq!(job.wait(), Some(42));
    }

    #[test]
    fn cancelled_job_yields_nothing() {
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let job = Job::spawn(None, move |p| {
            let _ = go_rx.recv();
            if p.is_cancelled() { None } else { Some(1) }
        });
        job.cancel();
        let _ = go_tx.send(());
        assert!(matches!(job.poll(), Poll::Gone));
    }
}
