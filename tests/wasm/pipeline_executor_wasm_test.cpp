// pipeline_executor_wasm.wasm against the native CLI (DESIGN §1, issue 5 "Parity"): every
// shared fixture in tests/fixtures/ goes through `remotemedia run -` and through
// `node scripts/wasi-run.mjs pipeline_executor_wasm.wasm`; stdout must be byte-identical
// once "metrics" is cut out, and stderr and the exit code equal. Python fixtures run with
// tests/fixtures/python on the Python path, preopened at the same path for the .wasm.
// support/wasm_runs.h says when a missing .wasm is a skip and when a failure.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "remotemedia/json.h"
#include "support/cli_runner.h"
#include "support/fixtures.h"
#include "support/wasm_runs.h"

namespace remotemedia {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::quoted;
using testing::read_file;
using testing::run_cli;
using testing::run_command;
using testing::wasm_available;
using testing::without_metrics;

std::string wasm_command(const std::string& runner_args = "") {
  return testing::wasi_run_command(REMOTEMEDIA_WASM_FILE, runner_args);
}

CommandResult run_wasm(const std::string& document, const std::string& runner_args = "") {
  return run_command(wasm_command(runner_args), document);
}

std::vector<fs::path> fixtures() { return testing::shared_fixtures(); }

class WasmFixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(WasmFixture, PrintsWhatTheNativeCliPrints) {
  if (!wasm_available()) return;
  const std::string document = read_file(GetParam());
  const std::string python_path = "--python-path " + quoted(testing::fixture_python_dir());
  CommandResult native = run_cli("run - " + python_path, document);
  CommandResult wasm = run_wasm(document, python_path);
  EXPECT_EQ(without_metrics(wasm.out), without_metrics(native.out));
  EXPECT_EQ(wasm.err, native.err);
  EXPECT_EQ(wasm.exit_code, native.exit_code);
  EXPECT_TRUE(wasm.out.ends_with("}\n")) << wasm.out;
  EXPECT_EQ(wasm.out.find('\n'), wasm.out.size() - 1) << "stdout must be one JSON document on one line";
}

INSTANTIATE_TEST_SUITE_P(Shared, WasmFixture, ::testing::ValuesIn(fixtures()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           return info.param.stem().string();
                         });

TEST(Wasm, EveryFixtureIsCovered) { EXPECT_GE(fixtures().size(), 20u); }

TEST(Wasm, TheReadmeCommandPrintsAnEmptyResult) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm(R"({"version":"v1","metadata":{"name":"test"},"nodes":[],"connections":[]})");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.out.starts_with(
      R"({"status":"success","outputs":[],"outputs_by_node":{},"graph_info":{"node_count":0,)"))
      << r.out;
  EXPECT_EQ(r.err, "");
}

TEST(Wasm, RemoteNodesAreUnsupportedInWasm) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm(R"({"version":"v1","metadata":{"name":"remote"},
    "nodes":[{"id":"far","node_type":"PassThrough","host":"media.example:50051"}]})");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(R"("code":"unsupported_in_wasm")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("path":"/nodes/0/host")"), std::string::npos) << r.out;
  EXPECT_TRUE(r.err.starts_with("error: unsupported_in_wasm: ")) << r.err;
}

TEST(Wasm, DeepNestingIsALimitErrorNotAStackOverflow) {
  if (!wasm_available()) return;
  std::string deep = R"({"manifest":{"version":"v1","metadata":{"name":"deep"},"nodes":[]},"input_data":[)";
  deep += std::string(100000, '[') + std::string(100000, ']') + "]}";
  CommandResult r = run_wasm(deep);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.out.find(R"("code":"limit_exceeded")"), std::string::npos) << r.out;
}

TEST(Wasm, LargeOutputThroughAPipeArrivesWhole) {
  if (!wasm_available()) return;
  // 200 000 items: far more than a pipe buffer, read by a reader that starts late, so
  // the runner must keep fd 1 blocking (the output was once cut at 64 KiB, silently).
  // sh -c: the document is redirected to the whole pipeline, not to wc.
  const std::string document =
      R"({"version":"v1","metadata":{"name":"big"},"nodes":[{"id":"r","node_type":"RangeSource","params":{"stop":200000}}]})";
  CommandResult r = run_command("sh -c \"" + wasm_command() + " | (sleep 0.5; wc -c)\"", document);
  CommandResult native = run_command("sh -c \"" + quoted(REMOTEMEDIA_CLI) + " run - | wc -c\"", document);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_GT(std::stol(r.out), 1'000'000L);
  // Only the metrics' digits may differ in length.
  EXPECT_NEAR(std::stol(r.out), std::stol(native.out), 40);
}

