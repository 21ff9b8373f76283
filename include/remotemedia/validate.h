// remotemedia — the one entry point from a document to something the executor runs.
//
// validate() = check_document() (fields, types, ids, node types, params, input items)
// + Graph::build() (cycles) + the source checks of DESIGN §5 (input given while no
// source takes it; no input while a source needs it). Every problem is reported in one
// pass. A ValidatedRequest is immutable and is all the executor trusts.
#pragma once

#include <string_view>

#include "remotemedia/error.h"
#include "remotemedia/graph.h"
#include "remotemedia/json.h"
#include "remotemedia/manifest.h"
#include "remotemedia/node_registry.h"

namespace remotemedia {

struct ValidatedRequest {
  Request request;
  Graph graph;

  const Manifest& manifest() const { return request.manifest; }
};

Result<ValidatedRequest, Errors> validate(const Value& document, const NodeRegistry& registry,
                                          const ValidateOptions& options = {});

// Parses, then validates. A parse or limit error is the only error reported.
Result<ValidatedRequest, Errors> validate_json(std::string_view text, const NodeRegistry& registry,
                                               const ValidateOptions& options = {});

}  // namespace remotemedia
