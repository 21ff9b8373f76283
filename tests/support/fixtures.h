// The shared fixtures: every tests/fixtures/*.json that is a document fed on stdin (its
// expected result is the file of the same name ending in .expected.json), sorted.
// Python fixtures use the user-written nodes in tests/fixtures/python/: every runner
// passes `--python-path fixture_python_dir()`. Results that name a file there (a
// traceback, a SyntaxError) hold the clone's absolute path, which the .expected.json
// files write as "$FIXTURES".
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

namespace remotemedia::testing {

inline std::vector<std::filesystem::path> shared_fixtures() {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(fs::path(REMOTEMEDIA_SOURCE_DIR) / "tests/fixtures")) {
    std::string name = entry.path().filename().string();
    if (name.ends_with(".json") && !name.ends_with(".expected.json")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string fixture_python_dir() { return REMOTEMEDIA_SOURCE_DIR "/tests/fixtures/python"; }

// `text` with every occurrence of the fixtures directory's absolute path made "$FIXTURES".
inline std::string with_fixtures_placeholder(std::string text) {
  const std::string dir = REMOTEMEDIA_SOURCE_DIR "/tests/fixtures";
  for (std::size_t at = text.find(dir); at != std::string::npos; at = text.find(dir, at))
    text.replace(at, dir.size(), "$FIXTURES");
  return text;
}

}  // namespace remotemedia::testing
