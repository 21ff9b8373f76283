// remotemedia nodes — audio items as the media nodes read them.
//
// An audio item is a tensor of shape (samples) for one channel or (samples, channels),
// interleaved, as numpy and soundfile lay out audio; or a JSON-style list of numbers,
// taken as one float64 channel. Every item of one stream must share the first one's
// dtype and layout: a node's output dtype follows its input's, and a stream whose
// format changed midway is a wiring mistake worth an error, not a silent conversion.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/error.h"
#include "remotemedia/value.h"

namespace remotemedia::nodes {

struct AudioFormat {
  DType dtype = DType::kFloat64;
  std::int64_t channels = 1;
  bool has_channel_axis = false;  // shape (frames, channels), not (frames)

  // The shape of a block of `frames` samples per channel.
  std::vector<std::int64_t> shape(std::int64_t frames) const;
  bool operator==(const AudioFormat&) const = default;
};

struct AudioBlock {
  Tensor tensor;            // its samples; a list of numbers becomes float64
  std::int64_t frames = 0;  // samples per channel
  AudioFormat format;
};

// Which sample dtypes a node takes.
enum class SampleKinds { kNumbers, kSigned };  // any but bool / signed ints and floats

// `item` as audio, or a node_failed error naming `node_type` and what it got.
Result<AudioBlock> read_audio_block(const Value& item, std::string_view node_type, SampleKinds kinds);

// The tensor's elements as doubles, in memory order (channels interleaved); exact for
// every dtype but int64/uint64 beyond 2**53. Signed ints are divided by 2**(bits - 1)
// when `full_scale` is set, so that int16 PCM lies in [-1, 1) like float audio.
void samples_to_double(const Tensor& tensor, double* out, bool full_scale = false);

// The dtype and layout of a stream's first block; later blocks must match it.
class AudioStreamFormat {
 public:
  explicit AudioStreamFormat(std::string node_type) : node_type_(std::move(node_type)) {}
  // Records the first block's format, or checks a later block against it.
  Result<void> check(const AudioBlock& block);
  // The first block's, once there has been one.
  const std::optional<AudioFormat>& format() const { return format_; }

 private:
  std::string node_type_;
  std::optional<AudioFormat> format_;
};

}  // namespace remotemedia::nodes
