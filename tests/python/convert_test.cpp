// Value <-> Python conversion (src/python/convert.cpp, numpy_bridge.cpp, tensor_object.cpp).
#include "python/convert.h"

#include <cstdio>
#include <cstring>
#include <future>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "python/helpers.h"
#include "python/tensor_object.h"
#include "python_test_support.h"

namespace remotemedia::python {
namespace {

using testing::py_eval;

Tensor make_tensor(DType dtype, std::vector<std::int64_t> shape, std::vector<std::uint8_t> bytes) {
  auto buffer = Buffer::allocate(bytes.size());
  if (!bytes.empty()) std::memcpy(buffer->mutable_data(), bytes.data(), bytes.size());
  return *Tensor::make(dtype, std::move(shape), std::move(buffer));
}

Tensor float32_tensor(std::vector<float> values, std::vector<std::int64_t> shape) {
  std::vector<std::uint8_t> bytes(values.size() * 4);
  std::memcpy(bytes.data(), values.data(), bytes.size());
  return make_tensor(DType::kFloat32, std::move(shape), std::move(bytes));
}

std::intptr_t array_address(PyObject* array) {
  PyRef iface = PyRef::steal(PyObject_GetAttrString(array, "__array_interface__"));
  PyObject* data = PyDict_GetItemString(iface.get(), "data");  // (address, read_only)
  return static_cast<std::intptr_t>(PyLong_AsSsize_t(PyTuple_GET_ITEM(data, 0)));
}

class ConvertTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(testing::started_interpreter(), nullptr); }
};

TEST_F(ConvertTest, EveryKindRoundTrips) {
  GilGuard gil;
  std::vector<Value> values = {
      Value(),
      Value(true),
      Value(false),
      Value(std::int64_t{-9223372036854775807LL - 1}),
      Value(std::int64_t{9223372036854775807LL}),
      Value(1.5),
      Value(-0.0),
      Value("Grüße, 世界"),
      Value::bytes({0, 1, 255}),
      Value(Value::Array{1, "two", Value::Array{3.0, Value()}}),
      Value(Value::Object{{"z", 1}, {"a", Value::Object{{"k", "v"}}}, {"m", Value::Array{}}}),
      Value(float32_tensor({1, 2, 3, 4, 5, 6}, {2, 3})),
      Value(make_tensor(DType::kFloat16, {2}, {0x00, 0x3c, 0x00, 0xc0})),  // 1.0, -2.0
      Value(make_tensor(DType::kBool, {3}, {1, 0, 1})),
      Value(make_tensor(DType::kInt64, {1}, {1, 0, 0, 0, 0, 0, 0, 0x80})),
      Value(make_tensor(DType::kUInt8, {0}, {})),
      Value(make_tensor(DType::kInt32, {}, {7, 0, 0, 0})),  // 0-d
  };
  for (const Value& v : values) {
    PyRef o = to_python(v);
    ASSERT_TRUE(o);
    auto back = from_python(o.get(), "n");
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(*back, v) << "kind " << to_string(v.kind());
  }
}

TEST_F(ConvertTest, PythonObjectIsReusedOnlyByItsSoleOwner) {
  GilGuard gil;
  const std::string first = "first", second = "second";
  PyRef a = PyRef::steal(PyLong_FromLong(1001)), b = PyRef::steal(PyLong_FromLong(1002));
  PyRef c = PyRef::steal(PyLong_FromLong(1003));

  Value held = opaque_python(a, first, nullptr);
  const Opaque* object = &held.as_opaque();
  Value reused = reuse_opaque_python(std::move(held), b, second, nullptr);
  EXPECT_EQ(&reused.as_opaque(), object);  // the same object, now holding b
  EXPECT_EQ(python_object_of(reused)->get(), b.get());
  EXPECT_EQ(Py_REFCNT(a.get()), 1);  // the object let go of a
  Result<Value> plain = reused.as_opaque().materialize();
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, Value(1002));

  Value copy = reused;  // shared: a new object, the copy keeps b
  Value fresh = reuse_opaque_python(std::move(reused), c, second, nullptr);
  EXPECT_NE(&fresh.as_opaque(), object);
  EXPECT_EQ(python_object_of(fresh)->get(), c.get());
  EXPECT_EQ(python_object_of(copy)->get(), b.get());

  Value number(7);  // not a Python object at all
  Value made = reuse_opaque_python(std::move(number), a, first, nullptr);
  EXPECT_EQ(python_object_of(made)->get(), a.get());
}

