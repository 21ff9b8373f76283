#include "remotemedia/executor.h"

#include <algorithm>
#include <chrono>
#include <memory>
#include <thread>
#include <utility>

#include "exec/channel.h"
#include "exec/run_state.h"
#include "exec/schedulers.h"
#include "exec/stage.h"

#if REMOTEMEDIA_HAS_THREADS
#include "remotemedia/interrupt.h"
#endif

namespace remotemedia {
namespace detail {
namespace {

// Everything one run owns. Stages and channels point into each other and into `run`,
// so they live and die together.
struct RunGraph {
  RunGraph(const ExecutorOptions& options, const ValidatedRequest& request)
      : run(options, request.request.input_data) {}
  RunState run;
  std::vector<std::unique_ptr<Stage>> stages;
  std::vector<std::unique_ptr<Channel>> channels;
  std::vector<Stage*> stage_of;  // node -> its stage
};

Result<void, Errors> create_nodes(const ValidatedRequest& request, RunState& run) {
  const Manifest& m = request.manifest();
  run.order_position.resize(m.nodes.size());
  const auto& order = request.graph.execution_order();
  for (std::size_t i = 0; i < order.size(); ++i) run.order_position[order[i]] = i;
  for (std::size_t i = 0; i < m.nodes.size(); ++i) {
    const NodeSpec& spec = m.nodes[i];
    auto runtime = std::make_unique<NodeRuntime>();
    runtime->index = i;
    runtime->id = spec.id;
    runtime->node_type = spec.node_type;
    auto node = spec.descriptor->create(NodeConfig{spec.id, spec.node_type, spec.resolved_params, spec.is_streaming});
    if (!node) {
      Error e = std::move(node).error();
      e.message = "node \"" + spec.id + "\" (" + spec.node_type + ") could not be created: " + e.message;
      e.code = ErrorCode::kNodeFailed;
      e.node = spec.id;
      e.node_type = spec.node_type;
      return std::unexpected(Errors{std::move(e)});
    }
    runtime->node = std::move(*node);
    runtime->lane = spec.descriptor->lane.get();
    run.nodes.push_back(std::move(runtime));
  }
  return {};
}

// Nodes share a stage only when they run on the same lane, and an asynchronous node
// or streaming node always has a stage of its own.
bool can_share_stage(const NodeRuntime& a, const NodeRuntime& b) {
  return a.lane == b.lane && !a.node->is_async() && !b.node->is_async() &&
         !a.node->is_streaming() && !b.node->is_streaming();
}

// Chains of one-to-one links become one stage (when fusing); every other edge becomes
// a channel. Edges are visited in connection order, so a stage's inputs are in the
// fan-in order of DESIGN §5.
void build_stages(const ValidatedRequest& request, RunGraph& g) {
  const Graph& graph = request.graph;
  const Manifest& m = request.manifest();
  const ExecutorOptions& options = g.run.options;
  g.stage_of.assign(m.nodes.size(), nullptr);
  for (std::size_t head : graph.execution_order()) {
    if (g.stage_of[head]) continue;
    std::vector<NodeRuntime*> chain{g.run.nodes[head].get()};
    std::size_t cur = head;
    while (options.fuse_chains && graph.out_edges(cur).size() == 1) {
      std::size_t next = graph.edges()[graph.out_edges(cur).front()].to;
      if (graph.in_edges(next).size() != 1 || !can_share_stage(*g.run.nodes[cur], *g.run.nodes[next]))
        break;
      chain.push_back(g.run.nodes[next].get());
      cur = next;
    }
    Stage::Input input = !graph.is_source(head)                  ? Stage::Input::kChannels
                         : m.nodes[head].descriptor->is_generator ? Stage::Input::kGenerator
                                                                  : Stage::Input::kRunInputs;
    auto stage = std::make_unique<Stage>(g.run, chain, input);
    for (NodeRuntime* n : chain) g.stage_of[n->index] = stage.get();
    g.stages.push_back(std::move(stage));
  }
  for (const Graph::Edge& e : graph.edges()) {
    Stage* producer = g.stage_of[e.from];
    Stage* consumer = g.stage_of[e.to];
    if (producer == consumer) continue;  // a link inside a fused chain
    auto channel = std::make_unique<Channel>(std::max<std::size_t>(1, options.queue_capacity),
                                             producer, consumer);
    producer->add_output(channel.get());
    consumer->add_input(channel.get());
    g.channels.push_back(std::move(channel));
  }
  for (auto& s : g.stages) g.run.stages.push_back(s.get());
  g.run.uninitialized_stages = g.stages.size();
  // Inputs can be moved out only if one stage reads them: every input stage sees them all.
  std::size_t input_stages = 0;
  for (const auto& s : g.stages) input_stages += s->reads_run_inputs();
  if (input_stages != 1) g.run.consumable_inputs = nullptr;
}

bool all_done(const RunGraph& g) {
  for (const auto& s : g.stages)
    if (!s->done()) return false;
  return true;
}

// Items taken and emitted by every node, and stages finished: what a run that moves
// changes.
std::uint64_t work_done(const RunGraph& g) {
  std::uint64_t n = 0;
  for (const auto& node : g.run.nodes) n += node->items_in.load() + node->items_out.load();
  for (const auto& s : g.stages) n += s->done();
  return n;
}

Error stall_error(const RunGraph& g) {
  std::string waiting;
  for (const auto& s : g.stages)
    if (!s->done()) waiting += (waiting.empty() ? "" : "; ") + s->describe_wait();
  return make_error(ErrorCode::kStalled,
                    "the pipeline stopped making progress before its end: " + waiting);
}

ExecutionResult collect(const ValidatedRequest& request, RunGraph& g, double wall_ms) {
  ExecutionResult result;
  result.wall_ms = wall_ms;
  const Manifest& m = request.manifest();
  const Graph& graph = request.graph;
  result.graph_info.node_count = m.nodes.size();
  result.graph_info.source_count = graph.sources().size();
  result.graph_info.sink_count = graph.sinks().size();
  for (std::size_t i : graph.execution_order()) result.graph_info.execution_order.push_back(m.nodes[i].id);
  for (std::size_t sink : request.graph.sinks()) {
    result.outputs_by_node.emplace_back(m.nodes[sink].id, Value(std::move(g.stage_of[sink]->collected())));
  }
  for (const auto& n : g.run.nodes)
    result.metrics.push_back(NodeMetrics{n->id, n->items_in.load(), n->items_out.load(),
                                         static_cast<double>(n->busy_ns) / 1e6});
  if (g.run.options.trace) {
    for (auto& s : g.stages)
      std::move(s->trace().begin(), s->trace().end(), std::back_inserter(result.trace));
    std::sort(result.trace.begin(), result.trace.end(),
              [](const TraceSpan& a, const TraceSpan& b) { return a.start_ns < b.start_ns; });
  }
  return result;
}

class NodeProgress final : public ProgressView {
 public:
  explicit NodeProgress(const RunState& run) : run_(run) {}
  std::size_t node_count() const override { return run_.nodes.size(); }
  std::string_view node_id(std::size_t i) const override { return run_.nodes[i]->id; }
  std::uint64_t items_out(std::size_t i) const override {
    return run_.nodes[i]->items_out.load(std::memory_order_relaxed);
  }

