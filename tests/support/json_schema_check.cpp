#include "support/json_schema_check.h"

#include <algorithm>
#include <regex>
#include <string_view>

#include "remotemedia/json.h"

namespace remotemedia::testing {
namespace {

class Checker {
 public:
  explicit Checker(const Value& root) : root_(root) {}

  void check(const Value& schema, const Value& instance, const std::string& at,
             std::vector<std::string>& out) {
    if (schema.is_bool()) {
      if (!schema.as_bool()) out.push_back(at + ": schema false allows nothing");
      return;
    }
    if (!schema.is_object()) {
      out.push_back(at + ": schema is not an object or boolean");
      return;
    }
    for (const auto& [key, value] : schema.as_object())
      check_keyword(schema, key, value, instance, at, out);
  }

 private:
  const Value* resolve(const std::string& ref) {
    if (ref.rfind("#", 0) != 0) return nullptr;
    const Value* node = &root_;
    std::string_view rest = std::string_view(ref).substr(1);
    while (!rest.empty()) {
      if (rest.front() != '/') return nullptr;
      rest.remove_prefix(1);
      std::size_t slash = rest.find('/');
      std::string token(rest.substr(0, slash));
      rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
      std::string decoded;
      for (std::size_t i = 0; i < token.size(); ++i) {
        if (token[i] == '~' && i + 1 < token.size()) {
          decoded += token[i + 1] == '1' ? '/' : '~';
          ++i;
        } else {
          decoded += token[i];
        }
      }
      node = node->find(decoded);
      if (node == nullptr) return nullptr;
    }
    return node;
  }

  static bool has_type(const Value& v, std::string_view type) {
    if (type == "null") return v.is_null();
    if (type == "boolean") return v.is_bool();
    if (type == "integer") return v.is_int();
    if (type == "number") return v.is_number();
    if (type == "string") return v.is_string();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    return false;
  }

  bool valid(const Value& schema, const Value& instance) {
    std::vector<std::string> errors;
    check(schema, instance, "", errors);
    return errors.empty();
  }

  void check_keyword(const Value& schema, const std::string& key, const Value& value,
                     const Value& instance, const std::string& at, std::vector<std::string>& out) {
    if (key == "$schema" || key == "$defs" || key == "title" || key == "description" ||
        key == "default" || key == "then" || key == "else") {
      return;  // annotations; then/else are applied with "if"
    }
    if (key == "type") {
      bool ok = false;
      if (value.is_string()) {
        ok = has_type(instance, value.as_string());
      } else {
        for (const Value& t : value.as_array()) ok = ok || has_type(instance, t.as_string());
      }
      if (!ok) out.push_back(at + ": not of type " + to_json(value));
    } else if (key == "properties") {
      if (!instance.is_object()) return;
      for (const auto& [name, sub] : value.as_object())
        if (const Value* member = instance.find(name))
          check(sub, *member, at + "/" + json_pointer_escape(name), out);
    } else if (key == "required") {
      if (!instance.is_object()) return;
      for (const Value& name : value.as_array())
        if (instance.find(name.as_string()) == nullptr)
          out.push_back(at + ": missing required \"" + name.as_string() + "\"");
    } else if (key == "additionalProperties") {
      if (!instance.is_object()) return;
      const Value* properties = schema.find("properties");
      for (const auto& [name, member] : instance.as_object()) {
        if (properties != nullptr && properties->find(name) != nullptr) continue;
        check(value, member, at + "/" + json_pointer_escape(name), out);
      }
    } else if (key == "items") {
      if (!instance.is_array()) return;
      const Value::Array& items = instance.as_array();
      for (std::size_t i = 0; i < items.size(); ++i)
        check(value, items[i], at + "/" + std::to_string(i), out);
    } else if (key == "enum") {
      const Value::Array& allowed = value.as_array();
      if (std::find(allowed.begin(), allowed.end(), instance) == allowed.end())
        out.push_back(at + ": not one of " + to_json(value));
    } else if (key == "const") {
      if (!(instance == value)) out.push_back(at + ": not " + to_json(value));
    } else if (key == "allOf") {
      for (const Value& sub : value.as_array()) check(sub, instance, at, out);
    } else if (key == "anyOf" || key == "oneOf") {
      std::size_t matches = 0;
      for (const Value& sub : value.as_array()) matches += valid(sub, instance) ? 1 : 0;
      if (matches == 0) out.push_back(at + ": matches none of " + key);
      if (key == "oneOf" && matches > 1) out.push_back(at + ": matches several of oneOf");
    } else if (key == "if") {
      const Value* branch = schema.find(valid(value, instance) ? "then" : "else");
      if (branch != nullptr) check(*branch, instance, at, out);
    } else if (key == "$ref") {
      const Value* target = resolve(value.as_string());
      if (target == nullptr)
        out.push_back(at + ": unresolvable $ref " + value.as_string());
      else
        check(*target, instance, at, out);
    } else if (key == "minimum") {
      if (instance.is_number() && instance.as_number() < value.as_number())
        out.push_back(at + ": below minimum " + to_json(value));
    } else if (key == "minLength") {
      if (!instance.is_string()) return;
      std::int64_t code_points = 0;
      for (char c : instance.as_string())
        code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      if (code_points < value.as_int()) out.push_back(at + ": shorter than " + to_json(value));
    } else if (key == "pattern") {
      if (instance.is_string() &&
          !std::regex_search(instance.as_string(),
                             std::regex(value.as_string(), std::regex::ECMAScript)))
        out.push_back(at + ": does not match pattern " + value.as_string());
    } else {
      out.push_back(at + ": unsupported schema keyword \"" + key + "\"");
    }
  }

  const Value& root_;
};

}  // namespace

std::vector<std::string> json_schema_check(const Value& schema, const Value& instance) {
  std::vector<std::string> out;
  Checker(schema).check(schema, instance, "", out);
  return out;
}

}  // namespace remotemedia::testing
