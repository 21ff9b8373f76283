#!/usr/bin/env bash
# Prints the size and the gzip -9 size of each pipeline_executor_wasm variant.
#   usage: scripts/wasm-sizes.sh [BUILD_DIR]     (default: build/wasm)
set -euo pipefail
dir="${1:-build/wasm}"
printf '%-40s %12s %12s\n' file bytes gzip-9
found=0
for variant in -debug -release ""; do
  f="$dir/pipeline_executor_wasm$variant.wasm"
  [ -f "$f" ] || continue
  found=1
  printf '%-40s %12d %12d\n' "$(basename "$f")" "$(stat -c %s "$f")" "$(gzip -9 -n -c "$f" | wc -c)"
done
if [ "$found" = 0 ]; then
  echo "error: no pipeline_executor_wasm*.wasm in $dir: run make wasm first" >&2
  exit 1
fi
