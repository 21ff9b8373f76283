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
# Python rows only when the build has Python nodes (not with -DREMOTEMEDIA_PYTHON=OFF).
cold_py='' cold_cpython=''
if "$build/bench/remotemedia_bench" --benchmark_list_tests | grep '^BM_Py' >/dev/null; then
  py_manifest=$(mktemp --suffix=.json)
  trap 'rm -f "$out" "$py_manifest"' EXIT
  echo '{"version":"v1","metadata":{"name":"py"},"nodes":[{"id":"s","node_type":"SimpleSource","params":{"count":1}}]}' >"$py_manifest"
  cold_py=$(cold_start_ms "$build/remotemedia" run "$py_manifest")
  cold_cpython=$(cold_start_ms /usr/bin/python3.11 -I -S -c pass)
fi

/usr/bin/python3.11 - "$out" "$cold_empty" "$cold_calc" "$cold_true" "$cold_py" "$cold_cpython" <<'PY'
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
if "BM_PyPassThrough10Sync/real_time" in rows:
    plain = ns_per_item("BM_PyPassThrough10PlainLoop/real_time")
    py_sync = ns_per_item("BM_PyPassThrough10Sync/real_time")
    py_conc = ns_per_item("BM_PyPassThrough10Concurrent/real_time")
    probe = lambda size: ns_per_item(f"BM_PyTensor5ShapeProbe/{size}/256/real_time") / 1e3
    probe_small, probe_big = probe(1 << 10), probe(16 << 20)
    mult_small = ns_per_item("BM_PyTensor5NumpyMultiplier/1024/256/real_time") / 1e3
    mult_big = ns_per_item(f"BM_PyTensor5NumpyMultiplier/{16 << 20}/4/real_time") / 1e3
    table += [
        ("10 Python `PassThroughNode`s, plain Python loop of the same calls, per item", f"{plain:.0f} ns", ""),
        ("10 Python `PassThroughNode`s, sync driver, per item (÷ plain loop)", f"{py_sync:.0f} ns ({py_sync / plain:.2f}×)", "≤ 1.3×"),
        ("10 Python `PassThroughNode`s, concurrent driver, per item (÷ plain loop)", f"{py_conc:.0f} ns ({py_conc / plain:.2f}×)", "≤ 1.3×"),
        ("float32 tensor through 5 Python nodes (`ShapeProbe`: reads `.shape` only), per item, 1 KiB / 16 MiB (ratio)",
         f"{probe_small:.1f} µs / {probe_big:.1f} µs ({probe_big / probe_small:.2f}×)", "within 2×"),
        ("(for context: 5 × `NumpyMultiplier{factor: 1.0}`, which touches every byte, 1 KiB / 16 MiB)",
         f"{mult_small:.1f} µs / {mult_big / 1e3:.1f} ms", ""),
        ("cold start, `remotemedia run` on one Python node (`SimpleSource{count: 1}`)", f"{sys.argv[5]} ms", "≤ 50 ms"),
        ("(for scale: `/usr/bin/python3.11 -I -S -c pass` the same way)", f"{sys.argv[6]} ms", ""),
    ]
print("| measure | result | target |")
print("|---|---|---|")
for name, value, target in table:
    print(f"| {name} | {value} | {target} |")
PY