TEST_F(ConvertTest, ObjectKeepsMemberOrderInTheDict) {
  GilGuard gil;
  PyRef d = to_python(Value(Value::Object{{"z", 1}, {"a", 2}, {"m", 3}}));
  PyRef keys = PyRef::steal(PySequence_List(d.get()));
  PyRef text = PyRef::steal(PyObject_Repr(keys.get()));
  EXPECT_STREQ(PyUnicode_AsUTF8(text.get()), "['z', 'a', 'm']");
}

TEST_F(ConvertTest, PythonTypesMapToValueKinds) {
  GilGuard gil;
  auto conv = [](const char* expr) { return from_python(py_eval(expr).get(), "n"); };
  EXPECT_EQ(*conv("(1, 'a')"), Value(Value::Array{1, "a"}));
  EXPECT_EQ(*conv("bytearray(b'ab')"), Value::bytes({'a', 'b'}));
  EXPECT_EQ(*conv("memoryview(b'ab')"), Value::bytes({'a', 'b'}));
  EXPECT_EQ(*conv("np.float32(1.5)"), Value(1.5));
  EXPECT_EQ(*conv("np.int64(7)"), Value(7));
  EXPECT_EQ(*conv("np.bool_(True)"), Value(true));
  EXPECT_EQ(*conv("np.float64(0.25)"), Value(0.25));
  auto strided = conv("memoryview(b'abcd')[::2]");
  ASSERT_FALSE(strided);
  EXPECT_EQ(strided.error().message, "node \"n\" returned a non-contiguous memoryview");
  EXPECT_FALSE(PyErr_Occurred());
}

// ASCII strs are read in place, the others through CPython's UTF-8: each kind of str,
// as a value and as a dict key, gives its UTF-8 bytes; a lone surrogate is an error.
TEST_F(ConvertTest, StrsOfEveryKindBecomeTheirUtf8) {
  GilGuard gil;
  auto conv = [](const char* expr, const char* setup = "") { return from_python(py_eval(expr, setup).get(), "n"); };
  EXPECT_EQ(*conv("'plain ascii'"), Value("plain ascii"));
  EXPECT_EQ(*conv("''"), Value(""));
  EXPECT_EQ(*conv("'caf\\u00e9'"), Value("caf\xc3\xa9"));             // latin-1
  EXPECT_EQ(*conv("'\\u20ac5'"), Value("\xe2\x82\xac" "5"));           // BMP
  EXPECT_EQ(*conv("'\\U0001F600'"), Value("\xf0\x9f\x98\x80"));        // astral
  EXPECT_EQ(*conv("S('sub')", "class S(str): pass"), Value("sub"));   // not a compact str
  EXPECT_EQ(*conv("{'k': 1, '\\u00e9t\\u00e9': 2}"), Value(Value::Object{{"k", 1}, {"\xc3\xa9t\xc3\xa9", 2}}));
  auto surrogate = conv("'\\ud800'");
  ASSERT_FALSE(surrogate);
  EXPECT_EQ(surrogate.error().message, "node \"n\" returned a str that is not valid UTF-8 (lone surrogates)");
  EXPECT_FALSE(PyErr_Occurred());
}

// A str that something besides the item holds (a literal, a label a node keeps) converts
// once: later conversions share its payload.
TEST_F(ConvertTest, AStrThatOutlivesItsItemConvertsOnceAndSharesItsText) {
  GilGuard gil;
  // Each str twice in the list: two references as it is converted.
  PyRef kept = py_eval("['TextProcessorNode'] * 2 + ['x' * 65] * 2");
  ASSERT_TRUE(kept);
  PyObject* label = PyList_GET_ITEM(kept.get(), 0);
  Result<Value> first = from_python(label, "n");
  Result<Value> again = from_python(label, "n");
  ASSERT_TRUE(first && again);
  EXPECT_EQ(*first, Value("TextProcessorNode"));
  EXPECT_EQ(&first->as_string(), &again->as_string());
  // Longer than 64 characters: converted every time, never kept alive by the runtime.
  PyObject* long_text = PyList_GET_ITEM(kept.get(), 2);
  Result<Value> long_first = from_python(long_text, "n");
  Result<Value> long_again = from_python(long_text, "n");
  ASSERT_TRUE(long_first && long_again);
  EXPECT_EQ(*long_first, Value(std::string(65, 'x')));
  EXPECT_NE(&long_first->as_string(), &long_again->as_string());
  // Only the item holds it: converted every time.
  PyRef made = py_eval("'item ' + str(7)");
  ASSERT_EQ(Py_REFCNT(made.get()), 1);
  EXPECT_NE(&from_python(made.get(), "n")->as_string(), &from_python(made.get(), "n")->as_string());
}

