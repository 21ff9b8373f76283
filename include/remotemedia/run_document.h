// remotemedia — from a document's text to the result JSON and exit code of DESIGN §6.
//
// This is what `remotemedia run` and pipeline_executor_wasm share, so that the two
// print byte-identical results for the same input.
#pragma once

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

#include "remotemedia/error.h"
#include "remotemedia/executor.h"
#include "remotemedia/json.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/value.h"

namespace remotemedia {

enum class Driver { kSync, kConcurrent };

struct DocumentRun {
  Value result;      // the success or error document
  int exit_code = 0; // 0 success, 1 invalid input or failed run
  Errors errors;     // for the stderr lines
  std::vector<TraceSpan> trace;
  std::vector<std::string> node_ids;  // manifest order, to name trace spans
};

struct DocumentRunOptions {
  ValidateOptions validate;
  ExecutorOptions executor;
  Driver driver = Driver::kConcurrent;
  // Replaces the document's input_data (the CLI's --input): a JSON array of items.
  std::optional<Value> input_data;
};

// Takes the text and options.input_data over and frees each as soon as it has become the
// next form (text → parsed document → validated request); the executor then frees each
// input once its item is done. So while a document of large tensors runs, it needs about
// the size of its tensors in memory, not its text and its parsed form on top.
DocumentRun run_document(std::string text, const NodeRegistry& registry,
                         DocumentRunOptions options);

// All of `in` (stdin: the document), read in large blocks: a document may be tens of MB,
// and a character-wise read (iostreams synced with stdio) costs more than the run.
// kIoError if reading fails.
Result<std::string> read_all(std::FILE* in);

// `value` as JSON and a newline, written to `out` as the text is made (write_json):
// results can be tens of MB.
void write_json_line(std::FILE* out, const Value& value, const JsonWriteOptions& options = {});

// Makes running out of memory end the program the way a failed run ends (DESIGN §6):
// "error: limit_exceeded: out of memory: <detail>" on stderr, the error document on stdout
// (on a line of its own if write_json_line was writing: a result is written as its JSON
// is made, and writing a tensor's base64 allocates), exit code 1. Without it a failed
// operator new is std::terminate's abort, or a bare trap in the .wasm. Installs
// operator new's handler. `detail` says which memory ran out; it is printed as it is,
// since nothing may be allocated then: a literal without quotes or backslashes.
void exit_on_out_of_memory(const char* detail);

// One "error: ..." line per error, for stderr.
std::string format_error_lines(const Errors& errors);

// Chrome trace-event JSON ("X" events, one per span; open in Perfetto).
Value trace_to_chrome_json(const std::vector<TraceSpan>& spans, const std::vector<std::string>& node_ids);

}  // namespace remotemedia
