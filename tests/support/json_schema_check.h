// A small JSON Schema (draft 2020-12) checker for tests: enough of the spec to validate
// documents against manifest_json_schema(), not a general validator.
//
// Supported keywords: type (incl. "integer" as an int Value), properties, required,
// additionalProperties (false or a schema), items, enum, const, oneOf, anyOf, allOf,
// if/then/else, $ref to "#/..." within the same schema, minimum, minLength, pattern
// (ECMAScript regex via std::regex), and boolean schemas. Annotations ($schema, $defs,
// title, description, default) are ignored. Any other keyword is reported as a violation,
// so a schema that relies on something unsupported fails loudly instead of passing.
#pragma once

#include <string>
#include <vector>

#include "remotemedia/value.h"

namespace remotemedia::testing {

// The violations of `instance` against `schema`, each "<pointer>: <what>"; empty when
// the instance is valid.
std::vector<std::string> json_schema_check(const Value& schema, const Value& instance);

}  // namespace remotemedia::testing
