// EnergyVAD: cuts the speech out of an audio stream by frame energy.
//
// The stream is cut into frames of frame_ms; a frame is loud when its mean square
// sample (over its samples and channels; signed ints scaled to [-1, 1), so the threshold
// is in dB full scale for every dtype) reaches threshold_db. vad_segmenter.h turns loud
// and quiet frames into segments; each is emitted, once decided, as
//   {"start": seconds, "end": seconds, "audio": its samples, in the input's dtype and layout}.
// With include_audio false a segment is only its times, and no samples are held. The
// last, shorter frame of a stream is judged on its own samples. Memory stays bounded by
// max_segment_ms: the samples before any segment still to come are dropped.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "nodes/audio_block.h"
#include "nodes/builtin_nodes.h"
#include "nodes/params.h"
#include "nodes/vad_segmenter.h"
#include "remotemedia/json.h"

namespace remotemedia::nodes {
namespace {

constexpr const char* kName = "EnergyVAD";

struct VadSettings {
  std::int64_t sample_rate = 0;
  std::int64_t frame = 0;  // samples
  double threshold = 0.0;  // mean square
  bool include_audio = true;
  VadTiming timing;
};

class EnergyVadNode final : public Node {
 public:
  explicit EnergyVadNode(const VadSettings& settings)
      : settings_(settings), segmenter_(settings.timing), format_(kName) {}

  Result<void> process(Value&& item, Emitter& out) override {
    Result<AudioBlock> block = read_audio_block(item, kName, SampleKinds::kSigned);
    if (!block) return std::unexpected(std::move(block).error());
    RM_TRY(format_.check(*block));
    const Tensor& samples = block->tensor;
    const auto channels = static_cast<std::size_t>(block->format.channels);
    if (settings_.include_audio) held_.insert(held_.end(), samples.data(), samples.data() + samples.byte_size());
    scaled_.resize(samples.element_count());
    samples_to_double(samples, scaled_.data(), /*full_scale=*/true);
    for (std::size_t i = 0; i < scaled_.size(); i += channels) {
      for (std::size_t c = 0; c < channels; ++c) frame_energy_ += scaled_[i + c] * scaled_[i + c];
      if (++frame_fill_ == settings_.frame) emit_segment(segmenter_.frame(end_frame(), settings_.frame), out);
    }
    drop_unneeded_samples();
    return {};
  }

  Result<void> flush(Emitter& out) override {
    if (frame_fill_ > 0) {
      const std::int64_t length = frame_fill_;
      emit_segment(segmenter_.frame(end_frame(), length), out);
    }
    emit_segment(segmenter_.end(), out);
    return {};
  }

  bool emits_on_flush() const override { return true; }

 private:
  // Whether the frame now complete (or the stream's last, shorter one) is loud; starts
  // the next.
  bool end_frame() {
    const double count = static_cast<double>(frame_fill_ * format_.format()->channels);
    const bool loud = frame_energy_ / count >= settings_.threshold;
    frame_energy_ = 0.0;
    frame_fill_ = 0;
    return loud;
  }

  void emit_segment(const std::optional<VadSegment>& segment, Emitter& out) {
    if (!segment) return;
    const auto rate = static_cast<double>(settings_.sample_rate);
    Value::Object fields = {
        {"start", Value(static_cast<double>(segment->start) / rate)},
        {"end", Value(static_cast<double>(segment->end) / rate)},
    };
    if (settings_.include_audio) fields.emplace_back("audio", audio_of(*segment));
    out.emit(Value(std::move(fields)));
  }

  Value audio_of(const VadSegment& segment) const {
    const AudioFormat& format = *format_.format();
    const auto frames = segment.end - segment.start;
    std::shared_ptr<const Buffer> bytes = Buffer::copy_of(
        {held_.data() + static_cast<std::size_t>(segment.start - held_first_) * bytes_per_sample(),
         static_cast<std::size_t>(frames) * bytes_per_sample()});
    return Value(*Tensor::make(format.dtype, format.shape(frames), std::move(bytes)));  // sizes agree
  }

  // The bytes of one sample of every channel (of one instant).
  std::size_t bytes_per_sample() const {
    const AudioFormat& format = *format_.format();
    return static_cast<std::size_t>(format.channels) * dtype_size(format.dtype);
  }

  // Drops the held samples no segment can include any more, once they are most of them.
  void drop_unneeded_samples() {
    if (!settings_.include_audio) return;
    const auto droppable = static_cast<std::size_t>(segmenter_.keep_from() - held_first_) * bytes_per_sample();
    if (droppable < (1u << 16) || droppable < held_.size() / 2) return;
    held_.erase(held_.begin(), held_.begin() + static_cast<std::ptrdiff_t>(droppable));
    held_first_ = segmenter_.keep_from();
  }

