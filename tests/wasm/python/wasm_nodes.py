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
