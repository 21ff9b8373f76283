// Edge codecs: base64 (tensor data) in GB/s and JSON parsing of a large document in MB/s.
#include <benchmark/benchmark.h>

#include <cstddef>
#include <string>
#include <vector>

#include "remotemedia/base64.h"
#include "remotemedia/json.h"

namespace remotemedia {
namespace {

constexpr std::size_t kBytes = std::size_t{16} << 20;

std::vector<std::byte> random_bytes(std::size_t n) {
  std::vector<std::byte> out(n);
  std::uint32_t x = 2463534242u;
  for (auto& b : out) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    b = static_cast<std::byte>(x);
  }
  return out;
}

void BM_Base64Encode(benchmark::State& state) {
  auto bytes = random_bytes(kBytes);
  std::string out;
  for (auto _ : state) {
    out.clear();
    base64_encode(bytes, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kBytes));
}

void BM_Base64Decode(benchmark::State& state) {
  std::string text = base64_encode(random_bytes(kBytes));
  std::vector<std::byte> out(kBytes);
  for (auto _ : state) {
    if (!base64_decode(text, out.data())) state.SkipWithError("decode failed");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * kBytes));
}

// A 10 000-node manifest with a 100 000-item input: the shape of a big real document.
std::string large_document() {
  std::string nodes, connections, input;
  for (int i = 0; i < 10000; ++i) {
    nodes += std::string(i ? "," : "") + R"({"id": "node_)" + std::to_string(i) +
             R"(", "node_type": "MultiplyNode", "params": {"factor": 1.5}})";
    if (i) connections += std::string(i > 1 ? "," : "") + R"({"from": "node_)" + std::to_string(i - 1) +
                          R"(", "to": "node_)" + std::to_string(i) + "\"}";
  }
  for (int i = 0; i < 100000; ++i) input += std::string(i ? "," : "") + R"({"x": )" + std::to_string(i) + R"(, "s": "item"})";
  return R"({"manifest": {"version": "v1", "metadata": {"name": "large"}, "nodes": [)" + nodes +
         "], \"connections\": [" + connections + "]}, \"input_data\": [" + input + "]}";
}

void BM_JsonParseLargeDocument(benchmark::State& state) {
  std::string text = large_document();
  for (auto _ : state) {
    auto v = parse_json(text);
    if (!v) state.SkipWithError("parse failed");
    benchmark::DoNotOptimize(v);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

BENCHMARK(BM_Base64Encode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Base64Decode)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_JsonParseLargeDocument)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace remotemedia
