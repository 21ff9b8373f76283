// What do Python nodes cost? (issue 4, "Performance"; DESIGN §8, §12)
//
// 1. Ten chained Python PassThroughNodes over 100 000 ints through the executor (sync
//    and concurrent drivers) versus the same ten `node.process(x)` calls per item in a
//    plain Python loop, run by the same embedded interpreter on the benchmark's thread.
//    bench/run.sh reports runtime ÷ plain loop (target ≤ 1.3).
// 2. A float32 tensor through five Python nodes, 1 KiB versus 16 MiB: ShapeProbe
//    (bench/python/bench_nodes.py: reads .shape, never the data) measures the transport,
//    which is zero-copy, so the per-item times must be within 2× of each other.
//    NumpyMultiplier{factor: 1.0} rows are for context: a multiply touches every byte.
//
// Built only with Python (REMOTEMEDIA_HAS_PYTHON); without it this file is empty and
// bench/run.sh leaves the Python rows out.
#ifdef REMOTEMEDIA_HAS_PYTHON

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "remotemedia/executor.h"
#include "remotemedia/json.h"
#include "remotemedia/python.h"
#include "remotemedia/validate.h"

namespace remotemedia {
namespace {

constexpr int kItems = 100000;
constexpr int kChain = 10;
constexpr int kTensorNodes = 5;

const NodeRegistry& registry() {
  static NodeRegistry r = [] {
    NodeRegistry reg;
    register_builtin_nodes(reg);
    // bench_nodes.py lives next to this file.
    register_python_nodes(reg, {.python_path = {std::filesystem::path(__FILE__).parent_path().string()}});
    return reg;
  }();
  return r;
}

// A chain of `nodes` nodes of `node_type` (Python, by runtime_hint), input_data left empty.
std::string chain_manifest(int nodes, const std::string& node_type, const std::string& params) {
  std::string n, c;
  for (int i = 0; i < nodes; ++i) {
    n += std::string(i ? "," : "") + R"({"id": "p)" + std::to_string(i) + R"(", "node_type": ")" + node_type +
         R"(", "runtime_hint": "python", "params": )" + params + "}";
    if (i) c += std::string(i > 1 ? "," : "") + R"({"from": "p)" + std::to_string(i - 1) + R"(", "to": "p)" + std::to_string(i) + "\"}";
  }
  return R"({"version": "v1", "metadata": {"name": "py-chain"}, "nodes": [)" + n + "], \"connections\": [" + c + "]}";
}

ValidatedRequest request_with_inputs(const std::string& manifest_json, Value::Array inputs) {
  Value manifest = *parse_json(manifest_json);
  Value document(Value::Object{{"manifest", manifest}, {"input_data", Value(std::move(inputs))}});
  auto r = validate(document, registry());
  if (!r) std::abort();
  return std::move(*r);
}

