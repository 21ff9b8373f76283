// Ctrl-C for the CLI: a run in progress stops cleanly (its nodes are cleaned up and the
// result is an "interrupted" error); outside a run, or on a second Ctrl-C, the process
// ends at once with that error.
#pragma once

#include <memory>

#include "remotemedia/interrupt.h"

namespace cli {

// Blocks SIGINT and SIGTERM in the calling thread — so in every thread started after
// it: call it first thing in main() — and starts the thread that waits for them.
std::shared_ptr<remotemedia::Interrupter> watch_interrupts();

// While a RunScope lives, the first signal interrupts the run instead of exiting.
class RunScope {
 public:
  RunScope();
  ~RunScope();
  RunScope(const RunScope&) = delete;
  RunScope& operator=(const RunScope&) = delete;
};

}  // namespace cli
