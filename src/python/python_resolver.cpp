// The resolver of Python node types and the descriptors it builds (python.h).
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>

#include "convert.h"
#include "core/platform.h"
#include "helpers.h"
#include "interpreter.h"
#include "py_error.h"
#include "py_ref.h"
#include "python_node.h"
#include "remotemedia/python.h"

namespace remotemedia {
namespace python {
namespace {

std::string text_of(PyObject* o) {
  const char* s = o != nullptr && PyUnicode_Check(o) ? PyUnicode_AsUTF8(o) : nullptr;
  if (s == nullptr) {
    PyErr_Clear();
    return {};
  }
  return s;
}

// A Python class shared by a descriptor's check and create; the reference is dropped
// with the GIL held wherever the last holder goes.
struct ClassRef {
  PyRef cls;
  explicit ClassRef(PyRef c) : cls(std::move(c)) {}
  ~ClassRef() {
    auto holder = std::make_shared<PyRef>(std::move(cls));
    with_gil_or_on_lane([holder = std::move(holder)]() mutable { holder.reset(); });
  }
};

// cls(**params); null with a Python error set on failure.
PyRef instantiate(PyObject* cls, const Value& params) {
  PyRef kwargs = params.is_object() ? to_python(params) : PyRef::steal(PyDict_New());
  if (!kwargs) return {};
  PyRef args = PyRef::steal(PyTuple_New(0));
  if (!args) return {};
  return PyRef::steal(PyObject_Call(cls, args.get(), kwargs.get()));
}

// Only the params __init__ declares (unless it takes **kwargs): an unknown one is
// already an unknown_param error of the manifest check, and must not come back as a
// TypeError from the constructor.
Value declared_params(const NodeDescriptor& d, const Value& params) {
  if (d.accepts_any_params || !params.is_object()) return params;
  Value::Object kept;
  for (const auto& member : params.as_object())
    for (const ParamSpec& p : d.params)
      if (p.name == member.first) kept.push_back(member);
  return Value(std::move(kept));
}

std::vector<ParamIssue> check_params(const NodeDescriptor& d, PyObject* cls, const Value& params) {
  GilGuard gil;
  PyRef instance = instantiate(cls, declared_params(d, params));
  if (instance) return {};
  bool type_error = PyErr_ExceptionMatches(PyExc_TypeError);
  Error e = error_from_python(ErrorCode::kInvalidParam);
  // "TextProcessorNode.__init__() got an unexpected keyword argument 'x'"
  constexpr std::string_view kUnexpected = "unexpected keyword argument '";
  if (std::size_t at = e.message.find(kUnexpected); type_error && at != std::string::npos) {
    std::size_t start = at + kUnexpected.size();
    std::size_t end = e.message.find('\'', start);
    std::string name = e.message.substr(start, end == std::string::npos ? std::string::npos : end - start);
    std::string takes;
    for (const ParamSpec& p : d.params) takes += (takes.empty() ? "" : ", ") + p.name;
    return {ParamIssue{name, ErrorCode::kUnknownParam,
                       d.name + " has no param \"" + name + "\" (" + e.message + "); it takes: " +
                           (takes.empty() ? "no params" : takes)}};
  }
  return {ParamIssue{"", ErrorCode::kInvalidParam, d.name + ": " + e.message}};
}

// Fills a descriptor from helpers.describe(cls). GIL held.
Result<void> describe(PyObject* cls, NodeDescriptor& d) {
  PyRef info = call_helper("describe", cls);
  if (!info) return std::unexpected(error_from_python(ErrorCode::kUnknownNodeType));
  PyObject *params = nullptr, *any = nullptr, *gen = nullptr, *doc = nullptr, *async = nullptr;
  if (!PyArg_ParseTuple(info.get(), "OOOOO", &params, &any, &gen, &doc, &async))
    return std::unexpected(error_from_python(ErrorCode::kInternal));
  d.accepts_any_params = PyObject_IsTrue(any) == 1;
  d.is_generator = PyObject_IsTrue(gen) == 1;
  d.is_async = PyObject_IsTrue(async) == 1;
  d.description = text_of(doc);
  if (d.description.empty()) d.description = "Python node " + d.name;
  PyRef seq = PyRef::steal(PySequence_Fast(params, "params"));
  if (!seq) return std::unexpected(error_from_python(ErrorCode::kInternal));
  for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq.get()); ++i) {
    PyObject* entry = PySequence_Fast_GET_ITEM(seq.get(), i);
    PyObject *name = nullptr, *required = nullptr, *def = nullptr;
    if (!PyArg_ParseTuple(entry, "OOO", &name, &required, &def))
      return std::unexpected(error_from_python(ErrorCode::kInternal));
    ParamSpec p;
    p.name = text_of(name);
    p.type = ParamType::kAny;
    p.required = PyObject_IsTrue(required) == 1;
    if (auto v = from_python(def, d.name)) p.default_value = std::move(*v);
    d.params.push_back(std::move(p));
  }
  PyErr_Clear();
  return {};
}

class PythonResolver final : public NodeResolver {
 public:
  explicit PythonResolver(PythonOptions options) : options_(std::move(options)) {}

