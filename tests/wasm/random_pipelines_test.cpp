// Random documents that cannot fail, from a generator with a fixed seed:
// tests/wasm/random_pipelines.py (DAGs of native and Python number nodes) and
// tests/wasm/random_media.py (random audio through Resample, EnergyVAD and Gain). Each
// runs through the native CLI's concurrent driver (also with a stage per node and
// one-item queues), its sync driver (the one the .wasm has) and the .wasm. All must
// print the same result, byte for byte once "metrics" is cut out (DESIGN §1, §5): what
// the shared fixtures check for the shapes someone wrote down, here for shapes nobody
// chose.
#include <gtest/gtest.h>

#include <ostream>
#include <sstream>
#include <string>

#include "support/cli_runner.h"
#include "support/wasm_runs.h"

namespace remotemedia {
namespace {

using testing::CommandResult;
using testing::quoted;
using testing::without_metrics;

struct Generator {
  const char* name;    // the test's
  const char* script;  // in tests/wasm
  int count;
};

// What ctest shows of a case: its script, not the struct's bytes.
void PrintTo(const Generator& generator, std::ostream* out) { *out << generator.script; }

class RandomDocuments : public ::testing::TestWithParam<Generator> {};

TEST_P(RandomDocuments, BothDriversAndTheWasmPrintTheSameResult) {
  if (!testing::wasm_available()) return;
  const int kCount = GetParam().count;
  CommandResult generated = testing::run_command(
      "/usr/bin/python3.11 " + quoted(std::string(REMOTEMEDIA_SOURCE_DIR "/tests/wasm/") + GetParam().script) +
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

INSTANTIATE_TEST_SUITE_P(Generators, RandomDocuments,
                         ::testing::Values(Generator{"Pipelines", "random_pipelines.py", 40},
                                           Generator{"Media", "random_media.py", 30}),
                         [](const ::testing::TestParamInfo<Generator>& info) { return info.param.name; });

}  // namespace
}  // namespace remotemedia
