// Python nodes in whole pipelines: through the executor (concurrent and sync drivers) and
// through `remotemedia run` as a user runs them.
#include <unistd.h>

#include <chrono>
#include <cstdlib>

#include <gtest/gtest.h>

#include "python_test_support.h"
#include "remotemedia/executor.h"
#include "remotemedia/json.h"
#include "remotemedia/python.h"
#include "remotemedia/validate.h"
#include "support/cli_runner.h"

namespace remotemedia {
namespace {

using testing::ModuleDir;
using testing::run_cli;

std::string module_name(const std::string& base) { return base + "_" + std::to_string(getpid()); }

std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The "outputs" member of a result document, as JSON text.
std::string outputs_of(const std::string& result_json) {
  auto doc = parse_json(result_json);
  if (!doc || doc->find("outputs") == nullptr) return "<no outputs in: " + result_json + ">";
  return to_json(*doc->find("outputs"));
}

TEST(PythonCliTest, TextProcessorNode) {
  auto r = run_cli("run -", R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "text", "node_type": "TextProcessorNode"}]},
    "input_data": [{"text": "Python in Browser", "operations": ["char_count", "word_count", "uppercase"]}]})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(outputs_of(r.out),
            R"([{"original_text":"Python in Browser","operations":["char_count","word_count","uppercase"],)"
            R"("results":{"char_count":17,"word_count":3,"uppercase":"PYTHON IN BROWSER"},)"
            R"("processed_by":"TextProcessorNode"}])");
}

TEST(PythonCliTest, SimpleSourceIntoUppercaseTransform) {
  auto r = run_cli("run -", R"({"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "src", "node_type": "SimpleSource", "params": {"count": 3}},
              {"id": "up", "node_type": "UppercaseTransform"}],
    "connections": [{"from": "src", "to": "up"}]})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(outputs_of(r.out), R"(["ITEM 0","ITEM 1","ITEM 2"])");
}

TEST(PythonCliTest, NumpyMultiplierOnAFloat32Tensor) {
  auto r = run_cli("run -", R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "mul", "node_type": "NumpyMultiplier", "params": {"factor": 3}}]},
    "input_data": [{"dtype": "float32", "shape": [3], "data": "AACAPwAAAEAAAEBA"}]})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(outputs_of(r.out), R"([{"dtype":"float32","shape":[3],"data":"AABAQAAAwEAAABBB"}])");
}

TEST(PythonCliTest, CalculatorNodeWithPythonRuntimeHint) {
  auto r = run_cli("run -", R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "calc", "node_type": "CalculatorNode", "runtime_hint": "python",
               "params": {"operation": "multiply", "operand": 3}}]},
    "input_data": [1, 2.5, "4"]})");
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(outputs_of(r.out), "[3,7.5,12]");
  auto graph = parse_json(r.out);
}

// A user node raising on its second item: the python_node_raises fixture (tests/fixtures).

