// Input and output helpers of the remotemedia CLI.
#pragma once

#include <string>

#include "remotemedia/error.h"
#include "remotemedia/executor.h"
#include "remotemedia/node_registry.h"
#include "remotemedia/value.h"

namespace cli {

// Reads a whole file, or stdin for "-". A missing or unreadable file is kIoError.
remotemedia::Result<std::string> read_document(const std::string& path);
void print_json(const remotemedia::Value& value, bool pretty);
// Prints the error document on stdout and one line per error on stderr; returns 1.
int report(const remotemedia::Errors& errors, bool pretty);
// A command-line mistake: the error document, the message and the help; returns 2.
int usage_error(const std::string& message, const std::string& help);
int print_nodes(const remotemedia::NodeRegistry& registry, bool json);
void print_progress(const remotemedia::ProgressView& view);

}  // namespace cli
