// Compilation hints (scripts/wasm-compile-hints.py, issue 5 "cold start"): the build
// profiles the optimized module and names the functions its profile runs call, to be
// compiled before the program starts; scripts/wasi-run.mjs applies them.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "support/cli_runner.h"
#include "support/fixtures.h"
#include "support/wasm_runs.h"

namespace remotemedia {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::quoted;
using testing::read_file;
using testing::run_command;
using testing::wasm_available;
using testing::without_metrics;

constexpr char kEager = 2;
constexpr char kLazy = 1;
constexpr char kEagerOptimized = 0x2a;  // eager, baseline and top tier the optimizing compiler
constexpr char kLazyOptimizedInBackground = 0x25;  // lazy, baseline tier Liftoff, top tier TurboFan
constexpr char kLazyOptimized = 0x29;  // lazy, baseline and top tier the optimizing compiler

// Where the hint bytes of the module's `compilationHints` section start (one per function
// it defines, in their order) and how many there are; nullopt without one. The section is
// custom (id 0): its size, the name's length and the name, then the count and the bytes.
// It comes before the Code and Data sections, so the name's first occurrence is its own.
struct HintBytes {
  std::size_t offset;
  std::size_t count;
};
std::optional<HintBytes> find_hints(const std::string& module) {
  const std::string name = "compilationHints";
  std::size_t at = module.find(std::string(1, static_cast<char>(name.size())) + name);
  if (at == std::string::npos) return std::nullopt;
  at += 1 + name.size();
  std::size_t count = 0;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(module.at(at++));
    count |= static_cast<std::size_t>(byte & 0x7f) << shift;
    if (byte < 0x80) break;
  }
  return HintBytes{at, count};
}

std::optional<std::string> compilation_hints(const fs::path& module) {
  const std::string bytes = read_file(module);
  const std::optional<HintBytes> hints = find_hints(bytes);
  if (!hints) return std::nullopt;
  return bytes.substr(hints->offset, hints->count);
}

CommandResult add_hints(const fs::path& module, const fs::path& profile_dir, const std::string& more_args = "") {
  return run_command("/usr/bin/python3.11 " + quoted(REMOTEMEDIA_SOURCE_DIR "/scripts/wasm-compile-hints.py") +
                         " " + quoted(module.string()) + " " + quoted(profile_dir.string()) + " " + more_args,
                     "");
}

CommandResult run_program(const fs::path& module, const std::string& runner_args = "") {
  return run_command(testing::wasi_run_command(module, runner_args), "");
}

// What V8 says it compiled, and with which compiler, running the program with these
// arguments: lines "Compiled function ...#INDEX using Liftoff|TurboFan, ...".
std::string compilations(const fs::path& module, const std::string& program_args) {
  CommandResult run = run_command("node --trace-wasm-compilation-times " + quoted(REMOTEMEDIA_WASI_RUN) + " " +
                                      quoted(module.string()) + " " + program_args,
                                  "");
  EXPECT_EQ(run.exit_code, 0) << run.err;
  return run.out;
}

// A WASI command that calls one of its two helpers and exits with what it returns.
constexpr testing::WatProgram kProfiledProgram{"profiled", R"((module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func $called (result i32) i32.const 0)
  (func $never_called (result i32) i32.const 1)
  (func (export "_start") (call $exit (call $called)))))"};
// A WASI command that calls $on_request only when it is given an argument, and then
// sleeps 200 ms (a WASI clock subscription): time for V8's background compilations.
constexpr testing::WatProgram kProgramWithAnOption{"option", R"((module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func $called (result i32) i32.const 0)
  (func $on_request (result i32) i32.const 0)
  (func $sleep
    (i32.store8 (i32.const 24) (i32.const 0))         ;; subscription at 16: a clock
    (i32.store (i32.const 32) (i32.const 1))          ;; the monotonic clock
    (i64.store (i32.const 40) (i64.const 200000000))  ;; 200 ms from now
    (drop (call $poll_oneoff (i32.const 16) (i32.const 64) (i32.const 1) (i32.const 8))))
  (func (export "_start")
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.gt_u (i32.load (i32.const 0)) (i32.const 1))
      (then (drop (call $on_request)) (call $sleep)))
    (call $exit (call $called)))))"};
constexpr testing::WatProgram kFailingProgram{"fails", R"((module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start") (call $exit (i32.const 3)))))"};

