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
  for (const auto& r : resolvers_)
    for (std::string& name : r->names()) out.push_back(std::move(name));
  return out;
}

void NodeRegistry::add_resolver(std::shared_ptr<NodeResolver> resolver) {
  resolvers_.push_back(std::move(resolver));
}

Result<const NodeDescriptor*> NodeRegistry::resolve(std::string_view name,
                                                    std::string_view runtime) const {
  if (const NodeDescriptor* d = find(name); d && (runtime.empty() || d->runtime == runtime))
    return d;
  for (const auto& r : resolvers_) {
    if (!runtime.empty() && r->runtime() != runtime) continue;
    auto d = r->resolve(name);
    if (!d || *d) return d;
  }
  return nullptr;
}

}  // namespace remotemedia
