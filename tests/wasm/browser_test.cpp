// pipeline_executor_wasm.wasm in a web page (DESIGN §1 and §11: the same file must stay
// loadable in a browser). tests/browser/run-in-browser.mjs loads it in headless Chromium
// the way a page would (fetch, WebAssembly.compileStreaming, @bjorn3/browser_wasi_shim) and
// runs every shared fixture through it: each must print what the native CLI prints, as
// under Node. The stdlib and the SDK come from inside the .wasm; the page's only files are
// the fixtures' own Python directory.
//
// Needs Chromium and the npm packages of tests/browser (`make test` installs both); when
// either is missing the test is skipped, or failed under REMOTEMEDIA_REQUIRE_WASM=1.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

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

constexpr const char* kRunner = REMOTEMEDIA_SOURCE_DIR "/tests/browser/run-in-browser.mjs";

// The browser the runner starts: $CHROMIUM, or Debian's.
std::string chromium() {
  const char* path = std::getenv("CHROMIUM");
  return path != nullptr && *path != '\0' ? path : "/usr/bin/chromium";
}

bool browser_available() {
  return testing::wasm_available() &&
         required_file_exists(REMOTEMEDIA_SOURCE_DIR "/tests/browser/node_modules/playwright-core",
                              "run `npm ci` in tests/browser (make test does)") &&
         required_file_exists(chromium(), "install Debian's chromium (make test does) or set CHROMIUM");
}

TEST(Browser, EveryFixturePrintsWhatTheNativeCliPrints) {
  if (!browser_available()) return;
  const std::string python_path = "--python-path " + quoted(testing::fixture_python_dir());
  std::string command = "node " + quoted(kRunner) + " " + python_path + " " + quoted(REMOTEMEDIA_WASM_FILE);
  const auto fixtures = testing::shared_fixtures();
  for (const auto& fixture : fixtures) command.append(" ").append(quoted(fixture.string()));
  CommandResult browser = run_command(command, "");
  ASSERT_EQ(browser.exit_code, 0) << browser.err;

  std::size_t runs = 0;
  for (std::size_t start = 0, end; (end = browser.out.find('\n', start)) != std::string::npos; start = end + 1) {
    auto run = parse_json(browser.out.substr(start, end - start));
    ASSERT_TRUE(run) << browser.out.substr(start, end - start);
    const std::string document = run->find("document")->as_string();
    SCOPED_TRACE(document);
    ASSERT_EQ(document, fixtures.at(runs).string()) << "one result per document, in order";
    ++runs;
    EXPECT_TRUE(run->find("error")->is_null()) << "the run threw: " << run->find("error")->as_string();
    CommandResult native = run_cli("run - " + python_path, read_file(document));
    EXPECT_EQ(without_metrics(run->find("stdout")->as_string()), without_metrics(native.out));
    EXPECT_EQ(run->find("stderr")->as_string(), native.err);
    EXPECT_EQ(*run->find("exit_code"), Value(native.exit_code));
  }
  EXPECT_EQ(runs, fixtures.size());
}

}  // namespace
}  // namespace remotemedia
