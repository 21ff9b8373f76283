#!/usr/bin/env bash
# Runs the benchmarks and prints the performance table of the README.
# Usage: bench/run.sh [build-dir]   (make bench)
# Every ratio is computed from rows measured in this same run: the machine is shared and
# noisy, so only side-by-side numbers are comparable.
set -euo pipefail
build=${1:-build/native}
cd "$(dirname "$0")/.."
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$build/bench/remotemedia_bench" --benchmark_format=json --benchmark_repetitions=3 \
  --benchmark_report_aggregates_only=true >"$out" 2>/dev/null

# Cold start: wall time of whole `remotemedia run` processes, median of 21.
cold_start_ms() {
  local times=() start end
  for _ in $(seq 21); do
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 11p | awk '{printf "%.2f", $1 / 1000}'
}
empty='{"version":"v1","metadata":{"name":"e"},"nodes":[]}'
calc=examples/calculator.json
cold_empty=$(cold_start_ms sh -c "echo '$empty' | '$build/remotemedia' run -")
cold_calc=$(cold_start_ms "$build/remotemedia" run "$calc")
cold_true=$(cold_start_ms /bin/true)

/usr/bin/python3.11 - "$out" "$cold_empty" "$cold_calc" "$cold_true" <<'PY'
import json, sys
rows = {b["run_name"]: b for b in json.load(open(sys.argv[1]))["benchmarks"] if b.get("aggregate_name") == "median"}
def ns_per_item(name): return rows[name]["ns_per_item"] * 1e9  # reported in seconds
def rate(name, key): return rows[name][key]
same1, same10 = ns_per_item("BM_ChainSameThread/1/real_time"), ns_per_item("BM_ChainSameThread/10/real_time")
cross1, cross10 = ns_per_item("BM_ChainAcrossThreads/1/real_time"), ns_per_item("BM_ChainAcrossThreads/10/real_time")
table = [
    ("PassThrough hop, same thread (fused chain), per item", f"{(same10 - same1) / 9:.1f} ns", "≤ 50 ns"),
    ("PassThrough hop, across threads (stage per node), per item", f"{(cross10 - cross1) / 9:.1f} ns", "≤ 150 ns"),
    ("10-node chain, same thread", f"{1e3 / same10:.2f} M items/s", ""),
    ("10-node chain, across threads", f"{1e3 / cross10:.2f} M items/s", ""),
    ("base64 encode (16 MiB)", f"{rate('BM_Base64Encode', 'bytes_per_second') / 1e9:.2f} GB/s", "≥ 1.5 GB/s"),
    ("base64 decode (16 MiB)", f"{rate('BM_Base64Decode', 'bytes_per_second') / 1e9:.2f} GB/s", "≥ 1.5 GB/s"),
    ("JSON parse, 10 000-node manifest + 100 000 items", f"{rate('BM_JsonParseLargeDocument', 'bytes_per_second') / 1e6:.0f} MB/s", ""),
    ("cold start, `remotemedia run -` on the empty manifest", f"{sys.argv[2]} ms", ""),
    ("cold start, `remotemedia run examples/calculator.json`", f"{sys.argv[3]} ms", ""),
    ("(for scale: starting `/bin/true` the same way)", f"{sys.argv[4]} ms", ""),
]
print("| measure | result | target |")
print("|---|---|---|")
for name, value, target in table:
    print(f"| {name} | {value} | {target} |")
PY
