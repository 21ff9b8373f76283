// The Python node adapter and the resolver (src/python/python_node.cpp,
// python_resolver.cpp), driven by hand with user modules in a temporary directory.
#include "python/python_node.h"

#include <unistd.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "python_test_support.h"
#include "remotemedia/python.h"
#include "support/node_harness.h"

namespace remotemedia {
namespace {

using testing::CollectingEmitter;
using testing::ModuleDir;

// Unique per process run, so two test binaries never share a module in sys.modules.
std::string module_name(const std::string& base) { return base + "_" + std::to_string(getpid()); }

constexpr const char* kNodes = R"PY(import asyncio


class Fails:
    def __init__(self):
        self.n = 0

    def process(self, item):
        self.n += 1
        if self.n == 2:
            raise ValueError("bad")
        return item


class Twice:
    """Emits each item and ten times it."""

    def process(self, item):
        yield item
        yield item * 10


class Source:
    def __init__(self, count=3):
        self.count = count

    def generate(self):
        for i in range(self.count):
            yield {"i": i}


class Quiet:
    def generate(self):
        return None


class BrokenSource:
    def generate(self):
        raise RuntimeError("no source today")


class AsyncSource:
    async def generate(self):
        return 1


class Buffer:
    def __init__(self, size=2, label="b", *, tags=None, mode=(1, 2)):
        self.size = size
        self.items = []

    def process(self, item):
        self.items.append(item)
        if len(self.items) == self.size:
            out, self.items = self.items, []
            return out
        return None

    def flush(self):
        return self.items or None


class Pair:
    def process(self, item):
        return (item, str(item))


class Strict:
    def __init__(self, name, factor=2):
        if factor < 0:
            raise ValueError(f"factor must be >= 0, got {factor}")
        self.factor = factor


class Forwarding:
    def __init__(self, **params):
        self.inner = Strict(**params)


class Anything:
    def __init__(self, **params):
        self.params = params

    def process(self, item):
        return self.params


class Sleepy:
    async def process(self, item):
        await asyncio.sleep(0.01)
        return item + 1


class AsyncTwice:
    async def process(self, item):
        yield item
        await asyncio.sleep(0)
        yield -item


class Returns:
    def __init__(self, what):
        self.what = what

    def process(self, item):
        return eval(self.what)


class Deep:
    def process(self, item):
        def f(n):
            return f(n + 1)
        return f(0)


class Cleans:
    log = []

    def initialize(self):
        Cleans.log.append("init")

    def process(self, item):
        return item

    def cleanup(self):
        Cleans.log.append("cleanup")
        raise RuntimeError("cleanup fails, and that is only logged")
)PY";

class PythonNodeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ModuleDir();
    module_ = module_name("rm_nodes");
    file_ = dir_->write(module_ + ".py", kNodes);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  void SetUp() override {
    registry_ = std::make_unique<NodeRegistry>();
    register_builtin_nodes(*registry_);
    register_python_nodes(*registry_, {{dir_->path()}});
  }

  const NodeDescriptor* resolve(const std::string& cls) {
    auto d = registry_->resolve(module_ + ":" + cls);
    EXPECT_TRUE(d.has_value()) << (d ? "" : d.error().message);
    return d ? *d : nullptr;
  }

  std::unique_ptr<Node> create(const std::string& cls, Value params = Value(Value::Object{})) {
    const NodeDescriptor* d = resolve(cls);
    if (d == nullptr) return nullptr;
    auto node = d->create(NodeConfig{"node1", d->name, testing::with_defaults(*d, params)});
    EXPECT_TRUE(node.has_value()) << (node ? "" : node.error().message);
    return node ? std::move(*node) : nullptr;
  }

  static ModuleDir* dir_;
  static std::string module_;
  static std::string file_;
  std::unique_ptr<NodeRegistry> registry_;
};

ModuleDir* PythonNodeTest::dir_ = nullptr;
std::string PythonNodeTest::module_;
std::string PythonNodeTest::file_;

TEST_F(PythonNodeTest, ExceptionBecomesAnErrorWithTraceback) {
  auto node = create("Fails");
  ASSERT_TRUE(node);
  CollectingEmitter out;
  ASSERT_TRUE(node->process(1, out));
  auto r = node->process(2, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::kNodeFailed);
  EXPECT_EQ(r.error().message, "ValueError: bad");
  EXPECT_NE(r.error().traceback.find("Traceback (most recent call last)"), std::string::npos);
  EXPECT_NE(r.error().traceback.find("File \"" + file_ + "\", line 11, in process"), std::string::npos)
      << r.error().traceback;
  EXPECT_NE(r.error().traceback.find("ValueError: bad"), std::string::npos);
}