// An input of tens of MB makes the program grow its linear memory many times while it
// reads stdin. Node 20's node:wasi, called directly, then used a stale view of the memory
// and node crashed (SIGSEGV, or a V8 fatal error) or lost output: scripts/wasi-run.mjs
// calls it through JS wrappers.
TEST(Wasm, InputThatGrowsTheMemoryManyTimesRunsToTheEnd) {
  if (!wasm_available()) return;
  std::string document =
      R"({"manifest":{"version":"v1","metadata":{"name":"grow"},"nodes":[{"id":"p","node_type":"PassThrough"}]},"input_data":[)";
  for (int i = 0; i < 8; ++i) document += std::string(i ? "," : "") + "\"" + std::string(1'500'000, 'a' + i) + "\"";
  document += "]}";
  const std::string expected = without_metrics(run_cli("run -", document).out);
  ASSERT_GT(expected.size(), 24'000'000u);
  for (int run = 0; run < 3; ++run) {  // the crash did not come every time
    CommandResult wasm = run_wasm(document);
    ASSERT_EQ(wasm.exit_code, 0) << wasm.err.substr(0, 2000);
    EXPECT_TRUE(without_metrics(wasm.out) == expected) << "output differs; " << wasm.out.size() << " bytes";
  }
}

TEST(Wasm, PythonStartsFromTheArchivesInsideTheWasm) {
  if (!wasm_available()) return;
  // No preopened directory at all: the stdlib and the SDK come from inside the .wasm.
  CommandResult r = run_command(wasm_command() + " --python-check", "");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find(R"("platform": "wasi")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("python": "3.11.)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("sdk": "/embedded/remotemedia.zip/remotemedia/__init__.pyc")"), std::string::npos)
      << r.out;
  // DESIGN §11: 600 is safe under every loader; deeper recursion is a RecursionError,
  // not a crashed stack.
  EXPECT_NE(r.out.find(R"("recursion_limit": 600)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"("deep_recursion": "RecursionError")"), std::string::npos) << r.out;
  // `import socket` hangs under @wasmer/sdk: nothing on the runtime's import path pulls it in.
  EXPECT_NE(r.out.find(R"("socket_imported": false)"), std::string::npos) << r.out;
}

TEST(Wasm, PythonPathDirectoriesComeAfterTheArchives) {
  if (!wasm_available()) return;
  const fs::path dir = fs::temp_directory_path() / ("remotemedia-wasm-pypath-" + std::to_string(getpid()));
  fs::create_directories(dir);
  CommandResult r = run_command(wasm_command("--python-path " + quoted(dir.string())) + " --python-check", "");
  fs::remove_all(dir);
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find(R"("path": ["/embedded/python311.zip", "/embedded/remotemedia.zip", ")" +
                       dir.string() + "\"]"),
            std::string::npos)
      << r.out;
}

// The nodes of tests/wasm/python/wasm_nodes.py on `input`, through the .wasm.
CommandResult run_wasm_node(const std::string& node_class, const std::string& input, bool streaming = false) {
  return run_wasm(R"({"manifest":{"version":"v1","metadata":{"name":"wasm-node"},"nodes":[{"id":"n","node_type":"wasm_nodes:)" +
                      node_class + "\"" + (streaming ? R"(,"is_streaming":true)" : "") +
                      R"(}]},"input_data":[)" + input + "]}",
                  "--python-path " + quoted(REMOTEMEDIA_SOURCE_DIR "/tests/wasm/python"));
}

