// Random params and inputs (tests/wasm/random_params.py, a fixed seed): chains of every
// node type the CLI lists, native and Python, with params right, wrong and missing, over
// inputs of every kind. Most runs fail somewhere (validation, a node's error): the .wasm
// must print what the native CLI's sync driver prints, byte for byte once "metrics" is
// cut out, with the same exit code (DESIGN §1, §6). The sync driver, because with several
// failing nodes the concurrent one may list others (DESIGN §5).
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

TEST(RandomParams, TheWasmPrintsWhatTheNativeCliPrints) {
  if (!testing::wasm_available()) return;
  constexpr int kCount = 80;
  CommandResult generated = testing::run_command(
      "/usr/bin/python3.11 " + quoted(REMOTEMEDIA_SOURCE_DIR "/tests/wasm/random_params.py") + " " +
          quoted(REMOTEMEDIA_CLI) + " 20261127 " + std::to_string(kCount),
      "");
  ASSERT_EQ(generated.exit_code, 0) << generated.err;
  std::istringstream lines(generated.out);
  int count = 0;
  int succeeded = 0;
  for (std::string document; std::getline(lines, document); ++count) {
    SCOPED_TRACE(document);
    CommandResult native = testing::run_cli("run - --sync", document);
    CommandResult wasm = testing::run_command(testing::wasi_run_command(REMOTEMEDIA_WASM_FILE), document);
    ASSERT_TRUE(native.exit_code == 0 || native.exit_code == 1) << native.exit_code << native.err;
    EXPECT_EQ(wasm.exit_code, native.exit_code) << wasm.err;
    EXPECT_EQ(without_metrics(wasm.out), without_metrics(native.out));
    succeeded += native.exit_code == 0;
  }
  EXPECT_EQ(count, kCount);
  // Both outcomes, many times each (18 runs of the 80 succeed, 3 with a media node).
  EXPECT_GE(succeeded, 12);
  EXPECT_GE(count - succeeded, 10);
}

}  // namespace
}  // namespace remotemedia
