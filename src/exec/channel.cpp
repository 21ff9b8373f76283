#include "exec/channel.h"

#include <algorithm>
#include <mutex>

namespace remotemedia::detail {

bool Channel::push(TimedItem item) {
  std::lock_guard lock(mutex_);
  items_.push_back(std::move(item));
  std::size_t n = items_.size();
  size_.store(n, std::memory_order_release);
  return n >= capacity_;
}

bool Channel::raise_bound(std::int64_t bound) {
  std::lock_guard lock(mutex_);
  if (bound <= bound_) return false;
  bound_ = bound;
  return true;
}

void Channel::close() {
  std::lock_guard lock(mutex_);
  closed_ = true;
}

std::int64_t Channel::lower_bound() {
  std::lock_guard lock(mutex_);
  if (!items_.empty()) return items_.front().timestamp;
  return closed_ ? kNoMoreItems : bound_;
}

std::size_t Channel::pop_batch(std::vector<TimedItem>& out, std::size_t max,
                               bool& drained_below_capacity) {
  std::lock_guard lock(mutex_);
  std::size_t before = items_.size();
  std::size_t n = std::min(max, before);
  for (std::size_t i = 0; i < n; ++i) {
    out.push_back(std::move(items_.front()));
    items_.pop_front();
  }
  size_.store(items_.size(), std::memory_order_release);
  drained_below_capacity = n > 0 && before >= capacity_ && items_.size() < capacity_;
  return n;
}

bool Channel::pop_if(std::int64_t timestamp, TimedItem& out, bool& drained_below_capacity) {
  std::lock_guard lock(mutex_);
  if (items_.empty() || items_.front().timestamp != timestamp) return false;
  std::size_t before = items_.size();
  out = std::move(items_.front());
  items_.pop_front();
  size_.store(items_.size(), std::memory_order_release);
  drained_below_capacity = before >= capacity_ && items_.size() < capacity_;
  return true;
}

bool Channel::exhausted() {
  std::lock_guard lock(mutex_);
  return closed_ && items_.empty();
}

}  // namespace remotemedia::detail
