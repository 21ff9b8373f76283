// The one list of native built-in node types (STYLE §5: explicit, never self-registering,
// so nothing is dropped by a static link).
#include "nodes/builtin_nodes.h"
#include "remotemedia/node_registry.h"

namespace remotemedia {

void register_builtin_nodes(NodeRegistry& registry) {
  registry.add(nodes::pass_through_descriptor());
  registry.add_alias("PassThroughNode", "PassThrough");
  registry.add(nodes::echo_descriptor());
  registry.add(nodes::calculator_descriptor());
  registry.add(nodes::multiply_descriptor());
  registry.add(nodes::add_descriptor());
  registry.add(nodes::values_source_descriptor());
  registry.add(nodes::range_source_descriptor());
  registry.add(nodes::resample_descriptor());
  registry.add(nodes::energy_vad_descriptor());
}

}  // namespace remotemedia
