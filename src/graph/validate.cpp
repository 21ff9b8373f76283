#include "remotemedia/validate.h"

namespace remotemedia {
namespace {

// DESIGN §5: generators make their own stream; every other source takes the input items.
void check_sources(const Request& request, const Graph& graph, const ValidateOptions& options,
                   Errors& errors) {
  const Manifest& m = request.manifest;
  if (m.nodes.empty()) return;
  std::vector<std::size_t> takers;
  for (std::size_t i : graph.sources())
    if (m.nodes[i].descriptor && !m.nodes[i].descriptor->is_generator) takers.push_back(i);
  if (!request.input_data.empty() && takers.empty()) {
    errors.push_back(make_error(
        ErrorCode::kInputNotAccepted,
        "input_data was given, but every source of this pipeline generates its own items; "
        "remove input_data or add a source node that takes input",
        "/input_data"));
  }
  const bool bare_manifest = request.manifest_pointer.empty();
  if (request.input_data.empty() && !(options.input_may_follow && bare_manifest)) {
    for (std::size_t i : takers) {
      Error e = make_error(ErrorCode::kNoSourceData,
                           "source \"" + m.nodes[i].id + "\" (" + m.nodes[i].node_type +
                               ") needs input items, but no input_data was given; pass input "
                               "(an envelope's input_data or --input) or start the pipeline "
                               "with a generator such as ValuesSource",
                           request.pointer("/nodes/" + std::to_string(m.nodes[i].position)));
      e.node = m.nodes[i].id;
      e.node_type = m.nodes[i].node_type;
      errors.push_back(std::move(e));
    }
  }
}

}  // namespace

Result<ValidatedRequest, Errors> validate(const Value& document, const NodeRegistry& registry,
                                          const ValidateOptions& options) {
  ManifestCheck check = check_document(document, registry, options);
  Errors errors = std::move(check.errors);
  auto graph = Graph::build(check.request.manifest, check.request.manifest_pointer);
  if (!graph) {
    errors.push_back(std::move(graph).error());
    return std::unexpected(std::move(errors));
  }
  // Source checks only make sense once every node resolved; otherwise they would add
  // noise about nodes whose type is already reported as wrong.
  if (errors.empty()) check_sources(check.request, *graph, options, errors);
  if (!errors.empty()) return std::unexpected(std::move(errors));
  return ValidatedRequest{std::move(check.request), std::move(*graph)};
}

Result<ValidatedRequest, Errors> validate_json(std::string_view text, const NodeRegistry& registry,
                                               const ValidateOptions& options) {
  auto document = parse_json(text, options.limits);
  if (!document) return std::unexpected(Errors{std::move(document).error()});
  return validate(*document, registry, options);
}

}  // namespace remotemedia