// A str converted while shared, then released by its owners, its memory free for the
// next str of its size: each new one converts to its own text (the runtime holds a
// reference to every str it remembers, so none of them is freed while remembered).
TEST_F(ConvertTest, NewStrsWhereFreedOnesWereConvertToTheirOwnText) {
  GilGuard gil;
  for (int i = 0; i < 5000; ++i) {
    PyObject* str = PyUnicode_FromFormat("q%05d", i);
    ASSERT_NE(str, nullptr);
    Py_INCREF(str);  // two owners while converted
    Result<Value> v = from_python(str, "n");
    Py_DECREF(str);
    Py_DECREF(str);
    ASSERT_TRUE(v);
    char expected[8];
    std::snprintf(expected, sizeof expected, "q%05d", i);
    ASSERT_EQ(*v, Value(expected)) << i;
  }
}

TEST_F(ConvertTest, ValuesWithNoFormAreClearErrors) {
  GilGuard gil;
  auto conv = [](const char* expr, const char* setup = "") {
    return from_python(py_eval(expr, setup).get(), "mynode");
  };
  auto big = conv("2**70");
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().code, ErrorCode::kNodeFailed);
  EXPECT_NE(big.error().message.find("node \"mynode\""), std::string::npos) << big.error().message;
  EXPECT_NE(big.error().message.find("int too large for int64"), std::string::npos);
  EXPECT_NE(big.error().message.find("<class 'int'>"), std::string::npos);

  auto keys = conv("{'a': 1, 2: 3}");
  ASSERT_FALSE(keys);
  EXPECT_NE(keys.error().message.find("key of <class 'int'>"), std::string::npos) << keys.error().message;

  auto set = conv("{1, 2}");
  ASSERT_FALSE(set);
  EXPECT_EQ(set.error().message, "node \"mynode\" returned a <class 'set'>, which has no Value form");

  auto cyclic = conv("a", "a = []\na.append(a)");
  ASSERT_FALSE(cyclic);
  EXPECT_NE(cyclic.error().message.find("nested more than"), std::string::npos);

  auto complex_array = conv("np.zeros(2, dtype=np.complex64)");
  ASSERT_FALSE(complex_array);
  EXPECT_NE(complex_array.error().message.find("complex64"), std::string::npos)
      << complex_array.error().message;
  EXPECT_FALSE(PyErr_Occurred());
}

TEST_F(ConvertTest, TensorBecomesAReadOnlyNumpyArrayOverTheSameBuffer) {
  GilGuard gil;
  Tensor t = float32_tensor({1, 2, 3, 4, 5, 6}, {2, 3});
  PyRef array = to_python(Value(t));
  ASSERT_TRUE(array);
  EXPECT_STREQ(Py_TYPE(array.get())->tp_name, "numpy.ndarray");
  EXPECT_EQ(array_address(array.get()), reinterpret_cast<std::intptr_t>(t.data()));
  PyRef flags = PyRef::steal(PyObject_GetAttrString(array.get(), "flags"));
  PyRef writeable = PyRef::steal(PyObject_GetAttrString(flags.get(), "writeable"));
  EXPECT_EQ(writeable.get(), Py_False);
  PyRef shape = PyRef::steal(PyObject_Repr(PyRef::steal(PyObject_GetAttrString(array.get(), "shape")).get()));
  EXPECT_STREQ(PyUnicode_AsUTF8(shape.get()), "(2, 3)");
}

TEST_F(ConvertTest, ReturnedNumpyArrayIsAdoptedWithoutCopy) {
  GilGuard gil;
  PyRef array = py_eval("np.arange(12, dtype=np.float64).reshape(3, 4)");
  auto v = from_python(array.get(), "n");
  ASSERT_TRUE(v) << v.error().message;
  ASSERT_TRUE(v->is_tensor());
  EXPECT_EQ(reinterpret_cast<std::intptr_t>(v->as_tensor().data()), array_address(array.get()));
  EXPECT_EQ(v->as_tensor().shape(), (std::vector<std::int64_t>{3, 4}));
  EXPECT_EQ(v->as_tensor().elements<double>()[11], 11.0);
  // Adopted memory must not change: the array is read-only from now on.
  PyRef flags = PyRef::steal(PyObject_GetAttrString(array.get(), "flags"));
  EXPECT_EQ(PyRef::steal(PyObject_GetAttrString(flags.get(), "writeable")).get(), Py_False);
}

