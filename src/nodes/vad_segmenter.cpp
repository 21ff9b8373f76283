#include "nodes/vad_segmenter.h"

#include <algorithm>

namespace remotemedia::nodes {

std::optional<VadSegment> VadSegmenter::frame(bool loud, std::int64_t length) {
  const std::int64_t start = position_;
  const std::int64_t end = start + length;
  position_ = end;
  std::optional<VadSegment> decided;
  if (in_speech_) {
    if (end - segment_start_ <= timing_.max_segment) {
      if (loud) {
        speech_end_ = end;
      } else if (end - speech_end_ >= timing_.min_silence) {
        return close(speech_end_ + timing_.padding, false);
      }
      return std::nullopt;
    }
    // The frame would pass max_segment: the segment ends where it starts, and the frame
    // begins the next one if it is loud.
    const bool speech_goes_on = speech_end_ == start && loud;
    decided = close(speech_end_ == start ? start : std::min(speech_end_ + timing_.padding, start),
                    speech_goes_on);
  }
  if (loud) open(start, end);
  return decided;
}

std::optional<VadSegment> VadSegmenter::end() {
  if (!in_speech_) return std::nullopt;
  return close(std::min(speech_end_ + timing_.padding, position_), false);
}

std::int64_t VadSegmenter::keep_from() const {
  if (in_speech_) return segment_start_;
  return std::max(position_ - timing_.padding, previous_end_);
}

void VadSegmenter::open(std::int64_t start, std::int64_t end) {
  in_speech_ = true;
  segment_start_ = std::max({start - timing_.padding, previous_end_, end - timing_.max_segment});
  speech_start_ = start;
  speech_end_ = end;
}

std::optional<VadSegment> VadSegmenter::close(std::int64_t end, bool speech_goes_on) {
  in_speech_ = false;
  const bool keep = continues_cut_ || speech_goes_on || speech_end_ - speech_start_ >= timing_.min_speech;
  continues_cut_ = speech_goes_on;
  if (!keep) return std::nullopt;
  previous_end_ = end;
  return VadSegment{segment_start_, end};
}

}  // namespace remotemedia::nodes
