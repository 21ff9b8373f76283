#include "tensor_object.h"

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>
#include <cstring>
#include <numbers>
#include <string>
#include <vector>

#include "nodes/tensor_arith.h"

namespace remotemedia::python {
namespace {

struct TensorState {
  Tensor tensor;
  std::vector<Py_ssize_t> shape;
  std::vector<Py_ssize_t> strides;
  char format[2];
};

struct TensorObject {
  PyObject_HEAD
  TensorState* state;
};

PyObject* g_type = nullptr;

double half_to_double(std::uint16_t h) {
  int exponent = (h >> 10) & 0x1f;
  int mantissa = h & 0x3ff;
  double sign = (h & 0x8000) ? -1.0 : 1.0;
  if (exponent == 0) return sign * std::ldexp(mantissa, -24);
  if (exponent == 31) return mantissa ? std::nan("") : sign * INFINITY;
  return sign * std::ldexp(mantissa + 1024, exponent - 25);
}

std::uint16_t double_to_half(double d) {
  // Round to nearest even through float32 bits; exact for values already representable
  // (what from_list receives), and close for the rest.
  std::uint32_t f = std::bit_cast<std::uint32_t>(static_cast<float>(d));
  std::uint16_t sign = static_cast<std::uint16_t>((f >> 16) & 0x8000);
  int exponent = static_cast<int>((f >> 23) & 0xff) - 127 + 15;
  std::uint32_t mantissa = f & 0x7fffff;
  if (((f >> 23) & 0xff) == 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  if (exponent >= 31) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    mantissa |= 0x800000;
    int shift = 14 - exponent;
    std::uint32_t half = mantissa >> shift;
    std::uint32_t rest = mantissa & ((1u << shift) - 1);
    std::uint32_t mid = 1u << (shift - 1);
    if (rest > mid || (rest == mid && (half & 1))) ++half;
    return sign | static_cast<std::uint16_t>(half);
  }
  std::uint32_t half = (static_cast<std::uint32_t>(exponent) << 10) | (mantissa >> 13);
  std::uint32_t rest = mantissa & 0x1fff;
  if (rest > 0x1000 || (rest == 0x1000 && (half & 1))) ++half;
  return sign | static_cast<std::uint16_t>(half);
}

PyObject* element(DType dtype, const std::byte* p) {
  auto load = [p]<class T>(T) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  switch (dtype) {
    case DType::kBool: return PyBool_FromLong(load(std::uint8_t{}) != 0);
    case DType::kInt8: return PyLong_FromLong(load(std::int8_t{}));
    case DType::kInt16: return PyLong_FromLong(load(std::int16_t{}));
    case DType::kInt32: return PyLong_FromLong(load(std::int32_t{}));
    case DType::kInt64: return PyLong_FromLongLong(load(std::int64_t{}));
    case DType::kUInt8: return PyLong_FromUnsignedLong(load(std::uint8_t{}));
    case DType::kUInt16: return PyLong_FromUnsignedLong(load(std::uint16_t{}));
    case DType::kUInt32: return PyLong_FromUnsignedLong(load(std::uint32_t{}));
    case DType::kUInt64: return PyLong_FromUnsignedLongLong(load(std::uint64_t{}));
    case DType::kFloat16: return PyFloat_FromDouble(half_to_double(load(std::uint16_t{})));
    case DType::kFloat32: return PyFloat_FromDouble(load(float{}));
    case DType::kFloat64: return PyFloat_FromDouble(load(double{}));
  }
  Py_RETURN_NONE;
}

// Stores a Python number as one element; -1 with an error set on failure.
int store(DType dtype, PyObject* o, std::byte* p) {
  auto put = [p](auto v) { std::memcpy(p, &v, sizeof v); };
  if (is_float(dtype)) {
    double d = PyFloat_AsDouble(o);
    if (d == -1.0 && PyErr_Occurred()) return -1;
    if (dtype == DType::kFloat16) put(double_to_half(d));
    else if (dtype == DType::kFloat32) put(static_cast<float>(d));
    else put(d);
    return 0;
  }
  if (dtype == DType::kBool) {
    int b = PyObject_IsTrue(o);
    if (b < 0) return -1;
    put(static_cast<std::uint8_t>(b));
    return 0;
  }
  // Integers wrap to the dtype's width, as numpy's casts do.
  std::uint64_t bits = PyLong_AsUnsignedLongLongMask(o);
  if (bits == static_cast<std::uint64_t>(-1) && PyErr_Occurred()) return -1;
  switch (dtype_size(dtype)) {
    case 1: put(static_cast<std::uint8_t>(bits)); break;
    case 2: put(static_cast<std::uint16_t>(bits)); break;
    case 4: put(static_cast<std::uint32_t>(bits)); break;
    default: put(bits); break;
  }
  return 0;
}

PyObject* build_list(const TensorState& s, std::size_t dim, const std::byte*& p) {
  if (dim == s.shape.size()) {
    PyObject* e = element(s.tensor.dtype(), p);
    p += dtype_size(s.tensor.dtype());
    return e;
  }
  PyObject* list = PyList_New(s.shape[dim]);
  if (list == nullptr) return nullptr;
  for (Py_ssize_t i = 0; i < s.shape[dim]; ++i) {
    PyObject* item = build_list(s, dim + 1, p);
    if (item == nullptr) {
      Py_DECREF(list);
      return nullptr;
    }
    PyList_SET_ITEM(list, i, item);
  }
  return list;
}

TensorState* state_of(PyObject* self) { return reinterpret_cast<TensorObject*>(self)->state; }

PyObject* tensor_tolist(PyObject* self, PyObject*) {
  const TensorState& s = *state_of(self);
  const std::byte* p = s.tensor.data();
  return build_list(s, 0, p);
}

PyObject* tensor_from_list(PyObject* /*cls*/, PyObject* args) {
  PyObject* values = nullptr;
  const char* dtype_name = nullptr;
  PyObject* shape_obj = nullptr;
  if (!PyArg_ParseTuple(args, "OsO:from_list", &values, &dtype_name, &shape_obj)) return nullptr;
  auto dtype = dtype_from_string(dtype_name);
  if (!dtype) return PyErr_Format(PyExc_ValueError, "unknown dtype '%s'", dtype_name);
  PyRef shape_seq = PyRef::steal(PySequence_Fast(shape_obj, "shape must be a sequence of ints"));
  PyRef seq = PyRef::steal(PySequence_Fast(values, "values must be a sequence of numbers"));
  if (!shape_seq || !seq) return nullptr;
  std::vector<std::int64_t> shape;
  std::uint64_t count = 1;  // 64 bits in both builds: a wasm32 size_t would wrap
  for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(shape_seq.get()); ++i) {
    long long n = PyLong_AsLongLong(PySequence_Fast_GET_ITEM(shape_seq.get(), i));
    if (n == -1 && PyErr_Occurred()) return nullptr;
    if (n < 0) return PyErr_Format(PyExc_ValueError, "negative dimension %lld", n);
    shape.push_back(n);
    if (n != 0 && count > UINT64_MAX / static_cast<std::uint64_t>(n))
      return PyErr_Format(PyExc_ValueError, "shape is too large");
    count *= static_cast<std::uint64_t>(n);
  }
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq.get());
  if (static_cast<std::uint64_t>(n) != count)
    return PyErr_Format(PyExc_ValueError, "%zd values do not fill shape of %llu elements", n,
                        static_cast<unsigned long long>(count));
  std::size_t item = dtype_size(*dtype);
  std::shared_ptr<Buffer> buffer = Buffer::allocate(count * item);
  for (Py_ssize_t i = 0; i < n; ++i)
    if (store(*dtype, PySequence_Fast_GET_ITEM(seq.get(), i), buffer->mutable_data() + i * item) < 0)
      return nullptr;
  auto tensor = Tensor::make(*dtype, std::move(shape), std::move(buffer));
  if (!tensor) return PyErr_Format(PyExc_ValueError, "%s", tensor.error().message.c_str());
  return tensor_to_object(*tensor).release();
}

