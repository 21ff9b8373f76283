"""Resample against scipy.signal.resample_poly, its reference, through the CLI.

    resample_reference.py path/to/remotemedia

Random signals (seeded) at the rate pairs audio pipelines meet, mono and stereo, float32,
float64 and int16, cut into random chunks: the output must have resample_poly's length
and samples (float64 within 1e-12 of the signal's scale; float32 within float32's
rounding of the float64 result), whatever the chunking. Exit status 1 on any mismatch.
"""
import base64
import json
import subprocess
import sys

import numpy as np
from scipy.signal import resample_poly

RATES = [(48000, 16000), (16000, 48000), (44100, 48000), (48000, 44100), (22050, 16000),
         (8000, 11025), (16000, 16000), (3, 7), (7, 3), (1, 5)]


def tensor(a):
    return {"dtype": str(a.dtype), "shape": list(a.shape),
            "data": base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()}


def run(cli, input_rate, output_rate, chunks):
    doc = {"manifest": {"version": "v1", "metadata": {"name": "resample-reference"},
                        "nodes": [{"id": "r", "node_type": "Resample",
                                   "params": {"input_rate": input_rate, "output_rate": output_rate}}],
                        "connections": []},
           "input_data": [tensor(c) for c in chunks]}
    proc = subprocess.run([cli, "run", "-"], input=json.dumps(doc), capture_output=True, text=True)
    result = json.loads(proc.stdout)
    if result["status"] != "success":
        raise AssertionError(f"{input_rate}->{output_rate}: {proc.stdout}")
    parts = [np.frombuffer(base64.b64decode(t["data"]), dtype=t["dtype"]).reshape(t["shape"])
             for t in result["outputs"]]
    return parts


def main():
    cli = sys.argv[1]
    rng = np.random.default_rng(11)
    failures = 0
    cases = 0
    for input_rate, output_rate in RATES:
        for dtype, channels in (("float64", 0), ("float32", 2), ("int16", 1)):
            n = int(rng.integers(1, 3000))
            shape = (n,) if channels == 0 else (n, channels)
            signal = rng.uniform(-1, 1, shape)
            if dtype == "int16":
                signal = (signal * 20000).astype(np.int16)
            else:
                signal = signal.astype(dtype)
            cuts = np.sort(rng.integers(0, n + 1, int(rng.integers(0, 12))))
            chunks = np.split(signal, cuts)
            g = np.gcd(input_rate, output_rate)
            expected = resample_poly(signal.astype(np.float64), output_rate // g, input_rate // g, axis=0)
            parts = run(cli, input_rate, output_rate, chunks)
            got = np.concatenate(parts) if parts else np.zeros((0,) + shape[1:])
            out_dtype = "float64" if dtype == "float64" else "float32"
            scale = float(np.max(np.abs(signal))) or 1.0
            ok = got.shape == expected.shape and all(p.dtype == out_dtype for p in parts)
            if ok and out_dtype == "float64":
                ok = bool(np.allclose(got, expected, rtol=0, atol=1e-12 * scale))
            elif ok:
                ok = bool(np.allclose(got, expected.astype(np.float32), rtol=2e-7, atol=1e-7 * scale))
            cases += 1
            if not ok:
                failures += 1
                worst = np.max(np.abs(got - expected)) if got.shape == expected.shape else None
                print(f"MISMATCH {input_rate}->{output_rate} {dtype} shape {shape} in {len(chunks)} chunks: "
                      f"got {got.shape} {[p.dtype.name for p in parts][:3]}, expected {expected.shape}, "
                      f"largest difference {worst}")
    print(f"{cases - failures} of {cases} cases match scipy.signal.resample_poly")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
