// remotemedia — "did you mean" suggestions for unknown names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace remotemedia {

// The candidate closest to `name` by case-insensitive edit distance, if it is close
// enough to be a plausible typo (distance <= max(2, name.size() / 3)).
std::optional<std::string> closest_match(std::string_view name,
                                         const std::vector<std::string>& candidates);

// " (did you mean \"X\"?)" or "" — ready to append to a message.
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace remotemedia
