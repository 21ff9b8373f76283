// Manifest accessors and the small message helpers shared by the checks.
#include "remotemedia/manifest.h"

#include "manifest/check_context.h"

namespace remotemedia {

std::string Manifest::name() const {
  const Value* name = metadata.find("name");
  return name != nullptr && name->is_string() ? name->as_string() : std::string();
}

namespace detail {

std::string_view json_type_name(const Value& value) {
  // Tensors and bytes cannot occur in a manifest (they are wire forms of input_data), but
  // name them anyway rather than mislabel them.
  return to_string(value.kind());
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += ", ";
    out += "\"" + names[i] + "\"";
  }
  return out;
}

}  // namespace detail
}  // namespace remotemedia
