// remotemedia — the command-line interface (DESIGN §10).
//
// stdout carries exactly one JSON document (or DOT / the node list where asked for);
// everything for humans goes to stderr. Exit codes: 0 success, 1 invalid input or a
// failed run, 2 usage error.
#include <malloc.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>

#include "cli_output.h"
#include "interrupts.h"
#include "memory_limit.h"
#include "remotemedia/executor.h"
#include "remotemedia/graph.h"
#include "remotemedia/json.h"
#include "remotemedia/node_registry.h"
#if REMOTEMEDIA_HAS_PYTHON
#include "remotemedia/python.h"
#endif
#include "remotemedia/run_document.h"
#include "remotemedia/validate.h"

namespace rm = remotemedia;

namespace {

struct RunArgs {
  std::string file = "-";
  std::string input;
  std::string input_file;
  std::string python_path;
  std::string trace_file;
  bool progress = false;
  bool pretty = false;
  bool sync = false;
  bool no_fuse = false;
  bool no_node_timing = false;
  std::size_t workers = 0;
  std::size_t queue_capacity = 64;
  std::uint64_t memory_limit = 0;  // 0: the memory the process may use (memory_limit.h)
};

int cmd_run(const RunArgs& args, const rm::NodeRegistry& registry,
            std::shared_ptr<rm::Interrupter> interrupter) {
  auto text = cli::read_document(args.file);
  if (!text) return cli::report(rm::Errors{text.error()}, args.pretty);
  rm::DocumentRunOptions options;
  options.driver = args.sync ? rm::Driver::kSync : rm::Driver::kConcurrent;
  options.executor.trace = !args.trace_file.empty();
  options.executor.fuse_chains = !args.no_fuse;
  options.executor.node_timing = !args.no_node_timing;
  options.executor.workers = args.workers;
  options.executor.queue_capacity = args.queue_capacity;
  if (args.progress && isatty(STDERR_FILENO)) options.executor.on_progress = cli::print_progress;
  if (!args.input.empty() || !args.input_file.empty()) {
    std::string input_text = args.input;
    if (!args.input_file.empty()) {
      auto file = cli::read_document(args.input_file);
      if (!file) return cli::report(rm::Errors{file.error()}, args.pretty);
      input_text = std::move(*file);
    }
    auto parsed = rm::parse_json(input_text, options.validate.limits);
    if (!parsed) {
      rm::Error e = std::move(parsed).error();
      e.message = "--input: " + e.message;
      return cli::report(rm::Errors{std::move(e)}, args.pretty);
    }
    options.input_data = std::move(*parsed);
  }
  options.executor.interrupter = std::move(interrupter);
  cli::RunScope running;
  rm::DocumentRun run = rm::run_document(std::move(*text), registry, std::move(options));
  if (args.progress && isatty(STDERR_FILENO)) std::fputs("\n", stderr);
  if (run.exit_code == 0 && !args.trace_file.empty()) {
    std::ofstream out(args.trace_file, std::ios::binary);
    out << rm::to_json(rm::trace_to_chrome_json(run.trace, run.node_ids));
    if (!out) {
      return cli::report(rm::Errors{rm::make_error(rm::ErrorCode::kIoError,
                                                   "cannot write the trace file " + args.trace_file)},
                         args.pretty);
    }
  }
  std::fputs(rm::format_error_lines(run.errors).c_str(), stderr);
  cli::print_json(run.result, args.pretty);
  return run.exit_code;
}

int cmd_validate(const std::string& file, const rm::NodeRegistry& registry, bool pretty) {
  auto text = cli::read_document(file);
  if (!text) return cli::report(rm::Errors{text.error()}, pretty);
  auto request = rm::validate_json(*text, registry, {.input_may_follow = true});
  if (!request) return cli::report(request.error(), pretty);
  const rm::Manifest& m = request->manifest();
  rm::Value graph = rm::graph_to_value(m, request->graph);
  cli::print_json(rm::Value::Object{{"status", "valid"},
                                    {"name", m.name()},
                                    {"node_count", m.nodes.size()},
                                    {"input_count", request->request.input_data.size()},
                                    {"execution_order", *graph.find("execution_order")}},
                  pretty);
  return 0;
}

int cmd_graph(const std::string& file, const rm::NodeRegistry& registry, bool dot, bool pretty) {
  auto text = cli::read_document(file);
  if (!text) return cli::report(rm::Errors{text.error()}, pretty);
  auto request = rm::validate_json(*text, registry, {.input_may_follow = true});
  if (!request) return cli::report(request.error(), pretty);
  if (dot) {
    std::fputs(rm::to_dot(request->manifest(), request->graph).c_str(), stdout);
  } else {
    cli::print_json(rm::graph_to_value(request->manifest(), request->graph), pretty);
  }
  return 0;
}

}  // namespace