  VadSettings settings_;
  VadSegmenter segmenter_;
  AudioStreamFormat format_;
  std::vector<std::byte> held_;   // the input's bytes from sample held_first_ on
  std::int64_t held_first_ = 0;
  std::vector<double> scaled_;    // the item's samples as doubles in [-1, 1)
  double frame_energy_ = 0.0;     // sum of squares of the frame so far
  std::int64_t frame_fill_ = 0;   // its samples per channel so far
};

// 10**(db / 10), the mean square a level in dB stands for, with + - * / only: the C
// library's pow may differ in its last bit between the native and the wasm32 libc, and
// a frame exactly at the threshold (a test tone) would then be loud in one form only.
double power_of_decibels(double db) {
  const double exponent = std::clamp(db / 10.0, -400.0, 400.0);  // beyond: 0 or inf anyway
  const double whole = std::floor(exponent);
  // 10**fraction = e**(fraction * ln 10), fraction in [0, 1): a series to below an ulp.
  const double x = (exponent - whole) * 2.302585092994045684;
  double fraction_power = 1.0;
  double term = 1.0;
  for (int k = 1; k < 60 && term > fraction_power * 1e-17; ++k) {
    term *= x / k;
    fraction_power += term;
  }
  // 10**|whole| by squaring (exact up to 10**22), then applied with one * or /.
  double ten_power = 1.0;
  double base = 10.0;
  for (auto n = static_cast<std::int64_t>(std::fabs(whole)); n > 0; n >>= 1) {
    if (n & 1) ten_power *= base;
    base *= base;
  }
  return whole >= 0 ? fraction_power * ten_power : fraction_power / ten_power;
}

// The duration params, in the order of vad_settings()' targets, with the fewest samples
// each may round to: a frame and a segment hold at least one.
struct Duration {
  const char* name;
  double at_least;
};
constexpr Duration kDurations[] = {{"frame_ms", 1.0},   {"min_speech_ms", 0.0},  {"min_silence_ms", 0.0},
                                   {"padding_ms", 0.0}, {"max_segment_ms", 1.0}};

// The settings the params give, and the problems with them (the settings mean nothing
// unless there are none). Expects every param present and of its type, as validation
// and the factory's param() calls make sure.
VadSettings vad_settings(const Value& params, std::vector<ParamIssue>& issues) {
  VadSettings s;
  s.sample_rate = params.find("sample_rate")->as_int();
  if (s.sample_rate < 1) {
    issues.push_back({"sample_rate", ErrorCode::kInvalidParam,
                      "sample_rate must be >= 1, got " + std::to_string(s.sample_rate)});
    return s;
  }
  const double threshold_db = params.find("threshold_db")->as_number();
  if (!std::isfinite(threshold_db))
    issues.push_back({"threshold_db", ErrorCode::kInvalidParam, "threshold_db must be a finite number"});
  s.threshold = power_of_decibels(threshold_db);
  s.include_audio = params.find("include_audio")->as_bool();
  std::int64_t* const targets[] = {&s.frame, &s.timing.min_speech, &s.timing.min_silence,
                                   &s.timing.padding, &s.timing.max_segment};
  for (std::size_t i = 0; i < std::size(kDurations); ++i) {
    const char* name = kDurations[i].name;
    const double at_least = kDurations[i].at_least;
    const double ms = params.find(name)->as_number();
    const double samples = std::round(ms * static_cast<double>(s.sample_rate) / 1000.0);
    if (samples >= at_least && samples <= 0x1p53) {
      *targets[i] = static_cast<std::int64_t>(samples);
      continue;
    }
    const char* what = !(samples >= at_least) ? (at_least > 0 ? "is less than one sample" : "is negative")
                                              : "is too long";
    issues.push_back({name, ErrorCode::kInvalidParam,
                      std::string(name) + " " + to_json(*params.find(name)) + " " + what +
                          " at sample_rate " + std::to_string(s.sample_rate)});
  }
  if (!issues.empty()) return s;
  if (s.timing.padding > s.timing.min_silence)
    issues.push_back({"padding_ms", ErrorCode::kInvalidParam,
                      "padding_ms must not exceed min_silence_ms: a segment's tail is the silence that ends it"});
  if (s.frame > s.timing.max_segment)
    issues.push_back({"max_segment_ms", ErrorCode::kInvalidParam, "max_segment_ms must be at least frame_ms"});
  return s;
}

std::vector<ParamIssue> vad_issues(const Value& params) {
  std::vector<ParamIssue> issues;
  vad_settings(params, issues);
  return issues;
}

}  // namespace

NodeDescriptor energy_vad_descriptor() {
  NodeDescriptor d;
  d.name = kName;
  d.description =
      "Voice activity by frame energy: emits each speech segment of an audio stream as "
      "{\"start\", \"end\" (seconds), \"audio\" (its samples, unless include_audio is false)}.";
  d.params = {
      make_param("sample_rate", ParamType::kInt, false, Value(16000), "The input's sample rate, Hz."),
      make_param("threshold_db", ParamType::kNumber, false, Value(-40.0),
                 "A frame is speech when its mean square reaches this, dB full scale."),
      make_param("frame_ms", ParamType::kNumber, false, Value(20.0), "Frame length, ms."),
      make_param("min_speech_ms", ParamType::kNumber, false, Value(100.0),
                 "Shorter speech is noise and gives no segment, ms."),
      make_param("min_silence_ms", ParamType::kNumber, false, Value(300.0),
                 "Quiet that ends a segment, ms; shorter pauses stay inside it."),
      make_param("padding_ms", ParamType::kNumber, false, Value(30.0),
                 "Audio kept before and after the speech, ms; at most min_silence_ms."),
      make_param("max_segment_ms", ParamType::kNumber, false, Value(30000.0),
                 "Longer speech is cut into segments this long, ms."),
      make_param("include_audio", ParamType::kBool, false, Value(true),
                 "Segments carry their samples as \"audio\"; false: only their times."),
  };
  d.check = vad_issues;
  d.create = [](const NodeConfig& config) -> Result<std::unique_ptr<Node>> {
    RM_TRY(param(config, "sample_rate", ParamType::kInt));
    RM_TRY(param(config, "threshold_db", ParamType::kNumber));
    RM_TRY(param(config, "include_audio", ParamType::kBool));
    for (const Duration& d : kDurations) RM_TRY(param(config, d.name, ParamType::kNumber));
    std::vector<ParamIssue> issues;
    const VadSettings settings = vad_settings(config.params, issues);
    RM_TRY(no_issues(issues));
    return std::make_unique<EnergyVadNode>(settings);
  };
  return d;
}

}  // namespace remotemedia::nodes
