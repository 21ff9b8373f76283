#include "python_node.h"

#include <array>
#include <cstdio>
#include <optional>

#include "convert.h"
#include "helpers.h"
#include "interpreter.h"
#include "py_error.h"

namespace remotemedia::python {
namespace {

PyRef method(PyObject* instance, const char* name) {
  PyRef m = PyRef::steal(PyObject_GetAttrString(instance, name));
  if (!m || !PyCallable_Check(m.get())) {
    PyErr_Clear();
    return {};
  }
  return m;
}

// Most results are plain values (one item as they are), told apart by two slots: every
// iterator (generators too) has tp_iternext, every awaitable tp_as_async.
bool is_plain(PyObject* result) {
  return result != Py_None && Py_TYPE(result)->tp_iternext == nullptr && Py_TYPE(result)->tp_as_async == nullptr;
}

bool is_awaitable(PyObject* o) {
  if (PyCoro_CheckExact(o) || PyAsyncGen_CheckExact(o)) return true;
  PyTypeObject* t = Py_TYPE(o);
  return t->tp_as_async != nullptr && (t->tp_as_async->am_await != nullptr || t->tp_as_async->am_anext != nullptr);
}

// What an async run shares with its emit/done callables: it lives as long as the capsule
// they are bound to.
struct AsyncRun {
  PythonNode* node;
  Emitter* out;
  std::function<void(Result<void>)> done;  // empty for a run on a private loop
  std::optional<Error> error;              // a conversion error raised inside emit()
};

constexpr const char* kCapsule = "remotemedia.async_run";

AsyncRun* run_of(PyObject* capsule) {
  return static_cast<AsyncRun*>(PyCapsule_GetPointer(capsule, kCapsule));
}

// emit(item), called by the helper coroutine for each item an async generator yields.
PyObject* async_emit(PyObject* capsule, PyObject* item) {
  AsyncRun* run = run_of(capsule);
  if (run == nullptr) return nullptr;
  auto value = from_python(item, run->node->id());
  if (!value) {
    run->error = std::move(value).error();
    PyErr_SetString(PyExc_RuntimeError, run->error->message.c_str());
    return nullptr;
  }
  run->out->emit(std::move(*value));
  Py_RETURN_NONE;
}

// on_done(task), the task's done callback on the lane's loop.
PyObject* async_done(PyObject* capsule, PyObject* task) {
  AsyncRun* run = run_of(capsule);
  if (run == nullptr || !run->done) return nullptr;
  PyRef result = PyRef::steal(PyObject_CallMethod(task, "result", nullptr));
  Result<void> status;
  if (run->error) {
    PyErr_Clear();
    status = std::unexpected(*run->error);
  } else if (!result) {
    status = std::unexpected(error_from_python());
  } else {
    status = run->node->emit_result(result.get(), *run->out);
  }
  auto done = std::move(run->done);
  run->done = nullptr;
  done(std::move(status));
  Py_RETURN_NONE;
}

PyMethodDef g_emit_def = {"emit", async_emit, METH_O, nullptr};
PyMethodDef g_done_def = {"on_done", async_done, METH_O, nullptr};

PyRef make_capsule(AsyncRun* run) {
  PyRef capsule = PyRef::steal(PyCapsule_New(run, kCapsule, [](PyObject* c) { delete run_of(c); }));
  if (!capsule) delete run;
  return capsule;
}

Result<void> fail_from_python() { return std::unexpected(error_from_python()); }

// The input of a streaming node, as the callable behind iter(pull, sentinel): the capsule
// holding the InputStream is also the sentinel that ends the iteration.
constexpr const char* kStreamCapsule = "remotemedia.input_stream";

PyObject* stream_pull(PyObject* capsule, PyObject*) {
  auto* in = static_cast<InputStream*>(PyCapsule_GetPointer(capsule, kStreamCapsule));
  if (in == nullptr) return nullptr;
  std::optional<Value> item;
  // Waiting for input lets other nodes run — on the lane, or (single-threaded driver) on
  // this very thread — and they need the GIL.
  Py_BEGIN_ALLOW_THREADS
  item = in->next();
  Py_END_ALLOW_THREADS
  if (!item) return Py_NewRef(capsule);
  return to_python(*item).release();
}

PyMethodDef g_pull_def = {"pull", stream_pull, METH_NOARGS, nullptr};

// Emitting from a streaming node may wait for room downstream: without the GIL.
class GilReleasingEmitter final : public Emitter {
 public:
  explicit GilReleasingEmitter(Emitter& inner) : inner_(inner) {}
  void deliver(Value&& item) override {
    Py_BEGIN_ALLOW_THREADS
    inner_.emit(std::move(item));
    Py_END_ALLOW_THREADS
  }