int run_cli(int argc, char** argv, std::shared_ptr<rm::Interrupter> interrupter) {
  rm::NodeRegistry registry;
  rm::register_builtin_nodes(registry);

  CLI::App app{"remotemedia: run media and data pipelines described by a JSON manifest"};
  app.set_version_flag("--version", std::string("remotemedia ") + REMOTEMEDIA_VERSION);
  app.require_subcommand(1);

  RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "Run a manifest or envelope (FILE, or - / nothing for stdin)");
  run_cmd->add_option("file", run.file, "manifest or envelope JSON; - reads stdin");
  run_cmd->add_option("--input", run.input, "input items as a JSON array");
  run_cmd->add_option("--input-file", run.input_file, "file holding the input items as a JSON array");
  run_cmd->add_option("--python-path", run.python_path, "directory added to Python's import path");
  run_cmd->add_option("--trace", run.trace_file, "write a Chrome trace-event JSON file (open in Perfetto)");
  run_cmd->add_flag("--progress", run.progress, "show items/s per node on stderr (when it is a terminal)");
  run_cmd->add_flag("--pretty", run.pretty, "indent the result JSON");
  run_cmd->add_flag("--sync", run.sync, "run every node on this thread (the WebAssembly build's driver)");
  run_cmd->add_flag("--no-fuse", run.no_fuse, "give every node its own stage (a queue hop per link)");
  run_cmd->add_flag("--no-node-timing", run.no_node_timing,
                    "skip the two clock reads per node call that measure busy_ms (then 0)");
  run_cmd->add_option("--workers", run.workers,
                      "worker threads (default: one per core, at least 2; at most what the system lets it start)");
  run_cmd->add_option("--memory-limit", run.memory_limit,
                      "bytes of data the run may allocate, at least 256M (default: the machine's or its cgroup's "
                      "memory)")
      ->check(CLI::Validator(
          [](std::string& text) { return text.starts_with('-') ? std::string("a size cannot be negative") : ""; },
          "SIZE"))
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Validator(
          [](std::string& bytes) {
            // Python, numpy and the threads' stacks need some 64M on their own.
            return std::stoull(bytes) < (std::uint64_t{256} << 20) ? std::string("it must be at least 256M") : "";
          },
          "SIZE"));
  run_cmd->add_option("--queue-capacity", run.queue_capacity, "items per edge before the producer pauses")
      ->check(CLI::PositiveNumber);

  std::string file;
  bool pretty = false, dot = false, json = false;
  auto* validate_cmd = app.add_subcommand("validate", "Check a manifest or envelope and report every problem");
  validate_cmd->add_option("file", file, "manifest or envelope JSON; - reads stdin")->required();
  validate_cmd->add_flag("--pretty", pretty, "indent the JSON");
  std::string python_path;
  validate_cmd->add_option("--python-path", python_path, "directory added to Python's import path");
  auto* graph_cmd = app.add_subcommand("graph", "Print the pipeline graph as JSON, or as Graphviz DOT");
  graph_cmd->add_option("file", file, "manifest or envelope JSON; - reads stdin")->required();
  graph_cmd->add_flag("--dot", dot, "Graphviz DOT instead of JSON");
  graph_cmd->add_flag("--pretty", pretty, "indent the JSON");
  graph_cmd->add_option("--python-path", python_path, "directory added to Python's import path");
  auto* nodes_cmd = app.add_subcommand("nodes", "List every node type with its params");
  nodes_cmd->add_flag("--json", json, "as JSON");
  nodes_cmd->add_option("--python-path", python_path, "directory added to Python's import path");
  auto* schema_cmd = app.add_subcommand("schema", "Print the JSON Schema of manifest v1");
  schema_cmd->add_flag("--pretty", pretty, "indent the JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    return cli::usage_error(e.what(), app.help());
  }
  // Before Python or any run: past this, an allocation fails (limit_exceeded) rather
  // than the kernel killing the process.
  if (!cli::limit_data_to(run.memory_limit != 0 ? run.memory_limit : cli::usable_memory_bytes()))
    return cli::usage_error("--memory-limit: the system refused the limit", app.help());

#if REMOTEMEDIA_HAS_PYTHON
  // Python node types resolve on demand: a manifest of native nodes never starts Python.
  // --python-path takes one directory, or several separated by ':' (as PYTHONPATH).
  {
    rm::PythonOptions python_options;
    std::string dirs = run_cmd->parsed() ? run.python_path : python_path;
    for (std::size_t start = 0; start <= dirs.size();) {
      std::size_t end = dirs.find(':', start);
      if (end == std::string::npos) end = dirs.size();
      if (end > start) python_options.python_path.push_back(dirs.substr(start, end - start));
      start = end + 1;
    }
    rm::register_python_nodes(registry, std::move(python_options));
  }
#endif

  if (run_cmd->parsed()) return cmd_run(run, registry, std::move(interrupter));
  if (validate_cmd->parsed()) return cmd_validate(file, registry, pretty);
  if (graph_cmd->parsed()) return cmd_graph(file, registry, dot, pretty);
  if (nodes_cmd->parsed()) return cli::print_nodes(registry, json);
  if (schema_cmd->parsed()) {
    cli::print_json(rm::manifest_json_schema(registry), pretty);
    return 0;
  }
  return cli::usage_error("no command given", app.help());
}

int main(int argc, char** argv) {
  // Big documents build arrays of millions of values by doubling, and tensors are large
  // blocks. With glibc's defaults every large block is a fresh mmap whose pages fault in
  // one by one, and is unmapped again on free; keeping blocks up to 32 MiB (glibc's
  // largest threshold: mallopt refuses more) in the heap lets freed memory be reused.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  rm::exit_on_out_of_memory("an allocation failed (the system's memory or the process's limit)");
  std::shared_ptr<rm::Interrupter> interrupter = cli::watch_interrupts();  // before any thread
  int code = run_cli(argc, argv, std::move(interrupter));
  // Freeing every value of a large result one by one takes longer than the run itself;
  // the process is ending, so hand the memory back all at once.
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(code);
}
