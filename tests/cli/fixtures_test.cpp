// Every shared fixture in tests/fixtures/ (a document fed on stdin + the expected result
// without metrics) through `remotemedia run -` with each driver: the concurrent one,
// the sync one (the WebAssembly build's), and the concurrent one with a stage per node
// and one-item queues. All must print exactly the expected document. Python fixtures
// find their user-written nodes in tests/fixtures/python (support/fixtures.h).
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "remotemedia/json.h"
#include "support/cli_runner.h"
#include "support/fixtures.h"

namespace remotemedia {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_cli;

// The result document with "metrics" removed, re-serialized canonically.
std::string without_metrics(const std::string& json_text) {
  auto doc = parse_json(json_text);
  if (!doc) return "<not JSON: " + doc.error().message + ">\n" + json_text;
  if (!doc->is_object()) return "<not an object>";
  Value::Object kept;
  for (const auto& member : doc->as_object())
    if (member.first != "metrics") kept.push_back(member);
  return to_json(Value(std::move(kept)));
}

std::vector<fs::path> fixtures() { return testing::shared_fixtures(); }

class Fixture : public ::testing::TestWithParam<fs::path> {};

TEST_P(Fixture, EveryDriverPrintsTheExpectedResult) {
  const fs::path input = GetParam();
  fs::path expected_path = input;
  expected_path.replace_extension(".expected.json");
  ASSERT_TRUE(fs::exists(expected_path)) << expected_path;
  const std::string expected = without_metrics(read_file(expected_path));
  const bool success = expected.starts_with(R"({"status":"success")");
  const std::string document = read_file(input);
  const std::string python_path = " --python-path '" + testing::fixture_python_dir() + "'";
  for (const char* args : {"run -", "run - --sync", "run --no-fuse --queue-capacity 1"}) {
    SCOPED_TRACE(args);
    auto r = run_cli(args + python_path, document);
    EXPECT_EQ(testing::with_fixtures_placeholder(without_metrics(r.out)), expected);
    EXPECT_EQ(r.exit_code, success ? 0 : 1);
    EXPECT_EQ(r.out.find('\n'), r.out.size() - 1) << "stdout must be one JSON document on one line";
    if (!success) {
      EXPECT_TRUE(r.err.starts_with("error: ")) << r.err;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shared, Fixture, ::testing::ValuesIn(fixtures()),
                         [](const ::testing::TestParamInfo<fs::path>& info) {
                           return info.param.stem().string();
                         });

TEST(Fixtures, ThereAreFixturesForSuccessAndErrors) { EXPECT_GE(fixtures().size(), 20u); }

// scripts/expected-result.py writes a fixture's expected result as the files here hold
// it: a copy of a fixture whose traceback names a file in tests/fixtures/python gets the
// same bytes as the committed .expected.json.
TEST(Fixtures, TheExpectedResultScriptWritesWhatTheFilesHold) {
  const fs::path dir = fs::temp_directory_path() / ("remotemedia-expected-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path fixture = fs::path(REMOTEMEDIA_SOURCE_DIR "/tests/fixtures/python_node_raises.json");
  fs::copy_file(fixture, dir / fixture.filename());
  auto r = testing::run_command("/usr/bin/python3.11 '" REMOTEMEDIA_SOURCE_DIR "/scripts/expected-result.py' --cli '" +
                                    std::string(REMOTEMEDIA_CLI) + "' '" + (dir / fixture.filename()).string() + "'",
                                "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, (dir / "python_node_raises.expected.json").string() + ": error, exit code 1\n");
  EXPECT_EQ(read_file(dir / "python_node_raises.expected.json"),
            read_file(REMOTEMEDIA_SOURCE_DIR "/tests/fixtures/python_node_raises.expected.json"));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace remotemedia
