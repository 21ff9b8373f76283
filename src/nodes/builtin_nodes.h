// remotemedia nodes — descriptors of the native built-in nodes (DESIGN §7).
//
// Each function returns the full description of one node type: its params with types
// and defaults, a `check` for what per-param type checks cannot see, and the factory.
// register_builtin_nodes() (register_builtin_nodes.cpp) is the one list that adds them.
// Factories expect validated params (right types, defaults filled in) but still fail
// with kInvalidParam instead of crashing when handed something else.
#pragma once

#include "remotemedia/node_registry.h"

namespace remotemedia::nodes {

NodeDescriptor pass_through_descriptor();    // "PassThrough"
NodeDescriptor echo_descriptor();            // "Echo"
NodeDescriptor calculator_descriptor();      // "CalculatorNode"
NodeDescriptor multiply_descriptor();        // "MultiplyNode"
NodeDescriptor add_descriptor();             // "AddNode"
NodeDescriptor values_source_descriptor();   // "ValuesSource"
NodeDescriptor range_source_descriptor();    // "RangeSource"
NodeDescriptor resample_descriptor();        // "Resample"
NodeDescriptor energy_vad_descriptor();      // "EnergyVAD"

}  // namespace remotemedia::nodes
