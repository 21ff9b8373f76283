// The CLI's commands, options, exit codes and its behaviour on bad and large input.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include "remotemedia/json.h"
#include "support/cli_runner.h"

namespace remotemedia {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_cli;

const char* kCalc = R"({"version": "v1", "metadata": {"name": "calc"},
  "nodes": [{"id": "mul", "node_type": "MultiplyNode", "params": {"factor": 2}},
            {"id": "add", "node_type": "AddNode", "params": {"addend": 10}}],
  "connections": [{"from": "mul", "to": "add"}]})";

Value parse_or_die(const std::string& text) {
  auto v = parse_json(text);
  EXPECT_TRUE(v) << text;
  return v ? *v : Value();
}

std::string first_error_code(const std::string& out) {
  Value doc = parse_or_die(out);
  const Value* errors = doc.find("errors");
  if (!errors || errors->as_array().empty()) return "<none>";
  return errors->as_array().front().find("code")->as_string();
}

fs::path temp_file(const std::string& name, const std::string& content) {
  fs::path p = fs::temp_directory_path() / ("remotemedia-cli-" + std::to_string(getpid()) + "-" + name);
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

// One-item queues, every time: RangeSource feeds a fan-in directly and through a Python
// node, whose bound stays at its last item (its flush may emit there). The fan-in waits
// for that node to pass item k; the node waits for item k+1, which the source cannot
// push while its one-item queue to the fan-in holds item k. Nothing could run, and both
// drivers reported `stalled`. Now a stage that waits for room takes a step over capacity
// once nothing else can run.
TEST(Cli, AFanInWhoseInputsWaitOnEachOtherRunsOverCapacity) {
  const std::string document = R"({"version": "v1", "metadata": {"name": "fan-in"},
    "nodes": [{"id": "s", "node_type": "RangeSource", "params": {"stop": 200}},
              {"id": "x", "node_type": "PassThroughNode", "runtime_hint": "python"},
              {"id": "f", "node_type": "AddNode", "params": {"addend": 1}}],
    "connections": [{"from": "s", "to": "x"}, {"from": "x", "to": "f"}, {"from": "s", "to": "f"}]})";
  Value::Array expected;
  for (int i = 1; i <= 200; ++i) expected.insert(expected.end(), {Value(i), Value(i)});
  for (const char* driver : {"--sync", ""}) {
    SCOPED_TRACE(driver);
    auto r = run_cli(std::string("run - --queue-capacity 1 ") + driver, document);
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_EQ(*parse_or_die(r.out).find("outputs"), Value(expected));
  }
}

// One-item queues on a fan-in: n1 (Gain, whose flush() may still emit, so its bound stays
// at its last item) feeds n5 directly and through n2. With its input all taken and its
// output to n5 full, n1 used to wait for room, n5 for n2's item, and n2 for n1's bound:
// the run stalled, ~1 run in 12. A stage whose input is all taken now flushes and
// closes its outputs whatever their room.
TEST(Cli, AFanInWithOneItemQueuesRunsToItsEnd) {
  const std::string document = R"({"manifest":{"version":"v1","metadata":{"name":"random-8"},"nodes":[{"id":"n0","node_type":"CalculatorNode","params":{"operation":"subtract","operand":1}},{"id":"n1","node_type":"Gain","params":{"gain":2}},{"id":"n2","node_type":"NumpyMultiplier","params":{"factor":0.25}},{"id":"n3","node_type":"MultiplyNode","params":{"factor":3}},{"id":"n4","node_type":"MultiplyNode","params":{"factor":3}},{"id":"n5","node_type":"AddNode","params":{"addend":0.5}}],"connections":[{"from":"n0","to":"n1"},{"from":"n1","to":"n2"},{"from":"n0","to":"n2"},{"from":"n1","to":"n4"},{"from":"n2","to":"n5"},{"from":"n1","to":"n5"}]},"input_data":[1,100,2,7,7]})";
  for (int run = 0; run < 40; ++run) {
    auto r = run_cli("run - --queue-capacity 1", document);
    ASSERT_EQ(r.exit_code, 0) << "run " << run << ": " << r.out;
    ASSERT_NE(r.out.find(R"("outputs_by_node":{"n3":[3,300,6,21,21],"n4":[0,594,6,36,36],)"), std::string::npos)
        << r.out;
  }
}

