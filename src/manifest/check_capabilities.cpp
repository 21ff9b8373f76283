// A node's placement fields: host and capabilities. They are validated and reported
// here; placement itself comes later.
#include <charconv>
#include <string>
#include <vector>

#include "manifest/check_context.h"
#include "remotemedia/json.h"
#include "remotemedia/suggest.h"

namespace remotemedia::detail {
namespace {

enum class Want { kString, kBool, kNonNegativeNumber, kPositiveInt, kObject };

// Checks one capabilities member against what it should be; out-of-range numbers are
// reported as wrong_type too, since "a number >= 0" is the type the field asks for.
void expect(const Value& value, Want want, const std::string& what, const std::string& path,
            CheckContext& ctx, std::string_view node) {
  bool ok = false;
  const char* described = "";
  switch (want) {
    case Want::kString:
      ok = value.is_string();
      described = "a string";
      break;
    case Want::kBool:
      ok = value.is_bool();
      described = "true or false";
      break;
    case Want::kNonNegativeNumber:
      ok = value.is_number() && value.as_number() >= 0;
      described = "a number >= 0";
      break;
    case Want::kPositiveInt:
      ok = value.is_int() && value.as_int() >= 1;
      described = "an integer >= 1";
      break;
    case Want::kObject:
      ok = value.is_object();
      described = "an object";
      break;
  }
  if (ok) return;
  std::string got = value.is_number() ? to_json(value) : std::string(json_type_name(value));
  ctx.add(ErrorCode::kWrongType, what + " must be " + described + ", got " + got, path, node);
}

struct Field {
  const char* name;
  Want want;
};

// Checks that `object` is an object whose members are among `fields`, with their types.
void check_fields(const Value& object, const std::string& what, const std::string& path,
                  const std::vector<Field>& fields, CheckContext& ctx, std::string_view node) {
  expect(object, Want::kObject, what, path, ctx, node);
  if (!object.is_object()) return;
  std::vector<std::string> names;
  for (const Field& f : fields) names.emplace_back(f.name);
  for (const auto& [key, value] : object.as_object()) {
    std::string at = path + "/" + json_pointer_escape(key);
    const Field* field = nullptr;
    for (const Field& f : fields)
      if (key == f.name) field = &f;
    if (field == nullptr) {
      ctx.add(ErrorCode::kUnknownField,
              "unknown field \"" + key + "\" in " + what + did_you_mean(key, names) +
                  "; it takes " + quoted_list(names),
              at, node);
    } else {
      expect(value, field->want, what + "." + key, at, ctx, node);
    }
  }
}

}  // namespace

void check_capabilities(const Value& capabilities, const std::string& path, CheckContext& ctx,
                        std::string_view node_id) {
  expect(capabilities, Want::kObject, "capabilities", path, ctx, node_id);
  if (!capabilities.is_object()) return;
  static const std::vector<std::string> kKeys = {"gpu", "cpu", "memory_gb"};
  for (const auto& [key, value] : capabilities.as_object()) {
    std::string at = path + "/" + json_pointer_escape(key);
    if (key == "gpu")
      check_fields(value, "capabilities.gpu", at,
                   {{"type", Want::kString},
                    {"min_memory_gb", Want::kNonNegativeNumber},
                    {"required", Want::kBool}},
                   ctx, node_id);
    else if (key == "cpu")
      check_fields(value, "capabilities.cpu", at,
                   {{"cores", Want::kPositiveInt}, {"arch", Want::kString}}, ctx, node_id);
    else if (key == "memory_gb")
      expect(value, Want::kNonNegativeNumber, "capabilities.memory_gb", at, ctx, node_id);
    else
      ctx.add(ErrorCode::kUnknownField,
              "unknown field \"" + key + "\" in capabilities" + did_you_mean(key, kKeys) +
                  "; it takes " + quoted_list(kKeys),
              at, node_id);
  }
}

bool is_valid_host(std::string_view host) {
  std::size_t colon = host.rfind(':');
  if (colon == std::string_view::npos) return false;
  std::string_view name = host.substr(0, colon);
  std::string_view port = host.substr(colon + 1);
  if (name.empty() || port.empty() || port.size() > 5) return false;
  // An IPv6 address carries colons of its own, so it must be bracketed: [::1]:50051.
  if (name.front() == '[') {
    if (name.size() < 3 || name.back() != ']') return false;
  } else if (name.find(':') != std::string_view::npos) {
    return false;
  }
  for (char c : name)
    if (static_cast<unsigned char>(c) <= ' ' || c == '/') return false;
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  return ec == std::errc() && end == port.data() + port.size() && value >= 1 && value <= 65535;
}

}  // namespace remotemedia::detail
