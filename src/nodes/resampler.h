// remotemedia nodes — band-limited rational resampling of one channel, as a stream.
//
// The rate changes by output_rate / input_rate = up / down (reduced by their gcd), the
// way scipy.signal.resample_poly(x, up, down) does it with its default window: zeros
// between samples to raise the rate by `up`, a low-pass FIR at the lower of the two
// Nyquist frequencies (a Kaiser-windowed sinc, beta 5, 20 * max(up, down) + 1 taps,
// gain `up`), then every `down`-th sample. The filter's delay is compensated: output
// sample n lies at input time n * down / up. The signal is zero before its first and
// after its last sample, so N input samples give ceil(N * up / down) output samples.
//
// As a stream: push() samples as they arrive; each output sample becomes ready once
// every input it depends on is known (about 10 * max(up, down) / up samples later), and
// end() makes the rest ready. Every output is computed from the same inputs in the same
// order whatever the chunking, so a chunked stream gives exactly the samples of the
// whole signal at once. The arithmetic is portable (the filter's sines are computed
// here, not by the C library), so the native and the WebAssembly builds give the same
// bits.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace remotemedia::nodes {

// The polyphase filter for one rate ratio; designed once and shared by every channel.
class ResampleFilter {
 public:
  // The largest term of a reduced ratio: the filter has 20 * max(up, down) + 1 taps
  // (2**16 gives 1.3 million, 10 MB).
  static constexpr std::int64_t kMaxTerm = std::int64_t{1} << 16;

  // An empty string when input_rate -> output_rate can be resampled, or why not. Both
  // rates must be >= 1.
  static std::string ratio_issue(std::int64_t input_rate, std::int64_t output_rate);
  // The filter for rates that ratio_issue() accepts.
  static std::shared_ptr<const ResampleFilter> design(std::int64_t input_rate,
                                                      std::int64_t output_rate);

  std::int64_t up() const { return up_; }
  std::int64_t down() const { return down_; }
  // Taps on each side of the centre.
  std::int64_t half_length() const { return half_length_; }
  // Taps of the longest phase: the most inputs one output sample reads.
  std::int64_t max_phase_length() const { return max_phase_length_; }
  // The prototype filter's taps, 2 * half_length() + 1 of them.
  const std::vector<double>& taps() const { return taps_; }

 private:
  friend class Resampler;
  ResampleFilter(std::int64_t up, std::int64_t down);

  std::int64_t up_;
  std::int64_t down_;
  std::int64_t half_length_;
  std::int64_t max_phase_length_ = 0;
  std::vector<double> taps_;
  // Phase p's taps in input order (oldest input first), at phase_start_[p],
  // phase_length_[p] of them.
  std::vector<double> phase_taps_;
  std::vector<std::size_t> phase_start_;
  std::vector<std::size_t> phase_length_;
};

class Resampler {
 public:
  // The most input samples one stream may have: output indices are computed in int64
  // as products with the ratio's terms (2**46 samples is over 11 years at 192 kHz).
  static constexpr std::int64_t kMaxInputSamples = std::int64_t{1} << 46;

  explicit Resampler(std::shared_ptr<const ResampleFilter> filter);

  // Appends `count` input samples: samples[0], samples[stride], ... Not after end().
  // False, and nothing appended, when the stream would pass kMaxInputSamples.
  bool push(const double* samples, std::size_t count, std::size_t stride = 1);
  // No more input: the signal goes on with zeros and the remaining outputs are ready.
  void end();
  // Output samples ready to be taken (int64: up to 2**16 per input sample, more than a
  // 32-bit size_t holds).
  std::int64_t ready() const;
  // Computes the next `count` (at most ready()) output samples into out[0],
  // out[stride], ..., converted to T.
  template <class T>
  void take(T* out, std::size_t count, std::size_t stride = 1) {
    for (std::size_t i = 0; i < count; ++i) out[i * stride] = static_cast<T>(next());
  }
  // Input samples held (about one filter length and one push, however long the stream).
  std::size_t held_inputs() const { return inputs_.size(); }

 private:
  double next();
  void drop_consumed_inputs();

  std::shared_ptr<const ResampleFilter> filter_;
  std::vector<double> inputs_;  // inputs_[0] is input sample first_input_
  std::int64_t first_input_;    // negative at the start: the zeros before the signal
  std::int64_t input_count_ = 0;
  bool ended_ = false;
  // The next output sample n, as n * down = quotient_ * up + remainder_.
  std::int64_t next_output_ = 0;
  std::int64_t quotient_ = 0;
  std::int64_t remainder_ = 0;
};

}  // namespace remotemedia::nodes
