#include "convert.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <typeinfo>
#include <utility>

#include "core/platform.h"
#include "interpreter.h"
#include "tensor_object.h"
#ifdef REMOTEMEDIA_NUMPY
#include "numpy_bridge.h"
#endif

namespace remotemedia::python {
namespace {

// Matches the manifest's nesting limit; also stops self-containing lists.
constexpr int kMaxDepth = 512;

PyRef tensor_to_python(const Tensor& tensor) {
#ifdef REMOTEMEDIA_NUMPY
  PyRef array = numpy_array_from_tensor(tensor);
  if (array || PyErr_Occurred()) return array;
#endif
  return tensor_to_object(tensor);
}

// A str's UTF-8 bytes, or null (a Python error is set) for lone surrogates. An ASCII
// str (nearly every key and most text) is read in place, without a call: in the .wasm
// PyUnicode_AsUTF8AndSize is a call per string into baseline-compiled code.
const char* utf8_of(PyObject* str, Py_ssize_t* size) {
  if (PyUnicode_IS_COMPACT_ASCII(str)) {
    *size = PyUnicode_GET_LENGTH(str);
    return static_cast<const char*>(PyUnicode_DATA(str));
  }
  return PyUnicode_AsUTF8AndSize(str, size);
}

// The Values of str objects that outlive the items they are returned in: a literal, a
// label a node keeps (refcount > 1 while the item holds one too). Returned item after
// item ("processed_by": "TextProcessorNode"), each converts once and later items share
// its payload: a reference count instead of an allocation and a copy. Direct-mapped by
// the object's address; an entry holds a reference to its str, so the object (and with
// it the text, str being immutable) stays what it was while cached. Only short strs: a
// cached one stays alive until another takes its slot. Used under the GIL; never
// destroyed, since a destructor at exit would release Python objects without it.
class SharedStrCache {
 public:
  static constexpr Py_ssize_t kMaxLength = 64;

  static bool wants(PyObject* str) {
    return PyUnicode_CheckExact(str) && Py_REFCNT(str) > 1 && PyUnicode_GET_LENGTH(str) <= kMaxLength;
  }
  const Value* find(PyObject* str) const {
    const Entry& e = entries_[slot(str)];
    return e.str == str ? &e.value : nullptr;
  }
  void put(PyObject* str, const Value& value) {
    Entry& e = entries_[slot(str)];
    Py_INCREF(str);
    Py_XDECREF(e.str);
    e.str = str;
    e.value = value;
  }

