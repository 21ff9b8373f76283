// What does one item cost per node hop? A chain of PassThrough nodes over many items,
// on the same thread (a fused chain: direct calls) and across threads (every node its
// own stage: a channel per link). Per-hop cost = (time of a 10-node chain - time of a
// 1-node chain) / 9 hops / items; bench/run.sh computes it from these rows.
#include <benchmark/benchmark.h>

#include <string>

#include "remotemedia/executor.h"
#include "remotemedia/validate.h"

namespace remotemedia {
namespace {

constexpr int kItems = 100000;

const NodeRegistry& registry() {
  static NodeRegistry r = [] {
    NodeRegistry reg;
    register_builtin_nodes(reg);
    return reg;
  }();
  return r;
}

ValidatedRequest chain_request(int nodes, int items) {
  std::string n, c;
  for (int i = 0; i < nodes; ++i) {
    n += std::string(i ? "," : "") + R"({"id": "p)" + std::to_string(i) + R"(", "node_type": "PassThrough"})";
    if (i) c += std::string(i > 1 ? "," : "") + R"({"from": "p)" + std::to_string(i - 1) + R"(", "to": "p)" + std::to_string(i) + "\"}";
  }
  std::string input;
  for (int i = 0; i < items; ++i) input += (i ? "," : "") + std::to_string(i);
  std::string doc = R"({"manifest": {"version": "v1", "metadata": {"name": "chain"}, "nodes": [)" + n +
                    "], \"connections\": [" + c + "]}, \"input_data\": [" + input + "]}";
  return std::move(*validate_json(doc, registry()));
}

void run_chain(benchmark::State& state, bool across_threads) {
  const int nodes = static_cast<int>(state.range(0));
  ValidatedRequest request = chain_request(nodes, kItems);
  ExecutorOptions options{.fuse_chains = !across_threads, .node_timing = false};
  Executor ex(registry(), options);
  for (auto _ : state) {
    RunResult r = across_threads ? ex.run_concurrent(request) : ex.run_sync(request);
    if (!r || r->outputs_by_node.front().second.as_array().size() != kItems) state.SkipWithError("wrong result");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * kItems);
  state.counters["ns_per_item"] = benchmark::Counter(
      static_cast<double>(state.iterations() * kItems),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_ChainSameThread(benchmark::State& state) { run_chain(state, false); }
void BM_ChainAcrossThreads(benchmark::State& state) { run_chain(state, true); }

BENCHMARK(BM_ChainSameThread)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_ChainAcrossThreads)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace remotemedia
