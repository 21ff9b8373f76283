// ValuesSource and RangeSource: generators (DESIGN §5 "Sources").
//
// generate() emits the next items while items remain and returns true (ValuesSource
// one per call, RangeSource up to 64); the first call after the last item emits nothing
// and returns false. As sources they never receive input; if a manifest nonetheless
// wires a predecessor into one, process() passes those items through unchanged, so the
// node stays a harmless link.
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nodes/builtin_nodes.h"
#include "nodes/params.h"
#include "remotemedia/json.h"

namespace remotemedia::nodes {
namespace {

class ValuesSource final : public Node {
 public:
  explicit ValuesSource(std::vector<Value> values) : values_(std::move(values)) {}

  Result<void> process(Value&& item, Emitter& out) override {
    out.emit(std::move(item));
    return {};
  }

  Result<bool> generate(Emitter& out) override {
    if (next_ == values_.size()) return false;
    out.emit(values_[next_++]);
    return true;
  }

 private:
  std::vector<Value> values_;
  std::size_t next_ = 0;
};

// Python's range(start, stop, step). The count and the running value are kept in
// uint64: stop - start can exceed int64 (range(INT64_MIN, INT64_MAX)), and adding step
// after the last item could too; unsigned arithmetic wraps where signed would be UB, and
// every value actually emitted is in range, so its int64 cast is exact.
class RangeSource final : public Node {
 public:
  RangeSource(std::int64_t start, std::int64_t stop, std::int64_t step)
      : next_(static_cast<std::uint64_t>(start)), step_(static_cast<std::uint64_t>(step)) {
    const auto ustart = static_cast<std::uint64_t>(start);
    const auto ustop = static_cast<std::uint64_t>(stop);
    if (step > 0 && start < stop)
      remaining_ = (ustop - ustart - 1) / static_cast<std::uint64_t>(step) + 1;
    else if (step < 0 && start > stop)
      remaining_ = (ustart - ustop - 1) / (std::uint64_t{0} - static_cast<std::uint64_t>(step)) + 1;
  }

  Result<void> process(Value&& item, Emitter& out) override {
    out.emit(std::move(item));
    return {};
  }

  // Up to kChunk ints per call: a call per item would cost the executor's per-call work
  // (a virtual call, its bookkeeping) for every int. Still lazy: a huge range holds only
  // what the executor's batch does. ValuesSource keeps one per call: its values may be
  // tensors, which the executor batches by their bytes.
  Result<bool> generate(Emitter& out) override {
    if (remaining_ == 0) return false;
    for (std::uint64_t n = std::min(remaining_, kChunk); n > 0; --n) {
      out.emit(Value(static_cast<std::int64_t>(next_)));
      next_ += step_;
      --remaining_;
    }
    return true;
  }

 private:
  static constexpr std::uint64_t kChunk = 64;
  std::uint64_t next_;
  std::uint64_t step_;
  std::uint64_t remaining_ = 0;
};

Result<std::vector<Value>> decode_values(const Value& values) {
  std::vector<Value> decoded;
  decoded.reserve(values.as_array().size());
  for (std::size_t i = 0; i < values.as_array().size(); ++i) {
    Result<Value> v = from_wire(values.as_array()[i], "/params/values/" + std::to_string(i));
    if (!v) {
      Error e = std::move(v).error();
      e.code = ErrorCode::kInvalidParam;  // a param, not input_data
      return std::unexpected(std::move(e));
    }
    decoded.push_back(std::move(*v));
  }
  return decoded;
}

}  // namespace

NodeDescriptor values_source_descriptor() {
  NodeDescriptor d;
  d.name = "ValuesSource";
  d.description = "Generates each item of values in order (tensor and bytes forms decoded).";
  d.is_generator = true;
  d.params = {make_param("values", ParamType::kArray, true, Value(), "The items to generate.")};
  d.check = [](const Value& params) {
    std::vector<ParamIssue> issues;
    const Value* values = params.find("values");
    if (values && values->is_array()) {
      if (Result<std::vector<Value>> decoded = decode_values(*values); !decoded)
        issues.push_back({"values", ErrorCode::kInvalidParam, decoded.error().message});
    }
    return issues;
  };
  d.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    Result<Value> values = param(config, "values", ParamType::kArray);
    if (!values) return std::unexpected(std::move(values).error());
    Result<std::vector<Value>> decoded = decode_values(*values);
    if (!decoded) return std::unexpected(std::move(decoded).error());
    return std::make_unique<ValuesSource>(std::move(*decoded));
  };
  return d;
}

NodeDescriptor range_source_descriptor() {
  NodeDescriptor d;
  d.name = "RangeSource";
  d.description = "Generates the ints of Python's range(start, stop, step).";
  d.is_generator = true;
  d.params = {
      make_param("start", ParamType::kInt, false, Value(0), "The first value."),
      make_param("stop", ParamType::kInt, true, Value(), "The bound, not included."),
      make_param("step", ParamType::kInt, false, Value(1), "The increment; not 0, may be negative."),
  };
  d.check = [](const Value& params) {
    std::vector<ParamIssue> issues;
    const Value* step = params.find("step");
    if (step && step->is_int() && step->as_int() == 0)
      issues.push_back({"step", ErrorCode::kInvalidParam, "step must not be 0"});
    return issues;
  };
  d.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    Result<Value> start = param(config, "start", ParamType::kInt);
    if (!start) return std::unexpected(std::move(start).error());
    Result<Value> stop = param(config, "stop", ParamType::kInt);
    if (!stop) return std::unexpected(std::move(stop).error());
    Result<Value> step = param(config, "step", ParamType::kInt);
    if (!step) return std::unexpected(std::move(step).error());
    if (step->as_int() == 0)
      return fail(ErrorCode::kInvalidParam, "step must not be 0", "/params/step");
    return std::make_unique<RangeSource>(start->as_int(), stop->as_int(), step->as_int());
  };
  return d;
}

}  // namespace remotemedia::nodes
