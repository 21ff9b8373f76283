// remotemedia — running a validated pipeline.
//
// Two drivers run the same stage code (src/exec/stage.*):
//  - the sync driver runs every stage on the calling thread, from a FIFO run queue, until
//    the graph is finished (execute_sync; the WebAssembly build uses only this one);
//  - the concurrent driver runs stages on a fixed pool of worker threads (execute).
// A stage is a maximal chain of nodes linked one-to-one; its nodes call each other
// directly, with no queue hop. Stages are linked by bounded channels (default capacity
// 64 items): a stage whose output is full stops taking input until its consumer drains
// it, and it is never a blocked thread. Fan-in order, timestamps, bounds, flush and
// cleanup follow DESIGN §5, so both drivers give identical results.
//
// Errors: validation errors are all reported at once; at run time the first failing node
// stops the run, every node's cleanup() still runs, and all node errors seen by then are
// reported, the lowest timestamp (then execution order) first.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/task.h"
#include "remotemedia/validate.h"
#include "remotemedia/value.h"

namespace remotemedia {

// One span per node per item, for Chrome's trace-event format (see trace.h).
struct TraceSpan {
  std::uint32_t node;      // position in Manifest::nodes
  std::int64_t timestamp;  // the item's timestamp; -1 for lifecycle calls
  std::uint32_t thread;    // small worker number
  std::int64_t start_ns;   // since the run started
  std::int64_t duration_ns;
  const char* phase;       // "process", "generate", "flush", "initialize", "cleanup"
};

struct NodeMetrics {
  std::string id;
  std::uint64_t items_in = 0;
  std::uint64_t items_out = 0;
  double busy_ms = 0;      // measured only when ExecutorOptions::node_timing
};

// Live counters for progress displays; read from another thread while a run goes on.
class ProgressView {
 public:
  virtual ~ProgressView() = default;
  virtual std::size_t node_count() const = 0;
  virtual std::string_view node_id(std::size_t node) const = 0;
  virtual std::uint64_t items_out(std::size_t node) const = 0;
};

class Interrupter;  // interrupt.h (native builds)

struct ExecutorOptions {
  std::size_t workers = 0;           // concurrent driver threads; 0: the number of cores (≥ 2)
  std::size_t queue_capacity = 64;   // items per channel before the producer pauses
  bool fuse_chains = true;           // run one-to-one chains as one stage, no queue hop
  bool node_timing = true;           // measure busy_ms per node (two clock reads per call)
  bool trace = false;                // record TraceSpans (ExecutionResult::trace)
  // Called on a background thread about 4 times a second while a run goes on.
  std::function<void(const ProgressView&)> on_progress;
  // Stops runs from outside (Ctrl-C): they fail with code "interrupted". Native only.
  std::shared_ptr<Interrupter> interrupter;
};

struct GraphInfo {
  std::size_t node_count = 0;
  std::size_t source_count = 0;
  std::size_t sink_count = 0;
  std::vector<std::string> execution_order;
};

struct ExecutionResult {
  GraphInfo graph_info;
  // Sinks in manifest order, each with an array Value of its items (shared, not copied,
  // by to_value()).
  std::vector<std::pair<std::string, Value>> outputs_by_node;
  std::vector<NodeMetrics> metrics;          // manifest order
  double wall_ms = 0;
  std::vector<TraceSpan> trace;

  // The concatenation over sinks (manifest order) of each sink's items.
  std::vector<Value> outputs() const;
  // The result document of DESIGN §6 ("status": "success", outputs, outputs_by_node,
  // graph_info, metrics).
  Value to_value() const;
};

using RunResult = Result<ExecutionResult, Errors>;

// The error document of DESIGN §6: {"status": "error", "errors": [...]}.
Value errors_to_value(const Errors& errors);

class Executor {
 public:
  explicit Executor(const NodeRegistry& registry, ExecutorOptions options = {});

  // Runs on the calling thread (the sync driver).
  RunResult run_sync(const ValidatedRequest& request) const;
  // Runs on the worker pool; the calling thread waits.
  RunResult run_concurrent(const ValidatedRequest& request) const;
  // The same with a request handed over: each input item is moved into the pipeline and
  // freed as soon as the pipeline is done with it, rather than kept for the whole run.
  // Afterwards the request's input_data holds moved-from (null) values.
  RunResult run_sync(ValidatedRequest&& request) const;
  RunResult run_concurrent(ValidatedRequest&& request) const;

  // DESIGN §9. `document` is a manifest or an envelope; `inputs` become its input_data.
  RunResult execute_sync(const Value& document) const;
  RunResult execute_with_input_sync(const Value& manifest, std::vector<Value> inputs) const;
  Task<RunResult> execute(Value document) const;
  Task<RunResult> execute_with_input(Value manifest, std::vector<Value> inputs) const;

  const ExecutorOptions& options() const { return options_; }

 private:
  const NodeRegistry& registry_;
  ExecutorOptions options_;
};

}  // namespace remotemedia
