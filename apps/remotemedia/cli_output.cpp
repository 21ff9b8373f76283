#include "cli_output.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include "remotemedia/json.h"
#include "remotemedia/run_document.h"

namespace rm = remotemedia;

namespace cli {

rm::Result<std::string> read_document(const std::string& path) {
  if (path == "-") return rm::read_all(stdin);
  std::ostringstream buffer;
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return rm::fail(rm::ErrorCode::kIoError, "cannot open " + path + ": no such file or not readable");
  buffer << in.rdbuf();
  if (in.bad()) return rm::fail(rm::ErrorCode::kIoError, "cannot read " + path);
  return buffer.str();
}

void print_json(const rm::Value& value, bool pretty) {
  rm::write_json_line(stdout, value, {.pretty = pretty});
}

int report(const rm::Errors& errors, bool pretty) {
  std::fputs(rm::format_error_lines(errors).c_str(), stderr);
  print_json(rm::errors_to_value(errors), pretty);
  return 1;
}

int usage_error(const std::string& message, const std::string& help) {
  rm::Errors errors{rm::make_error(rm::ErrorCode::kUsage, message)};
  std::fputs(rm::format_error_lines(errors).c_str(), stderr);
  std::fputs(help.c_str(), stderr);
  print_json(rm::errors_to_value(errors), false);
  return 2;
}

namespace {

std::string describe_default(const rm::ParamSpec& p) {
  if (p.required) return " (required)";
  if (p.default_value.is_null()) return "";
  return " = " + rm::to_json(p.default_value);
}

}  // namespace

namespace {

// Listed types, then what each resolver can name (Python SDK nodes), loaded to read their
// params. A resolver's name that fails to load is skipped here; `run` reports it.
std::vector<const rm::NodeDescriptor*> every_descriptor(const rm::NodeRegistry& registry) {
  std::vector<const rm::NodeDescriptor*> out;
  for (const rm::NodeDescriptor& d : registry.descriptors()) out.push_back(&d);
  for (const auto& resolver : registry.resolvers())
    for (const std::string& name : resolver->names())
      if (auto d = resolver->resolve(name); d && *d) out.push_back(*d);
  return out;
}

}  // namespace

int print_nodes(const rm::NodeRegistry& registry, bool json) {
  const std::vector<const rm::NodeDescriptor*> all = every_descriptor(registry);
  if (json) {
    rm::Value::Array nodes;
    for (const rm::NodeDescriptor* descriptor : all) {
      const rm::NodeDescriptor& d = *descriptor;
      rm::Value::Array params;
      for (const rm::ParamSpec& p : d.params) {
        rm::Value::Object o{{"name", p.name}, {"type", rm::to_string(p.type)}, {"required", p.required}};
        if (!p.default_value.is_null()) o.emplace_back("default", p.default_value);
        if (!p.choices.empty()) {
          rm::Value::Array choices(p.choices.begin(), p.choices.end());
          o.emplace_back("choices", std::move(choices));
        }
        if (!p.description.empty()) o.emplace_back("description", p.description);
        params.emplace_back(std::move(o));
      }
      rm::Value::Array aliases;
      for (const auto& [alias, target] : registry.aliases())
        if (target == d.name) aliases.emplace_back(alias);
      nodes.emplace_back(rm::Value::Object{{"node_type", d.name},
                                           {"runtime", d.runtime},
                                           {"generator", d.is_generator},
                                           {"description", d.description},
                                           {"aliases", std::move(aliases)},
                                           {"params", std::move(params)}});
    }
    print_json(rm::Value(std::move(nodes)), false);
    return 0;
  }
  std::string out;
  for (const rm::NodeDescriptor* descriptor : all) {
    const rm::NodeDescriptor& d = *descriptor;
    out += d.name + "  [" + d.runtime + (d.is_generator ? ", generator" : "") + "]";
    for (const auto& [alias, target] : registry.aliases())
      if (target == d.name) out += " (alias " + alias + ")";
    out += "\n    " + d.description + "\n";
    for (const rm::ParamSpec& p : d.params) {
      out += "    " + p.name + ": " + std::string(rm::to_string(p.type)) + describe_default(p);
      if (!p.choices.empty()) {
        out += " one of";
        for (const std::string& c : p.choices) out += " " + c;
      }
      if (!p.description.empty()) out += " — " + p.description;
      out += "\n";
    }
  }
  std::fputs(out.c_str(), stdout);
  return 0;
}

void print_progress(const rm::ProgressView& view) {
  static std::map<std::size_t, std::uint64_t> last;
  static auto last_time = std::chrono::steady_clock::now();
  auto now = std::chrono::steady_clock::now();
  double seconds = std::chrono::duration<double>(now - last_time).count();
  last_time = now;
  std::string line = "\r";
  for (std::size_t i = 0; i < view.node_count(); ++i) {
    std::uint64_t out = view.items_out(i);
    double rate = seconds > 0 ? static_cast<double>(out - last[i]) / seconds : 0;
    last[i] = out;
    char buf[128];
    std::snprintf(buf, sizeof buf, "%s%.*s: %llu (%.0f/s)", i ? " | " : "",
                  static_cast<int>(view.node_id(i).size()), view.node_id(i).data(),
                  static_cast<unsigned long long>(out), rate);
    line += buf;
  }
  line += "\033[K";
  std::fputs(line.c_str(), stderr);
}

}  // namespace cli