TEST_F(PythonNodeTest, GeneratorTupleAndNoneResults) {
  CollectingEmitter out;
  auto twice = create("Twice");
  ASSERT_TRUE(twice->process(3, out));
  EXPECT_EQ(out.take(), (std::vector<Value>{3, 30}));
  auto pair = create("Pair");
  ASSERT_TRUE(pair->process(5, out));
  EXPECT_EQ(out.take(), (std::vector<Value>{Value(Value::Array{5, "5"})}));
  auto buffer = create("Buffer", Value::Object{{"size", 2}});
  EXPECT_TRUE(buffer->emits_on_flush());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(buffer->process(i, out));
  EXPECT_EQ(out.take(), (std::vector<Value>{Value(Value::Array{0, 1})}));
  ASSERT_TRUE(buffer->flush(out));
  EXPECT_EQ(out.take(), (std::vector<Value>{Value(Value::Array{2})}));
  EXPECT_FALSE(twice->emits_on_flush());
}

TEST_F(PythonNodeTest, GenerateEmitsOneItemPerCall) {
  const NodeDescriptor* d = resolve("Source");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->is_generator);
  auto node = create("Source", Value::Object{{"count", 2}});
  CollectingEmitter out;
  for (bool expected : {true, true, false}) {
    auto more = node->generate(out);
    ASSERT_TRUE(more) << more.error().message;
    EXPECT_EQ(*more, expected);
  }
  EXPECT_EQ(out.take(), (std::vector<Value>{Value::Object{{"i", 0}}, Value::Object{{"i", 1}}}));
}

// The first generate() call starts the source: one that returns None has nothing to
// generate; one that raises, or is a coroutine function, is a node error.
TEST_F(PythonNodeTest, GenerateFailsOnItsFirstCallForABrokenOrAsyncSource) {
  CollectingEmitter out;
  auto quiet = create("Quiet");
  auto none = quiet->generate(out);
  ASSERT_TRUE(none) << none.error().message;
  EXPECT_FALSE(*none);

  auto broken = create("BrokenSource");
  auto raised = broken->generate(out);
  ASSERT_FALSE(raised);
  EXPECT_EQ(raised.error().code, ErrorCode::kNodeFailed);
  EXPECT_NE(raised.error().message.find("RuntimeError: no source today"), std::string::npos)
      << raised.error().message;

  auto async_source = create("AsyncSource");
  auto refused = async_source->generate(out);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kNodeFailed);
  EXPECT_EQ(refused.error().message,
            "node \"node1\": an async generate() is not supported; make it a plain generator");
  EXPECT_TRUE(out.take().empty());
}

TEST_F(PythonNodeTest, DescriptorReadsInitSignature) {
  const NodeDescriptor* d = resolve("Buffer");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->runtime, "python");
  EXPECT_NE(d->lane, nullptr);
  EXPECT_FALSE(d->accepts_any_params);
  EXPECT_FALSE(d->is_async);
  ASSERT_EQ(d->params.size(), 4u);
  EXPECT_EQ(d->params[0].name, "size");
  EXPECT_FALSE(d->params[0].required);
  EXPECT_EQ(d->params[0].default_value, Value(2));
  EXPECT_EQ(d->params[1].default_value, Value("b"));
  EXPECT_EQ(d->params[2].name, "tags");   // keyword-only
  EXPECT_TRUE(d->params[2].default_value.is_null());
  EXPECT_TRUE(d->params[3].default_value.is_null());  // a tuple keeps its Python default
  const NodeDescriptor* strict = resolve("Strict");
  ASSERT_EQ(strict->params.size(), 2u);
  EXPECT_TRUE(strict->params[0].required);
  EXPECT_TRUE(resolve("Anything")->accepts_any_params);
  EXPECT_EQ(resolve("Twice")->description, "Emits each item and ten times it.");
  EXPECT_TRUE(resolve("Sleepy")->is_async);
  EXPECT_TRUE(resolve("AsyncTwice")->is_async);
}

TEST_F(PythonNodeTest, CheckInstantiatesAndClassifiesExceptions) {
  const NodeDescriptor* d = resolve("Strict");
  ASSERT_NE(d, nullptr);
  EXPECT_TRUE(d->check(Value::Object{{"name", "x"}, {"factor", 1}}).empty());
  // A param __init__ does not declare is the manifest check's unknown_param: the
  // constructor never sees it.
  EXPECT_TRUE(d->check(Value::Object{{"name", "x"}, {"colour", 1}}).empty());
  // Through **params it does reach a constructor, whose TypeError names it.
  const NodeDescriptor* forwarding = resolve("Forwarding");
  ASSERT_NE(forwarding, nullptr);
  auto unknown = forwarding->check(Value::Object{{"name", "x"}, {"colour", 1}});
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_EQ(unknown[0].param, "colour");
  EXPECT_EQ(unknown[0].code, ErrorCode::kUnknownParam);
  EXPECT_NE(unknown[0].message.find("unexpected keyword argument 'colour'"), std::string::npos);
  auto invalid = d->check(Value::Object{{"name", "x"}, {"factor", -1}});
  ASSERT_EQ(invalid.size(), 1u);
  EXPECT_EQ(invalid[0].param, "");
  EXPECT_EQ(invalid[0].code, ErrorCode::kInvalidParam);
  EXPECT_NE(invalid[0].message.find("ValueError: factor must be >= 0, got -1"), std::string::npos)
      << invalid[0].message;
}