// A profile directory with one document (what the programs above read does not matter).
fs::path one_document_profile(const fs::path& beside) {
  const fs::path dir = beside.parent_path() / "profile";
  fs::create_directories(dir);
  std::ofstream(dir / "document.json") << "{}\n";
  return dir;
}

// A program assembled, a one-document profile beside it, and the `--names` argument that
// names the same program assembled with its name section (for optimize.txt's patterns).
struct NamedProgram {
  fs::path module;
  fs::path profile;
  std::string names_arg;
};
std::optional<NamedProgram> assemble_with_names(const testing::WatProgram& program) {
  const fs::path module = testing::assemble(program);
  if (module.empty()) return std::nullopt;
  const fs::path named = module.parent_path() / "named.wasm";
  CommandResult built = run_command("wat2wasm --debug-names " +
                                        quoted(module.parent_path() / (std::string(program.name) + ".wat")) +
                                        " -o " + quoted(named.string()),
                                    "");
  if (built.exit_code != 0) {
    ADD_FAILURE() << built.err;
    return std::nullopt;
  }
  return NamedProgram{module, one_document_profile(module), "--names " + quoted(named.string())};
}

TEST(CompileHints, TheFunctionsTheProfileCallsAreEagerAndTheOthersLazy) {
  const fs::path program = testing::assemble(kProfiledProgram);
  ASSERT_FALSE(program.empty());
  const fs::path profile = one_document_profile(program);
  ASSERT_FALSE(compilation_hints(program));

  const auto v8_logs_here = [] {
    return std::count_if(fs::directory_iterator(fs::current_path()), fs::directory_iterator(),
                         [](const fs::directory_entry& e) { return e.path().filename().string().starts_with("isolate-"); });
  };
  const auto logs_before = v8_logs_here();
  CommandResult r = add_hints(program, profile);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "profiled.wasm: 2 of 3 functions compiled before the start, 0 of them optimized; 0 optimized in the "
            "background after their first call, 0 on it (1 profile document)\n");
  EXPECT_EQ(v8_logs_here(), logs_before) << "the profile runs leave no V8 log in the working directory";
  // $called, $never_called, _start; the imported proc_exit has no hint.
  EXPECT_EQ(compilation_hints(program), std::string({kEager, kLazy, kEager}));

  // Profiled again, the module's own hints are left out of the run and replaced.
  const std::string hinted = read_file(program);
  r = add_hints(program, profile);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(read_file(program), hinted);

  // The runner applies them, or not, with the same result.
  for (const std::string& args : {std::string(), std::string("--no-compile-hints")}) {
    CommandResult run = run_program(program, args);
    EXPECT_EQ(run.exit_code, 0) << args << ": " << run.err;
    EXPECT_EQ(run.err, "") << args;
  }
  fs::remove_all(program.parent_path());
}

// optimize.txt picks, by name, the profiled functions that the optimizing compiler
// compiles; the names come from the same module with its name section (--names).
TEST(CompileHints, OptimizeTxtPicksProfiledFunctionsByName) {
  const std::optional<NamedProgram> assembled = assemble_with_names(kProfiledProgram);
  ASSERT_TRUE(assembled);
  const auto& [program, profile, names] = *assembled;

  std::ofstream(profile / "optimize.txt") << "# the one helper\ncal?ed  # not never_called\n";
  CommandResult r = add_hints(program, profile, names);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "profiled.wasm: 2 of 3 functions compiled before the start, 1 of them optimized; 0 optimized in the "
            "background after their first call, 0 on it (1 profile document)\n");
  EXPECT_EQ(compilation_hints(program), std::string({kEagerOptimized, kLazy, kEager}));
  EXPECT_EQ(run_program(program).exit_code, 0);

  // A pattern for a function the profile does not call, or no names to match.
  std::ofstream(profile / "optimize.txt") << "called\nnever_called\n";
  CommandResult stale = add_hints(program, profile, names);
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_EQ(stale.err, "error: " + program.string() +
                           ": optimize.txt: 'never_called' matches none of the functions the profile calls\n");
  CommandResult nameless = add_hints(program, profile);
  EXPECT_EQ(nameless.exit_code, 1);
  EXPECT_NE(nameless.err.find("optimize.txt names functions: give the named module with --names"), std::string::npos)
      << nameless.err;
  EXPECT_EQ(compilation_hints(program), std::string({kEagerOptimized, kLazy, kEager})) << "left as it was";
  fs::remove_all(program.parent_path());
}

