// pipeline_executor_wasm — the WebAssembly form of `remotemedia run -` (DESIGN §1, §6).
//
// A WASI preview 1 command: reads a manifest or an envelope {"manifest", "input_data"}
// on stdin, runs it with the sync driver (every node on this one thread), writes the
// result JSON + "\n" on stdout and one "error: ..." line per error on stderr, and exits
// 0 on success, 1 for an invalid document or a failed run — byte for byte what the
// native CLI prints for the same input, apart from "metrics".
//
// Remote (`host`) nodes are unsupported_in_wasm validation errors (ValidateOptions::wasm).
//
// Arguments (the host passes them; scripts/wasi-run.mjs does for its own options):
//   --python-path DIR   add DIR (a preopened directory) to Python's import path; repeatable
//   --python-check      start the embedded Python, import the SDK, print facts as JSON
//   --help, --version   print the usage or the version on stdout and exit 0, as the CLI does
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/json.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/run_document.h"

#if REMOTEMEDIA_HAS_PYTHON
#include "python/interpreter.h"
#include "python/py_ref.h"
#include "remotemedia/python.h"
#endif

namespace rm = remotemedia;

namespace {

void write_all(const std::string& text, std::FILE* to) {
  std::fwrite(text.data(), 1, text.size(), to);
}

// A failure before any run: its lines on stderr, its JSON on stdout.
void report(const rm::Errors& errors) {
  write_all(rm::format_error_lines(errors), stderr);
  rm::write_json_line(stdout, rm::errors_to_value(errors));
}

constexpr std::string_view kUsage =
    "usage: pipeline_executor_wasm [--python-path DIR]... [--python-check] < document.json\n";

constexpr std::string_view kHelp =
    "Runs a remotemedia pipeline: a manifest, or an envelope {\"manifest\", \"input_data\"},\n"
    "on stdin; the result JSON on stdout, one \"error: ...\" line per error on stderr;\n"
    "exit code 0, or 1 for an invalid document or a failed run (as `remotemedia run -`).\n"
    "\n"
    "  --python-path DIR  add DIR, a directory the host preopens, to Python's import path\n"
    "                     (the user's own nodes, \"module:Class\"); repeatable\n"
    "  --python-check     start the embedded Python and print what it sees, as JSON\n"
    "  --help             this text\n"
    "  --version          the version\n";

int usage_error(const std::string& message) {
  report({rm::make_error(rm::ErrorCode::kUsage, message)});
  write_all(std::string(kUsage), stderr);
  return 2;
}

// --python-check: the interpreter starts the way Python nodes start it (from the archives
// inside the .wasm), the SDK imports, recursion ends in RecursionError, and nothing pulled
// in `socket`.
int python_check(const std::vector<std::string>& python_path) {
#if REMOTEMEDIA_HAS_PYTHON
  if (auto started = rm::python::start_interpreter(python_path); !started) {
    write_all(rm::format_error_lines({started.error()}), stderr);
    return 1;
  }
  rm::python::GilGuard gil;
  PyObject* ns = PyDict_New();
  PyDict_SetItemString(ns, "__builtins__", PyEval_GetBuiltins());
  PyObject* r = PyRun_String(R"PY(
import sys, json
import remotemedia, remotemedia.nodes
def _deep(n):
    return _deep.__call__(n + 1)    # re-enters C at every level
try:
    _deep(0)
    recursion = "none"
except RecursionError:
    recursion = "RecursionError"
result = json.dumps({"python": sys.version.split()[0], "platform": sys.platform,
                     "sdk": remotemedia.__file__, "path": sys.path,
                     "recursion_limit": sys.getrecursionlimit(), "deep_recursion": recursion,
                     "socket_imported": "socket" in sys.modules,
                     "modules": len(sys.modules)}, sort_keys=True)
)PY",
                             Py_file_input, ns, ns);
  if (r == nullptr) {
    PyErr_Print();
    return 1;
  }
  Py_DECREF(r);
  const char* text = PyUnicode_AsUTF8(PyDict_GetItemString(ns, "result"));
  write_all(std::string(text ? text : "null") + "\n", stdout);
  return 0;
#else
  (void)python_path;
  return usage_error("--python-check: this build has no Python (REMOTEMEDIA_PYTHON=OFF)");
#endif
}

}  // namespace

int main(int argc, char** argv) {
  // Without it a failed operator new is a bare "unreachable" trap for the host.
  rm::exit_on_out_of_memory(
      "the WebAssembly linear memory cannot grow any further (4 GiB at most, or the host's limit)");
  std::vector<std::string> python_path;
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--python-path" && i + 1 < argc) {
      python_path.emplace_back(argv[++i]);
    } else if (arg == "--python-check") {
      check = true;
    } else if (arg == "--help") {
      write_all(std::string(kUsage) + "\n" + std::string(kHelp), stdout);
      return 0;
    } else if (arg == "--version") {
      write_all("pipeline_executor_wasm " REMOTEMEDIA_VERSION "\n", stdout);
      return 0;
    } else {
      return usage_error("unknown argument " + std::string(arg));
    }
  }
  if (check) return python_check(python_path);

  rm::NodeRegistry registry;
  rm::register_builtin_nodes(registry);
#if REMOTEMEDIA_HAS_PYTHON
  // Starts nothing yet: the interpreter starts when a manifest names a Python node.
  rm::register_python_nodes(registry, {.python_path = python_path});
#endif

  rm::DocumentRunOptions options;
  options.driver = rm::Driver::kSync;
  options.validate.wasm = true;
  // Two clock reads per node call are two WASI clock_time_get calls into the host:
  // measured 2.4x the native wall time on a 10-node chain with them. busy_ms is then 0.
  options.executor.node_timing = false;

  auto text = rm::read_all(stdin);
  if (!text) {
    report({text.error()});
    return 1;
  }
  rm::DocumentRun run = rm::run_document(std::move(*text), registry, std::move(options));
  write_all(rm::format_error_lines(run.errors), stderr);
  rm::write_json_line(stdout, run.result);
  std::fflush(stdout);
  std::fflush(stderr);
  // Freeing a large result value by value costs more than the run; the instance ends here.
  std::_Exit(run.exit_code);
}
