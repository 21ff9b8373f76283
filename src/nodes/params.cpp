#include "nodes/params.h"

#include <string>

#include "remotemedia/json.h"

namespace remotemedia::nodes {
namespace {

bool has_type(const Value& v, ParamType type) {
  switch (type) {
    case ParamType::kInt: return v.is_int();
    case ParamType::kNumber: return v.is_number();
    case ParamType::kString: return v.is_string();
    case ParamType::kBool: return v.is_bool();
    case ParamType::kArray: return v.is_array();
    case ParamType::kObject: return v.is_object();
    case ParamType::kAny: return true;
  }
  return false;
}

}  // namespace

Result<Value> param(const NodeConfig& config, std::string_view name, ParamType type) {
  const std::string path = "/params/" + json_pointer_escape(name);
  const Value* v = config.params.find(name);
  if (v == nullptr)
    return fail(ErrorCode::kMissingField,
                config.node_type + " needs the param '" + std::string(name) + "'", path);
  if (!has_type(*v, type))
    return fail(ErrorCode::kInvalidParam,
                config.node_type + " param '" + std::string(name) + "' must be " +
                    std::string(to_string(type)) + ", not " + std::string(to_string(v->kind())),
                path);
  return *v;
}

bool is_zero_number(const Value& v) {
  return (v.is_int() && v.as_int() == 0) || (v.is_float() && v.as_float() == 0.0);
}

Result<void> no_issues(const std::vector<ParamIssue>& issues) {
  if (issues.empty()) return {};
  const ParamIssue& first = issues.front();
  return fail(first.code, first.message, "/params/" + json_pointer_escape(first.param));
}

}  // namespace remotemedia::nodes

namespace remotemedia::nodes {

ParamSpec make_param(std::string name, ParamType type, bool required, Value default_value,
                     std::string description, std::vector<std::string> choices) {
  ParamSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.required = required;
  spec.default_value = std::move(default_value);
  spec.choices = std::move(choices);
  spec.description = std::move(description);
  return spec;
}

}  // namespace remotemedia::nodes