void set_per_item(benchmark::State& state, std::int64_t items_per_run) {
  state.SetItemsProcessed(state.iterations() * items_per_run);
  state.counters["ns_per_item"] = benchmark::Counter(static_cast<double>(state.iterations() * items_per_run),
                                                     benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

// --- 1. ten pass-through nodes vs a plain Python loop --------------------------------

void run_python_chain(benchmark::State& state, bool concurrent) {
  Value::Array items;
  items.reserve(kItems);
  for (int i = 0; i < kItems; ++i) items.emplace_back(i);
  ValidatedRequest request = request_with_inputs(chain_manifest(kChain, "PassThroughNode", "{}"), std::move(items));
  Executor ex(registry(), ExecutorOptions{.node_timing = false});
  for (auto _ : state) {
    RunResult r = concurrent ? ex.run_concurrent(request) : ex.run_sync(request);
    if (!r || r->outputs_by_node.front().second.as_array().size() != kItems) state.SkipWithError("wrong result");
    benchmark::DoNotOptimize(r);
  }
  set_per_item(state, kItems);
}

void BM_PyPassThrough10Sync(benchmark::State& state) { run_python_chain(state, false); }
void BM_PyPassThrough10Concurrent(benchmark::State& state) { run_python_chain(state, true); }

// The same ten PassThroughNode.process calls per item, in Python, collecting the results
// as the runtime does. Runs on this thread with the GIL (the interpreter is the one the
// runtime started when it resolved the Python node types above).
constexpr const char* kPlainLoop = R"(
from remotemedia.nodes import PassThroughNode
nodes = [PassThroughNode() for _ in range(10)]
items = list(range(100000))
def run():
    out = []
    for x in items:
        for n in nodes:
            x = n.process(x)
        out.append(x)
    return out
)";

void BM_PyPassThrough10PlainLoop(benchmark::State& state) {
  request_with_inputs(chain_manifest(1, "PassThroughNode", "{}"), {Value(0)});  // starts Python
  PyGILState_STATE gil = PyGILState_Ensure();
  PyObject* globals = PyDict_New();
  PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
  PyObject* setup = PyRun_String(kPlainLoop, Py_file_input, globals, globals);
  PyObject* run = setup ? PyDict_GetItemString(globals, "run") : nullptr;  // borrowed
  if (!run) PyErr_Print();
  Py_XDECREF(setup);
  PyGILState_Release(gil);
  if (!run) {
    state.SkipWithError("plain loop setup failed");
    return;
  }
  for (auto _ : state) {
    gil = PyGILState_Ensure();
    PyObject* out = PyObject_CallNoArgs(run);
    if (!out || PyList_GET_SIZE(out) != kItems) state.SkipWithError("plain loop failed");
    Py_XDECREF(out);
    PyGILState_Release(gil);
  }
  gil = PyGILState_Ensure();
  Py_DECREF(globals);
  PyGILState_Release(gil);
  set_per_item(state, kItems);
}

BENCHMARK(BM_PyPassThrough10PlainLoop)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PyPassThrough10Sync)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PyPassThrough10Concurrent)->Unit(benchmark::kMillisecond)->UseRealTime();

// --- 2. a tensor through five Python nodes, 1 KiB vs 16 MiB ----------------------------

void run_tensor_chain(benchmark::State& state, const std::string& node_type, const std::string& params) {
  const std::size_t bytes = static_cast<std::size_t>(state.range(0));
  const int items = static_cast<int>(state.range(1));  // the same tensor (one buffer) `items` times
  auto buffer = Buffer::allocate(bytes);
  std::memset(buffer->mutable_data(), 0, bytes);
  Value tensor(*Tensor::make(DType::kFloat32, {static_cast<std::int64_t>(bytes / 4)}, std::move(buffer)));
  ValidatedRequest request =
      request_with_inputs(chain_manifest(kTensorNodes, node_type, params), Value::Array(items, tensor));
  Executor ex(registry(), ExecutorOptions{.node_timing = false});
  for (auto _ : state) {
    RunResult r = ex.run_sync(request);
    if (!r) {
      state.SkipWithError(r.error().front().message.c_str());
      break;
    }
    const Value::Array& out = r->outputs_by_node.front().second.as_array();
    if (out.size() != static_cast<std::size_t>(items) || !out.front().is_tensor() || out.front().as_tensor().byte_size() != bytes)
      state.SkipWithError("wrong result");
    benchmark::DoNotOptimize(r);
  }
  set_per_item(state, items);
}

void BM_PyTensor5ShapeProbe(benchmark::State& state) { run_tensor_chain(state, "bench_nodes:ShapeProbe", "{}"); }
void BM_PyTensor5NumpyMultiplier(benchmark::State& state) {
  run_tensor_chain(state, "NumpyMultiplier", R"({"factor": 1.0})");
}

// Args: tensor bytes, items per run. A multiply of 16 MiB takes milliseconds: fewer items.
BENCHMARK(BM_PyTensor5ShapeProbe)->Args({1 << 10, 256})->Args({16 << 20, 256})->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_PyTensor5NumpyMultiplier)->Args({1 << 10, 256})->Args({16 << 20, 4})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace remotemedia

#endif  // REMOTEMEDIA_HAS_PYTHON
