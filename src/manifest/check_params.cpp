// A node's params against its descriptor: names, required ones, types, choices, then the
// descriptor's own check on the params with defaults filled in.
#include <algorithm>
#include <string>
#include <vector>

#include "manifest/check_context.h"
#include "remotemedia/json.h"
#include "remotemedia/suggest.h"

namespace remotemedia::detail {
namespace {

bool has_type(const Value& value, ParamType type) {
  switch (type) {
    case ParamType::kInt:
      return value.is_int();
    case ParamType::kNumber:
      return value.is_number();  // bools are not numbers here
    case ParamType::kString:
      return value.is_string();
    case ParamType::kBool:
      return value.is_bool();
    case ParamType::kArray:
      return value.is_array();
    case ParamType::kObject:
      return value.is_object();
    case ParamType::kAny:
      return true;
  }
  return true;
}

std::string_view type_phrase(ParamType type) {
  switch (type) {
    case ParamType::kInt:
      return "an integer";
    case ParamType::kNumber:
      return "a number";
    case ParamType::kString:
      return "a string";
    case ParamType::kBool:
      return "true or false";
    case ParamType::kArray:
      return "an array";
    case ParamType::kObject:
      return "an object";
    case ParamType::kAny:
      return "any value";
  }
  return "any value";
}

const ParamSpec* find_param(const NodeDescriptor& d, std::string_view name) {
  for (const ParamSpec& p : d.params)
    if (p.name == name) return &p;
  return nullptr;
}

std::string takes_phrase(const NodeDescriptor& d, const std::vector<std::string>& names) {
  if (names.empty()) return d.name + " takes no params";
  return d.name + " takes " + quoted_list(names);
}

}  // namespace

void check_params(const Value& params, const std::string& params_path, CheckContext& ctx,
                  NodeSpec& spec) {
  const NodeDescriptor& d = *spec.descriptor;
  std::string_view node = spec.id;
  std::vector<std::string> names;
  names.reserve(d.params.size());
  for (const ParamSpec& p : d.params) names.push_back(p.name);

  bool well_typed = true;
  for (const auto& [key, value] : params.as_object()) {
    if (params.find(key) != &value) continue;  // a repeated key: the last one counts
    std::string path = params_path + "/" + json_pointer_escape(key);
    const ParamSpec* p = find_param(d, key);
    if (p == nullptr && d.accepts_any_params) continue;
    if (p == nullptr) {
      ctx.add(ErrorCode::kUnknownParam,
              d.name + " has no param \"" + key + "\"" + did_you_mean(key, names) + "; " +
                  takes_phrase(d, names),
              path, node);
      continue;
    }
    if (!has_type(value, p->type)) {
      well_typed = false;
      ctx.add(ErrorCode::kInvalidParam,
              d.name + " param \"" + key + "\" must be " + std::string(type_phrase(p->type)) +
                  ", got " + std::string(json_type_name(value)),
              path, node);
      continue;
    }
    if (!p->choices.empty() &&
        (!value.is_string() ||
         std::find(p->choices.begin(), p->choices.end(), value.as_string()) == p->choices.end())) {
      well_typed = false;
      std::string given = value.is_string() ? value.as_string() : to_json(value);
      ctx.add(ErrorCode::kInvalidParam,
              d.name + " param \"" + key + "\" must be one of " + quoted_list(p->choices) +
                  ", got \"" + given + "\"" + did_you_mean(given, p->choices),
              path, node);
    }
  }
  for (const ParamSpec& p : d.params) {
    if (p.required && params.find(p.name) == nullptr) {
      well_typed = false;
      ctx.add(ErrorCode::kMissingField,
              d.name + " needs param \"" + p.name + "\" (" + std::string(type_phrase(p.type)) + ")",
              params_path + "/" + json_pointer_escape(p.name), node);
    }
  }

  // Descriptor order first, then whatever else was given (already reported as unknown),
  // so the node sees its params in a stable order.
  Value::Object resolved;
  resolved.reserve(d.params.size() + params.as_object().size());
  for (const ParamSpec& p : d.params) {
    if (const Value* given = params.find(p.name))
      resolved.emplace_back(p.name, *given);
    else if (!p.default_value.is_null())
      resolved.emplace_back(p.name, p.default_value);
  }
  for (const auto& [key, value] : params.as_object())
    if (find_param(d, key) == nullptr && params.find(key) == &value)
      resolved.emplace_back(key, value);
  spec.resolved_params = Value(std::move(resolved));

  // The descriptor's check may read any param it declares, so it only runs once every
  // declared param is present (or defaulted) with the right type.
  if (!well_typed || !d.check) return;
  for (ParamIssue& issue : d.check(spec.resolved_params)) {
    std::string path = params_path;
    if (!issue.param.empty()) path += "/" + json_pointer_escape(issue.param);
    ctx.add(issue.code, std::move(issue.message), path, node);
  }
}

}  // namespace remotemedia::detail
