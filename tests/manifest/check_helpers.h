// Helpers shared by the manifest tests: parse a document, check it against the test
// registry, and compare errors by (code, path).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "remotemedia/json.h"
#include "remotemedia/manifest.h"
#include "support/test_registry.h"

namespace remotemedia::testing {

inline const NodeRegistry& test_registry() {
  static const NodeRegistry registry = make_test_registry();
  return registry;
}

inline Value parse(std::string_view text) {
  Result<Value> value = parse_json(text);
  EXPECT_TRUE(value.has_value()) << (value ? "" : value.error().message) << "\n" << text;
  return value ? *value : Value();
}

inline ManifestCheck check(std::string_view text, const ValidateOptions& options = {}) {
  return check_document(parse(text), test_registry(), options);
}

// A v1 manifest with the given nodes and connections arrays (JSON text).
inline std::string manifest(std::string_view nodes, std::string_view connections = "[]") {
  return R"({"version": "v1", "metadata": {"name": "t"}, "nodes": )" + std::string(nodes) +
         R"(, "connections": )" + std::string(connections) + "}";
}

using CodePath = std::pair<std::string, std::string>;

inline std::vector<CodePath> code_paths(const ManifestCheck& result) {
  std::vector<CodePath> out;
  for (const Error& e : result.errors) out.emplace_back(std::string(to_string(e.code)), e.path);
  return out;
}

// All messages, one a line, for failure output.
inline std::string messages(const ManifestCheck& result) {
  std::string out;
  for (const Error& e : result.errors)
    out += std::string(to_string(e.code)) + " " + e.path + ": " + e.message + "\n";
  return out;
}

}  // namespace remotemedia::testing
