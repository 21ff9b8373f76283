#include "remotemedia/node_registry.h"

namespace remotemedia {

std::string_view to_string(ParamType type) {
  switch (type) {
    case ParamType::kInt: return "int";
    case ParamType::kNumber: return "number";
    case ParamType::kString: return "string";
    case ParamType::kBool: return "bool";
    case ParamType::kArray: return "array";
    case ParamType::kObject: return "object";
    case ParamType::kAny: return "any";
  }
  return "any";
}

void NodeRegistry::add(NodeDescriptor descriptor) { descriptors_.push_back(std::move(descriptor)); }

void NodeRegistry::add_alias(std::string alias, std::string target) {
  aliases_.emplace_back(std::move(alias), std::move(target));
}

const NodeDescriptor* NodeRegistry::find(std::string_view name) const {
  for (const NodeDescriptor& d : descriptors_)
    if (d.name == name) return &d;
  for (const auto& [alias, target] : aliases_)
    if (alias == name) return find(target);
  return nullptr;
}

std::vector<std::string> NodeRegistry::names() const {
  std::vector<std::string> out;
  for (const NodeDescriptor& d : descriptors_) out.push_back(d.name);
  for (const auto& alias : aliases_) out.push_back(alias.first);
  return out;
}

}  // namespace remotemedia
