// remotemedia — Python nodes, run by an embedded CPython (DESIGN §7, §8).
//
// register_python_nodes() adds a resolver that finds Python classes by name:
//   "pkg.module:Class"    imports pkg.module (from sys.path) and takes Class;
//   "TextProcessorNode"   a bare name: remotemedia.nodes.TextProcessorNode, if the SDK
//                          package (the project's python/ directory) has it.
// Nothing starts Python until a name is resolved this way, so a manifest of native nodes
// never pays for the interpreter. The first resolution starts one interpreter for the
// process (isolated config; sys.path = the project's python/ dir, the PythonOptions'
// dirs, then the system's stdlib and dist-packages) and the Python lane: one thread that
// owns the GIL while it works, releases it while idle, and runs an asyncio loop on which
// coroutine nodes overlap. Every Python node's descriptor names that lane.
//
// A Python node's descriptor is read from its class: params from __init__'s signature
// (a param without a default is required; **kwargs accepts any param), a generator
// source if it has generate(). Validation instantiates the class once with the params
// (check): a TypeError for an unexpected keyword is unknown_param, any other exception
// invalid_param. A module that fails to import (SyntaxError, ImportError) is an
// unknown_node_type error naming the file and line.
//
// Thread safety: the resolver and the nodes it creates may be used from any thread; each
// call takes the GIL (or runs on the lane when the executor posts it there).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "remotemedia/node_registry.h"

namespace remotemedia {

struct PythonOptions {
  // Directories added to sys.path (the CLI's --python-path), after the project's
  // python/ directory. Resolvers made later with other dirs add theirs too: there is one
  // interpreter per process.
  std::vector<std::string> python_path;
};

// A resolver of runtime "python".
std::shared_ptr<NodeResolver> make_python_resolver(PythonOptions options = {});

// registry.add_resolver(make_python_resolver(options)).
void register_python_nodes(NodeRegistry& registry, PythonOptions options = {});

// True once an interpreter has been started in this process (for tests of laziness).
bool python_started();

// Raises KeyboardInterrupt in every thread that runs Python code, at its next bytecode,
// so that a node busy in a Python loop stops (Ctrl-C; pair it with an Interrupter). A
// thread blocked inside one long C call (time.sleep(60)) sees it when the call returns.
// Does nothing before Python has started. Not for a signal handler.
void interrupt_python();

}  // namespace remotemedia