PyObject* tensor_dtype(PyObject* self, void*) {
  std::string_view name = to_string(state_of(self)->tensor.dtype());
  return PyUnicode_FromStringAndSize(name.data(), static_cast<Py_ssize_t>(name.size()));
}

PyObject* tensor_shape(PyObject* self, void*) {
  const auto& shape = state_of(self)->shape;
  PyObject* t = PyTuple_New(static_cast<Py_ssize_t>(shape.size()));
  if (t == nullptr) return nullptr;
  for (std::size_t i = 0; i < shape.size(); ++i) {
    PyObject* n = PyLong_FromSsize_t(shape[i]);
    if (n == nullptr) {
      Py_DECREF(t);
      return nullptr;
    }
    PyTuple_SET_ITEM(t, static_cast<Py_ssize_t>(i), n);
  }
  return t;
}

PyObject* tensor_repr(PyObject* self) {
  PyRef shape = PyRef::steal(tensor_shape(self, nullptr));
  if (!shape) return nullptr;
  std::string_view name = to_string(state_of(self)->tensor.dtype());
  return PyUnicode_FromFormat("remotemedia.Tensor(dtype=%.*s, shape=%R)", static_cast<int>(name.size()),
                              name.data(), shape.get());
}

int tensor_getbuffer(PyObject* self, Py_buffer* view, int flags) {
  if (flags & PyBUF_WRITABLE) {
    PyErr_SetString(PyExc_BufferError, "remotemedia.Tensor is read-only");
    view->obj = nullptr;
    return -1;
  }
  TensorState& s = *state_of(self);
  view->obj = Py_NewRef(self);
  view->buf = const_cast<std::byte*>(s.tensor.data());
  view->len = static_cast<Py_ssize_t>(s.tensor.byte_size());
  view->readonly = 1;
  view->itemsize = static_cast<Py_ssize_t>(dtype_size(s.tensor.dtype()));
  view->format = (flags & PyBUF_FORMAT) ? s.format : nullptr;
  if (flags & PyBUF_ND) {
    view->ndim = static_cast<int>(s.shape.size());
    view->shape = s.shape.data();
  } else {
    view->ndim = 1;
    view->shape = nullptr;
  }
  view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? s.strides.data() : nullptr;
  view->suboffsets = nullptr;
  view->internal = nullptr;
  return 0;
}

