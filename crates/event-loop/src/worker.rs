//! The worker: a thread that does blocking work for the loop, so that the
//! loop itself never blocks.
//!
//! Operating systems offer no dependable non-blocking file writes, and CPU
//! work cannot be made to wait at all, so event loops hand both to a helper
//! thread and hear back when they are done (libuv's `uv_fs_*` and
//! `uv_queue_work`). libuv keeps a pool of four such threads; one is enough
//! for the chapters.
//!
//! The worker sends each job's output back through a channel, and wakes the
//! loop's `mio::Poll` with a `mio::Waker`, the standard way to interrupt a
//! poll from another thread. The loop then takes the output with
//! [`Worker::take`]; a job that panicked panics there, on the loop, as a
//! panicking thread does in the thread that joins it.

use mio::Waker;
use std::any::Any;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, TryRecvError, channel};
use std::thread::{self, JoinHandle};

/// Names a job handed to the worker, so its output can be matched to it.
pub(crate) type JobId = u64;

/// What a job returns, of whatever type its continuation takes.
type Output = Box<dyn Any + Send>;

type Job = Box<dyn FnOnce() -> Output + Send>;

/// A job's output, or the panic that ended it.
type Finished = thread::Result<Output>;

/// A running worker thread. Dropping it lets the thread finish its queue
/// and waits for it.
struct Worker {
    jobs: Option<Sender<(JobId, Job)>>,
    finished: Receiver<(JobId, Finished)>,
    /// Outputs received, not yet taken.
    arrived: HashMap<JobId, Finished>,
    submitted: JobId,
    thread: Option<JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker thread; `waker` wakes the loop when a job is done.
    fn start(waker: Arc<Waker>) -> Worker {
        let (jobs, queue) = channel::<(JobId, Job)>();
        let (report, finished) = channel();
        let thread = thread::Builder::new()
            .name("worker".into())
            .spawn(move || {
                for (id, job) in queue {
                    let output = panic::catch_unwind(AssertUnwindSafe(job));
                    if report.send((id, output)).is_err() {
                        break; // the loop is gone; nobody wants the output
                    }
                    // If waking fails, the output waits until the loop looks.
                    let _ = waker.wake();
                }
            })
            .expect("the OS refused to start the worker thread");
        Worker {
            jobs: Some(jobs),
            finished,
            arrived: HashMap::new(),
            submitted: 0,
            thread: Some(thread),
        }
    }

    /// Queues `job` and returns its id at once.
    fn submit(&mut self, job: Job) -> JobId {
        let id = self.submitted;
        self.submitted += 1;
        let jobs = self.jobs.as_ref().expect("only taken on drop");
        // The worker runs until `jobs` is dropped, so sending succeeds.
        let _ = jobs.send((id, job));
        id
    }

    /// The jobs that have finished since the last look, without waiting.
    fn newly_finished(&mut self) -> Vec<JobId> {
        let mut ids = Vec::new();
        loop {
            match self.finished.try_recv() {
                Ok((id, output)) => {
                    self.arrived.insert(id, output);
                    ids.push(id);
                }
                Err(TryRecvError::Empty | TryRecvError::Disconnected) => return ids,
            }
        }
    }

    /// The output of job `id`, waiting for the worker if it is not done.
    fn take(&mut self, id: JobId) -> Output {
        loop {
            if let Some(finished) = self.arrived.remove(&id) {
                return finished.unwrap_or_else(|panic| panic::resume_unwind(panic));
            }
            let (done, output) = self
                .finished
                .recv()
                .expect("the worker thread runs as long as the loop");
            self.arrived.insert(done, output);
        }
    }
}

/// The jobs out on the worker in the real world, each with what runs when
/// it is done (a `C`, the loop's callback). The worker starts with the
/// first job.
pub(crate) struct Jobs<C> {
    worker: Option<Worker>,
    /// Handed to the worker thread, to wake the loop's poll.
    waker: Arc<Waker>,
    waiting: HashMap<JobId, C>,
}

impl<C> Jobs<C> {
    /// No jobs yet; `waker` will wake the loop when one is done.
    pub(crate) fn new(waker: Arc<Waker>) -> Jobs<C> {
        Jobs {
            worker: None,
            waker,
            waiting: HashMap::new(),
        }
    }

    /// Whether the worker thread has been started.
    pub(crate) fn started(&self) -> bool {
        self.worker.is_some()
    }

    /// Queues `job` on the worker and returns its id at once.
    pub(crate) fn submit<T: Send + 'static>(
        &mut self,
        job: impl FnOnce() -> T + Send + 'static,
    ) -> JobId {
        let waker = &self.waker;
        let worker = self
            .worker
            .get_or_insert_with(|| Worker::start(Arc::clone(waker)));
        worker.submit(Box::new(move || Box::new(job())))
    }

    /// Keeps `then` until job `id` is done (see [`Jobs::done`]).
    pub(crate) fn on_done(&mut self, id: JobId, then: C) {
        self.waiting.insert(id, then);
    }

    /// Whether a job is out with something waiting for it.
    pub(crate) fn is_empty(&self) -> bool {
        self.waiting.is_empty()
    }

    /// What was waiting for the jobs that are done now, to run next.
    pub(crate) fn done(&mut self) -> Vec<C> {
        let done = self.worker.as_mut().map(Worker::newly_finished);
        let waiting = &mut self.waiting;
        done.unwrap_or_default()
            .iter()
            .filter_map(|id| waiting.remove(id))
            .collect()
    }

    /// What job `id` returned, waiting for the worker if it is not done:
    /// a `T`, since the continuation that takes it was made with the job.
    pub(crate) fn take<T: 'static>(&mut self, id: JobId) -> T {
        let worker = self.worker.as_mut().expect("a job started the worker");
        *worker
            .take(id)
            .downcast()
            .expect("a job returns what its continuation takes")
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
