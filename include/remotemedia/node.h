// remotemedia — the node contract.
//
// A node is constructed from its validated params, then the executor calls, on one
// thread at a time (never concurrently for the same node):
//   initialize()                once, before any item;
//   process(item, out)          once per input item, in the order of DESIGN §5
//                               (timestamp, connection order, emission order),
//                               reached through process_batch() in a chain;
//   generate(out)               instead of process, for a generator source: emits the
//                               next item(s) and returns false once exhausted;
//   flush(out)                  once at end of stream (buffered nodes emit their tail);
//   cleanup()                   always, also after an error or a cancellation.
// Items emitted while handling an input carry that input's timestamp; the executor
// assigns timestamps, nodes never see them. A returned error stops the whole run and
// is reported as node_failed naming this node and the input's timestamp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/value.h"

namespace remotemedia {

// An item with the timestamp it carries from node to node (the executor's: nodes see
// them only in process_batch(), to hand them to process_each()).
struct TimedItem {
  std::int64_t timestamp;
  Value value;
};

// Where a node puts its output items, in order.
//
// Between the nodes of a chain the executor's emitter appends each item to the next
// node's buffer, and emit() does that inline: no call per item. (A virtual call per item
// per node was a fifth of a 10-node chain's time in the .wasm, where each is a
// call_indirect into a function with a prologue of its own.) Every other emitter is a
// subclass that implements deliver().
class Emitter {
 public:
  // Takes the item: emit(std::move(v)) or a temporary. Items pass by rvalue reference,
  // here and into Node::process: a by-value Value costs a move and a destruction at
  // every call, per item per node (10 % of a native chain's time in the .wasm).
  void emit(Value&& item) {
    if (buffer_ == nullptr) return deliver(std::move(item));
    if (counter_ != nullptr) timestamp_ = (*counter_)++;
    // emplace_back takes the timestamp by reference: a member's, since a local's would
    // be given a stack frame in linear memory in wasm32, on every call.
    buffer_->emplace_back(timestamp_, std::move(item));
  }
  // Emits a copy of `item` (copies of a Value share its payload).
  void emit(const Value& item) { emit(Value(item)); }

 protected:
  // An emitter of its own: deliver() receives every item.
  Emitter() = default;
  // The executor's: appends every item to `buffer`, stamped with `timestamp`, or with
  // (*counter)++ when `counter` is set (a generator's items each take the next one).
  Emitter(std::vector<TimedItem>& buffer, std::int64_t timestamp, std::int64_t* counter)
      : buffer_(&buffer), timestamp_(timestamp), counter_(counter) {}
  ~Emitter() = default;
  // Every item, for an emitter made without a buffer.
  virtual void deliver(Value&& item) = 0;
  // The item being handled changes: what is emitted from now on takes this timestamp.
  void restamp(std::int64_t timestamp) { timestamp_ = timestamp; }

 private:
  friend class Node;  // Node::process_each() restamps per item
  std::vector<TimedItem>* buffer_ = nullptr;
  std::int64_t timestamp_ = 0;
  std::int64_t* counter_ = nullptr;
};

// The input of a streaming node: it pulls items one by one.
class InputStream {
 public:
  // The next item, or nullopt at end of stream (or when the run is cancelled). While no
  // item is ready it lets the rest of the pipeline run: it may block this thread.
  virtual std::optional<Value> next() = 0;

 protected:
  ~InputStream() = default;
};

class Node {
 public:
  virtual ~Node() = default;
  virtual Result<void> initialize() { return {}; }
  // Handles one item, which is the node's to move from or keep; emits into `out`.
  virtual Result<void> process(Value&& item, Emitter& out) = 0;
  virtual Result<bool> generate(Emitter& /*out*/) { return false; }
  virtual Result<void> flush(Emitter& /*out*/) { return {}; }
  virtual void cleanup() noexcept {}
  // True if flush() may emit items. Those carry the timestamp of the last input, so the
  // executor must not promise downstream that it is done with that timestamp before the
  // end of stream; nodes that never emit on flush let fan-in move on sooner.
  virtual bool emits_on_flush() const { return false; }

  // Asynchronous nodes (Python coroutines) return true; the executor then calls
  // process_async() instead of process(), one item at a time, and never shares the
  // node's stage with another node, so several asynchronous nodes overlap while each
  // keeps its own order.
  virtual bool is_async() const { return false; }
  // Starts handling `item`: emits into `out`, which stays valid until `done` is called,
  // and calls `done` exactly once when finished — later, from the node's lane, or before
  // returning.
  virtual void process_async(Value item, Emitter& out, std::function<void(Result<void>)> done) {
    done(process(std::move(item), out));
  }

  // Streaming nodes (is_streaming in the manifest, for nodes that support it) return
  // true; the executor then calls process_stream() once with the whole input stream
  // instead of process() per item. Items it emits carry the timestamp of the latest item
  // it pulled. The call runs on a thread of its own (natively) or pulls by running the
  // rest of the pipeline (the single-threaded driver); flush() follows as usual.
  virtual bool is_streaming() const { return false; }
  virtual Result<void> process_stream(InputStream& in, Emitter& out) {
    while (std::optional<Value> item = in.next()) RM_TRY(process(std::move(*item), out));
    return {};
  }

  // How the executor hands a node the items of a chain, a batch at a time (up to 64):
  // process() for each item in order, what it emits stamped with that item's timestamp,
  // the item released once handled. At an error it stops and sets `failed` to the index
  // of the item that failed. This default calls the virtual process() per item; a node
  // derived from BatchedNode<Self> gets a loop that calls Self::process directly. Nodes
  // that override it otherwise must go through process_each(), which keeps those rules.
  virtual Result<void> process_batch(std::span<TimedItem> items, Emitter& out, std::size_t& failed) {
    return process_each(items, out, failed, [this](Value&& item, Emitter& o) { return process(std::move(item), o); });
  }

 protected:
  // process_batch()'s rules around `process_one(Value&&, Emitter&) -> Result<void>`.
  template <class ProcessOne>
  static Result<void> process_each(std::span<TimedItem> items, Emitter& out, std::size_t& failed,
                                   ProcessOne&& process_one) {
    for (std::size_t i = 0; i < items.size(); ++i) {
      out.restamp(items[i].timestamp);
      Result<void> ok = process_one(std::move(items[i].value), out);
      // A node need not move from its item: release it now, not when the batch is done
      // (64 large tensors would otherwise stay alive at every node).
      items[i].value = Value();
      if (!ok) {
        failed = i;
        return ok;
      }
    }
    return {};
  }
};

// The base for a node with a final process(): the executor's batches then reach it with
// no virtual call per item, and process() can be inlined into the loop. Per item and
// node that call was most of a light node's cost in the .wasm, where it is a
// call_indirect into a function with its own prologue (bench/wasm.sh, the chain row).
//
//   class Gain final : public BatchedNode<Gain> {
//     Result<void> process(Value&& item, Emitter& out) override;
//   };
template <class Self>
class BatchedNode : public Node {
 public:
  Result<void> process_batch(std::span<TimedItem> items, Emitter& out, std::size_t& failed) final {
    Self& self = static_cast<Self&>(*this);
    return process_each(items, out, failed,
                        [&self](Value&& item, Emitter& o) { return self.Self::process(std::move(item), o); });
  }
};

}  // namespace remotemedia
