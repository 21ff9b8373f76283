#include "python_lane.h"

#include "helpers.h"
#include "py_ref.h"

namespace remotemedia::python {
void PythonLane::run_inline(const std::function<void()>& work) {
  GilGuard gil;
  work();
}
}  // namespace remotemedia::python

#if !REMOTEMEDIA_HAS_THREADS
namespace remotemedia::python {

void PythonLane::post(std::function<void()> job) {
  queue_.push_back(std::move(job));
  if (draining_) return;  // the outer post() runs it after the current job
  draining_ = true;
  for (std::size_t i = 0; i < queue_.size(); ++i) {
    std::function<void()> next = std::move(queue_[i]);
    next();
    if (PyErr_Occurred()) PyErr_WriteUnraisable(nullptr);  // a job must not leak an error
  }
  queue_.clear();
  draining_ = false;
}

}  // namespace remotemedia::python
#else
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cstdio>

namespace remotemedia::python {

struct LaneAccess {
  static PyObject* drain(PyObject* capsule, PyObject* /*unused*/) {
    auto* lane = static_cast<PythonLane*>(PyCapsule_GetPointer(capsule, "remotemedia.lane"));
    if (lane != nullptr) lane->drain();
    Py_RETURN_NONE;
  }
};

namespace {
PyMethodDef g_drain_def = {"drain", LaneAccess::drain, METH_NOARGS, nullptr};
}  // namespace

PythonLane::PythonLane() {
  int fds[2] = {-1, -1};
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    read_fd_ = fds[0];
    write_fd_ = fds[1];
  } else {
    std::perror("remotemedia: python lane pipe");
  }
}

PythonLane::~PythonLane() {
  if (thread_.joinable()) stop();
  if (read_fd_ >= 0) close(read_fd_);
  if (write_fd_ >= 0) close(write_fd_);
}

void PythonLane::start() {
  thread_ = std::thread([this] { run(); });
  thread_id_.store(thread_.get_id(), std::memory_order_release);
}

void PythonLane::post(std::function<void()> job) {
  {
    std::lock_guard lock(mutex_);
    queue_.push_back(std::move(job));
  }
  // One byte in the pipe per wake-up, not per job: while wake_pending_ is set, a byte is
  // in the pipe (or about to be), and drain() clears the flag before taking the queue, so
  // a job pushed after that always writes a new byte. The plain loop needs no byte for a
  // job the lane posts itself (a stage that yields re-posts itself): it looks at the
  // queue before it polls, which saves a write, a poll and a read per yield.
  if (!wake_pending_.exchange(true, std::memory_order_acq_rel)) {
    if (on_lane() && loop_ == nullptr) return;
    write_wake_byte();
  }
}

void PythonLane::write_wake_byte() {
  char byte = 1;
  while (write(write_fd_, &byte, 1) < 0 && errno == EINTR) {
  }
}

void PythonLane::enable_asyncio() {
  if (!asyncio_failed_.load()) want_asyncio_.store(true, std::memory_order_release);
}

void PythonLane::stop() {
  if (!thread_.joinable()) return;
  post([this] {
    stopping_ = true;
    if (loop_ != nullptr) {
      PyRef r = PyRef::steal(PyObject_CallMethod(static_cast<PyObject*>(loop_), "stop", nullptr));
      if (!r) PyErr_Clear();
    }
  });
  if (on_lane()) {
    thread_.detach();
    return;
  }
  thread_.join();
}

void PythonLane::drain(bool read_pipe) {
  char bytes[64];
  while (read_pipe && read(read_fd_, bytes, sizeof bytes) > 0) {
  }
  wake_pending_.store(false, std::memory_order_release);
  std::vector<std::function<void()>> jobs;
  {
    std::lock_guard lock(mutex_);
    jobs.swap(queue_);
  }
  // Only the jobs queued so far: jobs they post run on a later turn, after the event
  // loop has had its turn too.
  for (auto& job : jobs) {
    job();
    if (PyErr_Occurred()) PyErr_WriteUnraisable(nullptr);  // a job must not leak an error
  }
}

void PythonLane::run() {
  GilGuard gil;  // this thread's state, for its whole life
  while (!stopping_) {
    if (want_asyncio_.load(std::memory_order_acquire) && !asyncio_failed_) {
      run_asyncio();
      continue;
    }
    bool queued = false;
    {
      std::lock_guard lock(mutex_);
      queued = !queue_.empty();
    }
    if (!queued) {  // jobs posted from this thread wrote no byte (see post())
      pollfd p{read_fd_, POLLIN, 0};
      Py_BEGIN_ALLOW_THREADS
      while (poll(&p, 1, -1) < 0 && errno == EINTR) {
      }
      Py_END_ALLOW_THREADS
    }
    // Without a poll, a byte another thread wrote may stay in the pipe until the next
    // turn: a spurious wake-up at worst.
    drain(/*read_pipe=*/!queued);
  }
}

// Runs the asyncio loop until stop(); the loop waits in epoll with the GIL released.
void PythonLane::run_asyncio() {
  PyRef capsule = PyRef::steal(PyCapsule_New(this, "remotemedia.lane", nullptr));
  PyRef drain_fn = capsule ? PyRef::steal(PyCFunction_New(&g_drain_def, capsule.get())) : PyRef();
  PyRef fd = PyRef::steal(PyLong_FromLong(read_fd_));
  PyRef loop = drain_fn && fd ? call_helper("lane_loop", fd.get(), drain_fn.get()) : PyRef();
  if (!loop) {
    std::fputs("remotemedia: cannot start the Python lane's asyncio loop:\n", stderr);
    PyErr_Print();
    asyncio_failed_ = true;  // coroutine nodes then run on private loops, one at a time
    want_asyncio_.store(false, std::memory_order_release);
    return;
  }
  loop_ = loop.get();
  // The pipe may already hold a byte from before the switch: the reader sees it at once.
  // Jobs the plain loop's own jobs queued wrote none (see post()): write one for them.
  bool queued = false;
  {
    std::lock_guard lock(mutex_);
    queued = !queue_.empty();
  }
  if (queued) write_wake_byte();
  PyRef r = PyRef::steal(PyObject_CallMethod(loop.get(), "run_forever", nullptr));
  if (!r) PyErr_Print();
  loop_ = nullptr;
  r = PyRef::steal(PyObject_CallMethod(loop.get(), "remove_reader", "i", read_fd_));
  if (!r) PyErr_Clear();
  if (!stopping_) {
    asyncio_failed_ = true;  // run_forever() failed: fall back to the plain loop
    want_asyncio_.store(false, std::memory_order_release);
    return;
  }
  r = PyRef::steal(PyObject_CallMethod(loop.get(), "close", nullptr));
  if (!r) PyErr_Clear();
}

}  // namespace remotemedia::python
#endif  // REMOTEMEDIA_HAS_THREADS
