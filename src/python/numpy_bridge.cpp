#include "numpy_bridge.h"

#include <array>
#include <string>

#include "convert.h"
#include "interpreter.h"
#include "tensor_object.h"

namespace remotemedia::python {
namespace {

struct Numpy {
  PyObject* module = nullptr;  // all references kept for the process
  PyObject* ndarray = nullptr;
  PyObject* generic = nullptr;
  PyObject* frombuffer = nullptr;
  PyObject* ascontiguousarray = nullptr;
  std::array<PyObject*, 12> dtypes{};
  bool import_failed = false;
};
Numpy g_np;

bool cache(PyObject* module) {
  g_np.module = module;
  g_np.ndarray = PyObject_GetAttrString(module, "ndarray");
  g_np.generic = PyObject_GetAttrString(module, "generic");
  g_np.frombuffer = PyObject_GetAttrString(module, "frombuffer");
  g_np.ascontiguousarray = PyObject_GetAttrString(module, "ascontiguousarray");
  PyObject* dtype_fn = PyObject_GetAttrString(module, "dtype");
  if (!g_np.ndarray || !g_np.generic || !g_np.frombuffer || !g_np.ascontiguousarray || !dtype_fn) {
    g_np.module = nullptr;
    return false;
  }
  for (int i = 0; i < 12; ++i) {
    std::string_view name = to_string(static_cast<DType>(i));
    g_np.dtypes[i] = PyObject_CallFunction(dtype_fn, "s#", name.data(), static_cast<Py_ssize_t>(name.size()));
    if (g_np.dtypes[i] == nullptr) {
      g_np.module = nullptr;
      return false;
    }
  }
  return true;
}

// numpy, importing it if needed; false (no error set) when it is not installed.
bool import_numpy() {
  if (g_np.module != nullptr) return true;
  if (g_np.import_failed) return false;
  PyObject* module = PyImport_ImportModule("numpy");
  if (module == nullptr || !cache(module)) {
    PyErr_Clear();
    g_np.import_failed = true;
    return false;
  }
  return true;
}

// numpy only if some code already imported it: an object cannot be a numpy array before.
bool numpy_loaded() {
  if (g_np.module != nullptr) return true;
  if (g_np.import_failed) return false;
  PyRef name = PyRef::steal(PyUnicode_FromString("numpy"));
  PyObject* found = name ? PyImport_GetModule(name.get()) : nullptr;
  if (found == nullptr) {
    PyErr_Clear();
    return false;
  }
  if (!cache(found)) {
    PyErr_Clear();
    g_np.import_failed = true;
    return false;
  }
  return true;
}

std::optional<DType> dtype_of_format(const char* format, Py_ssize_t itemsize, bool& foreign_order) {
  foreign_order = false;
  if (format == nullptr) return DType::kUInt8;
  if (*format == '@' || *format == '=' || *format == '<') ++format;
  else if (*format == '>' || *format == '!') {
    foreign_order = itemsize > 1;
    ++format;
  }
  if (format[0] == '\0' || format[1] != '\0') return std::nullopt;
  switch (format[0]) {
    case '?': return DType::kBool;
    case 'b': return DType::kInt8;
    case 'B': return DType::kUInt8;
    case 'h': return DType::kInt16;
    case 'H': return DType::kUInt16;
    case 'i': case 'l': case 'q':
      return itemsize == 4 ? DType::kInt32 : itemsize == 8 ? std::optional(DType::kInt64) : std::nullopt;
    case 'I': case 'L': case 'Q':
      return itemsize == 4 ? DType::kUInt32 : itemsize == 8 ? std::optional(DType::kUInt64) : std::nullopt;
    case 'e': return DType::kFloat16;
    case 'f': return DType::kFloat32;
    case 'd': return DType::kFloat64;
    default: return std::nullopt;
  }
}

std::string dtype_name(PyObject* array) {
  PyRef dtype = PyRef::steal(PyObject_GetAttrString(array, "dtype"));
  PyRef name = dtype ? PyRef::steal(PyObject_Str(dtype.get())) : PyRef();
  const char* s = name ? PyUnicode_AsUTF8(name.get()) : nullptr;
  if (s == nullptr) {
    PyErr_Clear();
    return "?";
  }
  return s;
}

// The Py_buffer is released on the lane, or here if this thread holds the GIL: never by
// taking the GIL on a worker that drops the last Value (holoscan-sdk#18).
void release_view(Py_buffer* view) {
  with_gil_or_on_lane([view] {
    PyBuffer_Release(view);
    delete view;
  });
}

// array.flags.writeable; false on any error.
bool is_writeable(PyObject* array) {
  PyRef flags = PyRef::steal(PyObject_GetAttrString(array, "flags"));
  PyRef writeable = flags ? PyRef::steal(PyObject_GetAttrString(flags.get(), "writeable")) : PyRef();
  if (!writeable) PyErr_Clear();
  return writeable.get() == Py_True;
}

void make_read_only(PyObject* array) {
  PyRef flags = PyRef::steal(PyObject_GetAttrString(array, "flags"));
  if (!flags || PyObject_SetAttrString(flags.get(), "writeable", Py_False) < 0) PyErr_Clear();
}

// Whether anything but the caller's one reference can reach the array's memory: another
// reference to the array, or to any object along its chain of bases (a view's memory
// belongs to its base; `np.arange(12).reshape(3, 4)` is a view of an array only it holds).
bool others_can_write(PyObject* array) {
  if (Py_REFCNT(array) > 1) return true;
  PyObject* object = array;  // borrowed: each base is kept alive by its view
  for (;;) {
    PyObject* base = PyObject_GetAttrString(object, "base");
    if (base == nullptr) {
      PyErr_Clear();
      return false;
    }
    const bool shared = Py_REFCNT(base) > 2;  // more than the view's reference and this one
    const bool is_array = PyObject_TypeCheck(base, reinterpret_cast<PyTypeObject*>(g_np.ndarray));
    const bool none = base == Py_None;
    Py_DECREF(base);
    if (none) return false;
    if (shared) return true;
    if (!is_array) return false;
    object = base;
  }
}

Result<Value> array_to_value(PyObject* array, std::string_view node, bool retried);

// A Value never changes, so neither may the memory it adopts. An array that something
// else can still write to — a node keeping the array it returned (a reused output
// buffer), or a view into another array — is copied. An array held only by the item
// being converted is adopted and made read-only, like the arrays nodes receive: a Python
// node that gets the same object and writes into it gets numpy's "read-only" error.
Result<Value> writable_array_to_value(PyObject* array, std::string_view node) {
  if (!others_can_write(array)) {
    make_read_only(array);
    return array_to_value(array, node, false);
  }
  PyRef copy = PyRef::steal(PyObject_CallMethod(g_np.module, "copy", "O", array));
  if (!copy) {
    PyErr_Clear();
    return std::unexpected(conversion_error(node, "a numpy array that could not be copied"));
  }
  make_read_only(copy.get());
  return array_to_value(copy.get(), node, false);
}

Result<Value> array_to_value(PyObject* array, std::string_view node, bool retried) {
  auto no_form = [&] {
    return std::unexpected(conversion_error(
        node, "a numpy array of dtype " + dtype_name(array) + ", which has no Value form"));
  };
  auto* view = new Py_buffer;
  if (PyObject_GetBuffer(array, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
    PyErr_Clear();
    delete view;
    if (retried) return no_form();
    // Not C-contiguous (a slice, a transpose): the one case that copies.
    PyRef copy = PyRef::steal(PyObject_CallOneArg(g_np.ascontiguousarray, array));
    if (!copy) {
      PyErr_Clear();
      return no_form();
    }
    return array_to_value(copy.get(), node, true);
  }
  bool foreign_order = false;
  auto dtype = dtype_of_format(view->format, view->itemsize, foreign_order);
  if (!dtype || foreign_order) {
    PyBuffer_Release(view);
    delete view;
    if (!dtype || retried) return no_form();
    PyRef dt = PyRef::steal(PyObject_GetAttrString(array, "dtype"));
    PyRef little = dt ? PyRef::steal(PyObject_CallMethod(dt.get(), "newbyteorder", "s", "<")) : PyRef();
    PyRef astype = PyRef::steal(PyObject_GetAttrString(array, "astype"));
    PyRef copy = little && astype ? PyRef::steal(PyObject_CallOneArg(astype.get(), little.get())) : PyRef();
    if (!copy) {
      PyErr_Clear();
      return no_form();
    }
    return array_to_value(copy.get(), node, true);
  }
  std::vector<std::int64_t> shape(view->shape, view->shape + view->ndim);
  const auto* data = static_cast<const std::byte*>(view->buf);
  auto size = static_cast<std::size_t>(view->len);
  std::shared_ptr<Py_buffer> owner(view, release_view);
  auto tensor = Tensor::make(*dtype, std::move(shape), Buffer::adopt(data, size, std::move(owner)));
  if (!tensor) return std::unexpected(conversion_error(node, "a numpy array: " + tensor.error().message));
  return Value(std::move(*tensor));
}

}  // namespace

PyRef numpy_array_from_tensor(const Tensor& tensor) {
  if (!import_numpy()) return {};
  PyRef exporter = tensor_to_object(tensor);
  if (!exporter) return {};
  PyObject* args[2] = {exporter.get(), g_np.dtypes[static_cast<int>(tensor.dtype())]};
  PyRef flat = PyRef::steal(PyObject_Vectorcall(g_np.frombuffer, args, 2, nullptr));
  if (!flat || tensor.shape().size() == 1) return flat;
  PyRef shape = PyRef::steal(PyTuple_New(static_cast<Py_ssize_t>(tensor.shape().size())));
  if (!shape) return {};
  for (std::size_t i = 0; i < tensor.shape().size(); ++i)
    PyTuple_SET_ITEM(shape.get(), static_cast<Py_ssize_t>(i), PyLong_FromLongLong(tensor.shape()[i]));
  PyRef reshape = PyRef::steal(PyUnicode_InternFromString("reshape"));
  if (!reshape) return {};
  return PyRef::steal(PyObject_CallMethodOneArg(flat.get(), reshape.get(), shape.get()));
}

std::optional<Result<Value>> numpy_to_value(PyObject* o, std::string_view node, int depth) {
  if (!numpy_loaded()) return std::nullopt;
  if (PyObject_TypeCheck(o, reinterpret_cast<PyTypeObject*>(g_np.ndarray)))
    return is_writeable(o) ? writable_array_to_value(o, node) : array_to_value(o, node, false);
  if (PyObject_TypeCheck(o, reinterpret_cast<PyTypeObject*>(g_np.generic))) {
    PyRef item = PyRef::steal(PyObject_CallMethod(o, "item", nullptr));
    if (!item || PyObject_TypeCheck(item.get(), reinterpret_cast<PyTypeObject*>(g_np.generic))) {
      PyErr_Clear();
      return std::unexpected(conversion_error(node, "a " + type_repr(o) + ", which has no Value form"));
    }
    auto v = from_python_at(item.get(), node, depth + 1);
    if (!v) {
      return std::unexpected(conversion_error(node, "a " + type_repr(o) + ", which has no Value form"));
    }
    return v;
  }
  return std::nullopt;
}

}  // namespace remotemedia::python