 private:
  struct Entry {
    PyObject* str = nullptr;
    Value value;
  };
  static std::size_t slot(PyObject* str) {
    // Objects are 8- or 16-byte aligned: the bits above those pick the slot.
    return (reinterpret_cast<std::uintptr_t>(str) >> 4) % kSlots;
  }
  static constexpr std::size_t kSlots = 251;  // prime: addresses spread over all slots
  std::array<Entry, kSlots> entries_{};
};

SharedStrCache& shared_strs() {
  static SharedStrCache& cache = *new SharedStrCache;
  return cache;
}

Result<Value> str_to_value(PyObject* str, std::string_view node) {
  const bool shared = SharedStrCache::wants(str);
  if (shared) {
    if (const Value* cached = shared_strs().find(str)) return *cached;
  }
  Py_ssize_t size = 0;
  const char* s = utf8_of(str, &size);
  if (s == nullptr) {
    PyErr_Clear();
    return std::unexpected(conversion_error(node, "a str that is not valid UTF-8 (lone surrogates)"));
  }
  Value value(std::string(s, static_cast<std::size_t>(size)));
  if (shared) shared_strs().put(str, value);
  return value;
}

Result<Value> sequence_to_value(PyObject* seq, std::string_view node, int depth) {
  // list or tuple: PySequence_Fast returns the object itself.
  Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
  PyObject** items = PySequence_Fast_ITEMS(seq);
  Value::Array array;
  array.reserve(static_cast<std::size_t>(n));
  for (Py_ssize_t i = 0; i < n; ++i) {
    auto item = from_python_at(items[i], node, depth + 1);
    if (!item) return item;
    array.push_back(std::move(*item));
  }
  return Value(std::move(array));
}

Result<Value> dict_to_value(PyObject* dict, std::string_view node, int depth) {
  Value::Object object;
  object.reserve(static_cast<std::size_t>(PyDict_GET_SIZE(dict)));
  PyObject *key = nullptr, *item = nullptr;
  Py_ssize_t pos = 0;
  while (PyDict_Next(dict, &pos, &key, &item)) {
    if (!PyUnicode_Check(key))
      return std::unexpected(conversion_error(
          node, "a dict with a key of " + type_repr(key) + " (keys must be str to leave Python)"));
    Py_ssize_t size = 0;
    const char* s = utf8_of(key, &size);
    if (s == nullptr) {
      PyErr_Clear();
      return std::unexpected(conversion_error(node, "a dict key that is not valid UTF-8"));
    }
    auto value = from_python_at(item, node, depth + 1);
    if (!value) return value;
    object.emplace_back(std::string(s, static_cast<std::size_t>(size)), std::move(*value));
  }
  return Value(std::move(object));
}

Value bytes_value(const char* data, Py_ssize_t size) {
  auto* p = reinterpret_cast<const std::uint8_t*>(data);
  return Value::bytes(Value::Bytes(p, p + size));
}

}  // namespace

std::string type_repr(PyObject* o) {
  PyRef r = PyRef::steal(PyObject_Repr(reinterpret_cast<PyObject*>(Py_TYPE(o))));
  const char* s = r ? PyUnicode_AsUTF8(r.get()) : nullptr;
  if (s == nullptr) {
    PyErr_Clear();
    return std::string("<class '") + Py_TYPE(o)->tp_name + "'>";
  }
  return s;
}

Error conversion_error(std::string_view node, std::string_view what) {
  return make_error(ErrorCode::kNodeFailed,
                    "node \"" + std::string(node) + "\" returned " + std::string(what));
}

PyRef to_python(const Value& value) {
  switch (value.kind()) {
    case Value::Kind::kNull: return PyRef::borrow(Py_None);
    case Value::Kind::kBool: return PyRef::borrow(value.as_bool() ? Py_True : Py_False);
    case Value::Kind::kInt: return PyRef::steal(PyLong_FromLongLong(value.as_int()));
    case Value::Kind::kFloat: return PyRef::steal(PyFloat_FromDouble(value.as_float()));
    case Value::Kind::kString: {
      const std::string& s = value.as_string();
      return PyRef::steal(
          PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "surrogateescape"));
    }
    case Value::Kind::kBytes: {
      const Value::Bytes& b = value.as_bytes();
      return PyRef::steal(PyBytes_FromStringAndSize(reinterpret_cast<const char*>(b.data()),
                                                    static_cast<Py_ssize_t>(b.size())));
    }
    case Value::Kind::kArray: {
      const Value::Array& a = value.as_array();
      PyRef list = PyRef::steal(PyList_New(static_cast<Py_ssize_t>(a.size())));
      if (!list) return {};
      for (std::size_t i = 0; i < a.size(); ++i) {
        PyRef item = to_python(a[i]);
        if (!item) return {};
        PyList_SET_ITEM(list.get(), static_cast<Py_ssize_t>(i), item.release());
      }
      return list;
    }
    case Value::Kind::kObject: {
      PyRef dict = PyRef::steal(PyDict_New());
      if (!dict) return {};
      for (const auto& [key, member] : value.as_object()) {
        PyRef k = PyRef::steal(PyUnicode_DecodeUTF8(key.data(), static_cast<Py_ssize_t>(key.size()),
                                                    "surrogateescape"));
        PyRef v = to_python(member);
        if (!k || !v || PyDict_SetItem(dict.get(), k.get(), v.get()) < 0) return {};
      }
      return dict;
    }
    case Value::Kind::kTensor: return tensor_to_python(value.as_tensor());
    case Value::Kind::kOpaque:
      if (const PyRef* object = python_object_of(value)) return *object;
      break;  // another runtime's object never reaches Python: the executor converts it
  }
  return PyRef::borrow(Py_None);
}

Result<Value> from_python(PyObject* o, std::string_view node) { return from_python_at(o, node, 0); }

Result<Value> PythonObject::materialize() const {
  GilGuard gil;
  return from_python(object_.get(), *node_);
}

namespace {

// Every Python node makes one PythonObject per item it emits, and the next node drops
// it: recycling their blocks (object and shared_ptr control block) through a free list
// of the thread saves a malloc and a free per item per node. A block may be freed on
// another thread than the one that made it: it then joins that thread's list.
template <class T>
struct RecyclingAllocator {
  using value_type = T;
  RecyclingAllocator() = default;
  template <class U>
  RecyclingAllocator(const RecyclingAllocator<U>&) {}

  T* allocate(std::size_t n) {
    FreeList& list = free_list();
    if (n == 1 && list.head != nullptr) {
      Block* b = list.head;
      list.head = b->next;
      --list.size;
      return reinterpret_cast<T*>(b);
    }
    return static_cast<T*>(::operator new(n * sizeof(T)));
  }
  void deallocate(T* p, std::size_t n) {
    FreeList& list = free_list();
    if (n == 1 && list.size < kMaxFree) {
      auto* b = reinterpret_cast<Block*>(p);
      b->next = list.head;
      list.head = b;
      ++list.size;
      return;
    }
    ::operator delete(p);
  }
  template <class U>
  bool operator==(const RecyclingAllocator<U>&) const { return true; }

