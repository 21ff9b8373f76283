#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "nodes/node_test_util.h"
#include "nodes/params.h"
#include "nodes/resampler.h"
#include "nodes/tensor_test_util.h"

namespace remotemedia {
namespace {

using nodes::Resampler;
using nodes::ResampleFilter;
using testing::arr;
using testing::elements_of;
using testing::make_tensor;
using testing::NodeHarness;
using testing::obj;

Value rates(std::int64_t input_rate, std::int64_t output_rate) {
  return obj({{"input_rate", Value(input_rate)}, {"output_rate", Value(output_rate)}});
}

// Runs Resample over `chunks` and returns every output tensor.
std::vector<Tensor> resample(std::int64_t input_rate, std::int64_t output_rate, const std::vector<Value>& chunks) {
  Result<std::vector<Value>> out =
      testing::run_node(testing::builtin_registry(), "Resample", rates(input_rate, output_rate), chunks);
  EXPECT_TRUE(out.has_value()) << (out ? "" : out.error().message);
  std::vector<Tensor> tensors;
  if (out)
    for (const Value& v : *out) tensors.push_back(v.as_tensor());
  return tensors;
}

// The samples of consecutive 1-D or (samples, channels) tensors, end to end.
template <class T>
std::vector<T> joined(const std::vector<Tensor>& tensors) {
  std::vector<T> all;
  for (const Tensor& t : tensors) {
    std::vector<T> part = elements_of<T>(t);
    all.insert(all.end(), part.begin(), part.end());
  }
  return all;
}

std::vector<double> ramp(std::size_t n) {
  std::vector<double> x(n);
  for (std::size_t i = 0; i < n; ++i) x[i] = static_cast<double>(i + 1);
  return x;
}

// `samples` cut into consecutive 1-D float64 tensors of the given sizes (the last takes
// the rest).
std::vector<Value> chunked(const std::vector<double>& samples, const std::vector<std::size_t>& sizes) {
  std::vector<Value> chunks;
  std::size_t at = 0;
  for (std::size_t i = 0; i <= sizes.size() && at <= samples.size(); ++i) {
    const std::size_t n = i < sizes.size() ? std::min(sizes[i], samples.size() - at) : samples.size() - at;
    std::vector<double> part(samples.begin() + static_cast<std::ptrdiff_t>(at),
                             samples.begin() + static_cast<std::ptrdiff_t>(at + n));
    chunks.emplace_back(make_tensor(DType::kFloat64, {static_cast<std::int64_t>(n)}, part));
    at += n;
  }
  return chunks;
}

// scipy.signal.resample_poly(np.arange(1, 11.0), up, down) (scipy 1.10).
TEST(Resample, GivesScipysResamplePoly) {
  const std::vector<std::pair<std::pair<int, int>, std::vector<double>>> cases = {
      {{2, 3},
       {1.0006061735537772, 1.7186073660614278, 2.2824803846247095, 3.001818520661332, 3.7462627117594005,
        4.235057252132294, 5.003030867768886, 5.846073283556333, 6.1042664059106695, 7.004243214876441,
        8.088746905815137, 7.759100047178743, 9.005455561983995, 11.099218539511897, 7.012078252334852}},
      {{3, 2},
       {0.8842787854807835, 2.6033486247984396, 3.8774184323163126, 5.679541331728241, 6.728089726747279,
        9.025870607581929, 8.242599406530655}},
      {{4, 1}, {0.8403006281650264, 5.389980042668681, 7.467717987276677}},
  };
  for (const auto& [ratio, expected] : cases) {
    const std::vector<double> got = joined<double>(resample(ratio.first, ratio.second, chunked(ramp(10), {})));
    ASSERT_EQ(got.size(), expected.size()) << ratio.first << "->" << ratio.second;
    for (std::size_t i = 0; i < got.size(); ++i)
      EXPECT_NEAR(got[i], expected[i], 1e-13) << ratio.first << "->" << ratio.second << " at " << i;
  }
}

TEST(Resample, GivesCeilOfLengthTimesRatioSamples) {
  for (auto [in, out] : {std::pair{48000, 16000}, {16000, 48000}, {44100, 48000}, {3, 7}, {7, 3}, {5, 5}}) {
    for (std::size_t n : {0u, 1u, 2u, 3u, 100u, 1001u}) {
      const std::int64_t g = std::gcd(in, out);
      const auto up = static_cast<std::size_t>(out / g);
      const auto down = static_cast<std::size_t>(in / g);
      EXPECT_EQ(joined<double>(resample(in, out, chunked(ramp(n), {}))).size(), (n * up + down - 1) / down)
          << in << "->" << out << " over " << n;
    }
  }
}

TEST(Resample, AnyChunkingGivesTheSameBytesAsTheWholeSignal) {
  std::mt19937 random(7);
  std::uniform_real_distribution<double> sample(-1.0, 1.0);
  std::vector<double> x(5000);
  for (double& v : x) v = sample(random);
  for (auto [in, out] : {std::pair{48000, 16000}, {16000, 48000}, {44100, 48000}, {8000, 11025}}) {
    const std::vector<double> whole = joined<double>(resample(in, out, chunked(x, {})));
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<std::size_t> sizes;
      for (std::size_t total = 0; total < x.size();) {
        sizes.push_back(std::uniform_int_distribution<std::size_t>(0, trial == 0 ? 3 : 700)(random));
        total += sizes.back();
      }
      const std::vector<Tensor> parts = resample(in, out, chunked(x, sizes));
      EXPECT_EQ(joined<double>(parts), whole) << in << "->" << out << " trial " << trial;
      // Each item emits what has become computable: an output lags its input by at
      // most the filter's reach, not the whole stream.
      if (trial > 0) {
        EXPECT_GT(parts.size(), 2u);
      }
    }
  }
}

TEST(Resample, KeepsTheToneAndRemovesWhatTheNewRateCannotHold) {
  auto rms_after = [](double frequency) {
    std::vector<double> tone(48000);
    for (std::size_t i = 0; i < tone.size(); ++i)
      tone[i] = std::sin(2 * 3.141592653589793 * frequency * static_cast<double>(i) / 48000.0);
    const std::vector<double> y = joined<double>(resample(48000, 16000, chunked(tone, {4800})));
    EXPECT_EQ(y.size(), 16000u);
    double sum = 0.0;
    for (std::size_t i = 1000; i < 15000; ++i) sum += y[i] * y[i];  // edges aside
    return std::sqrt(sum / 14000.0);
  };
  EXPECT_NEAR(rms_after(1000.0), std::sqrt(0.5), 2e-3);  // below 8 kHz: kept
  EXPECT_LT(rms_after(10000.0), 2e-3);                   // above: filtered out (scipy: 9.6e-4)
}

TEST(Resample, ALargeRatioUpEmitsTensorsOfAtMostAMillionSamples) {
  // 40 000 samples from 1 Hz to 64 Hz: 2 560 000 samples, in three tensors or more.
  const std::vector<Tensor> out = resample(1, 64, chunked(std::vector<double>(40000, 0.5), {}));
  std::size_t total = 0;
  for (const Tensor& t : out) {
    EXPECT_LE(t.element_count(), std::size_t{1} << 20);
    total += t.element_count();
  }
  EXPECT_GE(out.size(), 3u);
  EXPECT_EQ(total, 2560000u);
}

TEST(Resample, EqualRatesPassTheSamplesExactly) {
  const std::vector<float> x = {0.5f, -0.0f, 1e-30f, -3.25f, INFINITY, 7.0f};
  const std::vector<Tensor> out =
      resample(44100, 44100, {Value(make_tensor(DType::kFloat32, {6}, x))});
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(testing::to_hex(out[0]), testing::to_hex(make_tensor(DType::kFloat32, {6}, x)));
}

TEST(Resample, Float64StaysFloat64AndEveryOtherDtypeGivesFloat32) {
  const std::vector<Tensor> from_int16 =
      resample(8000, 8000, {Value(make_tensor(DType::kInt16, {3}, std::vector<std::int16_t>{1000, -2, 32767}))});
  ASSERT_EQ(from_int16.size(), 1u);
  EXPECT_EQ(from_int16[0].dtype(), DType::kFloat32);
  EXPECT_EQ(elements_of<float>(from_int16[0]), (std::vector<float>{1000.0f, -2.0f, 32767.0f}));
  const std::vector<Tensor> from_list = resample(1, 2, {arr({Value(1), Value(2.5)})});
  ASSERT_FALSE(from_list.empty());
  EXPECT_EQ(from_list[0].dtype(), DType::kFloat64);
  const std::vector<Tensor> from_float32 =
      resample(1, 2, {Value(make_tensor(DType::kFloat32, {2}, std::vector<float>{1.0f, 2.0f}))});
  ASSERT_FALSE(from_float32.empty());
  EXPECT_EQ(from_float32[0].dtype(), DType::kFloat32);
  EXPECT_EQ(from_float32[0].shape(), (std::vector<std::int64_t>{4}));
}

TEST(Resample, ResamplesEachChannelOnItsOwn) {
  std::vector<double> left(301), right(301), both;
  for (std::size_t i = 0; i < left.size(); ++i) {
    left[i] = std::sin(static_cast<double>(i) * 0.1);
    right[i] = static_cast<double>(i % 7) - 3.0;
    both.push_back(left[i]);
    both.push_back(right[i]);
  }
  const std::vector<Tensor> stereo = resample(
      3, 2, {Value(make_tensor(DType::kFloat64, {150, 2}, std::vector<double>(both.begin(), both.begin() + 300))),
             Value(make_tensor(DType::kFloat64, {151, 2}, std::vector<double>(both.begin() + 300, both.end())))});
  const std::vector<double> l = joined<double>(resample(3, 2, chunked(left, {})));
  const std::vector<double> r = joined<double>(resample(3, 2, chunked(right, {})));
  for (const Tensor& t : stereo) EXPECT_EQ(t.shape().size(), 2u);
  std::vector<double> expected;
  for (std::size_t i = 0; i < l.size(); ++i) {
    expected.push_back(l[i]);
    expected.push_back(r[i]);
  }
  EXPECT_EQ(joined<double>(stereo), expected);
}

TEST(Resample, RefusesWhatIsNotAudio) {
  const auto error_of = [](std::vector<Value> items) {
    Result<std::vector<Value>> out =
        testing::run_node(testing::builtin_registry(), "Resample", rates(2, 3), std::move(items));
    EXPECT_FALSE(out.has_value());
    if (out) return std::string();
    EXPECT_EQ(out.error().code, ErrorCode::kNodeFailed);
    return out.error().message;
  };
  const Value f32 = Value(make_tensor(DType::kFloat32, {2}, std::vector<float>{1, 2}));
  EXPECT_EQ(error_of({Value("hi")}), "Resample takes audio tensors or lists of numbers, not a string");
  EXPECT_EQ(error_of({arr({Value(1), Value("x")})}),
            "Resample takes audio tensors or lists of numbers; item 1 of the list is a string");
  EXPECT_EQ(error_of({Value(make_tensor(DType::kBool, {1}, std::vector<std::uint8_t>{1}))}),
            "Resample takes numeric samples, not bool");
  EXPECT_EQ(error_of({Value(make_tensor(DType::kFloat32, {1, 1, 2}, std::vector<float>{1, 2}))}),
            "Resample takes tensors of shape (samples,) or (samples, channels), not (1, 1, 2)");
  EXPECT_EQ(error_of({Value(make_tensor(DType::kFloat32, {2, 0}, std::vector<float>{}))}),
            "Resample takes tensors of shape (samples,) or (samples, channels), not (2, 0)");
  EXPECT_EQ(error_of({f32, Value(make_tensor(DType::kFloat64, {1}, std::vector<double>{1}))}),
            "Resample got float64 samples after float32 ones; all inputs must share one dtype");
  EXPECT_EQ(error_of({f32, Value(make_tensor(DType::kFloat32, {1, 2}, std::vector<float>{1, 2}))}),
            "Resample got 2-channel (samples, channels) audio after 1-D audio; all inputs must share one layout");
}

TEST(Resample, ParamsOutsideWhatItCanDoAreInvalid) {
  const NodeDescriptor& d = *testing::builtin_registry().find("Resample");
  const auto issue = [&](std::int64_t in, std::int64_t out) {
    const std::vector<ParamIssue> issues = NodeHarness::check_params(d, rates(in, out));
    Result<NodeHarness> created = NodeHarness::create(testing::builtin_registry(), "Resample", rates(in, out));
    EXPECT_EQ(issues.empty(), created.has_value()) << in << "->" << out;
    if (issues.empty()) return std::string();
    EXPECT_EQ(created.error().code, ErrorCode::kInvalidParam);
    EXPECT_EQ(created.error().path, "/params/" + issues[0].param);
    return issues[0].param + ": " + issues[0].message;
  };
  EXPECT_EQ(issue(0, 16000), "input_rate: input_rate must be >= 1, got 0");
  EXPECT_EQ(issue(16000, -1), "output_rate: output_rate must be >= 1, got -1");
  EXPECT_EQ(issue(96000, 44101),
            "output_rate: input_rate 96000 and output_rate 44101 are in the ratio 96000:44101 in lowest "
            "terms; the terms may be at most 65536 (rates with a larger common divisor)");
  EXPECT_EQ(issue(48000, 44101), "");
  EXPECT_EQ(issue(192000, 8000), "");
  EXPECT_EQ(issue(1, 1), "");
}

TEST(Resampler, HoldsAboutOneFilterLengthOfInputHoweverLongTheStream) {
  std::shared_ptr<const ResampleFilter> filter = ResampleFilter::design(3, 2);
  Resampler r(filter);
  const std::vector<double> chunk(1000, 0.25);
  std::vector<double> all;
  auto take_ready = [&] {
    const auto n = static_cast<std::size_t>(r.ready());
    all.resize(all.size() + n);
    r.take(all.data() + all.size() - n, n);
  };
  std::size_t most_held = 0;
  for (int i = 0; i < 200; ++i) {
    ASSERT_TRUE(r.push(chunk.data(), chunk.size()));
    most_held = std::max(most_held, r.held_inputs());
    take_ready();
  }
  EXPECT_LT(most_held, 2 * (4096 + chunk.size()));
  r.end();
  take_ready();
  // 200 000 inputs at 3 Hz give 133 334 at 2 Hz: a constant, fading at both ends where
  // the zeros around the signal come into the filter.
  ASSERT_EQ(all.size(), 133334u);
  for (std::size_t i = 20; i < all.size() - 20; ++i) ASSERT_NEAR(all[i], 0.25, 1e-3) << i;
  EXPECT_LT(std::abs(all.back()), 0.22);
  EXPECT_LT(std::abs(all.front()), 0.22);
}

}  // namespace
}  // namespace remotemedia
