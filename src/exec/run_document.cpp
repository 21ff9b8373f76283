#include "remotemedia/run_document.h"

#include <sys/stat.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <new>

namespace remotemedia {
namespace {

const char* g_out_of_memory_detail = "";
std::atomic<bool> g_writing_json_line{false};

[[noreturn]] void out_of_memory() {
  if (g_writing_json_line.load()) std::fputc('\n', stdout);
  std::fputs("error: limit_exceeded: out of memory: ", stderr);
  std::fputs(g_out_of_memory_detail, stderr);
  std::fputs("\n", stderr);
  std::fputs("{\"status\":\"error\",\"errors\":[{\"code\":\"limit_exceeded\",\"message\":"
             "\"out of memory: ", stdout);
  std::fputs(g_out_of_memory_detail, stdout);
  std::fputs("\"}]}\n", stdout);
  std::fflush(stdout);
  std::fflush(stderr);
  std::_Exit(1);
}

DocumentRun failed(Errors errors) {
  DocumentRun out;
  out.result = errors_to_value(errors);
  out.exit_code = 1;
  out.errors = std::move(errors);
  return out;
}

// --input becomes the document's input_data, replacing an envelope's own.
Result<Value, Errors> with_input(Value document, Value input_data) {
  if (!input_data.is_array())
    return std::unexpected(Errors{make_error(ErrorCode::kWrongType,
                                             "--input must be a JSON array of input items",
                                             "/input_data")});
  if (document.is_object() && document.find("manifest")) {
    Value::Object envelope;
    for (const auto& member : document.as_object())
      if (member.first != "input_data") envelope.push_back(member);
    envelope.emplace_back("input_data", std::move(input_data));
    return Value(std::move(envelope));
  }
  return Value(Value::Object{{"manifest", std::move(document)}, {"input_data", std::move(input_data)}});
}

}  // namespace

DocumentRun run_document(std::string text, const NodeRegistry& registry,
                         DocumentRunOptions options) {
  auto document = parse_json(text, options.validate.limits);
  std::string().swap(text);
  if (!document) return failed(Errors{std::move(document).error()});
  if (options.input_data) {
    auto wrapped = with_input(std::move(*document), std::move(*options.input_data));
    options.input_data.reset();
    if (!wrapped) return failed(std::move(wrapped).error());
    document = std::move(*wrapped);
  }
  auto request = validate(*document, registry, options.validate);
  // The request holds all the run needs (tensors decoded from their base64 strings into
  // buffers of their own); the document, as big as the text, goes now.
  *document = Value();
  if (!request) return failed(std::move(request).error());
  Executor executor(registry, options.executor);
  RunResult result = options.driver == Driver::kSync ? executor.run_sync(std::move(*request))
                                                     : executor.run_concurrent(std::move(*request));
  if (!result) return failed(std::move(result).error());
  DocumentRun out;
  out.result = result->to_value();
  out.trace = std::move(result->trace);
  for (const NodeSpec& n : request->manifest().nodes) out.node_ids.push_back(n.id);
  return out;
}

Result<std::string> read_all(std::FILE* in) {
  std::string text;
  // A redirected file says how big it is: one allocation instead of a doubling series
  // (each growth copies everything read so far).
  struct stat info;
  if (fstat(fileno(in), &info) == 0 && S_ISREG(info.st_mode) && info.st_size > 0)
    text.reserve(static_cast<std::size_t>(info.st_size));
  char block[1 << 16];
  for (;;) {
    std::size_t n = std::fread(block, 1, sizeof block, in);
    text.append(block, n);
    if (n < sizeof block) break;
  }
  if (std::ferror(in)) return fail(ErrorCode::kIoError, "cannot read the document from standard input");
  return text;
}

void write_json_line(std::FILE* out, const Value& value, const JsonWriteOptions& options) {
  g_writing_json_line = true;
  write_json(out, value, options);
  std::fputc('\n', out);
  g_writing_json_line = false;
}

void exit_on_out_of_memory(const char* detail) {
  g_out_of_memory_detail = detail;
  std::set_new_handler(out_of_memory);
}

std::string format_error_lines(const Errors& errors) {
  std::string out;
  for (const Error& e : errors) {
    out += "error: " + std::string(to_string(e.code)) + ": " + e.message;
    if (!e.path.empty()) out += " (at " + e.path + ")";
    out += "\n";
    if (!e.traceback.empty()) out += e.traceback + (e.traceback.back() == '\n' ? "" : "\n");
  }
  return out;
}

Value trace_to_chrome_json(const std::vector<TraceSpan>& spans, const std::vector<std::string>& node_ids) {
  Value::Array events;
  events.reserve(spans.size());
  for (const TraceSpan& s : spans) {
    Value::Object args;
    args.reserve(2);
    args.emplace_back("node", node_ids[s.node]);
    if (s.timestamp >= 0) args.emplace_back("timestamp", s.timestamp);
    events.emplace_back(Value::Object{{"name", node_ids[s.node] + " " + s.phase},
                                      {"cat", s.phase},
                                      {"ph", "X"},
                                      {"ts", static_cast<double>(s.start_ns) / 1000.0},
                                      {"dur", static_cast<double>(s.duration_ns) / 1000.0},
                                      {"pid", 1},
                                      {"tid", static_cast<std::int64_t>(s.thread)},
                                      {"args", std::move(args)}});
  }
  return Value::Object{{"traceEvents", std::move(events)}, {"displayTimeUnit", "ns"}};
}

}  // namespace remotemedia
