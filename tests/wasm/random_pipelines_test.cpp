// Random pipelines (tests/wasm/random_pipelines.py, a fixed seed): DAGs of native and
// Python nodes that cannot fail, run by the native CLI's concurrent driver (also with a
// stage per node and one-item queues), its sync driver (the one the .wasm has) and the
// .wasm. All must print the same result, byte for byte once "metrics" is cut out
// (DESIGN §1, §5): what the shared fixtures check for the shapes someone wrote down, here
// for shapes nobody chose.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "support/cli_runner.h"
#include "support/wasm_runs.h"

namespace remotemedia {
namespace {

using testing::CommandResult;
using testing::quoted;
using testing::without_metrics;

TEST(RandomPipelines, BothDriversAndTheWasmPrintTheSameResult) {
  if (!testing::wasm_available()) return;
  constexpr int kCount = 40;
  CommandResult generated =
      testing::run_command("/usr/bin/python3.11 " + quoted(REMOTEMEDIA_SOURCE_DIR "/tests/wasm/random_pipelines.py") +
                               " 20261127 " + std::to_string(kCount),
                           "");
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  std::istringstream lines(generated.out);
  int count = 0;
  for (std::string document; std::getline(lines, document); ++count) {
    SCOPED_TRACE(document);
    CommandResult concurrent = testing::run_cli("run -", document);
    CommandResult sync = testing::run_cli("run - --sync", document);
    CommandResult unfused = testing::run_cli("run - --no-fuse --queue-capacity 1", document);
    CommandResult wasm = testing::run_command(testing::wasi_run_command(REMOTEMEDIA_WASM_FILE), document);
    ASSERT_EQ(concurrent.exit_code, 0) << concurrent.out << concurrent.err;
    EXPECT_EQ(without_metrics(sync.out), without_metrics(concurrent.out));
    EXPECT_EQ(without_metrics(unfused.out), without_metrics(concurrent.out));
    EXPECT_EQ(without_metrics(wasm.out), without_metrics(concurrent.out));
    EXPECT_EQ(wasm.exit_code, 0) << wasm.err;
  }
  EXPECT_EQ(count, kCount);
}

}  // namespace
}  // namespace remotemedia
