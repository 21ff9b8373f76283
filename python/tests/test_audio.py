import asyncio
import math
import os
import sys
import unittest
from unittest import mock

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # python/

from remotemedia.nodes import Chunker, Gain, SineSource, audio
from tests._support import FakeTensor, run

try:
    import numpy as np
except ImportError:  # pragma: no cover
    np = None


class GainTest(unittest.TestCase):
    def test_numbers_lists_fake_tensors(self):
        self.assertEqual(Gain(gain=2).process(3), 6)
        self.assertEqual(Gain(gain=0.5).process([2, [4]]), [1.0, [2.0]])
        out = Gain(gain=0.5).process(FakeTensor("int16", (2,), [3, -4]))
        self.assertEqual((out.dtype, out.flat), ("float64", [1.5, -2.0]))

    def test_errors(self):
        with self.assertRaises(TypeError):
            Gain()
        with self.assertRaisesRegex(TypeError, "gain must be a number"):
            Gain(gain="loud")
        with self.assertRaisesRegex(TypeError, "Gain multiplies"):
            Gain(gain=1).process("x")

    @unittest.skipIf(np is None, "numpy not installed")
    def test_numpy(self):
        out = Gain(gain=0.5).process(np.array([1.0, -1.0], np.float32))
        self.assertEqual((out.dtype, out.tolist()), (np.float32, [0.5, -0.5]))


@unittest.skipIf(np is None, "numpy not installed")
class ChunkerTest(unittest.TestCase):
    def arrays(self, *lengths):
        start, out = 0, []
        for n in lengths:
            a = np.arange(start, start + n, dtype=np.float32)
            a.flags.writeable = False
            out.append(a)
            start += n
        return out

    def test_rechunks_and_flushes_tail(self):
        out = run(Chunker(size=4), self.arrays(3, 6, 2))
        self.assertEqual([a.tolist() for a in out], [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]])
        self.assertTrue(all(a.dtype == np.float32 for a in out))

    def test_one_input_many_chunks_and_exact_fit(self):
        node = Chunker(size=2)
        out = list(node.process(np.arange(6, dtype=np.int16)))
        self.assertEqual([a.tolist() for a in out], [[0, 1], [2, 3], [4, 5]])
        self.assertIsNone(node.flush())

    def test_short_input_emits_nothing_until_full(self):
        node = Chunker(size=5)
        self.assertEqual(list(node.process(np.zeros(3))), [])
        self.assertEqual(list(node.process(np.zeros(0))), [])
        self.assertEqual(node.flush().tolist(), [0, 0, 0])
        self.assertIsNone(node.flush())

    def test_streaming_mode(self):
        out = list(Chunker(size=4).process(iter(self.arrays(3, 6, 2))))
        self.assertEqual([a.tolist() for a in out], [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10]])

    def test_async_streaming_mode(self):
        async def stream():
            for a in self.arrays(5, 4):
                yield a

        async def collect():
            return [a.tolist() async for a in Chunker(size=3).process(stream())]

        self.assertEqual(asyncio.run(collect()), [[0, 1, 2], [3, 4, 5], [6, 7, 8]])

    def test_lists_of_numbers(self):
        out = run(Chunker(size=2), [[1, 2, 3], [4]])
        self.assertEqual([(a.dtype.name, a.tolist()) for a in out], [("int64", [1, 2]), ("int64", [3, 4])])

    def test_inputs_it_does_not_take(self):
        for item, name in (([[1, 2]], "list"), ("abc", "str"), ([np.zeros(1)], "list"),
                           ([2**63], "list"), ({"a": 1}, "dict")):
            with self.subTest(item=item):
                with self.assertRaisesRegex(ValueError, f"1-D tensors or lists of numbers, not {name}$"):
                    list(Chunker(size=2).process(item))

    def test_samples_without_numpy(self):
        # What the .wasm's path makes of each input: numpy's dtypes, the same errors.
        self.assertEqual(audio._samples(None, []), ([], "float64", (0,)))
        self.assertEqual(audio._samples(None, [True, 2]), ([True, 2], "int64", (2,)))
        self.assertEqual(audio._samples(None, (1.0, False)), ([1.0, False], "float64", (2,)))
        tensor = FakeTensor("int16", (2,), [1, 2])
        self.assertEqual(audio._samples(None, tensor), ([1, 2], "int16", (2,)))
        with self.assertRaisesRegex(ValueError, "not list$"):
            audio._samples(None, [[1]])
        for items in ([], [True, 2], (1.0, False)):
            self.assertEqual(np.asarray(items).dtype.name, audio._samples(None, items)[1])

    def test_errors(self):
        node = Chunker(size=2)
        with self.assertRaisesRegex(ValueError, "1-D"):
            list(node.process(np.zeros((2, 2))))
        list(node.process(np.zeros(1, np.float32)))
        with self.assertRaisesRegex(ValueError, "float64 tensor after float32"):
            list(node.process(np.zeros(1, np.float64)))
        with self.assertRaisesRegex(ValueError, "size must be >= 1"):
            Chunker(size=0)
        with self.assertRaisesRegex(TypeError, "size must be an integer"):
            Chunker(size=2.0)


