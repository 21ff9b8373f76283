// Ctrl-C (SIGINT) during a run: the run stops within moments, the result is an
// "interrupted" error, the busy Python node sees a KeyboardInterrupt, and every node's
// cleanup() still runs — on both drivers.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "python_test_support.h"
#include "remotemedia/json.h"
#include "support/cli_runner.h"

namespace remotemedia {
namespace {

using testing::ModuleDir;
using testing::read_file;
using testing::run_command;

constexpr const char* kModule = R"PY(
import time


class Slow:
    def __init__(self, marker=""):
        self.marker = marker

    def process(self, item):
        for _ in range(1200):  # a minute, unless interrupted
            time.sleep(0.05)
        return item

    def cleanup(self):
        with open(self.marker, "w") as f:
            f.write("cleaned")
)PY";

class Interrupt : public ::testing::TestWithParam<const char*> {};

TEST_P(Interrupt, SigintStopsTheRunAndCleansUp) {
  ModuleDir dir;
  dir.write("slow.py", kModule);
  const std::string marker = dir.path() + "/marker";
  dir.write("doc.json", R"({"manifest": {"version": "v1", "metadata": {"name": "s"},
    "nodes": [{"id": "slow", "node_type": "slow:Slow", "params": {"marker": ")" + marker + R"("}},
              {"id": "double", "node_type": "MultiplyNode"}],
    "connections": [{"from": "slow", "to": "double"}]}, "input_data": [1, 2]})");
  // Start the run, interrupt it once it is inside the slow node, report its exit code.
  const std::string script = dir.write("interrupt.sh",
      "'" + std::string(REMOTEMEDIA_CLI) + "' run '" + dir.path() + "/doc.json' " + GetParam() +
      " --python-path '" + dir.path() + "' &\npid=$!\nsleep 1.5\nkill -INT $pid\nwait $pid\n");
  auto start = std::chrono::steady_clock::now();
  auto r = run_command("sh '" + script + "'", "");
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_LT(elapsed, std::chrono::seconds(20));  // the node alone would take a minute
  auto doc = parse_json(r.out);
  ASSERT_TRUE(doc) << r.out;
  const Value::Array& errors = doc->find("errors")->as_array();
  ASSERT_FALSE(errors.empty());
  EXPECT_EQ(errors.front().find("code")->as_string(), "interrupted");
  EXPECT_NE(r.out.find("KeyboardInterrupt"), std::string::npos) << r.out;
  EXPECT_EQ(read_file(marker), "cleaned");
}

INSTANTIATE_TEST_SUITE_P(Drivers, Interrupt, ::testing::Values("", "--sync"));

}  // namespace
}  // namespace remotemedia
