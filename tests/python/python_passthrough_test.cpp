// Adjacent Python nodes hand each other Python objects as they are: an object with no
// Value form (a set) may travel between them, and is an error only where it must leave
// Python.
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
class MakeSet:
    def process(self, item):
        return {item, item + 1}


class Sorted:
    def process(self, item):
        assert isinstance(item, set), type(item)
        return sorted(item)
)PY";

std::string document(bool sorted_after) {
  std::string nodes = R"([{"id": "make", "node_type": "objs:MakeSet"})";
  std::string connections = "[]";
  if (sorted_after) {
    nodes += R"(, {"id": "sort", "node_type": "objs:Sorted"})";
    connections = R"([{"from": "make", "to": "sort"}])";
  }
  return R"({"manifest": {"version": "v1", "metadata": {"name": "o"}, "nodes": )" + nodes +
         "], \"connections\": " + connections + R"(}, "input_data": [1, 5]})";
}

class PythonObjects : public ::testing::TestWithParam<const char*> {};

TEST_P(PythonObjects, TravelBetweenPythonNodesUnconverted) {
  ModuleDir dir;
  dir.write("objs.py", kModule);
  auto r = run_cli("run - " + std::string(GetParam()) + " --python-path '" + dir.path() + "'", document(true));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  auto doc = parse_json(r.out);
  ASSERT_TRUE(doc) << r.out;
  EXPECT_EQ(to_json(*doc->find("outputs")), "[[1,2],[5,6]]");
}

TEST_P(PythonObjects, LeavingPythonWithoutAValueFormFails) {
  ModuleDir dir;
  dir.write("objs.py", kModule);
  auto r = run_cli("run - " + std::string(GetParam()) + " --python-path '" + dir.path() + "'", document(false));
  EXPECT_EQ(r.exit_code, 1);
  auto doc = parse_json(r.out);
  ASSERT_TRUE(doc) << r.out;
  const Value& e = doc->find("errors")->as_array().front();
  EXPECT_EQ(e.find("code")->as_string(), "node_failed");
  EXPECT_EQ(e.find("node")->as_string(), "make");
  EXPECT_EQ(*e.find("timestamp"), Value(0));
  EXPECT_NE(e.find("message")->as_string().find("<class 'set'>, which has no Value form"), std::string::npos)
      << r.out;
}

INSTANTIATE_TEST_SUITE_P(Drivers, PythonObjects, ::testing::Values("", "--sync", "--no-fuse"));

}  // namespace
}  // namespace remotemedia