TEST_F(ConvertTest, ArraysOthersCanStillWriteAreCopied) {
  GilGuard gil;
  // A node keeping the array it returns (a second reference): copied, left writable.
  PyRef kept = py_eval("np.arange(4, dtype=np.int64)");
  PyRef second = kept;
  auto v = from_python(kept.get(), "n");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_NE(reinterpret_cast<std::intptr_t>(v->as_tensor().data()), array_address(kept.get()));
  PyRef flags = PyRef::steal(PyObject_GetAttrString(kept.get(), "flags"));
  EXPECT_EQ(PyRef::steal(PyObject_GetAttrString(flags.get(), "writeable")).get(), Py_True);
  // Writing into the kept array later does not change the Value.
  PyRef index = PyRef::steal(PyLong_FromLong(0));
  PyRef big = PyRef::steal(PyLong_FromLong(99));
  ASSERT_EQ(PyObject_SetItem(kept.get(), index.get(), big.get()), 0);
  EXPECT_EQ(v->as_tensor().elements<std::int64_t>()[0], 0);

  // A writable view into another array: copied.
  auto view = from_python(py_eval("np.arange(8, dtype=np.int32)[2:6]").get(), "n");
  ASSERT_TRUE(view) << view.error().message;
  auto e = view->as_tensor().elements<std::int32_t>();
  EXPECT_EQ(std::vector<std::int32_t>(e.begin(), e.end()), (std::vector<std::int32_t>{2, 3, 4, 5}));
}

TEST_F(ConvertTest, NonContiguousAndBigEndianArraysAreCopied) {
  GilGuard gil;
  auto v = from_python(py_eval("np.arange(12, dtype=np.int32).reshape(3, 4)[:, ::2]").get(), "n");
  ASSERT_TRUE(v) << v.error().message;
  EXPECT_EQ(v->as_tensor().shape(), (std::vector<std::int64_t>{3, 2}));
  auto e = v->as_tensor().elements<std::int32_t>();
  EXPECT_EQ(std::vector<std::int32_t>(e.begin(), e.end()), (std::vector<std::int32_t>{0, 2, 4, 6, 8, 10}));

  auto big = from_python(py_eval("np.array([1.0, 2.0], dtype='>f8')").get(), "n");
  ASSERT_TRUE(big) << big.error().message;
  EXPECT_EQ(big->as_tensor().dtype(), DType::kFloat64);
  EXPECT_EQ(big->as_tensor().elements<double>()[1], 2.0);
}

TEST_F(ConvertTest, AdoptedBufferIsReleasedOnTheLaneWhenDroppedElsewhere) {
  Interpreter* interp = testing::started_interpreter();
  PyRef array;
  Py_ssize_t base = 0;
  std::optional<Value> value;
  {
    GilGuard gil;
    array = py_eval("np.ones(1000, dtype=np.float32)");
    base = Py_REFCNT(array.get());
    auto v = from_python(array.get(), "n");
    ASSERT_TRUE(v);
    value = std::move(*v);
    EXPECT_GT(Py_REFCNT(array.get()), base);  // the Py_buffer holds the array
  }
  // A worker without the GIL drops the last reference: the release is posted.
  std::thread([&] { value.reset(); }).join();
  std::promise<void> ran;
  interp->lane->post([&] { ran.set_value(); });
  ran.get_future().wait();
  GilGuard gil;
  EXPECT_EQ(Py_REFCNT(array.get()), base);
}

TEST_F(ConvertTest, RemotemediaTensorWithoutNumpy) {
  GilGuard gil;
  Tensor t = float32_tensor({1, 2, 3, 4}, {2, 2});
  PyRef o = tensor_to_object(t);
  ASSERT_TRUE(o);
  PyRef globals = PyRef::steal(PyDict_New());
  PyDict_SetItemString(globals.get(), "__builtins__", PyEval_GetBuiltins());
  PyDict_SetItemString(globals.get(), "t", o.get());
  auto eval = [&](const char* expr) {
    PyRef r = PyRef::steal(PyRun_String(expr, Py_eval_input, globals.get(), globals.get()));
    if (!r) PyErr_Print();
    PyRef s = PyRef::steal(PyObject_Repr(r.get()));
    return std::string(PyUnicode_AsUTF8(s.get()));
  };
  EXPECT_EQ(eval("t.dtype"), "'float32'");
  EXPECT_EQ(eval("t.shape"), "(2, 2)");
  EXPECT_EQ(eval("t.tolist()"), "[[1.0, 2.0], [3.0, 4.0]]");
  EXPECT_EQ(eval("memoryview(t).format, memoryview(t).shape, memoryview(t).readonly"), "('f', (2, 2), True)");
  EXPECT_EQ(eval("type(t).from_list([1, 2, 3], 'int16', [3]).tolist()"), "[1, 2, 3]");
  EXPECT_EQ(eval("type(t).from_list([1.0, -2.0], 'float16', [2]).tolist()"), "[1.0, -2.0]");
  // Back to a Value: the same buffer.
  auto v = from_python(o.get(), "n");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->as_tensor().data(), t.data());
  EXPECT_EQ(eval("__import__('remotemedia').Tensor is type(t)"), "True");
}

}  // namespace
}  // namespace remotemedia::python