// optimize-in-background.txt picks, by name, functions the profile does not call: they
// stay lazy, and once one is called V8 also recompiles it with TurboFan in the background
// (its trace of compilations shows both), while a run that never calls it compiles it
// not at all.
TEST(CompileHints, OptimizeInBackgroundTxtPicksFunctionsTheProfileDoesNotCall) {
  const std::optional<NamedProgram> assembled = assemble_with_names(kProgramWithAnOption);
  ASSERT_TRUE(assembled);
  const auto& [program, profile, names] = *assembled;

  std::ofstream(profile / "optimize-in-background.txt") << "# only with an argument\non_request\n";
  CommandResult r = add_hints(program, profile, names);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "option.wasm: 2 of 4 functions compiled before the start, 0 of them optimized; 1 optimized in the "
            "background after their first call, 0 on it (1 profile document)\n");
  // $called, $on_request, $sleep, _start.
  EXPECT_EQ(compilation_hints(program), std::string({kEager, kLazyOptimizedInBackground, kLazy, kEager}));
  // $on_request is function #4 (#0-#2 are imported).
  const std::string with_argument = compilations(program, "now");
  EXPECT_NE(with_argument.find("#4 using Liftoff,"), std::string::npos) << with_argument;
  EXPECT_NE(with_argument.find("#4 using TurboFan,"), std::string::npos) << with_argument;
  EXPECT_EQ(with_argument.find("#3 using TurboFan,"), std::string::npos) << with_argument;
  const std::string without = compilations(program, "");
  EXPECT_EQ(without.find("#4 using"), std::string::npos) << without;

  // A function the profile calls, a pattern that matches none, or no names to match.
  std::ofstream(profile / "optimize-in-background.txt") << "on_request\ncalled\n";
  CommandResult called = add_hints(program, profile, names);
  EXPECT_EQ(called.exit_code, 1);
  EXPECT_EQ(called.err, "error: " + program.string() +
                            ": optimize-in-background.txt names called, which the profile calls: optimize.txt is "
                            "for those\n");
  std::ofstream(profile / "optimize-in-background.txt") << "on_request\nno_such_function\n";
  CommandResult stale = add_hints(program, profile, names);
  EXPECT_EQ(stale.exit_code, 1);
  EXPECT_EQ(stale.err, "error: " + program.string() +
                           ": optimize-in-background.txt: 'no_such_function' matches none of the module's functions\n");
  CommandResult nameless = add_hints(program, profile);
  EXPECT_EQ(nameless.exit_code, 1);
  EXPECT_NE(nameless.err.find("optimize-in-background.txt names functions: give the named module with --names"),
            std::string::npos)
      << nameless.err;
  EXPECT_EQ(compilation_hints(program), std::string({kEager, kLazyOptimizedInBackground, kLazy, kEager}))
      << "left as it was";
  fs::remove_all(program.parent_path());
}

// optimize-on-first-call.txt and optimize-before-start.txt pick functions the profile does
// not call too: the first has V8's optimizing compiler compile them on their first call,
// never with its baseline compiler; the second before the start, called or not.
TEST(CompileHints, TheOtherListingsOptimizeUnprofiledFunctionsOnFirstCallOrBeforeTheStart) {
  const std::optional<NamedProgram> assembled = assemble_with_names(kProgramWithAnOption);
  ASSERT_TRUE(assembled);
  const auto& [program, profile, names] = *assembled;
  // $on_request is function #4 (#0-#2 are imported).
  std::ofstream(profile / "optimize-on-first-call.txt") << "on_request\n";
  CommandResult r = add_hints(program, profile, names);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "option.wasm: 2 of 4 functions compiled before the start, 0 of them optimized; 0 optimized in the "
            "background after their first call, 1 on it (1 profile document)\n");
  EXPECT_EQ(compilation_hints(program), std::string({kEager, kLazyOptimized, kLazy, kEager}));
  std::string with_argument = compilations(program, "now");
  EXPECT_NE(with_argument.find("#4 using TurboFan,"), std::string::npos) << with_argument;
  EXPECT_EQ(with_argument.find("#4 using Liftoff,"), std::string::npos) << with_argument;
  EXPECT_EQ(compilations(program, "").find("#4 using"), std::string::npos);

  fs::remove(profile / "optimize-on-first-call.txt");
  std::ofstream(profile / "optimize-before-start.txt") << "on_request\n";
  r = add_hints(program, profile, names);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "option.wasm: 3 of 4 functions compiled before the start, 1 of them optimized; 0 optimized in the "
            "background after their first call, 0 on it (1 profile document)\n");
  EXPECT_EQ(compilation_hints(program), std::string({kEager, kEagerOptimized, kLazy, kEager}));
  EXPECT_NE(compilations(program, "").find("#4 using TurboFan,"), std::string::npos) << "compiled, though never called";

  // A function the profile calls, or one that two listings name.
  std::ofstream(profile / "optimize-before-start.txt") << "called\n";
  CommandResult called = add_hints(program, profile, names);
  EXPECT_EQ(called.exit_code, 1);
  EXPECT_EQ(called.err, "error: " + program.string() +
                            ": optimize-before-start.txt names called, which the profile calls: optimize.txt is "
                            "for those\n");
  std::ofstream(profile / "optimize-before-start.txt") << "on_request\n";
  std::ofstream(profile / "optimize-on-first-call.txt") << "on_*\n";
  CommandResult twice = add_hints(program, profile, names);
  EXPECT_EQ(twice.exit_code, 1);
  EXPECT_EQ(twice.err, "error: " + program.string() +
                           ": optimize-on-first-call.txt and optimize-before-start.txt both name on_request\n");
  EXPECT_EQ(compilation_hints(program), std::string({kEager, kEagerOptimized, kLazy, kEager})) << "left as it was";
  fs::remove_all(program.parent_path());
}

