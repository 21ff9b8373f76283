// pipeline_executor_wasm.wasm under the browser loaders (DESIGN §1 and §11: the same file
// must stay loadable in a browser), every shared fixture against the native CLI as under
// Node:
// - tests/browser/run-in-browser.mjs loads it in headless Chromium the way a page would
//   (fetch, WebAssembly.compileStreaming, @bjorn3/browser_wasi_shim), with the fixtures'
//   Python directory as the page's only files, on the page's thread and in a worker;
// - tests/browser/run-under-wasmer.mjs runs it under @wasmer/sdk's WASIX (its Node entry),
//   the fixtures that need no Python directory;
// - tests/browser/run-demo-page.mjs runs every example (examples/) through the demo page,
//   web/index.html, as a user does: text box, Run button, what the page shows; and a
//   document through two broken programs, for what the page shows of a run that fails.
// The stdlib and the SDK come from inside the .wasm.
//
// Needs Chromium and the npm packages of web/ and tests/browser (`make test` installs them); when
// either is missing the tests are skipped, or failed under REMOTEMEDIA_REQUIRE_WASM=1.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "remotemedia/json.h"
#include "support/cli_runner.h"
#include "support/fixtures.h"
#include "support/wasm_runs.h"

namespace remotemedia {
namespace {

using testing::CommandResult;
using testing::quoted;
using testing::read_file;
using testing::required_file_exists;
using testing::run_cli;
using testing::run_command;
using testing::without_metrics;

constexpr const char* kRunInBrowser = REMOTEMEDIA_SOURCE_DIR "/tests/browser/run-in-browser.mjs";
constexpr const char* kRunUnderWasmer = REMOTEMEDIA_SOURCE_DIR "/tests/browser/run-under-wasmer.mjs";
constexpr const char* kRunDemoPage = REMOTEMEDIA_SOURCE_DIR "/tests/browser/run-demo-page.mjs";
constexpr const char* kExamplesDir = REMOTEMEDIA_SOURCE_DIR "/examples";

// The browser the runner starts: $CHROMIUM, or Debian's.
std::string chromium() {
  const char* path = std::getenv("CHROMIUM");
  return path != nullptr && *path != '\0' ? path : "/usr/bin/chromium";
}

// The .wasm and the npm packages of web/ and tests/browser (npm's own record of an
// install is node_modules/.package-lock.json).
bool loaders_available() {
  return testing::wasm_available() &&
         required_file_exists(REMOTEMEDIA_SOURCE_DIR "/web/node_modules/.package-lock.json",
                              "run `npm ci` in web (make test does)") &&
         required_file_exists(REMOTEMEDIA_SOURCE_DIR "/tests/browser/node_modules/.package-lock.json",
                              "run `npm ci` in tests/browser (make test does)");
}

bool chromium_available() {
  return required_file_exists(chromium(), "install Debian's chromium (make test does) or set CHROMIUM");
}

const std::string kPythonPath = "--python-path " + quoted(testing::fixture_python_dir());

// What `runner` (a tests/browser script) prints for `program` on `documents`: one JSON
// object per run ({document, exit_code, stdout, stderr, error, ms}), in order. A runner
// that fails, or a line that is not JSON, is a test failure (and ends the list).
std::vector<Value> runner_results(const std::string& runner, const std::string& runner_args,
                                  const std::string& program, const std::vector<std::filesystem::path>& documents) {
  std::string command = "node " + quoted(runner) + " " + runner_args + " " + quoted(program);
  for (const auto& document : documents) command.append(" ").append(quoted(document.string()));
  CommandResult results = run_command(command, "");
  EXPECT_EQ(results.exit_code, 0) << results.err;
  std::vector<Value> runs;
  for (std::size_t start = 0, end; (end = results.out.find('\n', start)) != std::string::npos; start = end + 1) {
    auto run = parse_json(results.out.substr(start, end - start));
    if (!run) {
      ADD_FAILURE() << "not a JSON line: " << results.out.substr(start, end - start);
      break;
    }
    runs.push_back(std::move(*run));
  }
  return runs;
}

// Runs `runner` on `documents` and expects, for each, what the native CLI prints with
// `native_args`: stdout without metrics, stderr and the exit code.
void expect_native_results(const std::string& runner, const std::string& runner_args,
                           const std::vector<std::filesystem::path>& documents,
                           const std::string& native_args = kPythonPath) {
  std::size_t runs = 0;
  for (const Value& run : runner_results(runner, runner_args, REMOTEMEDIA_WASM_FILE, documents)) {
    const std::string document = run.find("document")->as_string();
    SCOPED_TRACE(document);
    ASSERT_LT(runs, documents.size());
    ASSERT_EQ(document, documents[runs].string()) << "one result per document, in order";
    ++runs;
    EXPECT_TRUE(run.find("error")->is_null()) << "the run did not exit: " << run.find("error")->as_string();
    CommandResult native = run_cli("run - " + native_args, read_file(document));
    EXPECT_EQ(without_metrics(run.find("stdout")->as_string()), without_metrics(native.out));
    EXPECT_EQ(run.find("stderr")->as_string(), native.err);
    EXPECT_EQ(*run.find("exit_code"), Value(native.exit_code));
  }
  EXPECT_EQ(runs, documents.size());
}

// Whether the document's manifest names a user module's node ("module:Class").
bool names_a_user_module(const std::filesystem::path& document) {
  auto doc = parse_json(read_file(document));
  if (!doc || !doc->is_object()) return false;
  const Value* manifest = doc->find("manifest") != nullptr ? doc->find("manifest") : &*doc;
  const Value* nodes = manifest->is_object() ? manifest->find("nodes") : nullptr;
  if (nodes == nullptr || !nodes->is_array()) return false;
  for (const Value& node : nodes->as_array()) {
    const Value* type = node.is_object() ? node.find("node_type") : nullptr;
    if (type != nullptr && type->is_string() && type->as_string().find(':') != std::string::npos) return true;
  }
  return false;
}

TEST(Browser, EveryFixturePrintsWhatTheNativeCliPrints) {
  if (!loaders_available() || !chromium_available()) return;
  expect_native_results(kRunInBrowser, kPythonPath, testing::shared_fixtures());
}

// Where a real page runs it: a worker's native stack is smaller than the page's.
TEST(Browser, InAWorkerEveryFixturePrintsWhatTheNativeCliPrints) {
  if (!loaders_available() || !chromium_available()) return;
  expect_native_results(kRunInBrowser, "--worker " + kPythonPath, testing::shared_fixtures());
}

TEST(Browser, UnderWasmerSdkTheFixturesPrintWhatTheNativeCliPrints) {
  if (!loaders_available()) return;
  std::vector<std::filesystem::path> documents;
  for (const auto& fixture : testing::shared_fixtures())
    if (!names_a_user_module(fixture)) documents.push_back(fixture);
  ASSERT_GE(documents.size(), 30u) << "most fixtures need no user module";
  expect_native_results(kRunUnderWasmer, "", documents);
}

// The demo page (`make web`) on every example, with the examples' Python directory, which
// is what the demo serves by default.
TEST(Browser, TheDemoPageShowsWhatTheNativeCliPrintsForEveryExample) {
  if (!loaders_available() || !chromium_available()) return;
  std::vector<std::filesystem::path> examples;
  for (const auto& entry : std::filesystem::directory_iterator(kExamplesDir))
    if (entry.path().extension() == ".json") examples.push_back(entry.path());
  std::sort(examples.begin(), examples.end());
  ASSERT_GE(examples.size(), 7u);
  const std::string python_path = "--python-path " + quoted(std::string(kExamplesDir) + "/python");
  expect_native_results(kRunDemoPage, python_path, examples, python_path);
}

// A program that cannot run to its exit (testing::kTrappingProgram, kUnlinkableProgram):
// the page says why, with no exit code, and takes the next run.
TEST(Browser, TheDemoPageReportsAProgramThatTrapsOrCannotBeInstantiatedAndRunsAgain) {
  if (!loaders_available() || !chromium_available()) return;
  const struct {
    testing::WatProgram program;
    const char* error;
  } cases[] = {
      {testing::kTrappingProgram, "RuntimeError: unreachable"},
      {testing::kUnlinkableProgram,
       R"(LinkError: WebAssembly.instantiate(): Import #0 "wasi_snapshot_preview1" "no_such_call")"},
  };
  const std::filesystem::path document = std::string(kExamplesDir) + "/calculator.json";
  for (const auto& c : cases) {
    SCOPED_TRACE(c.program.name);
    const std::filesystem::path wasm = testing::assemble(c.program);
    ASSERT_FALSE(wasm.empty());
    std::vector<Value> runs = runner_results(kRunDemoPage, "", wasm.string(), {document, document});
    std::filesystem::remove_all(wasm.parent_path());
    for (const Value& run : runs) {
      EXPECT_TRUE(run.find("exit_code")->is_null());
      EXPECT_EQ(run.find("stdout")->as_string(), "");
      ASSERT_TRUE(run.find("error")->is_string()) << to_json(run);
      const std::string& error = run.find("error")->as_string();
      EXPECT_TRUE(error.starts_with(std::string("the run did not exit: ") + c.error)) << error;
    }
    EXPECT_EQ(runs.size(), 2u) << "the second run, after the first failed";
  }
}

// A worker that dies during a run (run-demo-page.mjs --stop-worker makes it throw,
// uncaught): the page reports that run as one that did not exit, starts a new worker,
// and the next run prints what the native CLI prints.
TEST(Browser, TheDemoPageStartsANewWorkerAfterOneDiesInARun) {
  if (!loaders_available() || !chromium_available()) return;
  const std::filesystem::path document = std::string(kExamplesDir) + "/calculator.json";
  std::vector<Value> runs = runner_results(kRunDemoPage, "--stop-worker", REMOTEMEDIA_WASM_FILE, {document, document});
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_TRUE(runs[0].find("exit_code")->is_null());
  ASSERT_TRUE(runs[0].find("error")->is_string()) << to_json(runs[0]);
  EXPECT_EQ(runs[0].find("error")->as_string(),
            "the run did not exit: the worker stopped: Uncaught Error: stopped by the test");
  CommandResult native = run_cli("run -", read_file(document));
  EXPECT_TRUE(runs[1].find("error")->is_null()) << to_json(runs[1]);
  EXPECT_EQ(without_metrics(runs[1].find("stdout")->as_string()), without_metrics(native.out));
  EXPECT_EQ(*runs[1].find("exit_code"), Value(native.exit_code));
}

}  // namespace
}  // namespace remotemedia