TEST(PythonCliTest, ValidationErrorsFromPythonNodes) {
  ModuleDir dir;
  std::string mod = module_name("rm_cli_syntax");
  std::string file = dir.write(mod + ".py", "def f(:\n");
  auto r = run_cli("validate - --python-path " + quoted(dir.path()),
                   R"({"version": "v1", "metadata": {"name": "t"}, "nodes": [
      {"id": "a", "node_type": ")" + mod + R"(:X"},
      {"id": "b", "node_type": "TextProcesorNode"},
      {"id": "c", "node_type": "TextProcessorNode", "params": {"colour": 1}}]})");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("SyntaxError"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(file + ", line 1"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("TextProcessorNode"), std::string::npos) << r.out;  // did you mean
  EXPECT_NE(r.out.find("unknown_param"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/nodes/2/params/colour"), std::string::npos) << r.out;
}

TEST(PythonCliTest, NodesListsPythonNodesWithParams) {
  auto r = run_cli("nodes --json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(R"("node_type":"TextProcessorNode","runtime":"python")"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(R"({"name":"factor","type":"any","required":false,"default":2.0})"), std::string::npos)
      << r.out;
}

// Each of two async nodes sleeps 0.1 s per item; 10 items take ~2 s one after the other,
// ~1.1 s when the nodes overlap on the lane's event loop.
TEST(PythonExecutorTest, AsyncNodesOverlap) {
  ModuleDir dir;
  std::string mod = module_name("rm_async");
  dir.write(mod + ".py", R"PY(import asyncio


class Sleep:
    async def process(self, item):
        await asyncio.sleep(0.1)
        return item + 1
)PY");
  NodeRegistry registry;
  register_builtin_nodes(registry);
  register_python_nodes(registry, {{dir.path()}});
  std::string manifest = R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "a", "node_type": ")" + mod + R"(:Sleep"}, {"id": "b", "node_type": ")" + mod +
                         R"(:Sleep"}], "connections": [{"from": "a", "to": "b"}]},
    "input_data": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]})";
  auto request = validate_json(manifest, registry);
  ASSERT_TRUE(request) << request.error().front().message;
  Executor executor(registry);
  auto start = std::chrono::steady_clock::now();
  auto result = executor.run_concurrent(*request);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result) << result.error().front().message;
  EXPECT_EQ(to_json(Value(result->outputs())), "[2,3,4,5,6,7,8,9,10,11]");
  std::fprintf(stderr, "two async nodes x 10 items x 0.1 s: %.3f s\n", seconds);
  EXPECT_LT(seconds, 1.6) << "the two async nodes did not overlap";
  EXPECT_GE(seconds, 1.0);

  auto sync = executor.run_sync(*request);  // the sync driver: same results, no overlap
  ASSERT_TRUE(sync) << sync.error().front().message;
  EXPECT_EQ(to_json(Value(sync->outputs())), "[2,3,4,5,6,7,8,9,10,11]");
}

// A plain `def process` that returns a coroutine, next to an async node: on the lane the
// async node's event loop is running, and the coroutine still runs to its end.
TEST(PythonExecutorTest, SyncProcessReturningACoroutineBesideAnAsyncNode) {
  ModuleDir dir;
  std::string mod = module_name("rm_coro");
  dir.write(mod + ".py", R"PY(import asyncio


class AsyncNode:
    async def process(self, item):
        await asyncio.sleep(0)
        return item + 1


class ReturnsCoroutine:
    def process(self, item):
        return self._work(item)

    async def _work(self, item):
        await asyncio.sleep(0)
        return item * 10
)PY");
  std::string manifest = R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "a", "node_type": ")" + mod + R"(:AsyncNode"}, {"id": "s", "node_type": ")" + mod +
                         R"(:ReturnsCoroutine"}], "connections": [{"from": "a", "to": "s"}]},
    "input_data": [1, 2, 3]})";
  for (const char* driver : {"", " --sync"}) {
    SCOPED_TRACE(driver);
    auto r = run_cli("run - --python-path " + quoted(dir.path()) + driver, manifest);
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
    EXPECT_EQ(outputs_of(r.out), "[20,30,40]");
  }
}

TEST(PythonExecutorTest, MixedDagGivesTheSameResultsOnBothDrivers) {
  NodeRegistry registry;
  register_builtin_nodes(registry);
  register_python_nodes(registry);
  auto request = validate_json(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "mul", "node_type": "MultiplyNode", "params": {"factor": 2}},
              {"id": "pycalc", "node_type": "CalculatorNode", "runtime_hint": "python",
               "params": {"operation": "add", "operand": 1}},
              {"id": "buf", "node_type": "BufferNode", "params": {"size": 3}},
              {"id": "pass", "node_type": "PassThrough"},
              {"id": "acc", "node_type": "Accumulator"}],
    "connections": [{"from": "mul", "to": "pycalc"}, {"from": "pycalc", "to": "buf"},
                    {"from": "mul", "to": "pass"}, {"from": "pass", "to": "acc"},
                    {"from": "pycalc", "to": "acc"}]},
    "input_data": [1, 2, 3, 4, 5, 6, 7]})",
                               registry);
  ASSERT_TRUE(request) << request.error().front().message;
  Executor executor(registry);
  auto concurrent = executor.run_concurrent(*request);
  auto sync = executor.run_sync(*request);
  ASSERT_TRUE(concurrent) << concurrent.error().front().message;
  ASSERT_TRUE(sync) << sync.error().front().message;
  Value a = concurrent->to_value(), b = sync->to_value();
  EXPECT_EQ(to_json(*a.find("outputs_by_node")), to_json(*b.find("outputs_by_node")));
  EXPECT_NE(to_json(*a.find("outputs_by_node")).find("\"buf\":[[3,5,7],[9,11,13],[15]]"), std::string::npos)
      << to_json(*a.find("outputs_by_node"));
}