// What the runner does with the hints: a function they make eager is compiled (and so
// validated) while the module is compiled, a lazy one only when it is first called. So a
// malformed function that is never called stops the program only when it is hinted eager.
TEST(CompileHints, TheRunnerCompilesEagerFunctionsBeforeTheStartAndLazyOnesOnFirstCall) {
  const fs::path program = testing::assemble(kProfiledProgram);
  ASSERT_FALSE(program.empty());
  ASSERT_EQ(add_hints(program, one_document_profile(program)).exit_code, 0);
  std::string module = read_file(program);
  // $never_called's body is `i32.const 1; end`: drop its `end` (an `i32.add` instead).
  const std::string body = "\x41\x01\x0b";
  const std::size_t at = module.find(body);
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(module.find(body, at + 1), std::string::npos);
  module[at + 2] = '\x6a';
  const std::optional<HintBytes> hints = find_hints(module);
  ASSERT_TRUE(hints);
  const fs::path malformed = program.parent_path() / "malformed.wasm";

  std::ofstream(malformed, std::ios::binary) << module;
  EXPECT_EQ(run_program(malformed).exit_code, 0) << "lazy, never called, never compiled";

  module[hints->offset + 1] = kEager;
  std::ofstream(malformed, std::ios::binary) << module;
  CommandResult eager = run_program(malformed);
  EXPECT_EQ(eager.exit_code, 2);
  EXPECT_TRUE(eager.err.starts_with("error: " + malformed.string() + ": WebAssembly.Module(): Compiling function #2 failed"))
      << eager.err;
  EXPECT_EQ(run_program(malformed, "--no-compile-hints").exit_code, 0);
  fs::remove_all(program.parent_path());
}

// The runner looks for the hints in the section headers before V8 sees the module: a file
// cut short inside a header is V8's error to report (exit code 2), not a loop that never
// ends. So is a module that is whole but not a WASI command.
TEST(CompileHints, AModuleCutShortOrNotACommandIsAnErrorNotAHang) {
  const fs::path dir = fs::temp_directory_path() / ("remotemedia-cut-short-" + std::to_string(getpid()));
  fs::create_directories(dir);
  const std::string header("\0asm\1\0\0\0", 8);
  const struct {
    std::string rest;
    std::string error;
  } cases[] = {
      {"\x01\xff", "WebAssembly.Module(): expected section length @+10"},      // a size that never ends
      {std::string("\x00\x01\x85", 3), "WebAssembly.Module(): expected "},   // a name's length that never ends
      {"", "not a WASI command: it must export \"memory\" and \"_start\""},  // an empty module
  };
  for (const auto& c : cases) {
    const fs::path module = dir / "cut.wasm";
    std::ofstream(module, std::ios::binary) << header << c.rest;
    CommandResult r = run_program(module);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_TRUE(r.err.starts_with("error: " + module.string() + ": " + c.error)) << r.err;
  }
  fs::remove_all(dir);
}

