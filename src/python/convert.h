// remotemedia/python — Value <-> Python objects.
//
// Value -> Python: null None, bool, int, float, str, bytes, array list, object dict (in
// member order), tensor a read-only numpy array over the Value's buffer (or a
// remotemedia.Tensor without numpy). Python -> Value: None, bool, int (must fit int64),
// float, str, bytes/bytearray/memoryview, list/tuple, dict with str keys, numpy arrays
// (adopted without copying when C-contiguous) and scalars, remotemedia.Tensor; anything
// else is an error that names the node and the Python type. All functions need the GIL.
#pragma once

#include <string>
#include <string_view>
#include <typeinfo>

#include "py_ref.h"
#include "remotemedia/value.h"

namespace remotemedia::python {

// A new reference; null with a Python error set on failure (MemoryError).
PyRef to_python(const Value& value);

// `node` is the node id the value came from, for error messages (kNodeFailed). Leaves
// no Python error set.
Result<Value> from_python(PyObject* o, std::string_view node);

// For numpy_bridge: the recursive step, with the nesting depth so far.
Result<Value> from_python_at(PyObject* o, std::string_view node, int depth);

// A Value holding `object` as it is (for the next Python node on the same lane), made
// by node `node` (which must outlive the Value); converted only where it leaves Python
// (Opaque::materialize).
Value opaque_python(PyRef object, const std::string& node, const void* domain);

// A Python object held by a Value (made by opaque_python()): dropped with the GIL.
class PythonObject final : public Opaque {
 public:
  PythonObject(PyRef object, const std::string* node, const void* domain)
      : object_(std::move(object)), node_(node), domain_(domain) {}
  // Python items die on the lane (GIL held: free) or, with the single-threaded driver,
  // on the calling thread, where taking the GIL is cheap; posting every release to the
  // lane instead cost a pipe write and a wake-up per item.
  ~PythonObject() override {
    GilGuard gil;
    object_ = PyRef();
  }
  Result<Value> materialize() const override;
  const void* domain() const override { return domain_; }
  const PyRef& object() const { return object_; }
  // For reuse_opaque_python(), by the only owner: the object then holds another item.
  void reset(PyRef object, const std::string* node, const void* domain) {
    object_ = std::move(object);
    node_ = node;
    domain_ = domain;
  }

 private:
  PyRef object_;
  const std::string* node_;  // the producing node's id; the node outlives its items' run
  const void* domain_;
};

// The Python object inside a Value made by opaque_python(), or null. Inline: it runs
// once per item per Python node.
inline const PyRef* python_object_of(const Value& value) {
  if (!value.is_opaque()) return nullptr;
  const Opaque& o = value.as_opaque();
  // PythonObject is final: comparing the dynamic type is enough, and cheaper than a
  // dynamic_cast, which walks the class hierarchy.
  return typeid(o) == typeid(PythonObject) ? &static_cast<const PythonObject&>(o).object() : nullptr;
}

// opaque_python(object, node, domain), made by reusing `value`'s object when `value` is
// an opaque_python() Value that owns it alone: saves an allocation and a free per item
// per node along a chain of Python nodes. `value` is left moved-from: destroy or assign
// it, nothing else.
Value reuse_opaque_python(Value&& value, PyRef object, const std::string& node, const void* domain);

// `node "x" returned <what>` — the common start of conversion errors.
Error conversion_error(std::string_view node, std::string_view what);

// "<class 'set'>": repr(type(o)).
std::string type_repr(PyObject* o);

}  // namespace remotemedia::python
