// A bounded edge between two stages: items in timestamp order plus a *bound*, the
// producer's promise that no later item has a smaller timestamp (DESIGN §5).
//
// One producer stage pushes, one consumer stage pops; either may run on any worker.
// The capacity is soft: a push never fails or blocks. A producer that finds the channel
// full finishes the item it is emitting and then stops taking input until the consumer
// drains below capacity and notifies it, so no worker thread ever blocks.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <limits>
#include <vector>

#include "core/platform.h"
#include "remotemedia/node.h"  // TimedItem
#include "remotemedia/value.h"

namespace remotemedia::detail {

class Stage;

inline constexpr std::int64_t kNoMoreItems = std::numeric_limits<std::int64_t>::max();

class Channel {
 public:
  Channel(std::size_t capacity, Stage* producer, Stage* consumer)
      : capacity_(capacity), producer_(producer), consumer_(consumer) {}

  Stage* producer() const { return producer_; }
  Stage* consumer() const { return consumer_; }

  // Producer side. Returns true when the channel is now at or over capacity.
  bool push(TimedItem item);
  // Raises the bound (never lowers it). Returns true if it changed.
  bool raise_bound(std::int64_t bound);
  void close();
  bool full() const { return size_.load(std::memory_order_acquire) >= capacity_; }

  // Consumer side.
  // The smallest timestamp the next item can have: the front item's, else the bound,
  // else kNoMoreItems once closed and drained.
  std::int64_t lower_bound();
  // Moves up to `max` items into `out`. Sets `drained_below_capacity` when this pop took
  // the channel from full to below capacity (the producer must then be notified).
  std::size_t pop_batch(std::vector<TimedItem>& out, std::size_t max, bool& drained_below_capacity);
  // Pops the front item if its timestamp is `timestamp`.
  bool pop_if(std::int64_t timestamp, TimedItem& out, bool& drained_below_capacity);
  bool exhausted();  // closed and empty

 private:
  const std::size_t capacity_;
  Stage* const producer_;
  Stage* const consumer_;
  Mutex mutex_;
  std::deque<TimedItem> items_;
  std::int64_t bound_ = 0;
  bool closed_ = false;
  std::atomic<std::size_t> size_{0};
};

}  // namespace remotemedia::detail
