// Shared setup for the node tests: the built-in registry and short value builders.
#pragma once

#include <string_view>
#include <vector>

#include "remotemedia/node_registry.h"
#include "remotemedia/value.h"
#include "support/node_harness.h"

namespace remotemedia::testing {

inline const NodeRegistry& builtin_registry() {
  static const NodeRegistry registry = [] {
    NodeRegistry r;
    register_builtin_nodes(r);
    return r;
  }();
  return registry;
}

inline Value obj(Value::Object members) { return Value(std::move(members)); }
inline Value arr(Value::Array items) { return Value(std::move(items)); }

// Runs `node_type` over `inputs` and expects success.
inline std::vector<Value> run_ok(std::string_view node_type, const Value& params,
                                 std::vector<Value> inputs) {
  Result<std::vector<Value>> out = run_node(builtin_registry(), node_type, params, std::move(inputs));
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().message);
  return out ? *out : std::vector<Value>{};
}

}  // namespace remotemedia::testing