 private:
  Emitter& inner_;
};

}  // namespace

PythonNode::PythonNode(std::string id, PyRef instance, std::shared_ptr<PythonLane> lane,
                       bool streaming)
    : id_(std::move(id)), lane_(std::move(lane)), instance_(std::move(instance)), streaming_(streaming) {
  process_ = method(instance_.get(), "process");
  if (process_ && PyMethod_Check(process_.get())) {
    process_function_ = PyMethod_GET_FUNCTION(process_.get());
    process_self_ = PyMethod_GET_SELF(process_.get());
  }
  generate_ = method(instance_.get(), "generate");
  flush_ = method(instance_.get(), "flush");
  if (process_) {
    PyRef r = call_helper("is_async_callable", process_.get());
    is_async_ = r && PyObject_IsTrue(r.get()) == 1;
    PyErr_Clear();
  }
  if (is_async_ && lane_) lane_->enable_asyncio();
}

PythonNode::~PythonNode() {
  // Moved into the job: the references die with the GIL held, wherever that is.
  auto refs = std::make_shared<std::array<PyRef, 5>>(std::array<PyRef, 5>{
      std::move(generator_), std::move(flush_), std::move(generate_), std::move(process_), std::move(instance_)});
  with_gil_or_on_lane([refs = std::move(refs)]() mutable { refs.reset(); });
}

Result<void> PythonNode::initialize() {
  GilGuard gil;
  PyRef init = method(instance_.get(), "initialize");
  if (!init) return {};
  PyRef r = PyRef::steal(PyObject_CallNoArgs(init.get()));
  if (!r) return fail_from_python();
  if (is_awaitable(r.get())) {
    struct Discard final : Emitter {
      void deliver(Value&&) override {}
    } discard;
    return run_awaitable(r.get(), discard);
  }
  return {};
}

Result<void> PythonNode::process(Value&& item, Emitter& out) {
  GilGuard gil;
  // `item` is left to die in the caller: a stage calls with the GIL held (run_inline),
  // and a Python item or numpy-backed tensor dying elsewhere takes the GIL itself.
  if (!process_) return fail(ErrorCode::kNodeFailed, "node \"" + id_ + "\" has no process() method");
  // A Python item (the usual input along a chain) is passed as it is, borrowed from item.
  PyRef converted;
  PyObject* arg = nullptr;
  if (const PyRef* object = python_object_of(item)) {
    arg = object->get();
  } else {
    converted = to_python(item);
    if (!converted) return fail_from_python();
    arg = converted.get();
  }
  PyRef r = call_process(arg);
  if (!r) return fail_from_python();
  if (!is_plain(r.get())) return emit_result(r.get(), out);
  // The usual case: one item, carried in the input item's object when it is ours alone.
  out.emit(reuse_opaque_python(std::move(item), std::move(r), id_, static_cast<const ExecutionLane*>(lane_.get())));
  return {};
}

PyRef PythonNode::call_process(PyObject* arg) {
  if (process_function_ == nullptr) return PyRef::steal(PyObject_CallOneArg(process_.get(), arg));
  // What the bound method's own call does, minus that indirection: the offset lets the
  // callee use the slot before `self` for its frame.
  PyObject* args[3] = {nullptr, process_self_, arg};
  return PyRef::steal(PyObject_Vectorcall(process_function_, args + 1, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, nullptr));
}

void PythonNode::emit_object(PyRef object, Emitter& out) {
  out.emit(opaque_python(std::move(object), id_, static_cast<const ExecutionLane*>(lane_.get())));
}

Result<void> PythonNode::process_stream(InputStream& in, Emitter& out) {
  GilGuard gil;
  if (!process_) return fail(ErrorCode::kNodeFailed, "node \"" + id_ + "\" has no process() method");
  PyRef capsule = PyRef::steal(PyCapsule_New(&in, kStreamCapsule, nullptr));
  if (!capsule) return fail_from_python();
  PyRef pull = PyRef::steal(PyCFunction_New(&g_pull_def, capsule.get()));
  if (!pull) return fail_from_python();
  PyRef stream = PyRef::steal(PyCallIter_New(pull.get(), capsule.get()));
  if (stream && is_async_) stream = call_helper("aiter_of", stream.get());
  if (!stream) return fail_from_python();
  PyRef r = PyRef::steal(PyObject_CallOneArg(process_.get(), stream.get()));
  if (!r) return fail_from_python();
  GilReleasingEmitter releasing(out);
  return emit_result(r.get(), releasing);
}

Result<bool> PythonNode::start_generator() {
  if (!generate_) return false;
  PyRef r = PyRef::steal(PyObject_CallNoArgs(generate_.get()));
  if (!r) return std::unexpected(error_from_python());
  if (r.get() == Py_None) return false;
  if (is_awaitable(r.get()))
    return fail(ErrorCode::kNodeFailed,
                "node \"" + id_ + "\": an async generate() is not supported; make it a plain generator");
  generator_ = PyRef::steal(PyObject_GetIter(r.get()));
  if (!generator_) return std::unexpected(error_from_python());
  return true;
}

Result<bool> PythonNode::generate(Emitter& out) {
  GilGuard gil;
  if (!generator_) {
    auto started = start_generator();
    if (!started || !*started) return started;
  }
  PyRef next = PyRef::steal(PyIter_Next(generator_.get()));
  if (!next) {
    if (PyErr_Occurred()) return std::unexpected(error_from_python());
    return false;
  }
  emit_object(std::move(next), out);
  return true;
}

Result<void> PythonNode::flush(Emitter& out) {
  GilGuard gil;
  if (!flush_) return {};
  PyRef r = PyRef::steal(PyObject_CallNoArgs(flush_.get()));
  if (!r) return fail_from_python();
  return emit_result(r.get(), out);
}

void PythonNode::cleanup() noexcept {
  GilGuard gil;
  // A Ctrl-C (interrupt_python) may have left a KeyboardInterrupt pending on this thread:
  // cleanup must still run in full.
  PyThreadState_SetAsyncExc(PyThreadState_Get()->thread_id, nullptr);
  PyRef f = method(instance_.get(), "cleanup");
  if (!f) return;
  PyRef r = PyRef::steal(PyObject_CallNoArgs(f.get()));
  if (!r) {
    Error e = error_from_python();
    std::fprintf(stderr, "remotemedia: cleanup() of node \"%s\" failed: %s\n%s", id_.c_str(),
                 e.message.c_str(), e.traceback.c_str());
  }
}

Result<void> PythonNode::emit_result(PyObject* result, Emitter& out) {
  if (result == Py_None) return {};
  if (is_plain(result)) {
    emit_object(PyRef::borrow(result), out);
    return {};
  }
  if (PyGen_Check(result) || (PyIter_Check(result) && !PyUnicode_Check(result) && !PyBytes_Check(result))) {
    for (;;) {
      PyRef item = PyRef::steal(PyIter_Next(result));
      if (!item) {
        if (PyErr_Occurred()) return fail_from_python();
        return {};
      }
      emit_object(std::move(item), out);
    }
  }
  if (is_awaitable(result)) return run_awaitable(result, out);
  emit_object(PyRef::borrow(result), out);  // a tuple becomes one array when converted
  return {};
}

// A coroutine or async generator on the sync path: a private event loop runs it to the
// end on this thread.
Result<void> PythonNode::run_awaitable(PyObject* awaitable, Emitter& out) {
  AsyncRun* run = new AsyncRun{this, &out, {}, std::nullopt};
  PyRef capsule = make_capsule(run);
  if (!capsule) return fail_from_python();
  PyRef emit = PyRef::steal(PyCFunction_New(&g_emit_def, capsule.get()));
  if (!emit) return fail_from_python();
  PyRef r = call_helper("run_private", awaitable, emit.get());
  if (run->error) {
    PyErr_Clear();
    return std::unexpected(*run->error);
  }
  if (!r) return fail_from_python();
  return emit_result(r.get(), out);
}

void PythonNode::process_async(Value item, Emitter& out, std::function<void(Result<void>)> done) {
  GilGuard gil;
  bool on_loop = false;
  if (PyRef r = call_helper("has_running_loop")) on_loop = r.get() == Py_True;
  PyErr_Clear();
  if (!on_loop) {
    if (lane_ && lane_->on_lane() && lane_->asyncio_enabled()) {
      // The lane has not switched to its event loop yet: it does after this turn.
      lane_->post([this, item = std::move(item), &out, done = std::move(done)]() mutable {
        process_async(std::move(item), out, std::move(done));
      });
      return;
    }
    done(process(std::move(item), out));
    return;
  }
  PyRef arg = to_python(item);
  if (!arg) return done(fail_from_python());
  PyRef aw = call_process(arg.get());
  if (!aw) return done(fail_from_python());
  if (!is_awaitable(aw.get())) return done(emit_result(aw.get(), out));
  auto* run = new AsyncRun{this, &out, {}, std::nullopt};
  PyRef capsule = make_capsule(run);
  if (!capsule) return done(fail_from_python());
  run->done = std::move(done);
  PyRef emit = PyRef::steal(PyCFunction_New(&g_emit_def, capsule.get()));
  PyRef on_done = PyRef::steal(PyCFunction_New(&g_done_def, capsule.get()));
  PyRef started = emit && on_done ? call_helper("start_task", aw.get(), emit.get(), on_done.get()) : PyRef();
  if (!started) {
    auto finish = std::move(run->done);
    run->done = nullptr;
    if (finish) finish(fail_from_python());
  }
}

}  // namespace remotemedia::python
