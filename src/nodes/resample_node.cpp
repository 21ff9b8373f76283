// Resample: changes an audio stream's sample rate (resampler.h has the filter).
//
// Each input item's samples join the stream; the item emits the output samples that
// became computable (none, for a short item that the filter still has to see past) as
// one tensor in the input's layout, or several of about kMaxSamples when there are more
// (a large ratio up makes up to 2**16 of each input sample), and flush() emits the tail.
// float64 samples give float64, every other dtype float32 (int16 PCM keeps its values:
// 1000 stays ~1000.0).
#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "nodes/audio_block.h"
#include "nodes/builtin_nodes.h"
#include "nodes/params.h"
#include "nodes/resampler.h"

namespace remotemedia::nodes {
namespace {

constexpr const char* kName = "Resample";
// The most samples (of all channels) in one output tensor, unless one frame has more.
constexpr std::int64_t kMaxSamples = std::int64_t{1} << 20;

class ResampleNode final : public Node {
 public:
  explicit ResampleNode(std::shared_ptr<const ResampleFilter> filter)
      : filter_(std::move(filter)), format_(kName) {}

  Result<void> process(Value&& item, Emitter& out) override {
    Result<AudioBlock> block = read_audio_block(item, kName, SampleKinds::kNumbers);
    if (!block) return std::unexpected(std::move(block).error());
    RM_TRY(format_.check(*block));
    const auto channels = static_cast<std::size_t>(block->format.channels);
    if (channels_.empty()) channels_.assign(channels, Resampler(filter_));
    samples_.resize(block->tensor.element_count());
    samples_to_double(block->tensor, samples_.data());
    for (std::size_t c = 0; c < channels; ++c) {
      if (!channels_[c].push(samples_.data() + c, static_cast<std::size_t>(block->frames), channels))
        return fail(ErrorCode::kNodeFailed,
                    std::string(kName) + "'s input passed " + std::to_string(Resampler::kMaxInputSamples) +
                        " samples per channel, the most one stream may have");
    }
    return emit_ready(out);
  }

  Result<void> flush(Emitter& out) override {
    for (Resampler& channel : channels_) channel.end();
    return emit_ready(out);
  }

  bool emits_on_flush() const override { return true; }

 private:
  Result<void> emit_ready(Emitter& out) {
    if (channels_.empty()) return {};
    const AudioFormat& format = *format_.format();
    const std::size_t count = channels_.size();
    const DType dtype = format.dtype == DType::kFloat64 ? DType::kFloat64 : DType::kFloat32;
    const std::int64_t most_frames = std::max<std::int64_t>(1, kMaxSamples / format.channels);
    while (const std::int64_t ready = std::min(channels_.front().ready(), most_frames)) {
      const auto frames = static_cast<std::size_t>(ready);
      // One frame of a tensor with very many channels may pass a 32-bit size_t.
      const auto bytes = static_cast<std::uint64_t>(ready) * count * dtype_size(dtype);
      if (bytes > std::numeric_limits<std::size_t>::max())
        return fail(ErrorCode::kLimitExceeded, std::string(kName) + "'s output tensor would take " +
                                                   std::to_string(bytes) + " bytes, more than memory can hold");
      std::shared_ptr<Buffer> buffer = Buffer::allocate(static_cast<std::size_t>(bytes));
      for (std::size_t c = 0; c < count; ++c) {
        if (dtype == DType::kFloat64)
          channels_[c].take(reinterpret_cast<double*>(buffer->mutable_data()) + c, frames, count);
        else
          channels_[c].take(reinterpret_cast<float*>(buffer->mutable_data()) + c, frames, count);
      }
      Result<Tensor> tensor = Tensor::make(dtype, format.shape(ready), std::move(buffer));
      if (!tensor) return std::unexpected(std::move(tensor).error());
      out.emit(Value(std::move(*tensor)));
    }
    return {};
  }

  std::shared_ptr<const ResampleFilter> filter_;
  AudioStreamFormat format_;
  std::vector<Resampler> channels_;
  std::vector<double> samples_;  // the item's samples as doubles, interleaved
};

std::vector<ParamIssue> resample_issues(const Value& params) {
  std::vector<ParamIssue> issues;
  const Value* input_rate = params.find("input_rate");
  const Value* output_rate = params.find("output_rate");
  for (const char* name : {"input_rate", "output_rate"}) {
    const Value* rate = params.find(name);
    if (rate != nullptr && rate->is_int() && rate->as_int() < 1)
      issues.push_back({name, ErrorCode::kInvalidParam,
                        std::string(name) + " must be >= 1, got " + std::to_string(rate->as_int())});
  }
  if (issues.empty() && input_rate && output_rate && input_rate->is_int() && output_rate->is_int()) {
    std::string ratio = ResampleFilter::ratio_issue(input_rate->as_int(), output_rate->as_int());
    if (!ratio.empty()) issues.push_back({"output_rate", ErrorCode::kInvalidParam, std::move(ratio)});
  }
  return issues;
}

}  // namespace

NodeDescriptor resample_descriptor() {
  NodeDescriptor d;
  d.name = kName;
  d.description =
      "Changes the sample rate of audio tensors (samples,) or (samples, channels) with a "
      "band-limited polyphase filter, as scipy.signal.resample_poly.";
  d.params = {
      make_param("input_rate", ParamType::kInt, true, Value(), "The input's sample rate, Hz."),
      make_param("output_rate", ParamType::kInt, true, Value(), "The output's sample rate, Hz."),
  };
  d.check = resample_issues;
  d.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    Result<Value> input_rate = param(config, "input_rate", ParamType::kInt);
    if (!input_rate) return std::unexpected(std::move(input_rate).error());
    Result<Value> output_rate = param(config, "output_rate", ParamType::kInt);
    if (!output_rate) return std::unexpected(std::move(output_rate).error());
    RM_TRY(no_issues(resample_issues(config.params)));
    return std::make_unique<ResampleNode>(ResampleFilter::design(input_rate->as_int(), output_rate->as_int()));
  };
  return d;
}

}  // namespace remotemedia::nodes
