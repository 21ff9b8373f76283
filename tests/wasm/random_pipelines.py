"""Prints COUNT random pipelines, one JSON document per line, the same for a given SEED.

    random_pipelines.py SEED COUNT

Each is a DAG of 2-6 nodes, native and the SDK's Python ones, over 1-6 numbers: fan-outs
and fan-ins in any shape, chains fused or not. Every node maps numbers to numbers, but
for sinks, which may also make dicts (Echo) or lists (BufferNode), so a run never fails:
the native drivers and the .wasm must then print exactly the same result
(tests/wasm/random_pipelines_test.cpp).
"""
import json
import random
import sys

# (node_type, params, runtime_hint or None): numbers in, numbers out.
NUMERIC = [
    ("PassThrough", {}, None),
    ("MultiplyNode", {"factor": 3}, None),
    ("AddNode", {"addend": 0.5}, None),
    ("CalculatorNode", {"operation": "subtract", "operand": 1}, None),
    ("CalculatorNode", {"operation": "multiply", "operand": 2}, "python"),
    ("PassThroughNode", {}, "python"),
    ("Accumulator", {}, None),
    ("NumpyMultiplier", {"factor": 0.25}, None),
    ("Gain", {"gain": 2}, None),
]
SINKS = [("Echo", {}, None), ("BufferNode", {"size": 2}, None)]
INPUTS = [0, 1, 2, -3, 7, 2.5, -0.5, 100]


def pipeline(rng, index):
    count = rng.randint(2, 6)
    edges = []
    for node in range(1, count):
        for source in rng.sample(range(node), rng.randint(0, min(2, node))):
            edges.append((source, node))
    has_successor = {source for source, _ in edges}
    nodes = []
    for node in range(count):
        kinds = NUMERIC if node in has_successor else NUMERIC + SINKS
        node_type, params, hint = rng.choice(kinds)
        entry = {"id": f"n{node}", "node_type": node_type}
        if params:
            entry["params"] = params
        if hint:
            entry["runtime_hint"] = hint
        nodes.append(entry)
    manifest = {"version": "v1", "metadata": {"name": f"random-{index}"}, "nodes": nodes,
                "connections": [{"from": f"n{a}", "to": f"n{b}"} for a, b in edges]}
    return {"manifest": manifest, "input_data": [rng.choice(INPUTS) for _ in range(rng.randint(1, 6))]}


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    for index in range(count):
        print(json.dumps(pipeline(rng, index)))


if __name__ == "__main__":
    main()
