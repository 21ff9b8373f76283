// A stage: a maximal chain of nodes linked one-to-one, run as one unit of scheduling.
//
// Inside a stage an item goes from node to node through per-node buffers, iteratively
// (a 10 000-node chain costs no stack) and with no locking. Between stages items travel
// through Channels. A stage is run by at most one thread at a time: notify() moves it
// Idle → Queued (and submits it) or Running → RunningNotified (it steps once more), so a
// wake-up that races with a running step is never lost.
//
// One step takes input (generated items, the run's input items, or items merged from
// its channels by (timestamp, connection order, emission order)), runs it through the
// chain, and pushes the results; it stops when input runs dry, when an output channel
// is full, or after a budget of items (so bounds flow and other stages get a turn). At
// end of stream it flushes each node in chain order, closes its outputs and runs every
// cleanup().
#pragma once

#include <atomic>
#include <memory>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#if REMOTEMEDIA_HAS_THREADS
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

#include "exec/channel.h"
#include "core/platform.h"
#include "exec/run_state.h"
#include "remotemedia/executor.h"

namespace remotemedia::detail {

// Collects what a node emits into the next node's buffer, stamped with the timestamp
// of the item being handled (or, for a generator, each with the next timestamp): the
// Emitter's inline path.
class ChainEmitter final : public Emitter {
 public:
  // `generated` is set for a generator: each emitted item takes the next timestamp.
  ChainEmitter(std::vector<TimedItem>& out, std::int64_t timestamp, std::int64_t* generated = nullptr)
      : Emitter(out, timestamp, generated) {}

 private:
  // Not called by emit(), which appends to the buffer itself; the same if it were.
  void deliver(Value&& item) override { emit(std::move(item)); }
};

class Stage {
 public:
  enum class Input { kGenerator, kRunInputs, kChannels };

  Stage(RunState& run, std::vector<NodeRuntime*> chain, Input input);

  void add_input(Channel* channel) { inputs_.push_back(channel); }
  void add_output(Channel* channel) { outputs_.push_back(channel); }
  // Marks the last node as a sink: its items are collected instead of pushed.
  bool is_sink() const { return outputs_.empty(); }

  // Wakes the stage: something it waits for may have changed.
  void notify();
  // Called by a scheduler thread for a submitted stage.
  void run();

  bool done() const { return state_.load(std::memory_order_acquire) == kDone; }
  bool reads_run_inputs() const { return input_kind_ == Input::kRunInputs; }
  ExecutionLane* lane() const { return chain_.front()->lane; }
  const std::vector<NodeRuntime*>& chain() const { return chain_; }
  std::vector<Value>& collected() { return collected_; }
  std::vector<TraceSpan>& trace() { return trace_; }
  // For stall reports: what this stage is waiting for.
  std::string describe_wait() const;
  // For the driver once no stage can run: a stage waiting for room in an output takes its
  // next step over capacity (capacity is soft). Queues that fill on the way into a fan-in
  // can wait on each other in a cycle: the fan-in waits for an item of one input whose
  // producer waits for room on the other. False if this stage waits for no room.
  bool step_over_capacity();
  // step_over_capacity() for each of `stages` but `except`; true if any waited for room.
  static bool step_over_capacity(const std::vector<Stage*>& stages, const Stage* except = nullptr);

 private:
  enum State : int { kIdle, kQueued, kRunning, kRunningNotified, kDone };
  enum class StepOutcome { kWait, kYield, kDone };

  StepOutcome step();
  // The nodes run one after the other on this thread: batches until the budget is spent,
  // input runs dry or an output is full. Run inside the lane's run_inline().
  StepOutcome step_batches();
  StepOutcome step_async();             // a stage of one asynchronous node
  StepOutcome step_streaming();         // a stage of one streaming node