TEST(Cli, RunWithInputOption) {
  auto r = run_cli("run - --input '[5, 7, 3]'", kCalc);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(to_json(*parse_or_die(r.out).find("outputs")), "[20,24,16]");
}

TEST(Cli, RunFileWithInputFile) {
  fs::path manifest = temp_file("calc.json", kCalc);
  fs::path input = temp_file("input.json", "[1, 2]");
  auto r = run_cli("run '" + manifest.string() + "' --input-file '" + input.string() + "' --pretty");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("\n  \"outputs\": [\n    12,\n    14\n  ]"), std::string::npos) << r.out;
  fs::remove(manifest);
  fs::remove(input);
}

TEST(Cli, NoNodeTimingLeavesBusyTimeAtZero) {
  const char* manifest = R"({"version": "v1", "metadata": {"name": "timed"},
    "nodes": [{"id": "src", "node_type": "RangeSource", "params": {"stop": 5000}},
              {"id": "mul", "node_type": "MultiplyNode"}],
    "connections": [{"from": "src", "to": "mul"}]})";
  auto busy_ms = [](const std::string& out) {
    Value doc = parse_or_die(out);
    return doc.find("metrics")->find("nodes")->find("mul")->find("busy_ms")->as_number();
  };
  auto timed = run_cli("run -", manifest);
  auto untimed = run_cli("run - --no-node-timing", manifest);
  ASSERT_EQ(timed.exit_code, 0) << timed.err;
  ASSERT_EQ(untimed.exit_code, 0) << untimed.err;
  EXPECT_GT(busy_ms(timed.out), 0.0) << timed.out;
  EXPECT_EQ(busy_ms(untimed.out), 0.0) << untimed.out;
  EXPECT_EQ(to_json(*parse_or_die(timed.out).find("outputs")), to_json(*parse_or_die(untimed.out).find("outputs")));
}

TEST(Cli, InputOptionReplacesAnEnvelopesInput) {
  auto r = run_cli("run - --input '[1]'", R"({"manifest": )" + std::string(kCalc) + R"(, "input_data": [2]})");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(to_json(*parse_or_die(r.out).find("outputs")), "[12]");
}

TEST(Cli, InputMustBeAnArray) {
  auto r = run_cli("run - --input '5'", kCalc);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(first_error_code(r.out), "wrong_type");
  auto bad = run_cli("run - --input '[1,'", kCalc);
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(first_error_code(bad.out), "parse_error");
}

TEST(Cli, MissingFileIsAnIoError) {
  auto r = run_cli("run /nonexistent/manifest.json");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(first_error_code(r.out), "io_error");
  EXPECT_NE(r.err.find("error: io_error: cannot open /nonexistent/manifest.json"), std::string::npos);
}

TEST(Cli, UsageErrorsExitWith2) {
  auto unknown = run_cli("frobnicate");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(first_error_code(unknown.out), "usage_error");
  auto none = run_cli("");
  EXPECT_EQ(none.exit_code, 2);
  auto bad_option = run_cli("run - --queue-capacity 0", kCalc);
  EXPECT_EQ(bad_option.exit_code, 2);
}

TEST(Cli, Version) {
  auto r = run_cli("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.out.starts_with("remotemedia 0.")) << r.out;
}

TEST(Cli, ValidateReportsOrderWithoutRunning) {
  auto r = run_cli("validate -", kCalc);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, R"({"status":"valid","name":"calc","node_count":2,"input_count":0,"execution_order":["mul","add"]})"
                   "\n");
  auto bad = run_cli("validate -", R"({"version": "v1", "metadata": {"name": "x"}, "nodes": [{"id": "a", "node_type": "Nope"}]})");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_EQ(first_error_code(bad.out), "unknown_node_type");
}

TEST(Cli, GraphAsDotAndJson) {
  auto dot = run_cli("graph - --dot", kCalc);
  EXPECT_EQ(dot.exit_code, 0);
  EXPECT_EQ(dot.out,
            "digraph \"calc\" {\n  rankdir=LR;\n  node [shape=box];\n"
            "  \"mul\" [label=\"mul\\nMultiplyNode\"];\n  \"add\" [label=\"add\\nAddNode\"];\n"
            "  \"mul\" -> \"add\";\n}\n");
  auto json = run_cli("graph -", kCalc);
  EXPECT_EQ(json.exit_code, 0);
  EXPECT_EQ(to_json(*parse_or_die(json.out).find("sinks")), R"(["add"])");
}

