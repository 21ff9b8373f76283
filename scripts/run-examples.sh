#!/usr/bin/env bash
# Runs every pipeline in examples/ with the given remotemedia binary and prints results.
set -euo pipefail
cli=${1:?usage: run-examples.sh path/to/remotemedia}
cd "$(dirname "$0")/.."
run() {
  echo "\$ remotemedia $*"
  "$cli" "$@"
  echo
}
# examples/python holds the user-written nodes that custom_python_node.json names.
for example in examples/*.json; do
  run run "$example" --python-path examples/python
done
run run examples/calculator.json --input '[1, 2]'
run graph examples/fan_in.json --dot
