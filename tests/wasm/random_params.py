"""Prints COUNT random documents, one JSON document per line, the same for a given SEED.

    random_params.py CLI SEED COUNT

Each is a chain of 1-3 nodes of every type the CLI lists (`CLI nodes --json`: native
and the SDK's Python ones) with random params, mostly right, some wrong (types, values,
unknown names) or left out, over 0-4 random inputs (numbers, or strings, lists, dicts,
bytes, tensors, audio), or a manifest alone. Many fail, at validation or at run time: the native CLI and the .wasm
must then print the same error, as they print the same result when one succeeds
(tests/wasm/random_params_test.cpp).
"""
import json
import random
import subprocess
import sys

TENSOR_F32 = {"dtype": "float32", "shape": [4], "data": "AACAPwAAAEAAAEBAAACAQA=="}
TENSOR_I16 = {"dtype": "int16", "shape": [2, 2], "data": "AQACAAMABAA="}
TENSOR_0D = {"dtype": "float64", "shape": [], "data": "AAAAAAAA8D8="}
# Small numbers only: a source must end (RangeSource's stop, SimpleSource's count).
VALUES = [None, True, False, 0, 1, -1, 3, 7, 2.5, -0.0, 1e308, 0.30000000000000004, -2**63,
          "", "add", "divide", "x", "hello world", "3.5", " 7 ", "1e400", "héllo wörld ✓",
          [], [1, 2, 3], [1.5, "a"], [[1, 2], [3, 4]], ["uppercase", "word_count"],
          {}, {"text": "Hi there"}, {"text": 5}, {"text": "a", "operations": ["reverse"]},
          {"text": "a", "operations": ["nope"]}, {"text": "x y", "operations": "reverse"},
          {"a": {"b": [1, {"c": TENSOR_F32}]}}, {"__bytes__": "aGk="},
          TENSOR_F32, TENSOR_I16, TENSOR_0D, [TENSOR_F32, TENSOR_F32]]


# Values each param takes without error, so that many documents run to their end.
GOOD = {"operation": ["add", "multiply", "divide"], "operand": [2, 0.5], "factor": [3, 0.5],
        "addend": [1, -2.5], "values": [[1, "a"], [2.5]], "start": [0, 2], "stop": [3, 5],
        "step": [1, 2, -1], "initial": [0, 10], "size": [1, 2, 3], "gain": [2, 0.5],
        "count": [0, 2, 3], "frequency": [440, 1000.5], "sample_rate": [8, 16],
        "duration": [0.5, 1], "chunk": [None, 3], "operations": [["uppercase", "reverse"]],
        "input_rate": [3, 8, 16], "output_rate": [2, 8, 16], "threshold_db": [-40, -10],
        "frame_ms": [100, 250], "min_speech_ms": [0, 500], "min_silence_ms": [0, 1000],
        "padding_ms": [0], "max_segment_ms": [1000, 30000], "include_audio": [True, False]}
NUMBERS = [0, 1, -3, 7, 2.5, -0.5]
# Audio for the media nodes: 1-D and 2-channel tensors, lists of numbers.
AUDIO = [TENSOR_F32, TENSOR_I16, [0.5, -0.25, 0.0, 1.0, 0.125], [1, 2, 3],
         {"dtype": "float32", "shape": [8], "data": "AAAAAAAAAD8AAAC/AACAPwAAAAAAAAAAAACAvgAAgD4="}]


def node_types(cli):
    listing = json.loads(subprocess.run([cli, "nodes", "--json"], capture_output=True, check=True).stdout)
    return [(n["node_type"], n["runtime"], n["generator"], [(p["name"], p["required"]) for p in n["params"]])
            for n in listing]


def document(rng, types):
    # Mostly a generator first for a manifest alone, and a node that takes items first
    # for an envelope: other pairs are a validation error every time.
    manifest_only = rng.random() < 0.3
    nodes = []
    for i in range(rng.randint(1, 3)):
        wants_generator = manifest_only if i == 0 and rng.random() < 0.85 else False
        name, runtime, _, params = rng.choice([t for t in types if t[2] == wants_generator])
        node = {"id": f"n{i}", "node_type": name}
        if runtime == "python" and name == "CalculatorNode":
            node["runtime_hint"] = "python"
        chosen = {}
        for param, required in params:
            roll = rng.random()
            if roll < 0.12:
                chosen[param] = rng.choice(VALUES)
            elif (roll < 0.7 or required) and param in GOOD:
                chosen[param] = rng.choice(GOOD[param])
        if rng.random() < 0.03:
            chosen["bogus"] = 1
        if chosen:
            node["params"] = chosen
        if rng.random() < 0.05:
            node["is_streaming"] = True
        nodes.append(node)
    manifest = {"version": "v1", "metadata": {"name": "random-params"}, "nodes": nodes,
                "connections": [{"from": a["id"], "to": b["id"]} for a, b in zip(nodes, nodes[1:])]}
    if manifest_only:
        return manifest
    # Mostly one kind of audio into a chain with a media node (a stream keeps its dtype),
    # so that some get past their input check.
    roll = rng.random()
    if roll < 0.8 and any(n["node_type"] in ("Resample", "EnergyVAD") for n in nodes):
        return {"manifest": manifest, "input_data": [rng.choice(AUDIO)] * rng.randint(1, 4)}
    inputs = NUMBERS if roll < 0.4 else AUDIO if roll < 0.6 else VALUES
    return {"manifest": manifest, "input_data": [rng.choice(inputs) for _ in range(rng.randint(0, 4))]}


def main():
    cli, seed, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    types = node_types(cli)
    for _ in range(count):
        print(json.dumps(document(rng, types)))


main()
