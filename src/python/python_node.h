// remotemedia/python — a Python object seen as a remotemedia::Node (DESIGN §7).
//
// Every method takes the GIL (a check only where it is already held: on the lane, and
// inside a stage step, which PythonLane::run_inline runs holding it), so the node works
// both on the lane (concurrent executor) and on the calling thread (sync executor). Results: None emits nothing; a tuple one array; a generator or
// iterator each item; a coroutine or async generator is run to completion (sync path: a
// private event loop); anything else one item. Python exceptions become errors with the
// formatted traceback; the executor adds the node id and timestamp.
//
// Nodes whose process() is `async def` (a coroutine or async generator function) are
// asynchronous: process_async() starts the coroutine as a task on the lane's asyncio
// loop and returns at once, calling `done` from the loop when the task ends, so several
// such nodes overlap. Without a running loop on the calling thread (the sync driver) it
// runs the coroutine to completion first.
//
// Streaming nodes (is_streaming) get process(stream) called once with an iterator over
// the whole input (an async iterator for an async generator), and emit what it yields.
#pragma once

#include <string>

#include "py_ref.h"
#include "python_lane.h"
#include "remotemedia/node.h"

namespace remotemedia::python {

class PythonNode final : public Node {
 public:
  // `instance` is the constructed Python object; GIL held.
  // `streaming`: the manifest's is_streaming — process() takes the input stream.
  PythonNode(std::string id, PyRef instance, std::shared_ptr<PythonLane> lane, bool streaming = false);
  // Drops the Python references on the lane unless this thread holds the GIL.
  ~PythonNode() override;

  Result<void> initialize() override;
  Result<void> process(Value&& item, Emitter& out) override;
  Result<bool> generate(Emitter& out) override;
  Result<void> flush(Emitter& out) override;
  void cleanup() noexcept override;
  bool emits_on_flush() const override { return static_cast<bool>(flush_); }
  // An async streaming node (an async generator over an async iterator) is driven as a
  // streaming node, on a private event loop of the streaming thread.
  bool is_async() const override { return is_async_ && !streaming_; }
  bool is_streaming() const override { return streaming_; }
  // Calls process(stream) once with an iterator over the input; pulling from it and
  // emitting release the GIL while they wait, so the lane keeps running other nodes.
  Result<void> process_stream(InputStream& in, Emitter& out) override;
  void process_async(Value item, Emitter& out, std::function<void(Result<void>)> done) override;

  const std::string& id() const { return id_; }
  // Emits what a Python call returned (see above). GIL held.
  Result<void> emit_result(PyObject* result, Emitter& out);
  // Emits a Python object as it is: the next Python node on this lane gets the same
  // object; the executor converts it where it leaves Python. GIL held.
  void emit_object(PyRef object, Emitter& out);

 private:
  Result<void> run_awaitable(PyObject* awaitable, Emitter& out);
  // The first generate(): calls generate() and keeps its iterator in generator_; false
  // when there is nothing to generate. Out of line, so that generate(), called per item,
  // stays small (apps/wasm/compile-profile/optimize-before-start.txt). GIL held.
  [[gnu::noinline]] Result<bool> start_generator();
  // process(arg): a new reference, null with a Python error set.
  PyRef call_process(PyObject* arg);

  std::string id_;
  std::shared_ptr<PythonLane> lane_;
  PyRef instance_;
  PyRef process_;   // bound methods, looked up once; null when absent
  // When process_ is a method object: its function and self (borrowed from it), called
  // directly.
  PyObject* process_function_ = nullptr;
  PyObject* process_self_ = nullptr;
  PyRef generate_;
  PyRef flush_;
  PyRef generator_;  // the iterator generate() returned, after the first call
  bool is_async_ = false;
  bool streaming_ = false;
};

}  // namespace remotemedia::python
