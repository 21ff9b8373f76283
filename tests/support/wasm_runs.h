// What the tests of pipeline_executor_wasm.wasm share (tests/wasm/): whether the .wasm is
// there, and comparing its results with the native CLI's.
//
// The .wasm comes from the `wasm` preset (REMOTEMEDIA_WASM_FILE). When it is missing the
// tests are skipped with a message, unless REMOTEMEDIA_REQUIRE_WASM=1 is set (`make test`
// sets it, after building the wasm preset): then a missing file is a failure.
#pragma once

#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/cli_runner.h"

namespace remotemedia::testing {

// A result line with its "metrics" member cut out, byte for byte otherwise. The
// serializer writes "metrics" last at the top level, so it is the text from the last
// `,"metrics":{` to the closing brace of the document.
inline std::string without_metrics(const std::string& out) {
  const std::string key = R"(,"metrics":{)";
  std::size_t at = out.rfind(key);
  if (at == std::string::npos) return out;
  std::size_t end = out.find_last_of('}');
  if (end == std::string::npos || end < at) return out;
  return out.substr(0, at) + out.substr(end);
}

// Whether `path` exists; if not, the test is skipped (a warning) or, under
// REMOTEMEDIA_REQUIRE_WASM=1, failed, saying `how_to_get_it`.
inline bool required_file_exists(const std::filesystem::path& path, const std::string& how_to_get_it) {
  if (std::filesystem::exists(path)) return true;
  const char* required = std::getenv("REMOTEMEDIA_REQUIRE_WASM");
  const std::string why = path.string() + " does not exist: " + how_to_get_it;
  if (required && std::string(required) == "1") {
    ADD_FAILURE() << why << " (REMOTEMEDIA_REQUIRE_WASM=1)";
  } else {
    GTEST_LOG_(WARNING) << "skipped: " << why;
  }
  return false;
}

inline bool wasm_available() {
  return required_file_exists(REMOTEMEDIA_WASM_FILE,
                              "build it with `cmake --preset wasm && cmake --build --preset wasm` (make test does)");
}

inline std::string quoted(const std::string& s) { return "'" + s + "'"; }

// The command line that runs `module` under scripts/wasi-run.mjs with `runner_args`.
inline std::string wasi_run_command(const std::string& module, const std::string& runner_args = "") {
  return "node " + quoted(REMOTEMEDIA_WASI_RUN) + " " + runner_args + " " + quoted(module);
}

// A small program in WebAssembly's text format, for what the runners and the build's
// module tools do with a module whose contents a test knows.
struct WatProgram {
  const char* name;
  const char* wat;
};

// Two stand-ins for a broken build, for how runners report a program that cannot run to
// its exit: one traps at its start, one imports a WASI call no runner provides (so that
// instantiating it fails).
inline constexpr WatProgram kTrappingProgram{
    "traps", R"((module (memory (export "memory") 1) (func (export "_start") unreachable)))"};
inline constexpr WatProgram kUnlinkableProgram{
    "unlinkable", R"((module (import "wasi_snapshot_preview1" "no_such_call" (func))
                         (memory (export "memory") 1) (func (export "_start") unreachable)))"};

// The program assembled by wabt's wat2wasm into a .wasm in a scratch directory of this
// process; empty (and a test failure) if that fails.
inline std::filesystem::path assemble(const WatProgram& program) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("remotemedia-wat-programs-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path wat = dir / (std::string(program.name) + ".wat");
  const std::filesystem::path wasm = dir / (std::string(program.name) + ".wasm");
  std::ofstream(wat) << program.wat;
  CommandResult built = run_command("wat2wasm " + quoted(wat.string()) + " -o " + quoted(wasm.string()), "");
  EXPECT_EQ(built.exit_code, 0) << built.err;
  return built.exit_code == 0 ? wasm : std::filesystem::path();
}

}  // namespace remotemedia::testing