  // Streaming: the node pulls through a StreamPort and emits into it. Natively the call
  // runs on a thread of its own, woken by notify(); the single-threaded driver runs it
  // inside the step and runs other stages while it waits.
  class StreamPort;
  void run_stream();                    // the whole stream, then flush, close, cleanup
  std::optional<Value> pull();
  void push_streamed(Value item);
  bool wait_for_progress();             // false when nothing can make progress
  enum StreamState : int { kStreamNotStarted, kStreamRunning, kStreamFinished };
  std::atomic<int> stream_state_{kStreamNotStarted};
  bool stream_stalled_ = false;
#if REMOTEMEDIA_HAS_THREADS
  std::thread stream_thread_;
  std::mutex stream_mutex_;
  std::condition_variable stream_cv_;
  bool stream_wake_ = false;
  // The stream's thread waits, without its hold on the scheduler: the run may look idle
  // (and the driver step stages over capacity). Its waker holds it again.
  bool stream_waiting_ = false;
#endif
  StepOutcome finish();                 // flush, close, cleanup
  StepOutcome cancel();                 // cleanup only
  bool initialize();
  // Next input item; false with `exhausted` set at end of stream, or false when it must
  // wait for a producer.
  bool next_input(TimedItem& item, bool& exhausted);
  bool next_merged(TimedItem& item, bool& exhausted);
  bool process_from(std::size_t first_node, TimedItem item);  // false on node error
  bool run_chain(std::size_t first_node);
  // Moves the last buffer to the outputs (or collected_), converting opaque items that
  // leave their domain; false when one has no Value form (the run is then failed).
  bool emit_outputs();
  bool materialize(TimedItem& item);
  bool outputs_full() const;
  // Full outputs suspend the step, unless it runs over capacity (step_over_capacity()).
  bool waits_for_room() const { return !over_capacity_ && outputs_full(); }
  std::int64_t input_lower_bound();
  // Every input item has been taken: the inputs are closed and drained (or the run's
  // input all read), and none waits in this stage.
  bool input_taken();
  void publish_bound();
  void node_failed(NodeRuntime& node, Error error, std::optional<std::int64_t> timestamp);
  void cleanup_nodes();
  bool timed() const { return run_.options.node_timing || run_.options.trace; }
  std::int64_t clock() const { return timed() ? run_.now_ns() : 0; }  // now, if timed()
  // If timed(), adds the time since start_ns to the node's busy time and, with a phase,
  // a trace span. Inline: it is called per generated item, and untimed runs are the rule.
  void record(NodeRuntime& node, std::int64_t timestamp, std::int64_t start_ns, const char* phase) {
    if (timed()) record_timed(node, timestamp, start_ns, phase);
  }
  void record_timed(NodeRuntime& node, std::int64_t timestamp, std::int64_t start_ns, const char* phase);

  RunState& run_;
  std::vector<NodeRuntime*> chain_;
  Input input_kind_;
  std::vector<Channel*> inputs_;
  std::vector<Channel*> outputs_;
  std::atomic<int> state_{kIdle};
  bool initialized_ = false;
  std::atomic<bool> next_step_over_capacity_{false};  // set by step_over_capacity()
  bool over_capacity_ = false;                         // this step runs over capacity

  // buffers_[k]: items waiting for chain_[k]; buffers_[chain size]: the stage's output.
  std::vector<std::vector<TimedItem>> buffers_;
  std::vector<TimedItem> batch_;        // popped from a single input channel, not yet run
  std::size_t batch_pos_ = 0;
  std::int64_t generated_ = 0;          // generator: next timestamp
  std::size_t next_run_input_ = 0;      // kRunInputs: next input item
  std::int64_t merge_timestamp_ = -1;   // kChannels with fan-in: timestamp being merged
  std::size_t merge_channel_ = 0;       // ... and the channel being drained at it
  std::int64_t published_bound_ = 0;
  // Asynchronous node: the call in flight. Its emitter writes into buffers_[1].
  enum AsyncState : int { kAsyncIdle, kAsyncPending, kAsyncDone };
  std::atomic<int> async_state_{kAsyncIdle};
  Result<void> async_result_;
  std::int64_t async_timestamp_ = 0;
  std::unique_ptr<ChainEmitter> async_emitter_;
  bool finish_async_call();             // false when the call failed (the run is cancelled)
  std::vector<Value> collected_;        // sink only: emission order is timestamp order
  void reserve_collected(std::size_t more);
  std::vector<TraceSpan> trace_;
};

}  // namespace remotemedia::detail