  std::string_view runtime() const override { return "python"; }

  Result<const NodeDescriptor*> resolve(std::string_view node_type) override {
    std::lock_guard lock(mutex_);
    std::string key(node_type);
    if (auto it = known_.find(key); it != known_.end()) return it->second.get();
    if (auto it = failed_.find(key); it != failed_.end()) return std::unexpected(it->second);
    if (unknown_.contains(key)) return nullptr;
    auto interp = interpreter();
    if (!interp) return std::unexpected(interp.error());

    GilGuard gil;
    PyRef name = PyRef::steal(PyUnicode_FromStringAndSize(key.data(), static_cast<Py_ssize_t>(key.size())));
    PyRef cls = name ? call_helper("load", name.get()) : PyRef();
    if (!cls) {
      Error e = import_error_from_python(key);
      failed_.emplace(key, e);
      return std::unexpected(std::move(e));
    }
    if (cls.get() == Py_None) {
      unknown_.emplace(key);
      return nullptr;
    }
    if (PyUnicode_Check(cls.get())) {  // the module exists but has no such class
      Error e = make_error(ErrorCode::kUnknownNodeType, text_of(cls.get()));
      failed_.emplace(key, e);
      return std::unexpected(std::move(e));
    }
    auto d = std::make_unique<NodeDescriptor>();
    d->name = key;
    d->runtime = "python";
    d->lane = (*interp)->lane;
    if (auto ok = describe(cls.get(), *d); !ok) {
      Error e = ok.error();
      e.code = ErrorCode::kUnknownNodeType;
      e.message = "cannot read Python node type \"" + key + "\": " + e.message;
      failed_.emplace(key, e);
      return std::unexpected(std::move(e));
    }
    auto shared = std::make_shared<ClassRef>(std::move(cls));
    const NodeDescriptor* self = d.get();
    d->check = [shared, self](const Value& params) { return check_params(*self, shared->cls.get(), params); };
    std::shared_ptr<PythonLane> lane = (*interp)->lane;
    d->create = [shared, lane](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
      GilGuard gil;
      PyRef instance = instantiate(shared->cls.get(), config.params);
      if (!instance) {
        Error e = error_from_python(ErrorCode::kNodeFailed);
        e.node = config.id;
        e.node_type = config.node_type;
        return std::unexpected(std::move(e));
      }
      return std::unique_ptr<Node>(std::make_unique<PythonNode>(config.id, std::move(instance), lane, config.is_streaming));
    };
    const NodeDescriptor* result = d.get();
    known_.emplace(key, std::move(d));
    return result;
  }

  std::vector<std::string> names() override {
    std::lock_guard lock(mutex_);
    auto interp = interpreter();
    if (!interp) return {};
    GilGuard gil;
    PyRef list = call_helper("sdk_names");
    std::vector<std::string> out;
    if (!list || !PyList_Check(list.get())) {
      PyErr_Clear();
      return out;
    }
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(list.get()); ++i)
      out.push_back(text_of(PyList_GET_ITEM(list.get(), i)));
    return out;
  }

 private:
  // Starts Python (or adds this resolver's dirs to sys.path) on first use only.
  Result<Interpreter*> interpreter() {
    if (interpreter_ != nullptr) return interpreter_;
    auto started = start_interpreter(options_.python_path);
    if (started) interpreter_ = *started;
    return started;
  }
  Interpreter* interpreter_ = nullptr;

  PythonOptions options_;
  ::remotemedia::detail::Mutex mutex_;
  std::map<std::string, std::unique_ptr<NodeDescriptor>, std::less<>> known_;
  std::map<std::string, Error, std::less<>> failed_;
  std::set<std::string, std::less<>> unknown_;
};

}  // namespace
}  // namespace python

std::shared_ptr<NodeResolver> make_python_resolver(PythonOptions options) {
  return std::make_shared<python::PythonResolver>(std::move(options));
}

void register_python_nodes(NodeRegistry& registry, PythonOptions options) {
  registry.add_resolver(make_python_resolver(std::move(options)));
}

}  // namespace remotemedia
