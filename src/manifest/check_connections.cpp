// connections[]: each {"from": id, "to": id} naming existing nodes.
#include <string>
#include <vector>

#include "manifest/check_context.h"
#include "remotemedia/json.h"
#include "remotemedia/suggest.h"

namespace remotemedia::detail {
namespace {

// Node ids for did-you-mean, built only when an endpoint is unknown (rare) since a large
// manifest would otherwise pay for it on every check.
std::vector<std::string> id_list(const Manifest& manifest) {
  std::vector<std::string> ids;
  ids.reserve(manifest.nodes.size());
  for (const NodeSpec& spec : manifest.nodes) ids.push_back(spec.id);
  return ids;
}

}  // namespace

void check_connections(const Value& connections, const std::string& path, CheckContext& ctx,
                       Manifest& out, const NodeIndex& ids) {
  if (!connections.is_array()) {
    ctx.add(ErrorCode::kWrongType,
            "connections must be an array of {\"from\", \"to\"} objects, got " +
                std::string(json_type_name(connections)),
            path);
    return;
  }
  static const std::vector<std::string> kKeys = {"from", "to"};
  std::vector<std::string> known_ids;
  const Value::Array& items = connections.as_array();
  out.connections.reserve(items.size());
  for (std::size_t k = 0; k < items.size(); ++k) {
    const Value& c = items[k];
    std::string base = path + "/" + std::to_string(k);
    if (!c.is_object()) {
      ctx.add(ErrorCode::kWrongType,
              "a connection must be an object {\"from\": id, \"to\": id}, got " +
                  std::string(json_type_name(c)),
              base);
      continue;
    }
    const NodeSpec* ends[2] = {nullptr, nullptr};
    std::size_t index[2] = {0, 0};
    for (const auto& [key, value] : c.as_object()) {
      if (c.find(key) != &value) continue;  // a repeated key: the last one counts
      std::string at = base + "/" + json_pointer_escape(key);
      int end = key == "from" ? 0 : key == "to" ? 1 : -1;
      if (end < 0) {
        ctx.add(ErrorCode::kUnknownField,
                "unknown connection field \"" + key + "\"" + did_you_mean(key, kKeys) +
                    "; a connection takes only \"from\" and \"to\"",
                at);
      } else if (!value.is_string()) {
        ctx.add(ErrorCode::kWrongType,
                key + " must be a node id (a string), got " + std::string(json_type_name(value)),
                at);
      } else if (auto it = ids.find(value.as_string()); it == ids.end()) {
        if (known_ids.empty()) known_ids = id_list(out);
        ctx.add(ErrorCode::kUnknownConnectionEndpoint,
                "connection " + key + " \"" + value.as_string() + "\" names no node" +
                    did_you_mean(value.as_string(), known_ids),
                at);
      } else {
        index[end] = it->second;
        ends[end] = &out.nodes[it->second];
        const NodeDescriptor* d = ends[end]->descriptor;
        if (end == 1 && d != nullptr && d->is_generator)
          ctx.add(ErrorCode::kInvalidParam,
                  "\"" + ends[end]->id + "\" is a " + ends[end]->node_type +
                      " generator and takes no input; remove this connection",
                  at, ends[end]->id);
      }
    }
    for (int end = 0; end < 2; ++end)
      if (c.find(kKeys[end]) == nullptr)
        ctx.add(ErrorCode::kMissingField, "a connection needs \"" + kKeys[end] + "\" (a node id)",
                base + "/" + kKeys[end]);
    if (ends[0] != nullptr && ends[1] != nullptr)
      out.connections.push_back({ends[0]->id, ends[1]->id, index[0], index[1], k});
  }
}

}  // namespace remotemedia::detail