// A profile document that does not run to exit code 0 stops the build step, and the
// module is left as it was.
TEST(CompileHints, AProfileDocumentThatFailsIsAnError) {
  const fs::path program = testing::assemble(kFailingProgram);
  ASSERT_FALSE(program.empty());
  const std::string before = read_file(program);
  CommandResult r = add_hints(program, one_document_profile(program));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "error: " + program.string() + ": profile document document.json exited with 3\n");
  EXPECT_EQ(read_file(program), before);

  CommandResult empty = add_hints(program, program.parent_path() / "no-such-profile");
  EXPECT_EQ(empty.exit_code, 1);
  EXPECT_NE(empty.err.find("no *.json documents in"), std::string::npos) << empty.err;
  fs::remove_all(program.parent_path());
}

// The shipped module: the runtime's start-up, executor and built-in nodes are compiled up
// front (a few hundred functions; the tensor kernels, the per-item path and the JSON
// writer optimized), CPython's hot functions too (optimized in the background), the rest
// of CPython's thousands on first call.
TEST(CompileHints, TheShippedModuleCompilesTheRuntimeUpFrontAndPythonOnFirstCall) {
  if (!wasm_available()) return;
  const std::optional<std::string> hints = compilation_hints(REMOTEMEDIA_WASM_FILE);
  ASSERT_TRUE(hints) << "no compilationHints section";
  const auto eager = std::count(hints->begin(), hints->end(), kEager);
  const auto optimized = std::count(hints->begin(), hints->end(), kEagerOptimized);
  const auto in_background = std::count(hints->begin(), hints->end(), kLazyOptimizedInBackground);
  const auto on_first_call = std::count(hints->begin(), hints->end(), kLazyOptimized);
  const auto lazy = std::count(hints->begin(), hints->end(), kLazy);
  EXPECT_EQ(static_cast<std::size_t>(eager + optimized + in_background + on_first_call + lazy), hints->size())
      << "every byte is one of the five";
  EXPECT_GT(eager, 100);
  EXPECT_LT(eager, static_cast<long>(hints->size() / 10));
  // The float32 multiply and add kernels in place, float64 for int16 * 0.5 and + 1,
  // base64 both ways, the executor's per-item path (Stage's step_batches, next_input,
  // run_chain, emit_outputs), the six built-in nodes the profile runs (the batch loops
  // of PassThrough, whose process is inlined into it, Echo, Calculator and the
  // element-wise nodes, the process of the last three, the generate of ValuesSource and
  // RangeSource), the result's JSON writer (11 functions: write_value, the Writer's,
  // u64toa) with its float formatting (Grisu2, DigitGen, Prettify), and the allocator
  // (dlmalloc, dlfree, memcmp), and what Values and dicts are made of (memset, operator
  // new, 3 functions of Value arrays and objects) (apps/wasm/compile-profile/optimize.txt);
  // and 16 functions of every Python item's path that CPython's start does not call:
  // PythonNode's process, emit_object and generate, reuse_opaque_python, PythonObject's
  // materialize, two destructors and its shared_ptr's two __on_zero_shared,
  // from_python_at and the conversions of dicts, sequences and strs, Stage::materialize,
  // Channel::push and Node::process_batch; with 19 of CPython's small ones
  // (optimize-before-start.txt).
  EXPECT_EQ(optimized, 41 + 16 + 19);
  // CPython's calls, frames, allocator, dict, list, tuple and str functions, the
  // runtime's Python functions that CPython's start calls (to_python,
  // Channel::pop_batch): 42 patterns; and the media nodes' 6 per-sample functions
  // (apps/wasm/compile-profile/optimize-in-background.txt).
  EXPECT_EQ(in_background, 48);
  // CPython's interpreter loop (optimize-on-first-call.txt).
  EXPECT_EQ(on_first_call, 1);

  // With or without them, the same results: a native and a Python fixture.
  const std::string python_path = "--python-path " + quoted(testing::fixture_python_dir());
  for (const char* fixture : {"multiply_then_add.json", "python_mixed_dag.json"}) {
    const std::string document = read_file(std::string(REMOTEMEDIA_SOURCE_DIR "/tests/fixtures/") + fixture);
    CommandResult hinted = run_command(testing::wasi_run_command(REMOTEMEDIA_WASM_FILE, python_path), document);
    CommandResult lazily =
        run_command(testing::wasi_run_command(REMOTEMEDIA_WASM_FILE, python_path + " --no-compile-hints"), document);
    ASSERT_EQ(hinted.exit_code, 0) << fixture << ": " << hinted.err;
    EXPECT_EQ(lazily.exit_code, 0) << fixture << ": " << lazily.err;
    EXPECT_EQ(without_metrics(hinted.out), without_metrics(lazily.out)) << fixture;
  }
}

}  // namespace
}  // namespace remotemedia
