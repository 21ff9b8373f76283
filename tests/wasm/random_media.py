"""Prints COUNT random audio documents, one JSON envelope per line, the same for a SEED.

    random_media.py SEED COUNT

Each runs random audio (float32, float64, float16, int16 or int8; one channel, or two or
three as (samples, channels); 0 to 4 000 samples cut into random chunks) through the
media nodes with random valid params: Resample at the rates audio meets (and odd ones),
EnergyVAD, the SDK's Gain, in chains and with a fan-out. None fails, so every driver and
the .wasm must print the same result (tests/wasm/random_pipelines_test.cpp): the
resampler's filter and the detector's decisions are computed the same way in both forms.
"""
import base64
import json
import random
import struct
import sys

RATES = [8000, 11025, 16000, 22050, 24000, 44100, 48000]
# struct formats of the dtypes, and the scale of their samples.
DTYPES = {"float32": ("f", 1.0), "float64": ("d", 1.0), "float16": ("e", 1.0),
          "int16": ("h", 32767), "int8": ("b", 127)}


def audio(rng, dtype, channels, frames):
    fmt, scale = DTYPES[dtype]
    loudness = rng.choice([0.001, 0.02, 0.3])
    values = []
    for i in range(frames):
        quiet = (i // 500) % 3 == 2  # stretches of silence between bursts
        for _ in range(channels):
            v = 0.0 if quiet else rng.uniform(-loudness, loudness)
            values.append(round(v * scale) if scale != 1.0 else v)
    return values


def vad_params(rng, rate):
    frame = rng.choice([5, 10, 20, 30])
    silence = rng.choice([0, 30, 100, 300])
    return {"sample_rate": rate, "threshold_db": rng.choice([-60, -40, -25]), "frame_ms": frame,
            "min_speech_ms": rng.choice([0, 20, 100]), "min_silence_ms": silence,
            "padding_ms": rng.choice([0, silence // 2, silence]),
            "max_segment_ms": rng.choice([frame, 100, 30000]),
            "include_audio": rng.random() < 0.7}


def document(rng):
    dtype = rng.choice(list(DTYPES))
    channels = rng.choice([1, 1, 2, 3])
    values = audio(rng, dtype, channels, rng.randint(0, 4000))
    frames = len(values) // channels
    cuts = sorted(rng.randint(0, frames) for _ in range(rng.randint(0, 6)))
    bounds = [0] + cuts + [frames]
    # One layout for the whole stream: 1-D only when every chunk can be.
    one_d = channels == 1 and rng.random() < 0.7
    chunks = []
    for a, b in zip(bounds, bounds[1:]):
        part = values[a * channels:b * channels]
        fmt, _ = DTYPES[dtype]
        shape = [b - a] if one_d else [b - a, channels]
        chunks.append({"dtype": dtype, "shape": shape,
                       "data": base64.b64encode(struct.pack(f"<{len(part)}{fmt}", *part)).decode()})
    rate = rng.choice(RATES)
    nodes, connections = [], []

    def add(node, after=None):
        nodes.append(node)
        if after is not None:
            connections.append({"from": after, "to": node["id"]})
        return node["id"]

    last = None
    if rng.random() < 0.3:
        last = add({"id": "gain", "node_type": "Gain", "params": {"gain": rng.choice([0.5, 2, -1.25])}})
    if rng.random() < 0.8:
        out_rate = rng.choice(RATES + [rng.randint(1000, 50000)])
        last = add({"id": "resample", "node_type": "Resample",
                    "params": {"input_rate": rate, "output_rate": out_rate}}, last)
        rate = out_rate
    if rng.random() < 0.8 or last is None:
        add({"id": "vad", "node_type": "EnergyVAD", "params": vad_params(rng, rate)}, last)
    if last is not None and rng.random() < 0.3:
        add({"id": "copy", "node_type": "PassThrough"}, last)
    manifest = {"version": "v1", "metadata": {"name": "random-media"}, "nodes": nodes,
                "connections": connections}
    return {"manifest": manifest, "input_data": chunks}


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    for _ in range(count):
        print(json.dumps(document(rng)))


main()
