// Streaming Python nodes (is_streaming: process(stream) over an iterator, or an async
// generator over an async iterator) through `remotemedia run`, on every driver, with a
// fan-in after them so that their output timestamps are observable.
#include <gtest/gtest.h>

#include <string>

#include "python_test_support.h"
#include "remotemedia/json.h"
#include "support/cli_runner.h"

namespace remotemedia {
namespace {

using testing::ModuleDir;
using testing::run_cli;

constexpr const char* kModule = R"PY(
class Pairs:
    """Emits "start" before pulling anything, then the items two by two."""

    def process(self, stream):
        yield "start"
        buf = []
        for item in stream:
            buf.append(item)
            if len(buf) == 2:
                yield buf
                buf = []
        if buf:
            yield buf


class AsyncPairs:
    async def process(self, stream):
        buf = []
        async for item in stream:
            buf.append(item)
            if len(buf) == 2:
                yield buf
                buf = []
        if buf:
            yield buf


class Echoes:
    def process(self, stream):
        for item in stream:
            yield item


class FailsOnC:
    def process(self, stream):
        for item in stream:
            if item == "C":
                raise ValueError("no C please")
            yield item
)PY";

std::string document(const std::string& streaming_type) {
  return R"({"manifest": {"version": "v1", "metadata": {"name": "s"},
    "nodes": [{"id": "upper", "node_type": "UppercaseTransform"},
              {"id": "pairs", "node_type": "streamy:)" + streaming_type + R"(", "is_streaming": true},
              {"id": "merge", "node_type": "PassThrough"}],
    "connections": [{"from": "upper", "to": "pairs"}, {"from": "upper", "to": "merge"},
                    {"from": "pairs", "to": "merge"}]},
    "input_data": ["a", "b", "c", "d", "e"]})";
}

std::string outputs_of(const testing::CommandResult& r) {
  auto doc = parse_json(r.out);
  if (!doc || !doc->find("outputs")) return r.out + r.err;
  return to_json(*doc->find("outputs"));
}

class PythonStreaming : public ::testing::TestWithParam<const char*> {};

TEST_P(PythonStreaming, PairsKeepTheirTimestampsOnEveryDriver) {
  ModuleDir dir;
  dir.write("streamy.py", kModule);
  const std::string args = std::string(GetParam()) + " --python-path '" + dir.path() + "'";
  auto sync_pairs = run_cli("run - " + args, document("Pairs"));
  EXPECT_EQ(sync_pairs.exit_code, 0) << sync_pairs.err;
  // At each timestamp "merge" takes upper's item first (connection order), then what
  // pairs emitted while the item it had pulled last carried that timestamp.
  EXPECT_EQ(outputs_of(sync_pairs), R"(["A","start","B",["A","B"],"C","D",["C","D"],"E",["E"]])");
  auto async_pairs = run_cli("run - " + args, document("AsyncPairs"));
  EXPECT_EQ(async_pairs.exit_code, 0) << async_pairs.err;
  EXPECT_EQ(outputs_of(async_pairs), R"(["A","B",["A","B"],"C","D",["C","D"],"E",["E"]])");
}

TEST_P(PythonStreaming, AnExceptionFailsTheRunAtThePulledItem) {
  ModuleDir dir;
  dir.write("streamy.py", kModule);
  auto r = run_cli("run - " + std::string(GetParam()) + " --python-path '" + dir.path() + "'",
                   document("FailsOnC"));
  EXPECT_EQ(r.exit_code, 1);
  auto doc = parse_json(r.out);
  ASSERT_TRUE(doc) << r.out;
  const Value& e = doc->find("errors")->as_array().front();
  EXPECT_EQ(e.find("code")->as_string(), "node_failed");
  EXPECT_EQ(e.find("node")->as_string(), "pairs");
  EXPECT_EQ(*e.find("timestamp"), Value(2));
  EXPECT_TRUE(e.find("message")->as_string().ends_with("ValueError: no C please")) << r.out;
  EXPECT_NE(e.find("traceback")->as_string().find("streamy.py"), std::string::npos);
}

// A fan-in whose inputs wait on each other through one-item queues: the stream waits for
// item k+1, which RangeSource cannot push while its queue to the fan-in holds item k, and
// the fan-in waits for the stream to pass k. The concurrent driver hung (the stream's
// thread held the run busy while it waited) and the single-threaded one reported
// `stalled`; now what waits for room steps over capacity once nothing else can run.
TEST_P(PythonStreaming, AFanInWhoseInputsWaitOnEachOtherThroughAStreamRuns) {
  ModuleDir dir;
  dir.write("streamy.py", kModule);
  const std::string doc = R"({"version": "v1", "metadata": {"name": "s"},
    "nodes": [{"id": "s", "node_type": "RangeSource", "params": {"stop": 200}},
              {"id": "x", "node_type": "streamy:Echoes", "is_streaming": true},
              {"id": "f", "node_type": "AddNode", "params": {"addend": 1}}],
    "connections": [{"from": "s", "to": "x"}, {"from": "x", "to": "f"}, {"from": "s", "to": "f"}]})";
  std::string expected;
  for (int i = 1; i <= 200; ++i) expected += (i > 1 ? "," : "[") + std::to_string(i) + "," + std::to_string(i);
  std::string args = GetParam();
  if (args.find("--queue-capacity") == std::string::npos) args += " --queue-capacity 1";
  auto r = run_cli("run - " + args + " --python-path '" + dir.path() + "'", doc);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(outputs_of(r), expected + "]");
}

INSTANTIATE_TEST_SUITE_P(Drivers, PythonStreaming,
                         ::testing::Values("", "--sync", "--no-fuse --queue-capacity 1"));

}  // namespace
}  // namespace remotemedia
