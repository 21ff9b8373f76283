"""User nodes for the WebAssembly-only tests (tests/wasm/pipeline_executor_wasm_test.cpp)."""


class AsyncNode:
    async def process(self, item):
        return item


class AsyncStreaming:
    async def process(self, stream):
        async for item in stream:
            yield item


class TensorProbe:
    """What a tensor looks like from Python in the .wasm: a remotemedia.Tensor."""

    def process(self, item):
        view = memoryview(item)
        return {
            "type": f"{type(item).__module__}.{type(item).__name__}",
            "dtype": item.dtype,
            "shape": list(item.shape),
            "format": view.format,
            "readonly": view.readonly,
            "nbytes": view.nbytes,
            "values": item.tolist(),
        }


class KernelArithmetic:
    """The SDK's multiply on a remotemedia.Tensor with its pure-Python path made to fail:
    only the runtime's kernels can give the result, but for an int beyond int64."""

    def process(self, item):
        from remotemedia import _tensor

        def pure(*args):
            raise AssertionError("the pure-Python path ran")

        saved, _tensor.multiply_tensor_pure = _tensor.multiply_tensor_pure, pure
        try:
            half = _tensor.multiply(item, 0.5, "KernelArithmetic")
            try:
                _tensor.multiply(item, 2**70, "KernelArithmetic")
                beyond_int64 = "the kernels"
            except AssertionError as e:
                beyond_int64 = str(e)
        finally:
            _tensor.multiply_tensor_pure = saved
        plus_two = 2 + item
        return {
            "half": [type(half).__name__, half.dtype, half.tolist()],
            "plus_two": [plus_two.dtype, plus_two.tolist()],
            "beyond_int64": beyond_int64,
        }


class ChunkerOnTensors:
    """Chunker over remotemedia.Tensor inputs with its list path made to fail: views and
    Tensor.concatenate must make every chunk."""

    def process(self, item):
        from remotemedia.nodes import Chunker, audio

        def from_list(*args):
            raise AssertionError("the list path ran")

        saved, audio._tensor_from_list = audio._tensor_from_list, from_list
        try:
            node = Chunker(size=3)
            chunks = list(node.process(item)) + list(node.process(item)) + [node.flush()]
        finally:
            audio._tensor_from_list = saved
        return [[type(c).__name__, c.dtype, c.tolist()] for c in chunks]


class Recurse:
    def process(self, item):
        def down(n):
            return down(n + 1)

        return down(0)


class Hoard:
    """Keeps allocating `item` bytes until memory runs out."""

    def process(self, item):
        kept = []
        while True:
            kept.append(bytearray(item))


class ReturnsCoroutine:
    """A plain process() handing back a coroutine: needs asyncio, which the .wasm lacks."""

    def process(self, item):
        return self._work(item)

    async def _work(self, item):
        return item


class ArchiveProbe:
    """Reads the SDK's archive inside the .wasm the ways the stdlib does: io.open_code
    (as zipimport), pkgutil.get_data (as importlib.resources), and a module's own loader."""

    def process(self, item):
        import io
        import pkgutil
        import remotemedia

        with io.open_code("/embedded/remotemedia.zip") as f:
            size = f.seek(0, 2)
            f.seek(-22, 2)
            end_record = f.read(4)
            at_end = f.tell()
            f.seek(-4, 2)
            tail = f.read(10)  # a read past the end returns what is left
            f.seek(0)
            first = f.read(2)
            try:
                f.seek(-1)
                negative = "no error"
            except OSError as e:
                negative = type(e).__name__
        data = pkgutil.get_data("remotemedia", "node.pyc")
        return {
            "end_record": end_record.hex(),
            "at_end": at_end == size - 18,
            "tail": len(tail),
            "first": first.decode(),
            "negative_seek": negative,
            "pyc_magic_ok": data[:4] == remotemedia.__loader__.get_data(
                "/embedded/remotemedia.zip/remotemedia/node.pyc")[:4],
            "pyc_bytes": len(data) > 100,
        }


class ReadText:
    """The text of the file named by `item`: for host directories preopened with --dir."""

    def process(self, item):
        with open(item) as f:
            return f.read()