 private:
  union Block {
    Block* next;
    alignas(T) unsigned char bytes[sizeof(T)];
  };
  // Enough for the items in flight between the nodes of a stage (batches of 64).
  static constexpr std::size_t kMaxFree = 1024;
  struct FreeList {
    Block* head = nullptr;
    std::size_t size = 0;
    ~FreeList() {
      while (head != nullptr) ::operator delete(std::exchange(head, head->next));
      size = kMaxFree;  // a block freed later in this thread's exit goes to the heap
    }
  };
  static FreeList& free_list() {
#if REMOTEMEDIA_HAS_THREADS
    static thread_local FreeList list;
#else
    static FreeList list;  // one thread; WASI has no __cxa_thread_atexit for thread_local
#endif
    return list;
  }
};

}  // namespace

Value opaque_python(PyRef object, const std::string& node, const void* domain) {
  return Value::opaque(
      std::allocate_shared<PythonObject>(RecyclingAllocator<PythonObject>(), std::move(object), &node, domain));
}

Value reuse_opaque_python(Value&& value, PyRef object, const std::string& node, const void* domain) {
  if (python_object_of(value) == nullptr || !value.owns_opaque())
    return opaque_python(std::move(object), node, domain);
  // Sole owner: nobody else can see the change. The object was made non-const by
  // opaque_python(), so modifying it through the const view is well-defined.
  const_cast<PythonObject&>(static_cast<const PythonObject&>(value.as_opaque())).reset(std::move(object), &node, domain);
  return std::move(value);
}

namespace {

// The parts of from_python_at() that few items take: the errors, with the messages they
// build, and the less common types. Kept out of line so that from_python_at() stays a
// small function, which the .wasm can afford to optimize before the start
// (apps/wasm/compile-profile/optimize-before-start.txt): inlined, they made it 5.5 KB.
[[gnu::noinline]] Error too_deep(std::string_view node) {
  return conversion_error(node, "a value nested more than " + std::to_string(kMaxDepth) +
                                    " levels deep (a list or dict that contains itself?)");
}

[[gnu::noinline]] Error int_error(PyObject* o, std::string_view node, int overflow) {
  if (overflow == 0) {
    PyErr_Clear();
    return conversion_error(node, "an int that cannot be read (" + type_repr(o) + ")");
  }
  PyRef digits = PyRef::steal(PyObject_Repr(o));
  const char* s = digits ? PyUnicode_AsUTF8(digits.get()) : nullptr;
  std::string text = s ? s : "";
  PyErr_Clear();
  if (text.size() > 40) text = text.substr(0, 20) + "..." + text.substr(text.size() - 10);
  return conversion_error(node, "an int too large for int64 (" + text + ", " + type_repr(o) + ")");
}

[[gnu::noinline]] Result<Value> uncommon_from_python(PyObject* o, std::string_view node, int depth) {
  if (PyBytes_Check(o)) return bytes_value(PyBytes_AS_STRING(o), PyBytes_GET_SIZE(o));
  if (PyByteArray_Check(o)) return bytes_value(PyByteArray_AS_STRING(o), PyByteArray_GET_SIZE(o));
  if (const Tensor* t = tensor_of(o)) return Value(*t);
#ifdef REMOTEMEDIA_NUMPY
  if (auto v = numpy_to_value(o, node, depth)) return std::move(*v);
#else
  (void)depth;
#endif
  if (PyMemoryView_Check(o)) {
    Py_buffer view;
    if (PyObject_GetBuffer(o, &view, PyBUF_C_CONTIGUOUS) < 0) {
      PyErr_Clear();
      return std::unexpected(conversion_error(node, "a non-contiguous memoryview"));
    }
    Value v = bytes_value(static_cast<const char*>(view.buf), view.len);
    PyBuffer_Release(&view);
    return v;
  }
  return std::unexpected(conversion_error(node, "a " + type_repr(o) + ", which has no Value form"));
}

}  // namespace

Result<Value> from_python_at(PyObject* o, std::string_view node, int depth) {
  if (depth > kMaxDepth) return std::unexpected(too_deep(node));
  if (o == Py_None) return Value();
  if (PyBool_Check(o)) return Value(o == Py_True);
  if (PyLong_Check(o)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow != 0 || (v == -1 && PyErr_Occurred())) return std::unexpected(int_error(o, node, overflow));
    return Value(static_cast<std::int64_t>(v));
  }
  if (PyFloat_Check(o)) return Value(PyFloat_AS_DOUBLE(o));
  if (PyUnicode_Check(o)) return str_to_value(o, node);
  if (PyList_Check(o) || PyTuple_Check(o)) return sequence_to_value(o, node, depth);
  if (PyDict_Check(o)) return dict_to_value(o, node, depth);
  return uncommon_from_python(o, node, depth);
}

}  // namespace remotemedia::python