TEST_F(PythonNodeTest, BadResultsNameTheNodeAndType) {
  CollectingEmitter out;
  struct Case {
    const char* expr;
    const char* expect;
  } cases[] = {{"2**64", "int too large for int64"},
               {"{1: 'a'}", "key of <class 'int'>"},
               {"{1, 2}", "returned a <class 'set'>, which has no Value form"},
               {"object()", "<class 'object'>"}};
  // The object leaves the node as it is; converting it (where it leaves Python) fails.
  for (const Case& c : cases) {
    auto node = create("Returns", Value::Object{{"what", c.expr}});
    ASSERT_TRUE(node->process(0, out)) << c.expr;
    ASSERT_EQ(out.errors.size(), 1u) << c.expr;
    const Error e = out.errors.front();
    out.errors.clear();
    EXPECT_EQ(e.code, ErrorCode::kNodeFailed);
    EXPECT_NE(e.message.find("node \"node1\""), std::string::npos) << e.message;
    EXPECT_NE(e.message.find(c.expect), std::string::npos) << e.message;
  }
}

TEST_F(PythonNodeTest, DeepRecursionIsARecursionError) {
  auto node = create("Deep");
  CollectingEmitter out;
  auto r = node->process(0, out);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message.rfind("RecursionError", 0), 0u) << r.error().message;
}

TEST_F(PythonNodeTest, AsyncNodesWithoutALoopRunToCompletion) {
  CollectingEmitter out;
  auto sleepy = create("Sleepy");
  ASSERT_TRUE(sleepy->is_async());
  bool called = false;
  sleepy->process_async(1, out, [&](Result<void> r) {
    EXPECT_TRUE(r);
    called = true;
  });
  EXPECT_TRUE(called);
  EXPECT_EQ(out.take(), (std::vector<Value>{2}));
  auto twice = create("AsyncTwice");
  ASSERT_TRUE(twice->process(4, out));  // the sync entry point works too
  EXPECT_EQ(out.take(), (std::vector<Value>{4, -4}));
}

TEST_F(PythonNodeTest, LifecycleAndCleanupErrorsAreOnlyLogged) {
  auto node = create("Cleans");
  ASSERT_TRUE(node->initialize());
  node->cleanup();
  python::GilGuard gil;
  auto log = testing::py_eval("__import__('" + module_ + "').Cleans.log");
  auto text = python::PyRef::steal(PyObject_Repr(log.get()));
  EXPECT_STREQ(PyUnicode_AsUTF8(text.get()), "['init', 'cleanup']");
}

TEST(PythonResolverTest, BareNamesComeFromTheSdkPackage) {
  auto resolver = make_python_resolver();
  auto d = resolver->resolve("PassThroughNode");
  ASSERT_TRUE(d && *d) << (d ? "unknown" : d.error().message);
  EXPECT_EQ((*d)->name, "PassThroughNode");
  auto unknown = resolver->resolve("NoSuchNodeAnywhere");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(*unknown, nullptr);
  auto names = resolver->names();
  EXPECT_NE(std::find(names.begin(), names.end(), "TextProcessorNode"), names.end());
}

TEST(PythonResolverTest, SyntaxErrorNamesFileAndLine) {
  ModuleDir dir;
  std::string mod = module_name("rm_syntax");
  std::string file = dir.write(mod + ".py", "x = 1\n\ndef broken(:\n    pass\n");
  auto resolver = make_python_resolver({{dir.path()}});
  auto d = resolver->resolve(mod + ":Node");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kUnknownNodeType);
  EXPECT_NE(d.error().message.find("SyntaxError"), std::string::npos) << d.error().message;
  EXPECT_NE(d.error().message.find(file + ", line 3"), std::string::npos) << d.error().message;
}

TEST(PythonResolverTest, ImportErrorInsideAModuleNamesFileAndLine) {
  ModuleDir dir;
  std::string mod = module_name("rm_imports");
  std::string file = dir.write(mod + ".py", "import os\nimport no_such_module_here\n");
  auto resolver = make_python_resolver({{dir.path()}});
  auto d = resolver->resolve(mod + ":Node");
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, ErrorCode::kUnknownNodeType);
  EXPECT_NE(d.error().message.find("ModuleNotFoundError: No module named 'no_such_module_here'"),
            std::string::npos)
      << d.error().message;
  EXPECT_NE(d.error().message.find(file + ", line 2"), std::string::npos) << d.error().message;
  auto missing = resolver->resolve(module_name("rm_absent") + ":Node");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("--python-path"), std::string::npos) << missing.error().message;
}

TEST(PythonResolverTest, MissingClassListsTheModulesClasses) {
  ModuleDir dir;
  std::string mod = module_name("rm_classes");
  dir.write(mod + ".py", "class Alpha:\n    def process(self, item):\n        return item\n");
  auto resolver = make_python_resolver({{dir.path()}});
  auto d = resolver->resolve(mod + ":Alhpa");
  ASSERT_FALSE(d);
  EXPECT_NE(d.error().message.find("has no class 'Alhpa'; its classes: Alpha"), std::string::npos)
      << d.error().message;
}

}  // namespace
}  // namespace remotemedia
