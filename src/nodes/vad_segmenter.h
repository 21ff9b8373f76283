// remotemedia nodes — speech segments from a stream of loud/quiet frame decisions.
//
// The decisions of a voice activity detector (EnergyVAD's: a frame's energy against a
// threshold) arrive a frame at a time; the segmenter turns them into segments of the
// stream, in sample indices:
//   - speech starts at the first loud frame and goes on while frames are loud, across
//     quiet gaps shorter than min_silence;
//   - it ends once min_silence samples of quiet follow it (min_silence 0: at the first
//     quiet frame), or at the end of the stream;
//   - speech shorter than min_speech is noise (a click, a door) and gives no segment;
//   - a segment spans its speech plus up to `padding` samples on each side (the quiet
//     lead-in and tail a recogniser wants), never reaching back into the previous
//     segment nor before the stream's start, nor past its end;
//   - no segment is longer than max_segment: longer speech is cut into consecutive
//     segments, the first max_segment long (the cut pieces are kept whatever their
//     length, being parts of long speech).
// A segment is reported when it is decided: after the frame that ends it, or at end().
// Lengths are in samples; padding <= min_silence (so the tail has been seen when speech
// ends) and every frame fits in max_segment.
#pragma once

#include <cstdint>
#include <optional>

namespace remotemedia::nodes {

struct VadTiming {
  std::int64_t min_speech = 0;
  std::int64_t min_silence = 0;
  std::int64_t padding = 0;
  std::int64_t max_segment = 0;
};

struct VadSegment {
  std::int64_t start;  // first sample
  std::int64_t end;    // one past the last sample
  bool operator==(const VadSegment&) const = default;
};

class VadSegmenter {
 public:
  explicit VadSegmenter(VadTiming timing) : timing_(timing) {}

  // The next frame, `length` samples, loud or not; the segment it decides, if any.
  std::optional<VadSegment> frame(bool loud, std::int64_t length);
  // End of stream: the segment still open, if any and long enough.
  std::optional<VadSegment> end();
  // The first sample a segment decided later may include: the samples before it can be
  // dropped.
  std::int64_t keep_from() const;

 private:
  std::optional<VadSegment> close(std::int64_t end, bool speech_goes_on);
  void open(std::int64_t start, std::int64_t end);

  VadTiming timing_;
  std::int64_t position_ = 0;       // samples of the frames seen
  bool in_speech_ = false;
  std::int64_t segment_start_ = 0;  // with its padding
  std::int64_t speech_start_ = 0;
  std::int64_t speech_end_ = 0;     // one past its last loud frame
  std::int64_t previous_end_ = 0;   // of the last segment reported
  bool continues_cut_ = false;      // this speech goes on from a segment cut at max_segment
};

}  // namespace remotemedia::nodes