@unittest.skipIf(np is None, "numpy not installed")
class SineSourceTest(unittest.TestCase):
    def test_single_tensor(self):
        out = list(SineSource(frequency=1000.0, sample_rate=8000, duration=0.01).generate())
        self.assertEqual(len(out), 1)
        tone = out[0]
        self.assertEqual((tone.dtype, tone.shape), (np.float32, (80,)))
        want = [math.sin(2 * math.pi * 1000 * i / 8000) for i in range(80)]
        np.testing.assert_allclose(tone, np.array(want, np.float32), atol=1e-6)
        self.assertEqual(tone[2], np.float32(1.0))

    def test_chunks(self):
        out = list(SineSource(sample_rate=100, duration=0.25, chunk=10).generate())
        self.assertEqual([len(a) for a in out], [10, 10, 5])
        whole = list(SineSource(sample_rate=100, duration=0.25).generate())[0]
        np.testing.assert_array_equal(np.concatenate(out), whole)
        self.assertEqual(list(SineSource(duration=0, chunk=10).generate()), [])
        self.assertEqual(list(SineSource(duration=0).generate())[0].shape, (0,))

    def test_defaults(self):
        (tone,) = SineSource().generate()
        self.assertEqual(tone.shape, (16000,))

    def test_without_numpy(self):
        # The .wasm's path: the runtime's Tensor.sine makes each block, slices the chunks.
        calls = []

        class RuntimeTensor:
            @classmethod
            def sine(cls, frequency, sample_rate, start, stop):
                calls.append((frequency, sample_rate, start, stop))
                return list(range(start, stop))

        node = SineSource(frequency=5.0, sample_rate=100, duration=0.25, chunk=10)
        with mock.patch.object(audio, "_numpy", lambda: None):
            with mock.patch.object(audio._tensor, "_runtime_tensor_type", lambda: RuntimeTensor):
                out = list(node.generate())
                with mock.patch.object(SineSource, "_BLOCK", 25):
                    blocks = list(node.generate())
            with mock.patch.object(audio._tensor, "_runtime_tensor_type", lambda: None):
                with self.assertRaisesRegex(RuntimeError, "SineSource needs numpy, or the runtime's"):
                    list(node.generate())
        self.assertEqual(calls, [(5.0, 100, 0, 25), (5.0, 100, 0, 20), (5.0, 100, 20, 25)])
        self.assertEqual(out, [list(range(10)), list(range(10, 20)), list(range(20, 25))])
        self.assertEqual(blocks, out)

    def test_a_long_tone_streams_block_by_block(self):
        # 10**9 s at 16 kHz: the first chunk comes from the first block alone, and chunks
        # across a block boundary are the whole tone's samples.
        node = SineSource(frequency=440.0, sample_rate=16000, duration=10**9, chunk=1000)
        chunks = node.generate()
        first = [next(chunks) for _ in range(70)]
        t = np.arange(70000, dtype=np.float64) / 16000
        want = np.sin(2.0 * np.pi * 440.0 * t).astype(np.float32)
        np.testing.assert_array_equal(np.concatenate(first), want)
        self.assertEqual(SineSource._BLOCK // 1000 * 1000, 65000)

    def test_a_whole_tone_is_filled_a_block_at_a_time(self):
        node = SineSource(frequency=437.3, sample_rate=44100, duration=0.5)
        t = np.arange(22050, dtype=np.float64) / 44100
        want = np.sin(2.0 * np.pi * 437.3 * t).astype(np.float32)
        with mock.patch.object(SineSource, "_BLOCK", 1000):
            (tone,) = node.generate()
        self.assertEqual((tone.dtype, tone.shape), (np.float32, (22050,)))
        np.testing.assert_array_equal(tone, want)

    def test_at_most_2_to_the_53_samples(self):
        SineSource(sample_rate=2**20, duration=2**33, chunk=1)
        with self.assertRaisesRegex(ValueError, "would have 9007207844675584 samples; at most 2\\*\\*53"):
            SineSource(sample_rate=2**20 + 1, duration=2**33)

    def test_param_errors(self):
        for kwargs, exc in (
            ({"frequency": -1}, ValueError),
            ({"frequency": math.inf}, ValueError),
            ({"frequency": "440"}, TypeError),
            ({"sample_rate": 0}, ValueError),
            ({"sample_rate": 16000.0}, TypeError),
            ({"duration": -0.5}, ValueError),
            ({"chunk": 0}, ValueError),
            ({"chunk": True}, TypeError),
        ):
            with self.subTest(**kwargs), self.assertRaises(exc):
                SineSource(**kwargs)


if __name__ == "__main__":
    unittest.main()
