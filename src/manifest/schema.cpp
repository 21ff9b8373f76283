// manifest_json_schema(): JSON Schema (draft 2020-12) of a v1 manifest or envelope.
//
// The schema describes shape only. Checks it cannot express (unique ids, connection
// endpoints that exist, "host:port" port range, a descriptor's own checks) remain
// check_document()'s job. node_type is deliberately a free string: Python nodes
// ("pkg.module:Class") are valid names that no registry lists. Node types the registry
// knows get their params checked through an if/then per name.
#include <set>
#include <string>
#include <utility>

#include "remotemedia/json.h"
#include "remotemedia/manifest.h"

namespace remotemedia {
namespace {

using Object = Value::Object;
using Array = Value::Array;

Value type_schema(const char* type) { return Value(Object{{"type", type}}); }

Value ref(const std::string& def) {
  return Value(Object{{"$ref", "#/$defs/" + json_pointer_escape(def)}});
}

Value param_schema(const ParamSpec& p) {
  Object s;
  switch (p.type) {
    case ParamType::kInt:
      s.emplace_back("type", "integer");
      break;
    case ParamType::kNumber:
      s.emplace_back("type", "number");
      break;
    case ParamType::kString:
      s.emplace_back("type", "string");
      break;
    case ParamType::kBool:
      s.emplace_back("type", "boolean");
      break;
    case ParamType::kArray:
      s.emplace_back("type", "array");
      break;
    case ParamType::kObject:
      s.emplace_back("type", "object");
      break;
    case ParamType::kAny:
      break;
  }
  if (!p.choices.empty()) {
    Array choices(p.choices.begin(), p.choices.end());
    s.emplace_back("enum", Value(std::move(choices)));
  }
  if (!p.description.empty()) s.emplace_back("description", p.description);
  if (!p.default_value.is_null()) s.emplace_back("default", p.default_value);
  return Value(std::move(s));
}

Value params_schema(const NodeDescriptor& d) {
  Object properties;
  Array required;
  for (const ParamSpec& p : d.params) {
    properties.emplace_back(p.name, param_schema(p));
    if (p.required) required.emplace_back(p.name);
  }
  Object s{{"type", "object"}};
  if (!d.description.empty()) s.emplace_back("description", d.description);
  s.emplace_back("properties", Value(std::move(properties)));
  if (!required.empty()) s.emplace_back("required", Value(std::move(required)));
  s.emplace_back("additionalProperties", false);
  return Value(std::move(s));
}

Value non_negative_number() { return Value(Object{{"type", "number"}, {"minimum", 0}}); }

Value capabilities_schema() {
  Value gpu(Object{{"type", "object"},
                   {"properties", Value(Object{{"type", type_schema("string")},
                                               {"min_memory_gb", non_negative_number()},
                                               {"required", type_schema("boolean")}})},
                   {"additionalProperties", false}});
  Value cpu(Object{
      {"type", "object"},
      {"properties", Value(Object{{"cores", Value(Object{{"type", "integer"}, {"minimum", 1}})},
                                  {"arch", type_schema("string")}})},
      {"additionalProperties", false}});
  return Value(
      Object{{"type", "object"},
             {"properties",
              Value(Object{{"gpu", gpu}, {"cpu", cpu}, {"memory_gb", non_negative_number()}})},
             {"additionalProperties", false}});
}

// if node_type is `name` then params must match the def `def`.
Value params_rule(const std::string& name, const std::string& def) {
  return Value(Object{
      {"if",
       Value(Object{{"properties", Value(Object{{"node_type", Value(Object{{"const", name}})}})},
                    {"required", Value(Array{"node_type"})}})},
      {"then", Value(Object{{"properties", Value(Object{{"params", ref(def)}})}})}});
}

Value node_schema(const NodeRegistry& registry, Object& defs) {
  Array rules;
  std::set<std::string> seen;  // a name registered twice (native and Python): the first wins
  for (const NodeDescriptor& d : registry.descriptors()) {
    if (!seen.insert(d.name).second) continue;
    std::string def = "params." + d.name;
    defs.emplace_back(def, params_schema(d));
    rules.push_back(params_rule(d.name, def));
  }
  for (const auto& [alias, target] : registry.aliases())
    if (seen.contains(target) && seen.insert(alias).second)
      rules.push_back(params_rule(alias, "params." + target));

  Object node{
      {"type", "object"},
      {"properties",
       Value(Object{
           {"id", Value(Object{{"type", "string"}, {"minLength", 1}})},
           {"node_type", Value(Object{{"type", "string"},
                                      {"description",
                                       "a registered node type, or a Python "
                                       "class as \"pkg.module:Class\""}})},
           {"params", type_schema("object")},
           {"is_streaming", type_schema("boolean")},
           {"runtime_hint",
            Value(Object{{"enum", Value(Array{"auto", "native", "python"})}, {"default", "auto"}})},
           {"host", Value(Object{{"type", "string"},
                                 {"pattern", "^([^\\s:/\\[\\]]+|\\[[^\\s/\\]]+\\]):[0-9]{1,5}$"},
                                 {"description", "\"host:port\" of a remotemedia server"}})},
           {"capabilities", ref("capabilities")}})},
      {"required", Value(Array{"id", "node_type"})},
      {"additionalProperties", false}};
  if (!rules.empty()) node.emplace_back("allOf", Value(std::move(rules)));
  return Value(std::move(node));
}

}  // namespace

Value manifest_json_schema(const NodeRegistry& registry) {
  Object defs;
  Value node = node_schema(registry, defs);
  Value connection(Object{
      {"type", "object"},
      {"properties", Value(Object{{"from", type_schema("string")}, {"to", type_schema("string")}})},
      {"required", Value(Array{"from", "to"})},
      {"additionalProperties", false}});
  Value manifest(Object{
      {"type", "object"},
      {"properties",
       Value(Object{
           {"version", Value(Object{{"const", "v1"}})},
           {"metadata", Value(Object{{"type", "object"},
                                     {"properties", Value(Object{{"name", type_schema("string")}})},
                                     {"required", Value(Array{"name"})}})},
           {"nodes", Value(Object{{"type", "array"}, {"items", ref("node")}})},
           {"connections", Value(Object{{"type", "array"}, {"items", ref("connection")}})}})},
      {"required", Value(Array{"version", "metadata", "nodes"})},
      {"additionalProperties", false}});
  Value envelope(Object{{"type", "object"},
                        {"properties", Value(Object{{"manifest", ref("manifest")},
                                                    {"input_data", type_schema("array")}})},
                        {"required", Value(Array{"manifest"})},
                        {"additionalProperties", false}});

  Object all_defs{{"manifest", std::move(manifest)},
                  {"envelope", std::move(envelope)},
                  {"node", std::move(node)},
                  {"connection", std::move(connection)},
                  {"capabilities", capabilities_schema()}};
  for (auto& def : defs) all_defs.push_back(std::move(def));

  return Value(
      Object{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
             {"title", "remotemedia manifest v1"},
             {"description",
              "A pipeline manifest, or an envelope {\"manifest\": ..., \"input_data\": [...]}"},
             {"oneOf", Value(Array{ref("manifest"), ref("envelope")})},
             {"$defs", Value(std::move(all_defs))}});
}

}  // namespace remotemedia
