// The shared fixtures: every tests/fixtures/*.json that is a document fed on stdin (its
// expected result is the file of the same name ending in .expected.json), sorted.
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

}  // namespace remotemedia::testing
