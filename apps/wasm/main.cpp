// pipeline_executor_wasm — the WebAssembly form of `remotemedia run -` (DESIGN §1, §6).
//
// A WASI preview 1 command: reads a manifest or an envelope {"manifest", "input_data"}
// on stdin, runs it with the sync driver (every node on this one thread), writes the
// result JSON + "\n" on stdout and one "error: ..." line per error on stderr, and exits
// 0 on success, 1 for an invalid document or a failed run — byte for byte what the
// native CLI prints for the same input, apart from "metrics".
//
// Remote (`host`) nodes are unsupported_in_wasm validation errors (ValidateOptions::wasm).
#include <cstdio>
#include <cstdlib>
#include <new>
#include <string>

#include "remotemedia/json.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/run_document.h"

namespace rm = remotemedia;

namespace {

// All of stdin. fread in large blocks: the document may be tens of MB, and the WASI host
// hands it over one fd_read at a time.
std::string read_stdin() {
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    std::size_t n = std::fread(buffer, 1, sizeof buffer, stdin);
    text.append(buffer, n);
    if (n < sizeof buffer) break;
  }
  return text;
}

void write_all(const std::string& text, std::FILE* to) {
  std::fwrite(text.data(), 1, text.size(), to);
}

// Without exceptions a failed operator new would abort, which is a bare "unreachable"
// trap for the host. Report it the way every other failure is reported instead. Nothing
// here allocates; stdout holds nothing yet, since the result is written in one go at the end.
[[noreturn]] void out_of_memory() {
  std::fputs("error: limit_exceeded: out of memory: the WebAssembly linear memory cannot grow "
             "any further (4 GiB at most, or the host's limit)\n",
             stderr);
  std::fputs("{\"status\":\"error\",\"errors\":[{\"code\":\"limit_exceeded\",\"message\":"
             "\"out of memory: the WebAssembly linear memory cannot grow any further "
             "(4 GiB at most, or the host's limit)\"}]}\n",
             stdout);
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(1);
}

}  // namespace

int main() {
  std::set_new_handler(out_of_memory);
  rm::NodeRegistry registry;
  rm::register_builtin_nodes(registry);

  rm::DocumentRunOptions options;
  options.driver = rm::Driver::kSync;
  options.validate.wasm = true;

  const std::string text = read_stdin();
  rm::DocumentRun run = rm::run_document(text, registry, options);
  write_all(rm::format_error_lines(run.errors), stderr);
  write_all(rm::to_json(run.result) + "\n", stdout);
  std::fflush(stdout);
  std::fflush(stderr);
  // Freeing a large result value by value costs more than the run; the instance ends here.
  std::_Exit(run.exit_code);
}