// `tensor op scalar` and `scalar op tensor` for + and *: the built-in nodes' kernels,
// numpy 1.24's result dtype and values (nodes/tensor_arith.h), into a new tensor. The
// scalar is a float or an int within int64; anything else (a bool, a str, a tensor, a
// larger int) is NotImplemented, which Python reports as a TypeError.
PyObject* arithmetic(nodes::ArithOp op, PyObject* left, PyObject* right) {
  const Tensor* tensor = tensor_of(left);
  PyObject* scalar_object = right;
  if (tensor == nullptr) {
    tensor = tensor_of(right);
    scalar_object = left;
  }
  Value scalar;
  if (PyFloat_Check(scalar_object)) {
    scalar = Value(PyFloat_AS_DOUBLE(scalar_object));
  } else if (PyLong_Check(scalar_object) && !PyBool_Check(scalar_object)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(scalar_object, &overflow);
    if (v == -1 && PyErr_Occurred()) return nullptr;
    if (overflow != 0) Py_RETURN_NOTIMPLEMENTED;
    scalar = Value(static_cast<std::int64_t>(v));
  } else {
    Py_RETURN_NOTIMPLEMENTED;
  }
  Result<Tensor> result = nodes::apply_tensor(op, *tensor, scalar);
  if (!result) return PyErr_Format(PyExc_MemoryError, "%s", result.error().message.c_str());
  return tensor_to_object(*result).release();
}

