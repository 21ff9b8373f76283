#include "nodes/resampler.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>

namespace remotemedia::nodes {
namespace {

constexpr double kPi = 3.141592653589793238462643383279502884;
constexpr double kKaiserBeta = 5.0;  // scipy.signal.resample_poly's default window
constexpr std::int64_t kZeroCrossings = 10;  // taps each side, in units of max(up, down)

// sin(pi * m / r) for integers m and r > 0. The angle is reduced exactly, in integers,
// to [0, pi/2], where a Taylor series to x**25 is accurate to below double precision: no
// C library call, whose last bit may differ between the native and the wasm32 libc.
double sin_pi_fraction(std::int64_t m, std::int64_t r) {
  std::int64_t k = m % (2 * r);
  if (k < 0) k += 2 * r;
  double sign = 1.0;
  if (k >= r) {  // sin(pi + a) = -sin(a)
    k -= r;
    sign = -1.0;
  }
  if (2 * k > r) k = r - k;  // sin(pi - a) = sin(a)
  const double x = kPi * static_cast<double>(k) / static_cast<double>(r);
  const double x2 = x * x;
  double series = 0.0;
  // 1 / (2j + 1)! for j = 12 down to 1.
  static constexpr double kInverseOddFactorials[] = {
      1.0 / 15511210043330985984000000.0, 1.0 / 25852016738884976640000.0,
      1.0 / 51090942171709440000.0,       1.0 / 121645100408832000.0,
      1.0 / 355687428096000.0,            1.0 / 1307674368000.0,
      1.0 / 6227020800.0,                 1.0 / 39916800.0,
      1.0 / 362880.0,                     1.0 / 5040.0,
      1.0 / 120.0,                        1.0 / 6.0,
  };
  double sign_of_term = 1.0;  // the x**25 term is positive; signs alternate downwards
  for (double c : kInverseOddFactorials) {
    series = (series + sign_of_term * c) * x2;
    sign_of_term = -sign_of_term;
  }
  return sign * x * (1.0 + series);
}

// The modified Bessel function of the first kind, order 0, by its power series.
double bessel_i0(double x) {
  const double y = x * x / 4.0;
  double sum = 1.0;
  double term = 1.0;
  for (int k = 1; k < 500 && term > sum * 1e-17; ++k) {
    term *= y / (static_cast<double>(k) * static_cast<double>(k));
    sum += term;
  }
  return sum;
}

}  // namespace

std::string ResampleFilter::ratio_issue(std::int64_t input_rate, std::int64_t output_rate) {
  if (input_rate < 1 || output_rate < 1) return "input_rate and output_rate must be >= 1";
  const std::int64_t g = std::gcd(input_rate, output_rate);
  const std::int64_t up = output_rate / g;
  const std::int64_t down = input_rate / g;
  if (std::max(up, down) <= kMaxTerm) return {};
  return "input_rate " + std::to_string(input_rate) + " and output_rate " +
         std::to_string(output_rate) + " are in the ratio " + std::to_string(down) + ":" +
         std::to_string(up) + " in lowest terms; the terms may be at most " +
         std::to_string(kMaxTerm) + " (rates with a larger common divisor)";
}

std::shared_ptr<const ResampleFilter> ResampleFilter::design(std::int64_t input_rate,
                                                             std::int64_t output_rate) {
  const std::int64_t g = std::gcd(input_rate, output_rate);
  return std::shared_ptr<const ResampleFilter>(new ResampleFilter(output_rate / g, input_rate / g));
}

// scipy.signal.firwin(2 * half + 1, 1 / max(up, down), window=("kaiser", 5.0)) * up:
// the ideal low-pass's taps sin(pi m / R) / (pi m), windowed, scaled to a DC gain of 1,
// then multiplied by `up` (the zeros put between samples take that much energy).
// Equal rates take the one tap 1.0: the samples pass exactly.
ResampleFilter::ResampleFilter(std::int64_t up, std::int64_t down)
    : up_(up), down_(down), half_length_(up == down ? 0 : kZeroCrossings * std::max(up, down)) {
  const std::int64_t cutoff_divisor = std::max(up, down);
  const std::int64_t count = 2 * half_length_ + 1;
  taps_.resize(static_cast<std::size_t>(count));
  const double window_scale = bessel_i0(kKaiserBeta);
  double sum = 0.0;
  for (std::int64_t k = 0; k < count; ++k) {
    const std::int64_t m = k - half_length_;
    const double ideal = m == 0 ? 1.0 / static_cast<double>(cutoff_divisor)
                                : sin_pi_fraction(m, cutoff_divisor) / (kPi * static_cast<double>(m));
    const double ratio = half_length_ == 0 ? 0.0 : static_cast<double>(m) / static_cast<double>(half_length_);
    const double window = bessel_i0(kKaiserBeta * std::sqrt(std::max(0.0, 1.0 - ratio * ratio))) / window_scale;
    taps_[static_cast<std::size_t>(k)] = ideal * window;
    sum += taps_[static_cast<std::size_t>(k)];
  }
  for (double& tap : taps_) tap = tap / sum * static_cast<double>(up);

  // Output n reads inputs j <= j_max with tap (n * down + half) - j * up: phase
  // p = (n * down + half) mod up uses taps p, p + up, p + 2 up, ... for j_max, j_max - 1, ...
  phase_start_.resize(static_cast<std::size_t>(up));
  phase_length_.resize(static_cast<std::size_t>(up));
  phase_taps_.reserve(taps_.size());
  for (std::int64_t p = 0; p < up; ++p) {
    const std::int64_t length = p < count ? (count - 1 - p) / up + 1 : 0;
    phase_start_[static_cast<std::size_t>(p)] = phase_taps_.size();
    phase_length_[static_cast<std::size_t>(p)] = static_cast<std::size_t>(length);
    for (std::int64_t i = length - 1; i >= 0; --i)
      phase_taps_.push_back(taps_[static_cast<std::size_t>(p + i * up)]);
    max_phase_length_ = std::max(max_phase_length_, length);
  }
}

Resampler::Resampler(std::shared_ptr<const ResampleFilter> filter)
    : filter_(std::move(filter)),
      inputs_(static_cast<std::size_t>(filter_->max_phase_length()), 0.0),
      first_input_(-filter_->max_phase_length()) {}

bool Resampler::push(const double* samples, std::size_t count, std::size_t stride) {
  if (static_cast<std::int64_t>(count) > kMaxInputSamples - input_count_) return false;
  drop_consumed_inputs();
  // push_back alone: its geometric growth keeps a stream of tiny pushes linear, where
  // reserving exactly what each push needs would reallocate on every one.
  for (std::size_t i = 0; i < count; ++i) inputs_.push_back(samples[i * stride]);
  input_count_ += static_cast<std::int64_t>(count);
  return true;
}

void Resampler::end() {
  if (ended_) return;
  ended_ = true;
  const std::int64_t total = next_output_ + ready();
  if (total == 0) return;
  // Zeros up to the last input the last output reads.
  const std::int64_t last_read = ((total - 1) * filter_->down_ + filter_->half_length_) / filter_->up_;
  const std::int64_t known = first_input_ + static_cast<std::int64_t>(inputs_.size());
  if (last_read >= known) inputs_.resize(inputs_.size() + static_cast<std::size_t>(last_read - known + 1), 0.0);
}

std::int64_t Resampler::ready() const {
  const std::int64_t up = filter_->up_;
  const std::int64_t down = filter_->down_;
  std::int64_t available;
  if (ended_) {
    available = (input_count_ * up + down - 1) / down;  // ceil(N * up / down)
  } else {
    // Outputs n whose last input (n * down + half) / up is below input_count_.
    const std::int64_t bound = input_count_ * up - filter_->half_length_;
    available = bound <= 0 ? 0 : (bound + down - 1) / down;
  }
  return available > next_output_ ? available - next_output_ : 0;
}

double Resampler::next() {
  const ResampleFilter& f = *filter_;
  const std::int64_t t = remainder_ + f.half_length_;
  const std::int64_t last_read = quotient_ + t / f.up_;
  const auto phase = static_cast<std::size_t>(t % f.up_);
  const std::size_t length = f.phase_length_[phase];
  const double* x = inputs_.data() + (last_read - static_cast<std::int64_t>(length) + 1 - first_input_);
  const double* h = f.phase_taps_.data() + f.phase_start_[phase];
  // Four running sums: a single one waits for each addition before the next. The order
  // is fixed, so every build adds the same way. They start at -0.0, the identity of
  // addition (0.0 + -0.0 is 0.0), so one tap of 1.0 gives its input back exactly.
  // Held as two pairs, one vector each (SSE2 natively, simd128 in the .wasm): each lane
  // adds exactly as a scalar would, so the bits are the same either way.
  using Pair = double __attribute__((vector_size(16)));
  Pair s01 = {-0.0, -0.0}, s23 = {-0.0, -0.0};
  std::size_t i = 0;
  for (; i + 4 <= length; i += 4) {
    Pair h01, h23, x01, x23;
    std::memcpy(&h01, h + i, sizeof h01);
    std::memcpy(&h23, h + i + 2, sizeof h23);
    std::memcpy(&x01, x + i, sizeof x01);
    std::memcpy(&x23, x + i + 2, sizeof x23);
    s01 += h01 * x01;
    s23 += h23 * x23;
  }
  double s0 = s01[0], s1 = s01[1], s2 = s23[0], s3 = s23[1];
  for (; i < length; ++i) s0 += h[i] * x[i];
  ++next_output_;
  remainder_ += f.down_;
  quotient_ += remainder_ / f.up_;
  remainder_ %= f.up_;
  return (s0 + s1) + (s2 + s3);
}

// Inputs before the next output's first read are not read again; erased once they are
// most of the buffer, so a long stream keeps only about one chunk and one filter length.
void Resampler::drop_consumed_inputs() {
  const std::int64_t first_needed = quotient_ - filter_->max_phase_length_;
  const std::int64_t droppable = first_needed - first_input_;
  if (droppable < 4096 || droppable < static_cast<std::int64_t>(inputs_.size() / 2)) return;
  inputs_.erase(inputs_.begin(), inputs_.begin() + droppable);
  first_input_ = first_needed;
}

}  // namespace remotemedia::nodes
