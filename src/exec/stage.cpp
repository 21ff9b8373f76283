#include "exec/stage.h"

#include <algorithm>
#include <string>

namespace remotemedia::detail {
namespace {

// Items a step takes before it yields, so that bounds flow and other stages run.
constexpr int kStepBudget = 256;
// Items taken from the input before running them through the chain.
constexpr std::size_t kBatch = 64;
constexpr std::size_t kPopBatch = 256;
// The payload bytes a generator's batch may hold before it runs through the chain: input
// items exist already, but generated ones are made by the batch, and 64 video frames
// would be 64 times the memory of one.
constexpr std::size_t kBatchBytes = std::size_t{1} << 20;

// What an item holds that a batch would multiply. An opaque item (a Python object) has a
// size the stage cannot see: it counts as a whole batch, so that such items go through
// the chain one at a time.
std::size_t held_bytes(const Value& item) {
  switch (item.kind()) {
    case Value::Kind::kTensor: return item.as_tensor().byte_size();
    case Value::Kind::kBytes: return item.as_bytes().size();
    case Value::Kind::kString: return item.as_string().size();
    case Value::Kind::kOpaque: return kBatchBytes;
    default: return 0;
  }
}

// Single writer; readers are progress displays. A plain load+store avoids a locked
// read-modify-write on every item.
void bump(std::atomic<std::uint64_t>& counter, std::uint64_t n) {
  counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

}  // namespace

Stage::Stage(RunState& run, std::vector<NodeRuntime*> chain, Input input)
    : run_(run), chain_(std::move(chain)), input_kind_(input), buffers_(chain_.size() + 1) {}

void Stage::notify() {
  int s = state_.load(std::memory_order_acquire);
  for (;;) {
    if (s == kIdle) {
      if (state_.compare_exchange_weak(s, kQueued, std::memory_order_acq_rel)) {
        run_.scheduler->submit(this);
        return;
      }
    } else if (s == kRunning) {
      if (state_.compare_exchange_weak(s, kRunningNotified, std::memory_order_acq_rel)) return;
    } else {
      return;  // already queued, already notified, or done
    }
  }
}

void Stage::run() {
  state_.store(kRunning, std::memory_order_release);
  for (;;) {
    StepOutcome outcome = step();
    if (outcome == StepOutcome::kDone) {
      state_.store(kDone, std::memory_order_release);
      return;
    }
    if (outcome == StepOutcome::kYield) {
      state_.store(kQueued, std::memory_order_release);
      run_.scheduler->submit(this);
      return;
    }
    int expected = kRunning;
    if (state_.compare_exchange_strong(expected, kIdle, std::memory_order_acq_rel)) return;
    state_.store(kRunning, std::memory_order_release);  // notified while stepping: go again
  }
}

Stage::StepOutcome Stage::step() {
  // A call in flight writes into this stage: never finish (or clean up) under it.
  if (async_state_.load(std::memory_order_acquire) == kAsyncPending) return StepOutcome::kWait;
  if (stream_state_.load(std::memory_order_acquire) != kStreamNotStarted) return step_streaming();
  over_capacity_ = next_step_over_capacity_.exchange(false, std::memory_order_acq_rel);
  if (run_.cancelled()) return cancel();
  if (!initialized_) {
    if (!initialize()) return cancel();
    if (run_.uninitialized_stages.fetch_sub(1, std::memory_order_acq_rel) == 1)
      for (Stage* s : run_.stages)
        if (s != this) s->notify();
  }
  if (run_.uninitialized_stages.load(std::memory_order_acquire) > 0) return StepOutcome::kWait;
  if (chain_.front()->node->is_async()) return step_async();
  if (chain_.front()->node->is_streaming()) return step_streaming();
  // Full outputs suspend a stage that has input left to process. One whose input is all
  // taken goes on to flush and close its outputs (capacity is soft): consumers waiting on
  // a fan-in for its bound to pass its last timestamp could otherwise wait forever, while
  // the item that fills this stage's output waits for them.
  if (waits_for_room() && !input_taken()) {
    publish_bound();
    return StepOutcome::kWait;
  }
  ExecutionLane* lane = this->lane();
  if (lane == nullptr) return step_batches();
  StepOutcome outcome = StepOutcome::kDone;
  lane->run_inline([&] { outcome = step_batches(); });
  return outcome;
}

Stage::StepOutcome Stage::step_batches() {
  for (int budget = kStepBudget; budget > 0;) {
    if (input_kind_ == Input::kGenerator) {
      // Generate a batch (up to kBatch items or kBatchBytes), then run it through the
      // chain node by node, as input items are: a chain handed one item at a time pays
      // each node's per-call work per item.
      NodeRuntime& source = *chain_.front();
      std::vector<TimedItem>& out = buffers_[1];
      ChainEmitter emitter(out, 0, &generated_);
      Result<bool> more = true;
      std::int64_t failed_at = 0;
      std::size_t held = 0;
      while (out.size() < kBatch && held < kBatchBytes && budget > 0) {
        std::size_t before = out.size();
        std::int64_t first = generated_;
        std::int64_t start = clock();
        more = source.node->generate(emitter);
        record(source, first, start, "generate");
        if (!more) {
          // What the failing call emitted is dropped, as if it had emitted nothing; the
          // items before it still run, so an earlier failure downstream is reported first.
          out.erase(out.begin() + static_cast<std::ptrdiff_t>(before), out.end());
          generated_ = first;
          failed_at = first;
        }
        for (std::size_t i = before; i < out.size(); ++i) held += held_bytes(out[i].value);
        budget -= std::max(1, static_cast<int>(out.size() - before));  // items, or the call
        bump(source.items_out, out.size() - before);
        if (generated_ > first) source.last_timestamp = generated_ - 1;
        if (!more || !*more) break;
      }
      if (!run_chain(1) || !emit_outputs()) return cancel();
      if (!more) {
        node_failed(source, std::move(more).error(), failed_at);
        return cancel();
      }
      if (!*more) return finish();
    } else {
      // Take a batch, then run it through the chain node by node: one timing per node
      // per batch, and each node's code stays hot in the cache.
      bool exhausted = false;
      std::vector<TimedItem>& batch = buffers_.front();
      TimedItem item;
      while (batch.size() < kBatch && next_input(item, exhausted)) batch.push_back(std::move(item));
      if (batch.empty()) {
        if (exhausted) return finish();
        publish_bound();
        return StepOutcome::kWait;
      }
      budget -= static_cast<int>(batch.size());
      if (!run_chain(0) || !emit_outputs()) return cancel();
      if (exhausted) return finish();
    }
    if (run_.cancelled()) return cancel();
    if (waits_for_room()) {
      publish_bound();
      return StepOutcome::kWait;
    }
  }
  publish_bound();
  return StepOutcome::kYield;
}

Stage::StepOutcome Stage::step_async() {
  NodeRuntime& n = *chain_.front();
  if (async_state_.load(std::memory_order_acquire) == kAsyncDone && !finish_async_call())
    return cancel();
  for (int budget = kStepBudget; budget > 0; --budget) {
    if (waits_for_room()) {
      publish_bound();
      return StepOutcome::kWait;
    }
    TimedItem item;
    bool exhausted = false;
    if (!next_input(item, exhausted)) {
      if (exhausted) return finish();
      publish_bound();
      return StepOutcome::kWait;
    }
    n.last_timestamp = item.timestamp;
    bump(n.items_in, 1);
    async_timestamp_ = item.timestamp;
    async_emitter_ = std::make_unique<ChainEmitter>(buffers_[1], item.timestamp);
    async_state_.store(kAsyncPending, std::memory_order_release);
    run_.scheduler->hold();
    n.node->process_async(std::move(item.value), *async_emitter_, [this](Result<void> r) {
      async_result_ = std::move(r);
      async_state_.store(kAsyncDone, std::memory_order_release);
      notify();
      run_.scheduler->release();  // after notify: the run never looks idle in between
    });
    if (async_state_.load(std::memory_order_acquire) == kAsyncPending) {
      publish_bound();
      return StepOutcome::kWait;
    }
    if (!finish_async_call()) return cancel();  // it completed before returning
  }
  publish_bound();
  return StepOutcome::kYield;
}

bool Stage::finish_async_call() {
  NodeRuntime& n = *chain_.front();
  async_state_.store(kAsyncIdle, std::memory_order_release);
  async_emitter_.reset();
  bump(n.items_out, buffers_[1].size());
  if (!async_result_) {
    node_failed(n, std::move(async_result_).error(), async_timestamp_);
    async_result_ = {};
    return false;
  }
  if (run_.cancelled()) return false;
  return emit_outputs();
}

class Stage::StreamPort final : public InputStream, public Emitter {
 public:
  explicit StreamPort(Stage& stage) : stage_(stage) {}
  std::optional<Value> next() override { return stage_.pull(); }
  void deliver(Value&& item) override { stage_.push_streamed(std::move(item)); }