// wasi-run.mjs --dir GUEST=HOST: a Python node reads the host directory's files under
// GUEST, and nothing else of the host; a missing file is the node's clear error.
TEST(WasmPython, DirPreopensAHostDirectoryAndNothingElse) {
  if (!wasm_available()) return;
  const fs::path dir = fs::temp_directory_path() / ("remotemedia-wasm-dir-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "hello.txt") << "hello from the host\n";
  auto read_text = [&](const std::string& path) {
    return run_wasm(R"({"manifest":{"version":"v1","metadata":{"name":"t"},"nodes":[{"id":"n","node_type":"wasm_nodes:ReadText"}]},"input_data":[")" +
                        path + "\"]}",
                    "--python-path " + quoted(REMOTEMEDIA_SOURCE_DIR "/tests/wasm/python") + " --dir " +
                        quoted("/data=" + dir.string()));
  };
  CommandResult found = read_text("/data/hello.txt");
  CommandResult missing = read_text("/data/missing.txt");
  CommandResult outside = read_text((dir / "hello.txt").string());
  fs::remove_all(dir);
  EXPECT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find(R"("outputs":["hello from the host\n"])"), std::string::npos) << found.out;
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.out.find(R"(failed on the item at timestamp 0: FileNotFoundError: [Errno 44] No such file or )"
                             R"(directory: '/data/missing.txt')"),
            std::string::npos)
      << missing.out;
  EXPECT_EQ(outside.exit_code, 1);
  EXPECT_NE(outside.out.find("PermissionError: [Errno 76] Capabilities insufficient"), std::string::npos)
      << outside.out;
}

TEST(WasmPython, AsyncNodesAreUnsupportedInWasmWithAWayOut) {
  if (!wasm_available()) return;
  for (bool streaming : {false, true}) {
    SCOPED_TRACE(streaming ? "async streaming node" : "async node");
    CommandResult r = run_wasm_node(streaming ? "AsyncStreaming" : "AsyncNode", "1", streaming);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    auto doc = parse_json(r.out);
    ASSERT_TRUE(doc) << r.out;
    const Value::Array& errors = doc->find("errors")->as_array();
    ASSERT_EQ(errors.size(), 1u) << r.out;
    EXPECT_EQ(*errors[0].find("code"), Value("unsupported_in_wasm"));
    EXPECT_EQ(*errors[0].find("path"), Value("/manifest/nodes/0/node_type"));
    EXPECT_NE(errors[0].find("message")->as_string().find("make process a plain function or generator"),
              std::string::npos)
        << r.out;
  }
}

TEST(WasmPython, ACoroutineFromAPlainProcessIsAClearError) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm_node("ReturnsCoroutine", "1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(R"(failed on the item at timestamp 0: RuntimeError: process() returned a coroutine, )"
                       R"(and this build has no asyncio (the WebAssembly build): make process a plain function )"
                       R"(or generator")"),
            std::string::npos)
      << r.out;
}

TEST(WasmPython, TensorsArriveAsRemotemediaTensorOverTheSameBytes) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm_node("TensorProbe", R"({"dtype":"int16","shape":[2,2],"data":"AQACAAMABAA="})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("outputs":[{"type":"remotemedia.Tensor","dtype":"int16","shape":[2,2],"format":"h",)"
                       R"("readonly":true,"nbytes":8,"values":[[1,2],[3,4]]}])"),
            std::string::npos)
      << r.out;
}

// The SDK multiplies a remotemedia.Tensor with the runtime's kernels (Tensor * x), not
// sample by sample in Python; `+` works the same way.
TEST(WasmPython, TensorArithmeticRunsTheRuntimesKernels) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm_node("KernelArithmetic", R"({"dtype":"int16","shape":[2,2],"data":"AQACAAMABAA="})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("outputs":[{"half":["Tensor","float64",[[0.5,1.0],[1.5,2.0]]],)"
                       R"("plus_two":["int16",[[3,4],[5,6]]],"beyond_int64":"the pure-Python path ran"}])"),
            std::string::npos)
      << r.out;
}

// Chunker re-chunks remotemedia.Tensor inputs with Tensor's slices (views) and
// Tensor.concatenate, not sample lists.
TEST(WasmPython, ChunkerSlicesAndJoinsTensors) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm_node("ChunkerOnTensors", R"({"dtype":"int16","shape":[2],"data":"AQACAA=="})");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("outputs":[[["Tensor","int16",[1,2,1]],["Tensor","int16",[2]]]])"), std::string::npos)
      << r.out;
}

TEST(WasmPython, TheArchivesInsideReadLikeFiles) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm_node("ArchiveProbe", "1");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_NE(r.out.find(R"("outputs":[{"end_record":"504b0506","at_end":true,"tail":4,"first":"PK",)"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(R"("negative_seek":"OSError","pyc_magic_ok":true,"pyc_bytes":true}])"),
            std::string::npos)
      << r.out;
}