TEST(Cli, NodesListsEveryBuiltinWithParams) {
  auto r = run_cli("nodes --json");
  EXPECT_EQ(r.exit_code, 0);
  Value nodes = parse_or_die(r.out);
  std::vector<std::string> names;
  for (const Value& n : nodes.as_array()) names.push_back(n.find("node_type")->as_string());
  for (const char* expected : {"PassThrough", "Echo", "CalculatorNode", "MultiplyNode", "AddNode",
                               "ValuesSource", "RangeSource"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end()) << expected;
  auto text = run_cli("nodes");
  EXPECT_NE(text.out.find("factor: number = 2"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("alias PassThroughNode"), std::string::npos);
}

TEST(Cli, SchemaIsJsonSchema) {
  auto r = run_cli("schema");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(parse_or_die(r.out).find("$schema")->as_string(), "https://json-schema.org/draft/2020-12/schema");
}

TEST(Cli, TraceWritesChromeTraceEvents) {
  fs::path trace = fs::temp_directory_path() / ("remotemedia-trace-" + std::to_string(getpid()) + ".json");
  auto r = run_cli("run - --input '[1, 2, 3]' --trace '" + trace.string() + "'", kCalc);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Value doc = parse_or_die(read_file(trace));
  int process_spans = 0;
  for (const Value& e : doc.find("traceEvents")->as_array()) {
    EXPECT_EQ(e.find("ph")->as_string(), "X");
    if (e.find("cat")->as_string() == "process") ++process_spans;
  }
  EXPECT_EQ(process_spans, 6);  // one per node per item
  fs::remove(trace);
}

TEST(Cli, DeepNestingIsLimitExceeded) {
  std::string deep = R"({"manifest": )" + std::string(kCalc) + R"(, "input_data": [)" +
                     std::string(100000, '[') + std::string(100000, ']') + "]}";
  auto r = run_cli("run -", deep);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(first_error_code(r.out), "limit_exceeded");
}

// A source with no practical end fills memory with results: past a limit, an allocation
// fails and the CLI says so as it reports any failed run, with both drivers, under a
// 600 MB address-space limit (ulimit -v) and under --memory-limit 300M. (Sanitizers
// reserve terabytes of address space: no limit is possible there.)
TEST(Cli, RunningOutOfMemoryIsAnErrorNotACrash) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer's shadow memory does not fit an address-space limit";
#endif
  const std::string endless = R"({"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "r", "node_type": "RangeSource", "params": {"stop": 9223372036854775807}}]})";
  const std::string message = "out of memory: an allocation failed (the system's memory or the process's limit)";
  const std::string cli = std::string("'") + REMOTEMEDIA_CLI + "' run - ";
  for (const std::string& limited : {"ulimit -v 600000; " + cli, cli + "--memory-limit 300M "}) {
    for (const char* driver : {"--sync", ""}) {
      SCOPED_TRACE(limited + driver);
      auto r = testing::run_command(limited + driver, endless);
      EXPECT_EQ(r.exit_code, 1);
      EXPECT_EQ(r.out, R"({"status":"error","errors":[{"code":"limit_exceeded","message":")" + message + "\"}]}\n");
      EXPECT_EQ(r.err, "error: limit_exceeded: " + message + "\n");
    }
  }
}

// The soft RLIMIT_DATA of a `remotemedia run` started with `args` after `shell_setup`,
// read from /proc while it waits to open its document (a FIFO nobody writes); "" if it
// never showed one.
std::string data_limit_of_run(const std::string& args, const std::string& shell_setup = "") {
  const std::string script = shell_setup + R"(dir=$(mktemp -d); mkfifo "$dir/doc"
')" + REMOTEMEDIA_CLI + R"(' run "$dir/doc" )" + args + R"( >/dev/null 2>&1 & pid=$!
for i in $(seq 100); do
  limit=$(awk '/^Max data size/ {print $4}' /proc/$pid/limits)
  [ "$limit" != unlimited ] && break
  sleep 0.05
done
kill $pid; wait $pid; rm -r "$dir"; echo "$limit"
)";
  return testing::run_command("bash -s", script).out;
}