 private:
  Stage& stage_;
};

Stage::StepOutcome Stage::step_streaming() {
  int state = stream_state_.load(std::memory_order_acquire);
  if (state == kStreamNotStarted) {
    stream_state_.store(kStreamRunning, std::memory_order_release);
    if (run_.scheduler->runs_on_caller()) {
      run_stream();
      stream_state_.store(kStreamFinished, std::memory_order_release);
      return StepOutcome::kDone;
    }
#if REMOTEMEDIA_HAS_THREADS
    run_.scheduler->hold();
    stream_thread_ = std::thread([this] {
      run_stream();
      stream_state_.store(kStreamFinished, std::memory_order_release);
      notify();
      run_.scheduler->release();  // after notify: the run never looks idle in between
    });
#endif
    return StepOutcome::kWait;
  }
#if REMOTEMEDIA_HAS_THREADS
  if (state == kStreamRunning) {
    {
      std::lock_guard lock(stream_mutex_);
      stream_wake_ = true;
      if (stream_waiting_) {
        stream_waiting_ = false;
        run_.scheduler->hold();  // before it runs: the run never looks idle while it does
      }
    }
    stream_cv_.notify_one();
    return StepOutcome::kWait;
  }
  if (stream_thread_.joinable()) stream_thread_.join();
#endif
  return StepOutcome::kDone;
}

void Stage::run_stream() {
  NodeRuntime& n = *chain_.front();
  StreamPort port(*this);
  std::int64_t start = clock();
  Result<void> ok = n.node->process_stream(port, port);
  record(n, -1, start, "stream");
  if (stream_stalled_) {
    Error e = make_error(ErrorCode::kStalled, "the pipeline stopped making progress while \"" + n.id +
                                                  "\" waited for input or for room in an output");
    e.node = n.id;
    e.node_type = n.node_type;
    if (run_.fail(std::move(e)))
      for (Stage* s : run_.stages)
        if (s != this) s->notify();
  } else if (!ok) {
    node_failed(n, std::move(ok).error(), n.last_timestamp);
  }
  if (run_.cancelled()) {
    cleanup_nodes();
    return;
  }
  finish();  // flush, close the outputs, clean up
}

std::optional<Value> Stage::pull() {
  NodeRuntime& n = *chain_.front();
  for (;;) {
    if (run_.cancelled() || stream_stalled_) return std::nullopt;
    TimedItem item;
    bool exhausted = false;
    if (next_input(item, exhausted)) {
      n.last_timestamp = item.timestamp;
      bump(n.items_in, 1);
      return std::move(item.value);
    }
    if (exhausted) return std::nullopt;
    publish_bound();
    if (!wait_for_progress()) {
      stream_stalled_ = true;
      return std::nullopt;
    }
  }
}

void Stage::push_streamed(Value item) {
  if (run_.cancelled() || stream_stalled_) return;
  NodeRuntime& n = *chain_.front();
  buffers_[1].push_back(TimedItem{n.last_timestamp, std::move(item)});
  bump(n.items_out, 1);
  if (!emit_outputs()) return;  // the run is cancelled: pulls end the stream
  while (outputs_full() && !run_.cancelled()) {
    // Nothing else could run (step_over_capacity()): the stream goes on over capacity.
    if (next_step_over_capacity_.exchange(false, std::memory_order_acq_rel)) return;
    publish_bound();
    if (!wait_for_progress()) return;  // the same, on the single-threaded driver
  }
}

bool Stage::wait_for_progress() {
  if (run_.scheduler->runs_on_caller()) {
    if (run_.scheduler->run_one()) return true;
    // Nothing can run: stages waiting for room step over capacity, as the driver has
    // them do between its rounds.
    return step_over_capacity(run_.stages, this) && run_.scheduler->run_one();
  }
#if REMOTEMEDIA_HAS_THREADS
  std::unique_lock lock(stream_mutex_);
  if (!stream_wake_) {
    stream_waiting_ = true;
    run_.scheduler->release();
    stream_cv_.wait(lock, [&] { return stream_wake_; });
  }
  stream_wake_ = false;
#endif
  return true;
}

bool Stage::initialize() {
  initialized_ = true;
  for (NodeRuntime* n : chain_) {
    std::int64_t start = clock();
    n->initialized = true;
    Result<void> ok = n->node->initialize();
    record(*n, -1, start, "initialize");
    if (!ok) {
      node_failed(*n, std::move(ok).error(), std::nullopt);
      return false;
    }
  }
  return true;
}

bool Stage::next_input(TimedItem& item, bool& exhausted) {
  switch (input_kind_) {
    case Input::kGenerator:
      return false;  // generators are driven by step() directly
    case Input::kRunInputs:
      if (next_run_input_ == run_.inputs.size()) {
        exhausted = true;
        return false;
      }
      // Two statements, not one conditional expression: its branches (a Value&& and a
      // const Value&) meet in a const Value, which the .wasm's clang copied into the item,
      // so the inputs stayed alive for the whole run.
      if (run_.consumable_inputs)
        item = TimedItem{static_cast<std::int64_t>(next_run_input_),
                         std::move((*run_.consumable_inputs)[next_run_input_])};
      else
        item = TimedItem{static_cast<std::int64_t>(next_run_input_), run_.inputs[next_run_input_]};
      ++next_run_input_;
      return true;
    case Input::kChannels:
      break;
  }
  if (inputs_.size() > 1) return next_merged(item, exhausted);
  if (batch_pos_ == batch_.size()) {
    batch_.clear();
    batch_pos_ = 0;
    bool drained = false;
    Channel& in = *inputs_.front();
    if (in.pop_batch(batch_, kPopBatch, drained) == 0) {
      exhausted = in.exhausted();
      return false;
    }
    if (drained) in.producer()->notify();
  }
  item = std::move(batch_[batch_pos_++]);
  return true;
}

// DESIGN §5 fan-in: items of timestamp t are taken only once every input is bounded
// above t or closed, channel by channel in connection order.
bool Stage::next_merged(TimedItem& item, bool& exhausted) {
  for (;;) {
    if (merge_timestamp_ < 0) {
      std::int64_t lowest = kNoMoreItems;
      for (Channel* c : inputs_) lowest = std::min(lowest, c->lower_bound());
      if (lowest == kNoMoreItems) {
        exhausted = true;
        return false;
      }
      merge_timestamp_ = lowest;
      merge_channel_ = 0;
    }
    if (merge_channel_ == inputs_.size()) {
      merge_timestamp_ = -1;
      continue;
    }
    Channel& c = *inputs_[merge_channel_];
    bool drained = false;
    if (c.pop_if(merge_timestamp_, item, drained)) {
      if (drained) c.producer()->notify();
      return true;
    }
    if (c.lower_bound() > merge_timestamp_) {
      ++merge_channel_;
      continue;
    }
    return false;  // this channel may still send items at merge_timestamp_
  }
}

bool Stage::process_from(std::size_t first_node, TimedItem item) {
  buffers_[first_node].push_back(std::move(item));
  return run_chain(first_node);
}

bool Stage::run_chain(std::size_t first_node) {
  const bool per_item_spans = run_.options.trace;
  for (std::size_t k = first_node; k < chain_.size(); ++k) {
    std::vector<TimedItem>& in = buffers_[k];
    if (in.empty()) return true;
    std::vector<TimedItem>& out = buffers_[k + 1];
    NodeRuntime& n = *chain_[k];
    Node& node = *n.node;  // held across the batch: one load less before each call
    std::size_t before = out.size();
    ChainEmitter emitter(out, 0);
    std::size_t failed = 0;
    Result<void> ok;
    if (per_item_spans) {
      // A batch of one item per call, each timed on its own.
      for (std::size_t i = 0; ok && i < in.size(); ++i) {
        std::int64_t start = clock();
        ok = node.process_batch(std::span(in).subspan(i, 1), emitter, failed);
        record(n, in[i].timestamp, start, "process");
        if (!ok) failed = i;
      }
    } else {
      std::int64_t batch_start = clock();
      ok = node.process_batch(in, emitter, failed);
      if (ok) record(n, -1, batch_start, nullptr);
    }
    if (!ok) {
      n.last_timestamp = in[failed].timestamp;
      bump(n.items_in, failed + 1);
      node_failed(n, std::move(ok).error(), in[failed].timestamp);
      in.clear();
      return false;
    }
    n.last_timestamp = in.back().timestamp;
    bump(n.items_in, in.size());
    bump(n.items_out, out.size() - before);
    in.clear();
  }
  return true;
}

void Stage::reserve_collected(std::size_t more) {
  // A sink's results can be millions of items. Doubling would write every item into
  // fresh memory about twice over (each growth moves them into a new block), and on a
  // virtual machine first touches of memory (page faults) were most of a 10-node chain's
  // time. Growing 4x while the block is under 64 MiB writes 1.33x; capacity reserved and
  // not used is address space the system never backs with memory.
  constexpr std::size_t kFastGrowthLimit = (std::size_t{64} << 20) / sizeof(Value);
  const std::size_t need = collected_.size() + more;
  if (need <= collected_.capacity()) return;
  const std::size_t grown = collected_.capacity() < kFastGrowthLimit ? collected_.capacity() * 4
                                                                     : collected_.capacity() * 2;
  collected_.reserve(std::max({need, grown, std::size_t{256}}));
}

bool Stage::emit_outputs() {
  std::vector<TimedItem>& out = buffers_.back();
  if (out.empty()) return true;
  bool ok = true;
  if (outputs_.empty()) {
    reserve_collected(out.size());
    for (TimedItem& it : out) {
      if (it.value.is_opaque() && !(ok = materialize(it))) break;
      collected_.push_back(std::move(it.value));
    }
  } else {
    for (TimedItem& it : out) {
      // An opaque item stays as it is for consumers of its own domain (the next Python
      // node on the same lane); every other consumer gets its Value form, made once.
      std::optional<TimedItem> plain;
      for (std::size_t c = 0; c < outputs_.size() && ok; ++c) {
        const bool last = c + 1 == outputs_.size();
        if (it.value.is_opaque() && it.value.as_opaque().domain() != outputs_[c]->consumer()->lane()) {
          if (!plain) {
            plain = it;
            if (!(ok = materialize(*plain))) break;
          }
          outputs_[c]->push(last ? std::move(*plain) : *plain);
        } else {
          outputs_[c]->push(last ? std::move(it) : it);
        }
      }
      if (!ok) break;
    }
    for (Channel* c : outputs_) c->consumer()->notify();
  }
  out.clear();
  return ok;
}

bool Stage::materialize(TimedItem& item) {
  Result<Value> plain = item.value.as_opaque().materialize();
  if (!plain) {
    node_failed(*chain_.back(), std::move(plain).error(), item.timestamp);
    return false;
  }
  item.value = std::move(*plain);
  return true;
}

bool Stage::step_over_capacity() {
  if (done() || !outputs_full()) return false;
  next_step_over_capacity_.store(true, std::memory_order_release);
  notify();
  return true;
}

bool Stage::step_over_capacity(const std::vector<Stage*>& stages, const Stage* except) {
  bool released = false;
  for (Stage* s : stages)
    if (s != except) released = s->step_over_capacity() || released;
  return released;
}

bool Stage::outputs_full() const {
  for (Channel* c : outputs_)
    if (c->full()) return true;
  return false;
}

bool Stage::input_taken() {
  switch (input_kind_) {
    case Input::kGenerator: return false;  // only generate() knows
    case Input::kRunInputs: return next_run_input_ == run_.inputs.size();
    case Input::kChannels: return input_lower_bound() == kNoMoreItems;
  }
  return false;
}

std::int64_t Stage::input_lower_bound() {
  // An asynchronous call in flight may still emit at its item's timestamp.
  if (async_state_.load(std::memory_order_acquire) != kAsyncIdle) return async_timestamp_;
  switch (input_kind_) {
    case Input::kGenerator: return generated_;
    case Input::kRunInputs: return static_cast<std::int64_t>(next_run_input_);
    case Input::kChannels: break;
  }
  if (batch_pos_ < batch_.size()) return batch_[batch_pos_].timestamp;
  if (merge_timestamp_ >= 0) return merge_timestamp_;
  std::int64_t lowest = kNoMoreItems;
  for (Channel* c : inputs_) lowest = std::min(lowest, c->lower_bound());
  return lowest;
}

void Stage::publish_bound() {
  if (outputs_.empty()) return;
  std::int64_t bound = input_lower_bound();
  // Nodes that emit at the end of stream, and streaming nodes (whose items carry the
  // timestamp of the latest item pulled), may still emit at their last input timestamp.
  for (NodeRuntime* n : chain_)
    if (n->node->emits_on_flush() || n->node->is_streaming())
      bound = std::min(bound, n->last_timestamp);
  if (bound <= published_bound_) return;
  published_bound_ = bound;
  for (Channel* c : outputs_)
    if (c->raise_bound(bound)) c->consumer()->notify();
}

Stage::StepOutcome Stage::finish() {
  for (std::size_t k = 0; k < chain_.size(); ++k) {
    NodeRuntime& n = *chain_[k];
    std::vector<TimedItem>& out = buffers_[k + 1];
    std::size_t before = out.size();
    ChainEmitter emitter(out, n.last_timestamp);
    std::int64_t start = clock();
    Result<void> ok = n.node->flush(emitter);
    record(n, n.last_timestamp, start, "flush");
    bump(n.items_out, out.size() - before);
    if (!ok) {
      node_failed(n, std::move(ok).error(), n.last_timestamp);
      return cancel();
    }
    if (!run_chain(k + 1) || !emit_outputs()) return cancel();
  }
  for (Channel* c : outputs_) {
    c->close();
    c->consumer()->notify();
  }
  cleanup_nodes();
  return StepOutcome::kDone;
}

Stage::StepOutcome Stage::cancel() {
  for (std::vector<TimedItem>& b : buffers_) b.clear();
  cleanup_nodes();
  return StepOutcome::kDone;
}

void Stage::cleanup_nodes() {
  for (NodeRuntime* n : chain_) {
    if (!n->initialized) continue;
    n->initialized = false;
    std::int64_t start = clock();
    n->node->cleanup();
    record(*n, -1, start, "cleanup");
  }
}

void Stage::node_failed(NodeRuntime& node, Error error, std::optional<std::int64_t> timestamp) {
  std::string where = timestamp ? " on the item at timestamp " + std::to_string(*timestamp) : "";
  error.message = "node \"" + node.id + "\" (" + node.node_type + ") failed" + where + ": " +
                  error.message;
  error.code = ErrorCode::kNodeFailed;
  error.node = node.id;
  error.node_type = node.node_type;
  error.timestamp = timestamp;
  error.path.clear();
  if (run_.fail(std::move(error)))
    for (Stage* s : run_.stages)
      if (s != this) s->notify();
}

void Stage::record_timed(NodeRuntime& node, std::int64_t timestamp, std::int64_t start_ns, const char* phase) {
  std::int64_t end = run_.now_ns();
  node.busy_ns += end - start_ns;
  if (run_.options.trace && phase)
    trace_.push_back(TraceSpan{static_cast<std::uint32_t>(node.index), timestamp, t_worker_index, start_ns,
                               end - start_ns, phase});
}

std::string Stage::describe_wait() const {
  std::string s = "stage [";
  for (std::size_t i = 0; i < chain_.size(); ++i) s += (i ? ", " : "") + chain_[i]->id;
  s += "]";
  if (outputs_full()) s += " waits for room in an output";
  else s += " waits for input";
  return s;
}

}  // namespace remotemedia::detail
