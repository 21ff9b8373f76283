#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "nodes/node_test_util.h"
#include "nodes/tensor_test_util.h"
#include "nodes/vad_segmenter.h"

namespace remotemedia {
namespace {

using nodes::VadSegment;
using nodes::VadSegmenter;
using nodes::VadTiming;
using testing::elements_of;
using testing::make_tensor;
using testing::NodeHarness;
using testing::obj;

// Frames of 10 samples, 'L' loud and '.' quiet; returns every segment with the index of
// the frame (or "end") that decided it.
std::vector<std::string> segments(VadTiming timing, std::string_view frames) {
  VadSegmenter s(timing);
  std::vector<std::string> out;
  auto note = [&](const std::optional<VadSegment>& seg, const std::string& when) {
    if (seg) out.push_back("[" + std::to_string(seg->start) + "," + std::to_string(seg->end) + ")@" + when);
  };
  for (std::size_t i = 0; i < frames.size(); ++i) note(s.frame(frames[i] == 'L', 10), std::to_string(i));
  note(s.end(), "end");
  return out;
}

constexpr VadTiming kTiming{.min_speech = 20, .min_silence = 30, .padding = 10, .max_segment = 1000};

using Segments = std::vector<std::string>;

TEST(VadSegmenter, SpeechEndsAfterMinSilenceAndKeepsItsPadding) {
  EXPECT_EQ(segments(kTiming, "..LLL......"), (Segments{"[10,60)@7"}));
  EXPECT_EQ(segments(kTiming, "LL"), (Segments{"[0,20)@end"}));              // no audio past the end
  EXPECT_EQ(segments(kTiming, "LLL."), (Segments{"[0,40)@end"}));
  EXPECT_EQ(segments(kTiming, "...."), (Segments{}));
}

TEST(VadSegmenter, PausesShorterThanMinSilenceStayInside) {
  EXPECT_EQ(segments(kTiming, "LL..LL..."), (Segments{"[0,70)@8"}));
  EXPECT_EQ(segments(kTiming, "LL...LL..."), (Segments{"[0,30)@4", "[40,80)@9"}));
}

TEST(VadSegmenter, SpeechShorterThanMinSpeechIsNoise) {
  EXPECT_EQ(segments(kTiming, ".L....LL...."), (Segments{"[50,90)@10"}));
  VadTiming any = kTiming;
  any.min_speech = 0;
  EXPECT_EQ(segments(any, ".L....LL...."), (Segments{"[0,30)@4", "[50,90)@10"}));
}

TEST(VadSegmenter, PaddingNeverReachesIntoThePreviousSegment) {
  const VadTiming timing{.min_speech = 0, .min_silence = 30, .padding = 25, .max_segment = 1000};
  EXPECT_EQ(segments(timing, "L...L..."), (Segments{"[0,35)@3", "[35,75)@7"}));
}

TEST(VadSegmenter, LongSpeechIsCutAtMaxSegment) {
  const VadTiming timing{.min_speech = 50, .min_silence = 30, .padding = 0, .max_segment = 40};
  // The pieces of long speech are kept, the last one (20 samples) too.
  EXPECT_EQ(segments(timing, "LLLLLLLLLL"), (Segments{"[0,40)@4", "[40,80)@8", "[80,100)@end"}));
  EXPECT_EQ(segments(timing, "LLLLLL...."), (Segments{"[0,40)@4", "[40,60)@8"}));
  // Padding counts into the length.
  const VadTiming padded{.min_speech = 0, .min_silence = 30, .padding = 10, .max_segment = 40};
  EXPECT_EQ(segments(padded, "..LLLLL....."), (Segments{"[10,50)@5", "[50,80)@9"}));
}

TEST(VadSegmenter, KeepsOnlyWhatASegmentStillToBeDecidedMayInclude) {
  VadSegmenter s(kTiming);
  for (int i = 0; i < 10; ++i) s.frame(false, 10);
  EXPECT_EQ(s.keep_from(), 90);  // the padding before a segment that may start next
  s.frame(true, 10);
  s.frame(false, 10);
  EXPECT_EQ(s.keep_from(), 90);  // the open segment's start
}

Value vad_params(Value::Object extra = {}) {
  Value::Object params = {{"sample_rate", Value(1000)},   {"frame_ms", Value(10)},
                          {"min_speech_ms", Value(20)},   {"min_silence_ms", Value(30)},
                          {"padding_ms", Value(10)}};
  for (auto& member : extra) params.push_back(std::move(member));
  return Value(std::move(params));
}

// `samples` cut into float32 tensors of `chunk` samples.
std::vector<Value> float_chunks(const std::vector<float>& samples, std::size_t chunk) {
  std::vector<Value> chunks;
  for (std::size_t at = 0; at < samples.size(); at += chunk) {
    const std::size_t n = std::min(chunk, samples.size() - at);
    chunks.emplace_back(make_tensor(DType::kFloat32, {static_cast<std::int64_t>(n)},
                                    std::vector<float>(samples.begin() + static_cast<std::ptrdiff_t>(at),
                                                       samples.begin() + static_cast<std::ptrdiff_t>(at + n))));
  }
  return chunks;
}

std::vector<Value> vad(const Value& params, std::vector<Value> chunks) {
  return testing::run_ok("EnergyVAD", params, std::move(chunks));
}

TEST(EnergyVAD, EmitsEachSegmentWithItsTimesAndSamples) {
  std::vector<float> x(250, 0.0f);
  for (std::size_t i = 100; i < 150; ++i) x[i] = (i % 2 ? 0.5f : -0.25f);
  for (std::size_t chunk : {1u, 7u, 64u, 250u}) {
    const std::vector<Value> out = vad(vad_params(), float_chunks(x, chunk));
    ASSERT_EQ(out.size(), 1u) << chunk;
    const Value::Object& segment = out[0].as_object();
    ASSERT_EQ(segment.size(), 3u);
    EXPECT_EQ(segment[0], (Value::Member{"start", Value(0.09)}));
    EXPECT_EQ(segment[1], (Value::Member{"end", Value(0.16)}));
    EXPECT_EQ(segment[2].first, "audio");
    EXPECT_EQ(elements_of<float>(segment[2].second.as_tensor()), std::vector<float>(x.begin() + 90, x.begin() + 160));
  }
  EXPECT_EQ(vad(vad_params({{"include_audio", Value(false)}}), float_chunks(x, 64)),
            std::vector<Value>{obj({{"start", Value(0.09)}, {"end", Value(0.16)}})});
}

TEST(EnergyVAD, ThresholdIsInDecibelsFullScaleForEveryDtype) {
  // -40 dB: a mean square of 1e-4, an amplitude of 0.01 (int16: 327.68).
  const auto segments_of = [](Value samples) { return vad(vad_params(), {std::move(samples)}).size(); };
  EXPECT_EQ(segments_of(Value(make_tensor(DType::kFloat32, {100}, std::vector<float>(100, 0.0101f)))), 1u);
  EXPECT_EQ(segments_of(Value(make_tensor(DType::kFloat32, {100}, std::vector<float>(100, -0.0099f)))), 0u);
  EXPECT_EQ(segments_of(Value(make_tensor(DType::kInt16, {100}, std::vector<std::int16_t>(100, 331)))), 1u);
  EXPECT_EQ(segments_of(Value(make_tensor(DType::kInt16, {100}, std::vector<std::int16_t>(100, -324)))), 0u);
  EXPECT_EQ(segments_of(Value(make_tensor(DType::kInt8, {100}, std::vector<std::int8_t>(100, 2)))), 1u);
  EXPECT_EQ(segments_of(Value(make_tensor(DType::kInt8, {100}, std::vector<std::int8_t>(100, 1)))), 0u);
  EXPECT_EQ(segments_of(testing::arr(std::vector<Value>(100, Value(0.02)))), 1u);
  // Exactly at the threshold is loud: 0 dB is a mean square of 1.
  const auto at_0_db = [](float amplitude) {
    return vad(vad_params({{"threshold_db", Value(0)}}),
               {Value(make_tensor(DType::kFloat32, {100}, std::vector<float>(100, amplitude)))})
        .size();
  };
  EXPECT_EQ(at_0_db(1.0f), 1u);
  EXPECT_EQ(at_0_db(-1.0f), 1u);
  EXPECT_EQ(at_0_db(0.99999994f), 0u);
}

TEST(EnergyVAD, JudgesTheLastShortFrameOnItsOwnSamples) {
  std::vector<float> x(105, 0.0f);
  for (std::size_t i = 100; i < 105; ++i) x[i] = 0.5f;
  const std::vector<Value> out = vad(vad_params({{"min_speech_ms", Value(0)}}), float_chunks(x, 50));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(*out[0].find("start"), Value(0.09));
  EXPECT_EQ(*out[0].find("end"), Value(0.105));
}

TEST(EnergyVAD, MeasuresEveryChannelAndKeepsTheLayout) {
  // Left silent, right loud in frames 10-14: the frame's mean square is over both.
  std::vector<std::int16_t> stereo(2 * 200, 0);
  for (std::size_t i = 100; i < 150; ++i) stereo[2 * i + 1] = 1000;  // mean square (1000/32768)^2 / 2
  const std::vector<Value> out =
      vad(vad_params(), {Value(make_tensor(DType::kInt16, {200, 2}, stereo))});
  ASSERT_EQ(out.size(), 1u);
  const Tensor& audio = out[0].find("audio")->as_tensor();
  EXPECT_EQ(audio.dtype(), DType::kInt16);
  EXPECT_EQ(audio.shape(), (std::vector<std::int64_t>{70, 2}));
  EXPECT_EQ(elements_of<std::int16_t>(audio),
            std::vector<std::int16_t>(stereo.begin() + 2 * 90, stereo.begin() + 2 * 160));
}

TEST(EnergyVAD, EmitsEachSegmentOfALongStreamAsItEnds) {
  // 20 000 s of audio at 1 kHz: speech 1 s in every 4; each segment is emitted with the
  // item after its speech, the one its silence ends in.
  std::vector<float> second(1000, 0.0f);
  std::vector<Value> out;
  Result<NodeHarness> h = NodeHarness::create(testing::builtin_registry(), "EnergyVAD", vad_params());
  ASSERT_TRUE(h.has_value());
  for (int s = 0; s < 20000; ++s) {
    std::fill(second.begin(), second.end(), s % 4 == 1 ? 0.3f : 0.0f);
    Result<std::vector<Value>> got = h->process(Value(make_tensor(DType::kFloat32, {1000}, second)));
    ASSERT_TRUE(got.has_value());
    ASSERT_EQ(got->size(), s % 4 == 2 ? 1u : 0u) << s;
    for (Value& v : *got) out.push_back(std::move(v));
  }
  ASSERT_EQ(out.size(), 5000u);
  EXPECT_EQ(*out[4999].find("start"), Value(19996990 / 1000.0));
  EXPECT_EQ(out[4999].find("audio")->as_tensor().shape(), (std::vector<std::int64_t>{1020}));
}

TEST(EnergyVAD, RefusesWhatIsNotSignedAudio) {
  Result<std::vector<Value>> out = testing::run_node(
      testing::builtin_registry(), "EnergyVAD", vad_params(),
      {Value(make_tensor(DType::kUInt8, {3}, std::vector<std::uint8_t>{128, 129, 127}))});
  ASSERT_FALSE(out.has_value());
  EXPECT_EQ(out.error().code, ErrorCode::kNodeFailed);
  EXPECT_EQ(out.error().message, "EnergyVAD takes signed int or float samples, not uint8");
}

TEST(EnergyVAD, ParamsOutsideWhatItCanDoAreInvalid) {
  const NodeDescriptor& d = *testing::builtin_registry().find("EnergyVAD");
  const auto issue = [&](Value::Object params) {
    const Value p(std::move(params));
    const std::vector<ParamIssue> issues = NodeHarness::check_params(d, p);
    Result<NodeHarness> created = NodeHarness::create(testing::builtin_registry(), "EnergyVAD", p);
    EXPECT_EQ(issues.empty(), created.has_value());
    if (issues.empty()) return std::string();
    EXPECT_EQ(created.error().code, ErrorCode::kInvalidParam);
    EXPECT_EQ(created.error().path, "/params/" + issues[0].param);
    return issues[0].param + ": " + issues[0].message;
  };
  EXPECT_EQ(issue({}), "");
  EXPECT_EQ(issue({{"sample_rate", Value(0)}}), "sample_rate: sample_rate must be >= 1, got 0");
  EXPECT_EQ(issue({{"frame_ms", Value(0.01)}}), "frame_ms: frame_ms 0.01 is less than one sample at sample_rate 16000");
  EXPECT_EQ(issue({{"min_speech_ms", Value(-5)}}), "min_speech_ms: min_speech_ms -5 is negative at sample_rate 16000");
  EXPECT_EQ(issue({{"max_segment_ms", Value(1e300)}}),
            "max_segment_ms: max_segment_ms 1e300 is too long at sample_rate 16000");
  EXPECT_EQ(issue({{"padding_ms", Value(400)}}),
            "padding_ms: padding_ms must not exceed min_silence_ms: a segment's tail is the silence that ends it");
  EXPECT_EQ(issue({{"max_segment_ms", Value(10)}}), "max_segment_ms: max_segment_ms must be at least frame_ms");
  EXPECT_EQ(issue({{"threshold_db", Value(1e308 * 10)}}), "threshold_db: threshold_db must be a finite number");
}

}  // namespace
}  // namespace remotemedia
