#include "interrupts.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <thread>

#include "cli_output.h"
#include "remotemedia/error.h"

#if REMOTEMEDIA_HAS_PYTHON
#include "remotemedia/python.h"
#endif

namespace rm = remotemedia;

namespace cli {
namespace {

std::atomic<int> g_runs{0};

[[noreturn]] void exit_interrupted() {
  report(rm::Errors{rm::make_error(rm::ErrorCode::kInterrupted, "interrupted")}, false);
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(1);
}

}  // namespace

std::shared_ptr<rm::Interrupter> watch_interrupts() {
  auto interrupter = std::make_shared<rm::Interrupter>();
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A signal is taken here, by sigwait, on an ordinary thread: what it does need not be
  // async-signal-safe.
  std::thread([interrupter, signals] {
    int received = 0;
    for (int count = 0;; ++count) {
      if (sigwait(&signals, &received) != 0) continue;
      if (count > 0 || g_runs.load() == 0) exit_interrupted();
      std::fputs("\nremotemedia: interrupted, stopping (again to quit at once)\n", stderr);
      interrupter->interrupt();
#if REMOTEMEDIA_HAS_PYTHON
      rm::interrupt_python();
#endif
    }
  }).detach();
  return interrupter;
}

RunScope::RunScope() { ++g_runs; }
RunScope::~RunScope() { --g_runs; }

}  // namespace cli
