#!/usr/bin/env bash
# WebAssembly ÷ native, measured side by side in one run (make bench-wasm; issue 5).
# Usage: bench/wasm.sh [native-build-dir] [wasm-file]
#
# Prints the README's WebAssembly table:
#   - pipeline time: the run's own "wall_ms" (metrics), so parsing stdin and process
#     start-up are left out; median of 9 runs of each form, alternating native and wasm.
#     Native runs use the sync driver and --no-node-timing, which is how the .wasm runs
#     (the same executor code on one thread): the ratio is the cost of the target.
#   - scripts/wasi-run.mjs as it runs by default (V8's baseline compiler only), and the
#     native chain and Python text rows again with --tier-up (V8's optimizing compiler too),
#     the tensor row without the module's compilation hints (every function compiled on its
#     first call, inside the run), and again 10 times longer;
#   - cold start: wall time of whole processes (node included), median of 21, all the
#     cold-start commands taking turns;
#   - printing a large result (1 000 000 floats as JSON): whole processes, since a run's
#     wall_ms leaves out writing its result;
#   - peak memory: native peak RSS (getrusage via /usr/bin/time) against the size the
#     .wasm's linear memory grew to (scripts/wasi-run.mjs --memory-report).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/native}
wasm=${2:-build/wasm/pipeline_executor_wasm.wasm}
cli=$build/remotemedia
for f in "$cli" "$wasm"; do
  [[ -e $f ]] || { echo "error: $f is missing: build both forms first (make test builds both)" >&2; exit 1; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
py=/usr/bin/python3.11
# Node reads and parses every certificate named by NODE_EXTRA_CA_CERTS when it starts,
# before any script runs: ~40 ms for Debian's bundle on the README's machine, whose
# environment sets it. A WASI program makes no TLS connections, so every run here is
# without it; the `node -e 0` row shows what Node's start-up costs then.
unset NODE_EXTRA_CA_CERTS

# --- the pipelines --------------------------------------------------------------------
$py - "$tmp" <<'PY'
import base64, json, math, struct, sys
out = sys.argv[1]
def manifest(name, nodes, chain=True, input_data=None):
    m = {"version": "v1", "metadata": {"name": name}, "nodes": nodes,
         "connections": [{"from": a["id"], "to": b["id"]} for a, b in zip(nodes, nodes[1:])] if chain else []}
    doc = m if input_data is None else {"manifest": m, "input_data": input_data}
    json.dump(doc, open(f"{out}/{name}.json", "w"))
# 10 native PassThrough nodes over 100 000 ints from a native source.
manifest("native-chain", [{"id": "src", "node_type": "RangeSource", "params": {"stop": 100000}}] +
         [{"id": f"p{i}", "node_type": "PassThrough"} for i in range(10)])
# 5 Python text nodes over 10 000 strings, and over 100 000.
def text_nodes(count):
    return [{"id": "src", "node_type": "SimpleSource", "params": {"count": count}},
            {"id": "upper", "node_type": "UppercaseTransform"},
            {"id": "pass", "node_type": "PassThroughNode"},
            {"id": "text", "node_type": "TextProcessorNode", "params": {"operations": ["lowercase", "word_count", "reverse"]}},
            {"id": "pass2", "node_type": "PassThroughNode"}]
manifest("python-text", text_nodes(10000))
manifest("python-text-long", text_nodes(100000))
# Native tensor nodes: 64 float32 tensors of 64 Ki samples (256 KiB) through 4 nodes.
samples = 1 << 16
tensor = {"dtype": "float32", "shape": [samples],
          "data": base64.b64encode(struct.pack(f"<{samples}f", *(math.sin(i / 10) for i in range(samples)))).decode()}
def tensor_nodes(copies):
    return [node for c in range(copies) for node in (
        {"id": f"mul{c}", "node_type": "MultiplyNode", "params": {"factor": 0.5}},
        {"id": f"add{c}", "node_type": "AddNode", "params": {"addend": 1}},
        {"id": f"mul2{c}", "node_type": "MultiplyNode", "params": {"factor": 2}},
        {"id": f"pass{c}", "node_type": "PassThrough"})]
manifest("native-tensor", tensor_nodes(1), input_data=[tensor] * 64)
# The same 4 nodes 10 times over: 10x the arithmetic for the same code to compile.
manifest("native-tensor-long", tensor_nodes(10), input_data=[tensor] * 64)
# Python tensor nodes: a 1 s tone at 16 kHz in 20 ms chunks, gain, re-chunked to 10 ms;
# and 60 s of it.
def audio_nodes(seconds):
    return [{"id": "tone", "node_type": "SineSource", "params": {"sample_rate": 16000, "duration": seconds, "chunk": 320}},
            {"id": "gain", "node_type": "Gain", "params": {"gain": 0.5}},
            {"id": "chunks", "node_type": "Chunker", "params": {"size": 160}}]
manifest("python-audio", audio_nodes(1.0))
manifest("python-audio-long", audio_nodes(60.0))
# The native media nodes: 60 s of a 48 kHz tone in 20 ms chunks, resampled to 16 kHz,
# cut into speech segments (their times only).
manifest("media-long", [
    {"id": "tone", "node_type": "SineSource", "params": {"sample_rate": 48000, "duration": 60.0, "chunk": 960}},
    {"id": "to16k", "node_type": "Resample", "params": {"input_rate": 48000, "output_rate": 16000}},
    {"id": "vad", "node_type": "EnergyVAD", "params": {"sample_rate": 16000, "include_audio": False}}])
# Cold start: nothing to run, and one Python node.
json.dump({"version": "v1", "metadata": {"name": "empty"}, "nodes": []}, open(f"{out}/empty.json", "w"))
manifest("one-python-node", [{"id": "s", "node_type": "SimpleSource", "params": {"count": 1}}])
# A large result: 1 000 000 floats printed as JSON (~20 MB on stdout).
manifest("print-floats", [{"id": "src", "node_type": "RangeSource", "params": {"stop": 1000000}},
                          {"id": "mul", "node_type": "MultiplyNode", "params": {"factor": 0.37}}])
PY

wall_ms() { $py -c 'import json,sys; print(json.loads(sys.stdin.read())["metrics"]["wall_ms"])'; }
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
run_native() { "$cli" run - --sync --no-node-timing <"$tmp/$1.json"; }
run_wasm() { node scripts/wasi-run.mjs ${WASI_RUN_FLAGS:-} "$wasm" <"$tmp/$1.json"; }

# Pipeline time, native and wasm runs interleaved so that load changes hit both.
pipeline_ms() {  # name -> "native_ms wasm_ms"
  local n=() w=()
  for _ in $(seq 9); do
    n+=("$(run_native "$1" | wall_ms)")
    w+=("$(run_wasm "$1" | wall_ms)")
  done
  echo "$(printf '%s\n' "${n[@]}" | median) $(printf '%s\n' "${w[@]}" | median)"
}

# Whole-process wall time in ms of each command (a shell command line), median of 21.
# The commands take turns, run after run, so that a change of load on the machine hits
# them all alike and their differences hold; prints one median per command, in order.
process_ms() {
  local -a times=()
  local command start end i
  for _ in $(seq 21); do
    i=0
    for command in "$@"; do
      start=$(date +%s%N)
      sh -c "$command" >/dev/null 2>&1 || true
      end=$(date +%s%N)
      times[i]+="$(( (end - start) / 1000 )) "
      i=$((i + 1))
    done
  done
  for i in "${!times[@]}"; do
    printf '%s\n' ${times[i]} | median | awk '{printf "%.1f\n", $1 / 1000}'
  done
}

peak_native_kib() { /usr/bin/time -f %M "$cli" run - --sync --no-node-timing <"$tmp/$1.json" 2>&1 >/dev/null | tail -1; }
peak_wasm_kib() {
  node scripts/wasi-run.mjs --memory-report "$tmp/mem.json" "$wasm" <"$tmp/$1.json" >/dev/null 2>&1
  $py -c 'import json,sys; print(json.load(open(sys.argv[1]))["linear_memory_bytes"] // 1024)' "$tmp/mem.json"
}

declare -A pn pw
for name in native-chain python-text python-text-long native-tensor native-tensor-long python-audio \
            python-audio-long media-long; do
  read -r pn[$name] pw[$name] < <(pipeline_ms "$name")
done
read -r pn[chain-tier-up] pw[chain-tier-up] < <(WASI_RUN_FLAGS=--tier-up pipeline_ms native-chain)
read -r pn[tier-up] pw[tier-up] < <(WASI_RUN_FLAGS=--tier-up pipeline_ms python-text)
# Without the hints V8 compiles the executor and the nodes when they are first called,
# inside the run.
read -r pn[tensor-lazy] pw[tensor-lazy] < <(WASI_RUN_FLAGS=--no-compile-hints pipeline_ms native-tensor)
# Most of a cold start is first touches of fresh memory (the file read, V8's copy of it,
# the data segments). glibc can back Node's large allocations with huge pages.
thp=GLIBC_TUNABLES=glibc.malloc.hugetlb=1
run_cold() {  # runner flags, manifest -> a command line
  echo "node scripts/wasi-run.mjs $1 '$wasm' <'$tmp/$2.json'"
}
mapfile -t cold < <(process_ms "node -e 0" \
  "'$cli' run - <'$tmp/empty.json'" "'$cli' run - <'$tmp/one-python-node.json'" \
  "$(run_cold "" empty)" "$(run_cold "" one-python-node)" \
  "$(run_cold --tier-up empty)" "$(run_cold --tier-up one-python-node)" \
  "$(run_cold --no-compile-hints empty)" "$(run_cold --no-compile-hints one-python-node)" \
  "$thp node -e 0" "$thp $(run_cold "" empty)" "$thp $(run_cold "" one-python-node)")
read -r cold_node cold_native_empty cold_native_py cold_wasm_empty cold_wasm_py \
  cold_wasm_empty_tu cold_wasm_py_tu cold_wasm_empty_lazy cold_wasm_py_lazy \
  cold_node_thp cold_wasm_empty_thp cold_wasm_py_thp <<<"${cold[*]}"
# The result's JSON: not part of a run's wall_ms, so whole processes here.
mapfile -t printing < <(process_ms "'$cli' run - <'$tmp/print-floats.json'" "$(run_cold "" print-floats)")
declare -A mn mw
for name in python-text native-tensor; do
  mn[$name]=$(peak_native_kib "$name")
  mw[$name]=$(peak_wasm_kib "$name")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", b / a}'; }
row() {  # label name target
  printf '| %s | %.1f ms | %.1f ms | %s× | %s |\n' "$1" "${pn[$2]}" "${pw[$2]}" "$(ratio "${pn[$2]}" "${pw[$2]}")" "$3"
}
echo "| pipeline (run's own wall_ms, median of 9) | native | wasm | wasm ÷ native | target |"
echo "|---|---|---|---|---|"
row "10 native \`PassThrough\`s, 100 000 ints from \`RangeSource\`" native-chain "≤ 1.2×"
row "the same with \`wasi-run.mjs --tier-up\` (V8's optimizing compiler too)" chain-tier-up ""
row "native tensor nodes: 64 × 256 KiB float32 through 4 nodes" native-tensor "≤ 1.2×"
row "the same without compilation hints (\`wasi-run.mjs --no-compile-hints\`: each function compiled on its first call, in the run)" tensor-lazy ""
row "the same 4 nodes 10 times over (40 nodes): the arithmetic's own speed" native-tensor-long ""
row "5 Python text nodes (\`SimpleSource\` → … → \`TextProcessorNode\`), 10 000 strings" python-text "≤ 1.5×"
row "the same with \`wasi-run.mjs --tier-up\` (V8's optimizing compiler too)" tier-up ""
row "the same over 100 000 strings" python-text-long "≤ 1.5×"
row "Python audio: \`SineSource\` 1 s/16 kHz → \`Gain\` → \`Chunker\` (numpy natively, its import included; \`remotemedia.Tensor\`'s kernels in wasm)" python-audio ""
row "the same over 60 s of audio" python-audio-long ""
row "media: \`SineSource\` 60 s/48 kHz → \`Resample\` to 16 kHz → \`EnergyVAD\` (the tone as above)" media-long ""
echo
echo "| cold start (whole process, median of 21, the commands taking turns) | time |"
echo "|---|---|"
echo "| \`node -e 0\` (Node's own start-up, part of every wasm row) | $cold_node ms |"
echo "| native \`remotemedia run -\`, empty manifest / one Python node | $cold_native_empty ms / $cold_native_py ms |"
echo "| wasm, \`node scripts/wasi-run.mjs\`, empty manifest / one Python node | $cold_wasm_empty ms / $cold_wasm_py ms |"
echo "| wasm, \`wasi-run.mjs --tier-up\`, empty manifest / one Python node | $cold_wasm_empty_tu ms / $cold_wasm_py_tu ms |"
echo "| wasm, \`wasi-run.mjs --no-compile-hints\`, empty manifest / one Python node | $cold_wasm_empty_lazy ms / $cold_wasm_py_lazy ms |"
echo "| with \`$thp\` (huge pages for Node's malloc): \`node -e 0\` / wasm empty / wasm one Python node | $cold_node_thp ms / $cold_wasm_empty_thp ms / $cold_wasm_py_thp ms |"
echo
echo "| whole process, the result printed as JSON (median of 21, taking turns) | native | wasm | wasm ÷ native |"
echo "|---|---|---|---|"
printf '| 1 000 000 floats (`RangeSource` → `MultiplyNode`), ~20 MB on stdout | %.1f ms | %.1f ms | %s× |\n' \
  "${printing[0]}" "${printing[1]}" "$(ratio "${printing[0]}" "${printing[1]}")"
echo
echo "| peak memory | native peak RSS | wasm linear memory | wasm ÷ native |"
echo "|---|---|---|---|"
for name in python-text native-tensor; do
  printf '| %s | %.1f MiB | %.1f MiB | %s× |\n' "$name" "$(awk -v k="${mn[$name]}" 'BEGIN{print k/1024}')" \
    "$(awk -v k="${mw[$name]}" 'BEGIN{print k/1024}')" "$(ratio "${mn[$name]}" "${mw[$name]}")"
done
