// Every manifest or envelope checked into examples/ and tests/fixtures/ matches the
// exported JSON Schema.
//
// Inputs are the *.json files that are not *.expected.json. A fixture whose expected
// result is a document-level validation error (bad JSON, a missing field, an unknown
// param, ...) is deliberately malformed, so it is skipped here; every other input must
// match. The directories may be empty or missing: the test then checks zero files.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "manifest/check_helpers.h"
#include "support/json_schema_check.h"

namespace remotemedia::testing {
namespace {

namespace fs = std::filesystem;

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<fs::path> inputs_under(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& entry : fs::recursive_directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_regular_file() && ends_with(name, ".json") && !ends_with(name, ".expected.json"))
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// True when the fixture's expected result says the document itself is malformed.
bool expects_document_error(const fs::path& input) {
  fs::path expected = input;
  expected.replace_extension(".expected.json");
  std::error_code ec;
  if (!fs::exists(expected, ec)) return false;
  Result<Value> result = parse_json(read_file(expected));
  if (!result || !result->is_object()) return false;
  const Value* status = result->find("status");
  const Value* errors = result->find("errors");
  if (status == nullptr || *status != Value("error") || errors == nullptr || !errors->is_array())
    return false;
  static const std::set<std::string> kDocumentCodes = {
      "parse_error",         "limit_exceeded", "missing_field", "wrong_type",   "unknown_field",
      "unsupported_version", "unknown_param",  "invalid_param", "invalid_host", "invalid_input"};
  for (const Value& e : errors->as_array()) {
    const Value* code = e.find("code");
    if (code != nullptr && code->is_string() && kDocumentCodes.contains(code->as_string()))
      return true;
  }
  return false;
}

TEST(SchemaFiles, ExamplesAndFixturesMatchTheSchema) {
  const Value schema = manifest_json_schema(test_registry());
  const fs::path root = REMOTEMEDIA_SOURCE_DIR;
  std::size_t found = 0, matched = 0, skipped = 0;
  for (const char* dir : {"examples", "tests/fixtures"}) {
    std::vector<fs::path> inputs = inputs_under(root / dir);
    found += inputs.size();
    for (const fs::path& input : inputs) {
      if (expects_document_error(input)) {
        ++skipped;
        continue;
      }
      Result<Value> document = parse_json(read_file(input));
      ASSERT_TRUE(document.has_value()) << input << ": " << document.error().message;
      std::vector<std::string> violations = json_schema_check(schema, *document);
      std::string text;
      for (const std::string& v : violations) text += "\n  " + v;
      EXPECT_TRUE(violations.empty()) << input << text;
      ++matched;
    }
  }
  EXPECT_EQ(matched + skipped, found);
  std::cout << "[ schema   ] " << matched << " files matched, " << skipped
            << " expected-invalid skipped\n";
}

}  // namespace
}  // namespace remotemedia::testing
