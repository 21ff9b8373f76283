// check_document(): the envelope, then the manifest inside it.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "manifest/check_context.h"
#include "remotemedia/json.h"
#include "remotemedia/manifest.h"
#include "remotemedia/suggest.h"

namespace remotemedia {
namespace {

bool is_wire_form(const Value::Object& members) {
  auto has = [&](std::string_view key) {
    for (const auto& member : members)
      if (member.first == key) return true;
    return false;
  };
  if (members.size() == 1) return has("__bytes__");
  return members.size() == 3 && has("dtype") && has("shape") && has("data");
}

// Whether `item` holds a tensor or bytes form anywhere. from_wire() builds a pointer
// string for every element it visits; this scan builds none, so the common case of plain
// numbers and strings (megabytes of them) skips from_wire() entirely. It uses an explicit
// stack: input nests up to the parser's depth limit.
bool contains_wire_form(const Value& item) {
  if (!item.is_array() && !item.is_object()) return false;
  std::vector<const Value*> pending{&item};
  while (!pending.empty()) {
    const Value* v = pending.back();
    pending.pop_back();
    if (v->is_array()) {
      for (const Value& element : v->as_array())
        if (element.is_array() || element.is_object()) pending.push_back(&element);
    } else if (v->is_object()) {
      if (is_wire_form(v->as_object())) return true;
      for (const auto& member : v->as_object())
        if (member.second.is_array() || member.second.is_object())
          pending.push_back(&member.second);
    }
  }
  return false;
}

void check_input_data(const Value& input, detail::CheckContext& ctx, Request& request) {
  if (!input.is_array()) {
    ctx.errors.push_back(make_error(ErrorCode::kWrongType,
                                    "input_data must be an array of input items, got " +
                                        std::string(detail::json_type_name(input)),
                                    "/input_data"));
    return;
  }
  const Value::Array& items = input.as_array();
  request.input_data.reserve(items.size());
  std::string path;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (!contains_wire_form(items[k])) {
      request.input_data.push_back(items[k]);
      continue;
    }
    // from_wire() needs the item's pointer up front; reuse one buffer for it.
    path.assign("/input_data/");
    path += std::to_string(k);
    Result<Value> decoded = from_wire(items[k], path);
    if (decoded) {
      request.input_data.push_back(std::move(*decoded));
    } else {
      Error e = std::move(decoded).error();
      e.code = ErrorCode::kInvalidInput;
      if (e.path.empty()) e.path = path;
      ctx.errors.push_back(std::move(e));
    }
  }
}

}  // namespace

ManifestCheck check_document(const Value& document, const NodeRegistry& registry,
                             const ValidateOptions& options) {
  ManifestCheck result;
  detail::CheckContext ctx{registry, options, {}, {}};
  if (!document.is_object()) {
    ctx.errors.push_back(make_error(
        ErrorCode::kWrongType,
        "the document must be a JSON object (a manifest, or an envelope {\"manifest\": ..., "
        "\"input_data\": [...]}), got " +
            std::string(detail::json_type_name(document)),
        ""));
    result.errors = std::move(ctx.errors);
    return result;
  }
  const Value* manifest = document.find("manifest");
  if (manifest == nullptr) {
    detail::check_manifest(document, ctx, result.request.manifest);
    result.errors = std::move(ctx.errors);
    return result;
  }

  // An envelope. Members are checked in document order so errors come out that way.
  result.request.manifest_pointer = "/manifest";
  static const std::vector<std::string> kEnvelopeKeys = {"manifest", "input_data"};
  for (const auto& [key, value] : document.as_object()) {
    // A repeated key: the last one counts (as Value::find), earlier ones are ignored.
    if (document.find(key) != &value) continue;
    if (key == "manifest") {
      if (!value.is_object()) {
        ctx.errors.push_back(make_error(
            ErrorCode::kWrongType,
            "manifest must be an object, got " + std::string(detail::json_type_name(value)),
            "/manifest"));
        continue;
      }
      ctx.prefix = "/manifest";
      detail::check_manifest(value, ctx, result.request.manifest);
      ctx.prefix.clear();
    } else if (key == "input_data") {
      check_input_data(value, ctx, result.request);
    } else {
      ctx.errors.push_back(
          make_error(ErrorCode::kUnknownField,
                     "unknown envelope field \"" + key + "\"" + did_you_mean(key, kEnvelopeKeys) +
                         "; an envelope takes only \"manifest\" and \"input_data\"",
                     "/" + json_pointer_escape(key)));
    }
  }
  result.errors = std::move(ctx.errors);
  return result;
}

}  // namespace remotemedia