// Segment k of the .wasm is archive k as its size (4 bytes, little-endian) then its bytes,
// and passive: instantiating the module copies neither archive into linear memory.
TEST(Wasm, TheArchivesArePassiveDataSegments) {
  if (!wasm_available()) return;
  CommandResult dump = run_command("wasm-objdump -x -j Data " + quoted(REMOTEMEDIA_WASM_FILE), "");
  ASSERT_EQ(dump.exit_code, 0) << dump.err;
  for (int segment : {0, 1}) {
    SCOPED_TRACE("segment " + std::to_string(segment));
    const std::string header = " - segment[" + std::to_string(segment) + "] passive size=";
    std::size_t at = dump.out.find(header);
    ASSERT_NE(at, std::string::npos) << dump.out.substr(0, 2000);
    const unsigned long segment_size = std::stoul(dump.out.substr(at + header.size()));
    // The first row of the hex dump: "  - 0000000: a51d 2700 504b 0304 ...".
    std::size_t row = dump.out.find("- 0000000: ", at);
    ASSERT_NE(row, std::string::npos);
    const std::string hex = dump.out.substr(row + 11, 19);
    unsigned long size = 0;
    for (int byte = 3; byte >= 0; --byte)
      size = size * 256 + std::stoul(hex.substr(byte / 2 * 5 + byte % 2 * 2, 2), nullptr, 16);
    EXPECT_EQ(size + 4, segment_size) << hex;
    EXPECT_EQ(hex.substr(10), "504b 0304") << "a zip's first local header (PK\\3\\4)";
  }
  std::size_t third = dump.out.find(" - segment[2]");
  ASSERT_NE(third, std::string::npos);
  EXPECT_EQ(dump.out.substr(third, dump.out.find('\n', third) - third).find("passive"), std::string::npos)
      << "only the archives are passive";
}

// The .wasm's code names the archives' segments by index (memory.init): packing more in
// front would shift them, so the script refuses, and leaves the file as it was.
TEST(Wasm, ArchivesArePackedOnlyIntoAFreshlyLinkedModule) {
  if (!wasm_available()) return;
  const fs::path copy = fs::temp_directory_path() / ("remotemedia-repack-" + std::to_string(getpid()) + ".wasm");
  fs::copy_file(REMOTEMEDIA_WASM_FILE, copy, fs::copy_options::overwrite_existing);
  CommandResult r = run_command("/usr/bin/python3.11 " + quoted(REMOTEMEDIA_SOURCE_DIR "/scripts/wasm-archive-segments.py") +
                                    " " + quoted(copy.string()) + " " + quoted(REMOTEMEDIA_SOURCE_DIR "/README.md"),
                                "");
  const bool unchanged = read_file(copy) == read_file(REMOTEMEDIA_WASM_FILE);
  fs::remove(copy);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("the module has a DataCount section already: its segment indices may be in use"),
            std::string::npos)
      << r.err;
  EXPECT_TRUE(unchanged);
}

TEST(WasmPython, DeepRecursionIsARecursionError) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm_node("Recurse", "1");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(R"("code":"node_failed","message":"node \"n\" (wasm_nodes:Recurse) failed on the item )"
                       R"(at timestamp 0: RecursionError: maximum recursion depth exceeded")"),
            std::string::npos)
      << r.out;
}

// The 4 GiB linear memory runs out: Python's allocator gets NULL and raises MemoryError,
// which fails the run like any exception (no trap). Slow (~15 s): it fills the memory.
TEST(WasmPython, RunningOutOfMemoryIsAMemoryError) {
  if (!wasm_available()) return;
  CommandResult r = run_wasm_node("Hoard", "500000000");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find(R"("message":"node \"n\" (wasm_nodes:Hoard) failed on the item at timestamp 0: MemoryError")"),
            std::string::npos)
      << r.out.substr(0, 2000);
  EXPECT_TRUE(r.err.starts_with("error: node_failed: ")) << r.err.substr(0, 2000);
}