// A run whose data would outgrow the machine's memory ends with an error instead of the
// kernel killing it: the CLI limits its data to the memory it may use (what the machine
// has available, or a cgroup's room if less), or to --memory-limit; a lower `ulimit -d`
// stays.
TEST(Cli, DataIsLimitedToTheMemoryTheProcessMayUse) {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
  GTEST_SKIP() << "a sanitizer's shadow memory does not fit a data limit";
#endif
  const std::uint64_t physical = static_cast<std::uint64_t>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGE_SIZE);
  const std::string by_default = data_limit_of_run("");
  ASSERT_FALSE(by_default.empty() || by_default == "unlimited\n") << by_default;
  // At most 15/16 of the physical memory and swap: the sixteenth is left to the kernel.
  std::uint64_t swap_kib = 0;
  std::ifstream meminfo("/proc/meminfo");
  for (std::string field; meminfo >> field;)
    if (field == "SwapTotal:") meminfo >> swap_kib;
  EXPECT_GE(std::stoull(by_default), std::uint64_t{256} << 20);
  EXPECT_LE(std::stoull(by_default), (physical + swap_kib * 1024) / 16 * 15 + 16);
  EXPECT_EQ(data_limit_of_run("--memory-limit 2G"), "2147483648\n");
  EXPECT_EQ(data_limit_of_run("--memory-limit 2G", "ulimit -d 100000; "), "102400000\n");
  for (const char* bad_size : {"lots", "-5", "1M"}) {
    auto bad = run_cli(std::string("run - --memory-limit ") + bad_size, kCalc);
    EXPECT_EQ(bad.exit_code, 2) << bad_size;
    EXPECT_TRUE(bad.err.starts_with("error: usage_error: --memory-limit: ")) << bad.err;
  }
  // Each thread's stack counts as data: the pool starts the workers the limit allows.
  auto many_workers = run_cli("run - --memory-limit 256M --workers 100000 --input '[1, 2]'", kCalc);
  EXPECT_EQ(many_workers.exit_code, 0) << many_workers.err;
  EXPECT_TRUE(many_workers.out.starts_with(R"({"status":"success","outputs":[12,14],)")) << many_workers.out;
}

TEST(Cli, FiftyMegabyteInputRuns) {
  std::string input;
  input.reserve(52 << 20);
  int count = 0;
  while (input.size() < (50u << 20)) {
    input += (count ? "," : "") + std::to_string(count % 1000);
    ++count;
  }
  std::string doc = R"({"manifest": )" + std::string(kCalc) + R"(, "input_data": [)" + input + "]}";
  auto r = run_cli("run -", doc);
  ASSERT_EQ(r.exit_code, 0) << r.err.substr(0, 500);
  Value out = parse_or_die(r.out);
  const Value::Array& items = out.find("outputs")->as_array();
  ASSERT_EQ(items.size(), static_cast<std::size_t>(count));
  EXPECT_EQ(items[0], Value(10));
  EXPECT_EQ(items[999], Value(999 * 2 + 10));
  EXPECT_EQ(items[count - 1], Value((count - 1) % 1000 * 2 + 10));
}

TEST(Cli, TenThousandNodeChainRuns) {
  std::string nodes, connections;
  for (int i = 0; i < 10000; ++i) {
    nodes += std::string(i ? "," : "") + R"({"id": "n)" + std::to_string(i) + R"(", "node_type": "AddNode", "params": {"addend": 1}})";
    if (i) connections += std::string(i > 1 ? "," : "") + R"({"from": "n)" + std::to_string(i - 1) + R"(", "to": "n)" + std::to_string(i) + "\"}";
  }
  std::string doc = R"({"manifest": {"version": "v1", "metadata": {"name": "long"}, "nodes": [)" + nodes +
                    "], \"connections\": [" + connections + "]}, \"input_data\": [0, 5]}";
  for (const char* args : {"run -", "run - --sync", "run - --no-fuse"}) {
    auto r = run_cli(args, doc);
    ASSERT_EQ(r.exit_code, 0) << args << r.err.substr(0, 500);
    EXPECT_EQ(to_json(*parse_or_die(r.out).find("outputs")), "[10000,10005]") << args;
  }
}

}  // namespace
}  // namespace remotemedia