// Enough items for many steps of the Python stages (the lane re-posts a stage that spent
// its step budget), and a Python item shared by two Python consumers: each consumer's
// result must leave the other's input alone.
TEST(PythonExecutorTest, SharedPythonItemsOverManySteps) {
  NodeRegistry registry;
  register_builtin_nodes(registry);
  register_python_nodes(registry);
  Value::Array inputs;
  std::string add_one = "[", times_ten = "[";
  for (int i = 0; i < 3000; ++i) {
    inputs.emplace_back(i);
    add_one += (i ? "," : "") + std::to_string(i + 1);
    times_ten += (i ? "," : "") + std::to_string(i * 10);
  }
  Value manifest = *parse_json(R"({"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "src", "node_type": "PassThroughNode", "runtime_hint": "python"},
              {"id": "add", "node_type": "CalculatorNode", "runtime_hint": "python",
               "params": {"operation": "add", "operand": 1}},
              {"id": "mul", "node_type": "CalculatorNode", "runtime_hint": "python",
               "params": {"operation": "multiply", "operand": 10}}],
    "connections": [{"from": "src", "to": "add"}, {"from": "src", "to": "mul"}]})");
  auto request = validate(Value(Value::Object{{"manifest", manifest}, {"input_data", Value(std::move(inputs))}}),
                          registry);
  ASSERT_TRUE(request) << request.error().front().message;
  Executor executor(registry);
  for (bool concurrent : {true, false}) {
    auto result = concurrent ? executor.run_concurrent(*request) : executor.run_sync(*request);
    ASSERT_TRUE(result) << result.error().front().message;
    Value doc = result->to_value();
    EXPECT_EQ(to_json(*doc.find("outputs_by_node")->find("add")), add_one + "]");
    EXPECT_EQ(to_json(*doc.find("outputs_by_node")->find("mul")), times_ten + "]");
  }
}

// Disabled in the normal run: the test below runs it alone in a child process, so that
// nothing else has started Python yet.
TEST(PythonLazyTest, DISABLED_NativeManifestDoesNotStartPython) {
  NodeRegistry registry;
  register_builtin_nodes(registry);
  register_python_nodes(registry);
  auto request = validate_json(R"({"manifest": {"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "mul", "node_type": "MultiplyNode"}]}, "input_data": [1]})",
                               registry);
  ASSERT_TRUE(request);
  ASSERT_TRUE(Executor(registry).run_concurrent(*request));
  EXPECT_FALSE(python_started());
  auto python = validate_json(R"({"version": "v1", "metadata": {"name": "t"},
    "nodes": [{"id": "p", "node_type": "PassThroughNode", "runtime_hint": "python"}]})",
                              registry);
  EXPECT_TRUE(python_started());
}

TEST(PythonLazyTest, NativeManifestDoesNotStartPythonInAFreshProcess) {
  std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  auto r = testing::run_command("'" + self +
                                    "' --gtest_also_run_disabled_tests"
                                    " --gtest_filter=PythonLazyTest.DISABLED_NativeManifestDoesNotStartPython",
                                "");
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("[  PASSED  ] 1 test"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace remotemedia