// Rows [start, start + count) of a tensor of one or more dimensions, as a tensor over the
// same bytes: the view holds the tensor's buffer, which stays immutable (an adopted
// buffer is never computed into in place).
PyObject* rows(const Tensor& tensor, std::int64_t start, std::int64_t count, bool drop_first_axis) {
  const std::vector<std::int64_t>& shape = tensor.shape();
  std::uint64_t row_bytes = dtype_size(tensor.dtype());
  for (std::size_t i = 1; i < shape.size(); ++i) row_bytes *= static_cast<std::uint64_t>(shape[i]);
  std::vector<std::int64_t> view_shape(shape.begin() + (drop_first_axis ? 1 : 0), shape.end());
  if (!drop_first_axis) view_shape[0] = count;
  std::shared_ptr<const Buffer> buffer =
      Buffer::adopt(tensor.data() + static_cast<std::size_t>(start) * row_bytes,
                    static_cast<std::size_t>(count) * row_bytes, tensor.buffer());
  Result<Tensor> view = Tensor::make(tensor.dtype(), std::move(view_shape), std::move(buffer));
  if (!view) return PyErr_Format(PyExc_ValueError, "%s", view.error().message.c_str());
  return tensor_to_object(*view).release();
}

Py_ssize_t tensor_length(PyObject* self) {
  const Tensor& tensor = state_of(self)->tensor;
  if (tensor.shape().empty()) {
    PyErr_SetString(PyExc_TypeError, "len() of a 0-d tensor");
    return -1;
  }
  return static_cast<Py_ssize_t>(tensor.shape()[0]);
}

// t[i] and t[a:b] along the first axis, as numpy does: t[i] of a 1-D tensor is a Python
// number, of a tensor of more dimensions the row (a view); t[a:b] is a view. Slices take
// no step other than 1 (a strided view has no C-order bytes to share).
PyObject* tensor_subscript(PyObject* self, PyObject* key) {
  const Tensor& tensor = state_of(self)->tensor;
  if (tensor.shape().empty()) return PyErr_Format(PyExc_TypeError, "a 0-d tensor cannot be indexed");
  const Py_ssize_t length = static_cast<Py_ssize_t>(tensor.shape()[0]);
  if (PySlice_Check(key)) {
    Py_ssize_t start = 0, stop = 0, step = 0;
    if (PySlice_Unpack(key, &start, &stop, &step) < 0) return nullptr;
    if (step != 1) return PyErr_Format(PyExc_ValueError, "remotemedia.Tensor slices take no step but 1");
    const Py_ssize_t count = PySlice_AdjustIndices(length, &start, &stop, step);
    return rows(tensor, start, count, false);
  }
  Py_ssize_t index = PyNumber_AsSsize_t(key, PyExc_IndexError);
  if (index == -1 && PyErr_Occurred()) {
    if (PyErr_ExceptionMatches(PyExc_TypeError)) {
      PyErr_Clear();
      return PyErr_Format(PyExc_TypeError, "remotemedia.Tensor indices are ints or slices, not %s",
                          Py_TYPE(key)->tp_name);
    }
    return nullptr;
  }
  if (index < 0) index += length;
  if (index < 0 || index >= length)
    return PyErr_Format(PyExc_IndexError, "index %zd is out of bounds for a first axis of %zd", index, length);
  if (tensor.shape().size() == 1) return element(tensor.dtype(), tensor.data() + index * dtype_size(tensor.dtype()));
  return rows(tensor, index, 1, true);
}

