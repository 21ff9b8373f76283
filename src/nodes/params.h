// remotemedia nodes — reading a node's params inside its factory.
//
// Validation (src/manifest) guarantees types and fills defaults before a factory runs;
// these helpers still check, so a factory handed unvalidated params (a test, a future
// caller) fails with kInvalidParam at /params/<name> instead of crashing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/value.h"

namespace remotemedia::nodes {

// The param `name` if present and of `type`; kInvalidParam (or kMissingField) otherwise.
// kNumber accepts ints and floats; kAny accepts anything.
Result<Value> param(const NodeConfig& config, std::string_view name, ParamType type);

// Whether a number Value is zero (int 0, 0.0 or -0.0).
bool is_zero_number(const Value& v);

// The first of a descriptor check's issues as a factory's error (at /params/<name>), so
// a factory can run the same check as validation.
Result<void> no_issues(const std::vector<ParamIssue>& issues);

}  // namespace remotemedia::nodes

namespace remotemedia::nodes {

// A ParamSpec in one call (designated initializers that skip members trip
// -Wmissing-field-initializers).
ParamSpec make_param(std::string name, ParamType type, bool required, Value default_value,
                     std::string description, std::vector<std::string> choices = {});

}  // namespace remotemedia::nodes
