#include "exec/run_state.h"

#include <algorithm>
#include <mutex>

namespace remotemedia::detail {

bool RunState::fail(Error error) {
  std::lock_guard lock(mutex_);
  errors_.push_back(std::move(error));
  return !cancelled_.exchange(true);
}

Errors RunState::take_errors() {
  std::lock_guard lock(mutex_);
  auto position = [&](const Error& e) {
    for (const auto& n : nodes)
      if (n->id == e.node) return order_position[n->index];
    return order_position.size();
  };
  std::stable_sort(errors_.begin(), errors_.end(), [&](const Error& a, const Error& b) {
    std::int64_t ta = a.timestamp.value_or(-1), tb = b.timestamp.value_or(-1);
    if (ta != tb) return ta < tb;
    return position(a) < position(b);
  });
  return std::move(errors_);
}

}  // namespace remotemedia::detail