// Tensor.concatenate(tensors): one new tensor of their rows, as np.concatenate along the
// first axis; every tensor must have the dtype and the other dimensions of the first.
PyObject* tensor_concatenate(PyObject* /*cls*/, PyObject* arg) {
  PyRef seq = PyRef::steal(PySequence_Fast(arg, "concatenate() takes a sequence of tensors"));
  if (!seq) return nullptr;
  const Py_ssize_t n = PySequence_Fast_GET_SIZE(seq.get());
  if (n == 0) return PyErr_Format(PyExc_ValueError, "concatenate() needs at least one tensor");
  std::vector<const Tensor*> parts;
  for (Py_ssize_t i = 0; i < n; ++i) {
    const Tensor* t = tensor_of(PySequence_Fast_GET_ITEM(seq.get(), i));
    if (t == nullptr) return PyErr_Format(PyExc_TypeError, "concatenate() takes remotemedia.Tensor objects");
    if (t->shape().empty()) return PyErr_Format(PyExc_ValueError, "concatenate() cannot join 0-d tensors");
    const Tensor& first = parts.empty() ? *t : *parts.front();
    if (t->dtype() != first.dtype() ||
        !std::equal(t->shape().begin() + 1, t->shape().end(), first.shape().begin() + 1, first.shape().end()))
      return PyErr_Format(PyExc_ValueError, "concatenate() needs one dtype and the same dimensions after the first");
    parts.push_back(t);
  }
  std::vector<std::int64_t> shape = parts.front()->shape();
  std::size_t bytes = 0;
  shape[0] = 0;
  for (const Tensor* t : parts) {
    shape[0] += t->shape()[0];
    bytes += t->byte_size();
  }
  std::shared_ptr<Buffer> buffer = Buffer::allocate(bytes);
  std::size_t at = 0;
  for (const Tensor* t : parts) {
    if (t->byte_size() != 0) std::memcpy(buffer->mutable_data() + at, t->data(), t->byte_size());
    at += t->byte_size();
  }
  Result<Tensor> joined = Tensor::make(parts.front()->dtype(), std::move(shape), std::move(buffer));
  if (!joined) return PyErr_Format(PyExc_ValueError, "%s", joined.error().message.c_str());
  return tensor_to_object(*joined).release();
}

// Tensor.sine(frequency, sample_rate, start, stop): float32 samples i = start .. stop - 1 of
// sin(2π·frequency·i/sample_rate), as numpy computes `np.sin(2.0 * np.pi * frequency *
// (np.arange(start, stop, dtype=np.float64) / sample_rate)).astype(np.float32)`: each sample
// in float64 with the C library's sin, in that order of operations, then rounded to float32.
// Indices up to 2**53 are exact in float64, as numpy's.
PyObject* tensor_sine(PyObject* /*cls*/, PyObject* args) {
  double frequency = 0;
  long long sample_rate = 0;
  long long start = 0;
  long long stop = 0;
  if (!PyArg_ParseTuple(args, "dLLL:sine", &frequency, &sample_rate, &start, &stop)) return nullptr;
  if (!std::isfinite(frequency) || frequency < 0)
    return PyErr_Format(PyExc_ValueError, "sine() needs a finite frequency >= 0");
  if (sample_rate < 1) return PyErr_Format(PyExc_ValueError, "sine() needs a sample_rate >= 1");
  if (start < 0 || stop < start || stop > (1LL << 53))
    return PyErr_Format(PyExc_ValueError, "sine() needs 0 <= start <= stop <= 2**53");
  const auto length = static_cast<unsigned long long>(stop - start);
  if (length > (SIZE_MAX / 2) / sizeof(float)) return PyErr_NoMemory();
  std::shared_ptr<Buffer> buffer = Buffer::allocate(static_cast<std::size_t>(length) * sizeof(float));
  auto* samples = reinterpret_cast<float*>(buffer->mutable_data());
  const double w = 2.0 * std::numbers::pi * frequency;  // the double math.pi and np.pi hold
  const auto rate = static_cast<double>(sample_rate);
  for (long long i = start; i < stop; ++i)
    samples[i - start] = static_cast<float>(std::sin(w * (static_cast<double>(i) / rate)));
  Result<Tensor> tone = Tensor::make(DType::kFloat32, {static_cast<std::int64_t>(length)}, std::move(buffer));
  if (!tone) return PyErr_Format(PyExc_ValueError, "%s", tone.error().message.c_str());
  return tensor_to_object(*tone).release();
}

PyObject* tensor_add(PyObject* left, PyObject* right) { return arithmetic(nodes::ArithOp::kAdd, left, right); }

PyObject* tensor_multiply(PyObject* left, PyObject* right) {
  return arithmetic(nodes::ArithOp::kMultiply, left, right);
}

void tensor_dealloc(PyObject* self) {
  PyTypeObject* type = Py_TYPE(self);
  delete state_of(self);
  type->tp_free(self);
  Py_DECREF(type);
}