 private:
  const RunState& run_;
};

// Drives one run with `drive` (which must return once nothing is runnable), then
// reports a stall if stages are left, making sure every stage still cleans up.
// `consumable_inputs`: the request's input_data when the caller handed the request over.
template <class Drive>
RunResult run_with(const ExecutorOptions& options, const ValidatedRequest& request,
                   std::vector<Value>* consumable_inputs, Scheduler& scheduler, Drive drive) {
  auto started = std::chrono::steady_clock::now();
  RunGraph g(options, request);
  g.run.consumable_inputs = consumable_inputs;
  g.run.scheduler = &scheduler;
  if (auto ok = create_nodes(request, g.run); !ok) return std::unexpected(std::move(ok).error());
  build_stages(request, g);
#if REMOTEMEDIA_HAS_THREADS
  std::atomic<bool> progress_done{false};
  std::thread progress;
  if (options.on_progress)
    progress = std::thread([&] {
      NodeProgress view(g.run);
      while (!progress_done.load()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        options.on_progress(view);
      }
    });
#endif
#if REMOTEMEDIA_HAS_THREADS
  std::optional<std::size_t> interrupt_token;
  if (options.interrupter)
    interrupt_token = options.interrupter->subscribe([&g, &scheduler] {
      // The single-threaded driver's queue belongs to its thread: there the stages see
      // the cancellation at their next step, and the ones left idle are woken below.
      if (g.run.fail(make_error(ErrorCode::kInterrupted, "the run was interrupted")) &&
          !scheduler.runs_on_caller())
        for (auto& s : g.stages) s->notify();
    });
#endif
  for (auto& s : g.stages) s->notify();
  drive();
  // Nothing can run. Capacity is soft: stages that wait for room in an output take a
  // step over it, round after round while that moves the run (Stage::step_over_capacity).
  for (std::uint64_t moved = work_done(g); !g.run.cancelled() && !all_done(g);) {
    if (!Stage::step_over_capacity(g.run.stages)) break;
    drive();
    const std::uint64_t before = std::exchange(moved, work_done(g));
    if (moved == before) break;
  }
  if (!all_done(g)) {
    if (!g.run.cancelled()) g.run.fail(stall_error(g));
    for (auto& s : g.stages) s->notify();  // cancelled now: each one cleans up
    drive();
  }
#if REMOTEMEDIA_HAS_THREADS
  if (interrupt_token) options.interrupter->unsubscribe(*interrupt_token);
  if (progress.joinable()) {
    progress_done = true;
    progress.join();
  }
#endif
  Errors errors = g.run.take_errors();
  if (!errors.empty()) return std::unexpected(std::move(errors));
  double wall_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return collect(request, g, wall_ms);
}

}  // namespace
}  // namespace detail

Executor::Executor(const NodeRegistry& registry, ExecutorOptions options)
    : registry_(registry), options_(std::move(options)) {}

namespace {

RunResult run_sync_with(const ExecutorOptions& options, const ValidatedRequest& request,
                        std::vector<Value>* consumable_inputs) {
  detail::SyncScheduler scheduler;
  return detail::run_with(options, request, consumable_inputs, scheduler,
                          [&] { scheduler.run_until_idle(); });
}

RunResult run_concurrent_with(const ExecutorOptions& options, const ValidatedRequest& request,
                              std::vector<Value>* consumable_inputs) {
#if REMOTEMEDIA_HAS_THREADS
  std::size_t workers = options.workers;
  if (workers == 0) workers = std::max(2u, std::thread::hardware_concurrency());
  detail::PoolScheduler scheduler(workers);
  return detail::run_with(options, request, consumable_inputs, scheduler,
                          [&] { scheduler.wait_until_idle(); });
#else
  return run_sync_with(options, request, consumable_inputs);
#endif
}

}  // namespace

RunResult Executor::run_sync(const ValidatedRequest& request) const {
  return run_sync_with(options_, request, nullptr);
}

RunResult Executor::run_sync(ValidatedRequest&& request) const {
  return run_sync_with(options_, request, &request.request.input_data);
}

RunResult Executor::run_concurrent(const ValidatedRequest& request) const {
  return run_concurrent_with(options_, request, nullptr);
}

RunResult Executor::run_concurrent(ValidatedRequest&& request) const {
  return run_concurrent_with(options_, request, &request.request.input_data);
}

namespace {

Value envelope_with(const Value& manifest, std::vector<Value> inputs) {
  return Value::Object{{"manifest", manifest}, {"input_data", Value(std::move(inputs))}};
}

}  // namespace

RunResult Executor::execute_sync(const Value& document) const {
  auto request = validate(document, registry_);
  if (!request) return std::unexpected(std::move(request).error());
  return run_sync(std::move(*request));
}

RunResult Executor::execute_with_input_sync(const Value& manifest, std::vector<Value> inputs) const {
  return execute_sync(envelope_with(manifest, std::move(inputs)));
}

namespace {

// Runs `work` off the awaiting coroutine's thread and resumes it there when done, so a
// coroutine awaiting a pipeline never blocks its own thread.
template <class Work>
struct OffThread {
  Work work;
  RunResult result = std::unexpected(Errors{});
  bool await_ready() const noexcept { return !REMOTEMEDIA_HAS_THREADS; }
  void await_suspend(std::coroutine_handle<> h) {
#if REMOTEMEDIA_HAS_THREADS
    std::thread([this, h] {
      result = work();
      h.resume();
    }).detach();
#else
    (void)h;
#endif
  }
  RunResult await_resume() {
    if (!REMOTEMEDIA_HAS_THREADS) result = work();
    return std::move(result);
  }
};

}  // namespace

Task<RunResult> Executor::execute(Value document) const {
  auto request = validate(document, registry_);
  if (!request) co_return std::unexpected(std::move(request).error());
  auto work = [this, &request] { return run_concurrent(std::move(*request)); };
  co_return co_await OffThread<decltype(work)>{work};
}

Task<RunResult> Executor::execute_with_input(Value manifest, std::vector<Value> inputs) const {
  co_return co_await execute(envelope_with(manifest, std::move(inputs)));
}

std::vector<Value> ExecutionResult::outputs() const {
  std::vector<Value> all;
  for (const auto& [id, items] : outputs_by_node)
    all.insert(all.end(), items.as_array().begin(), items.as_array().end());
  return all;
}

Value ExecutionResult::to_value() const {
  Value::Object by_node(outputs_by_node.begin(), outputs_by_node.end());
  // One sink (the common case): "outputs" is the same array, shared rather than copied.
  Value all = outputs_by_node.size() == 1 ? outputs_by_node.front().second : Value(outputs());
  Value::Array order(graph_info.execution_order.begin(), graph_info.execution_order.end());
  Value::Object info{{"node_count", graph_info.node_count},
                     {"source_count", graph_info.source_count},
                     {"sink_count", graph_info.sink_count},
                     {"execution_order", std::move(order)}};
  Value::Object nodes;
  for (const NodeMetrics& n : metrics)
    nodes.emplace_back(n.id, Value::Object{{"items_in", n.items_in},
                                           {"items_out", n.items_out},
                                           {"busy_ms", n.busy_ms}});
  return Value::Object{{"status", "success"},
                       {"outputs", std::move(all)},
                       {"outputs_by_node", std::move(by_node)},
                       {"graph_info", std::move(info)},
                       {"metrics", Value::Object{{"wall_ms", wall_ms}, {"nodes", std::move(nodes)}}}};
}

Value errors_to_value(const Errors& errors) {
  Value::Array list;
  for (const Error& e : errors) {
    Value::Object o{{"code", to_string(e.code)}, {"message", e.message}};
    if (!e.path.empty()) o.emplace_back("path", e.path);
    if (e.line) o.emplace_back("line", *e.line);
    if (e.column) o.emplace_back("column", *e.column);
    if (!e.node.empty()) o.emplace_back("node", e.node);
    if (!e.node_type.empty()) o.emplace_back("node_type", e.node_type);
    if (e.timestamp) o.emplace_back("timestamp", *e.timestamp);
    if (!e.traceback.empty()) o.emplace_back("traceback", e.traceback);
    list.emplace_back(std::move(o));
  }
  return Value::Object{{"status", "error"}, {"errors", std::move(list)}};
}

}  // namespace remotemedia