TEST(Wasm, UnknownArgumentsAreUsageErrors) {
  if (!wasm_available()) return;
  CommandResult r = run_command(wasm_command() + " --frobnicate", "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.err.starts_with("error: usage_error: unknown argument --frobnicate")) << r.err;
  EXPECT_NE(r.out.find(R"("code":"usage_error")"), std::string::npos) << r.out;
}

// scripts/wasm-sizes.sh prints each variant's size and gzip size; the optimized .wasm,
// with the stdlib inside, stays within the 10 MB the issue sets.
TEST(Wasm, SizesScriptPrintsEveryVariantAndTheShippedOneIsAtMost10MB) {
  if (!wasm_available()) return;
  const fs::path dir = fs::path(REMOTEMEDIA_WASM_FILE).parent_path();
  CommandResult r = run_command("bash " + quoted(REMOTEMEDIA_SOURCE_DIR "/scripts/wasm-sizes.sh") + " " +
                                    quoted(dir.string()),
                                "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header;
  std::getline(lines, header);
  EXPECT_EQ(header.substr(0, 4), "file");
  std::vector<std::string> names;
  std::string name;
  std::uintmax_t bytes = 0, gzipped = 0;
  while (lines >> name >> bytes >> gzipped) {
    SCOPED_TRACE(name);
    names.push_back(name);
    EXPECT_EQ(bytes, fs::file_size(dir / name));
    EXPECT_LT(gzipped, bytes);
    if (name == "pipeline_executor_wasm.wasm") {
      EXPECT_LE(bytes, 10'000'000u);
    }
  }
  EXPECT_EQ(names, (std::vector<std::string>{"pipeline_executor_wasm-debug.wasm", "pipeline_executor_wasm-release.wasm",
                                             "pipeline_executor_wasm.wasm"}));
}

TEST(Wasm, HelpAndVersionGoToStdoutWithExitCode0) {
  if (!wasm_available()) return;
  CommandResult help = run_command(wasm_command() + " --help", "");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_TRUE(help.out.starts_with("usage: pipeline_executor_wasm [--python-path DIR]... [--python-check] < document.json\n"))
      << help.out;
  EXPECT_NE(help.out.find("  --python-path DIR  add DIR"), std::string::npos) << help.out;
  EXPECT_EQ(help.err, "");
  CommandResult version = run_command(wasm_command() + " --version", "");
  EXPECT_EQ(version.exit_code, 0);
  // The native CLI's version, under the program's own name.
  EXPECT_EQ(version.out, "pipeline_executor_wasm " + run_cli("--version", "").out.substr(std::string("remotemedia ").size()));
  EXPECT_EQ(version.err, "");
}

TEST(WasiRun, TierUpGivesTheSameResult) {
  if (!wasm_available()) return;
  const std::string document = read_file(REMOTEMEDIA_SOURCE_DIR "/tests/fixtures/python_mixed_dag.json");
  const std::string python_path = "--python-path " + quoted(testing::fixture_python_dir());
  CommandResult baseline = run_wasm(document, python_path);
  ASSERT_EQ(baseline.exit_code, 0) << baseline.err;
  // On the main thread and on a worker, a run that succeeds and one that fails: under
  // --tier-up the runner collects the module before it exits, with the same exit code.
  for (const char* where : {"", " --stack-mb 16"}) {
    CommandResult tiered = run_wasm(document, python_path + " --tier-up" + where);
    ASSERT_EQ(tiered.exit_code, 0) << where << ": " << tiered.err;
    EXPECT_EQ(without_metrics(tiered.out), without_metrics(baseline.out)) << where;
    CommandResult failed = run_wasm("not json", std::string("--tier-up") + where);
    EXPECT_EQ(failed.exit_code, 1) << where << ": " << failed.err;
    EXPECT_EQ(failed.out, run_wasm("not json", "").out) << where;
  }
}

// --stack-mb runs the program on a worker thread with a bigger native stack: the same
// output, stderr and exit code as on the main thread.
TEST(WasiRun, StackMbRunsOnAWorkerWithTheSameResults) {
  if (!wasm_available()) return;
  const std::string document = read_file(REMOTEMEDIA_SOURCE_DIR "/tests/fixtures/python_mixed_dag.json");
  const std::string python_path = "--python-path " + quoted(testing::fixture_python_dir());
  for (const std::string& input : {document, std::string("not json")}) {
    CommandResult main_thread = run_wasm(input, python_path);
    CommandResult worker = run_wasm(input, python_path + " --stack-mb 16");
    EXPECT_EQ(worker.exit_code, main_thread.exit_code) << worker.err;
    EXPECT_EQ(without_metrics(worker.out), without_metrics(main_thread.out));
    EXPECT_EQ(worker.err, main_thread.err);
  }
  CommandResult usage = run_wasm("", "--stack-mb 0");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("--stack-mb needs a positive number, not 0"), std::string::npos) << usage.err;
}

TEST(WasiRun, ReportsHowFarTheLinearMemoryGrew) {
  if (!wasm_available()) return;
  const fs::path report = fs::temp_directory_path() / ("remotemedia-memory-" + std::to_string(getpid()) + ".json");
  // 20 MB of input, held as the input string and again as the output JSON.
  std::string document = R"({"manifest":{"version":"v1","metadata":{"name":"m"},"nodes":[{"id":"p","node_type":"PassThrough"}]},"input_data":[")" +
                         std::string(20'000'000, 'm') + "\"]}";
  CommandResult r = run_wasm(document, "--memory-report " + quoted(report.string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = parse_json(read_file(report));
  fs::remove(report);
  ASSERT_TRUE(doc);
  const Value* bytes = doc->find("linear_memory_bytes");
  ASSERT_NE(bytes, nullptr);
  EXPECT_GT(bytes->as_int(), 40'000'000) << "the input and its copy in the output are 40 MB";
  EXPECT_EQ(bytes->as_int() % 65536, 0) << "whole 64 KiB pages";
}

// A trap is "error: wasm trap: ..." with exit code 134, on the main thread and on a
// worker; a program that cannot be instantiated is an error naming it, with exit code 2.
TEST(WasiRun, ReportsATrapWithExitCode134AndAnUninstantiableProgramWith2) {
  const fs::path traps = testing::assemble(testing::kTrappingProgram);
  const fs::path unlinkable = testing::assemble(testing::kUnlinkableProgram);
  ASSERT_FALSE(traps.empty() || unlinkable.empty());
  for (const std::string& worker : {std::string(), std::string("--stack-mb 16 ")}) {
    SCOPED_TRACE(worker.empty() ? "main thread" : "worker");
    CommandResult trapped = run_command(testing::wasi_run_command(traps, worker), "");
    EXPECT_EQ(trapped.exit_code, 134);
    EXPECT_EQ(trapped.out, "");
    EXPECT_EQ(trapped.err, "error: wasm trap: RuntimeError: unreachable\n");
    CommandResult unlinked = run_command(testing::wasi_run_command(unlinkable, worker), "");
    EXPECT_EQ(unlinked.exit_code, 2);
    EXPECT_TRUE(unlinked.err.starts_with("error: " + unlinkable.string() + ": WebAssembly.Instance(): Import #0"))
        << unlinked.err;
  }
  fs::remove_all(traps.parent_path());
}

// The program's proc_exit(n) ends the process through Node's own exit, which stops V8's
// threads before anything is destroyed. node:wasi's proc_exit calls the C library's
// exit() at once, and node crashed (SIGSEGV) on rare runs when a garbage collector's
// background task outlived what exit() destroyed. Node's exit is what writes the V8
// coverage profiles NODE_V8_COVERAGE asks for: exit() skips it.
TEST(WasiRun, ExitsThroughNodesTeardown) {
  static constexpr testing::WatProgram kExits3{
      "exits3", R"((module (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
                      (memory (export "memory") 1) (func (export "_start") (call $exit (i32.const 3)))))"};
  const fs::path program = testing::assemble(kExits3);
  ASSERT_FALSE(program.empty());
  for (const std::string& worker : {std::string(), std::string("--stack-mb 16 ")}) {
    SCOPED_TRACE(worker.empty() ? "main thread" : "worker");
    const fs::path coverage = program.parent_path() / "coverage";
    fs::remove_all(coverage);
    CommandResult r =
        run_command("NODE_V8_COVERAGE=" + quoted(coverage.string()) + " " + testing::wasi_run_command(program, worker), "");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(r.out + r.err, "");
    EXPECT_TRUE(fs::is_directory(coverage) && !fs::is_empty(coverage)) << "no V8 coverage profile was written";
  }
  fs::remove_all(program.parent_path());
}

TEST(WasiRun, PassesTheExitCodeAndRejectsUnknownOptions) {
  CommandResult usage = run_command(testing::wasi_run_command("x.wasm", "--frobnicate 1"), "");
  EXPECT_EQ(usage.exit_code, 2);
  EXPECT_NE(usage.err.find("unknown option --frobnicate"), std::string::npos) << usage.err;
  CommandResult missing = run_command(testing::wasi_run_command("/nonexistent.wasm"), "");
  EXPECT_EQ(missing.exit_code, 2);
  if (!wasm_available()) return;
  CommandResult bad = run_wasm("not json");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_TRUE(bad.err.starts_with("error: parse_error: ")) << bad.err;
}

}  // namespace
}  // namespace remotemedia