PyMethodDef g_methods[] = {
    {"tolist", tensor_tolist, METH_NOARGS, "The elements as nested lists of Python numbers."},
    {"from_list", tensor_from_list, METH_VARARGS | METH_CLASS,
     "from_list(values, dtype, shape): a tensor from a flat C-order list of numbers."},
    {"concatenate", tensor_concatenate, METH_O | METH_CLASS,
     "concatenate(tensors): one new tensor of their rows (np.concatenate along the first axis)."},
    {"sine", tensor_sine, METH_VARARGS | METH_CLASS,
     "sine(frequency, sample_rate, start, stop): samples start..stop-1 of the float32 tone "
     "sin(2*pi*frequency*i/sample_rate), each computed in float64."},
    {nullptr, nullptr, 0, nullptr}};

PyGetSetDef g_getset[] = {{"dtype", tensor_dtype, nullptr, "the dtype name, e.g. 'float32'", nullptr},
                          {"shape", tensor_shape, nullptr, "the shape, a tuple of ints", nullptr},
                          {nullptr, nullptr, nullptr, nullptr, nullptr}};

PyType_Slot g_slots[] = {{Py_tp_dealloc, reinterpret_cast<void*>(tensor_dealloc)},
                         {Py_tp_repr, reinterpret_cast<void*>(tensor_repr)},
                         {Py_tp_methods, g_methods},
                         {Py_tp_getset, g_getset},
                         {Py_bf_getbuffer, reinterpret_cast<void*>(tensor_getbuffer)},
                         {Py_mp_length, reinterpret_cast<void*>(tensor_length)},
                         {Py_mp_subscript, reinterpret_cast<void*>(tensor_subscript)},
                         {Py_nb_add, reinterpret_cast<void*>(tensor_add)},
                         {Py_nb_multiply, reinterpret_cast<void*>(tensor_multiply)},
                         {Py_tp_doc, const_cast<char*>("A read-only tensor shared with the runtime.")},
                         {0, nullptr}};

PyType_Spec g_spec = {"remotemedia.Tensor", sizeof(TensorObject), 0, Py_TPFLAGS_DEFAULT, g_slots};

}  // namespace

char dtype_format(DType dtype) {
  switch (dtype) {
    case DType::kBool: return '?';
    case DType::kInt8: return 'b';
    case DType::kInt16: return 'h';
    case DType::kInt32: return 'i';
    case DType::kInt64: return 'q';
    case DType::kUInt8: return 'B';
    case DType::kUInt16: return 'H';
    case DType::kUInt32: return 'I';
    case DType::kUInt64: return 'Q';
    case DType::kFloat16: return 'e';
    case DType::kFloat32: return 'f';
    case DType::kFloat64: return 'd';
  }
  return 'B';
}

PyObject* tensor_type_object() {
  if (g_type == nullptr) g_type = PyType_FromSpec(&g_spec);  // kept for the process
  return g_type;
}

PyRef tensor_to_object(const Tensor& tensor) {
  PyObject* type = tensor_type_object();
  if (type == nullptr) return {};
  PyRef self = PyRef::steal(PyType_GenericAlloc(reinterpret_cast<PyTypeObject*>(type), 0));
  if (!self) return {};
  auto* state = new TensorState{tensor, {}, {}, {dtype_format(tensor.dtype()), '\0'}};
  Py_ssize_t stride = static_cast<Py_ssize_t>(dtype_size(tensor.dtype()));
  state->shape.assign(tensor.shape().begin(), tensor.shape().end());
  state->strides.resize(state->shape.size());
  for (std::size_t i = state->shape.size(); i-- > 0;) {
    state->strides[i] = stride;
    stride *= state->shape[i];
  }
  reinterpret_cast<TensorObject*>(self.get())->state = state;
  return self;
}

const Tensor* tensor_of(PyObject* o) {
  if (g_type == nullptr || Py_TYPE(o) != reinterpret_cast<PyTypeObject*>(g_type)) return nullptr;
  return &state_of(o)->tensor;
}

}  // namespace remotemedia::python
