#include "remotemedia/base64.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace remotemedia {
namespace {

std::span<const std::byte> as_bytes(const std::string& s) {
  return std::as_bytes(std::span(s.data(), s.size()));
}

std::string decode(std::string_view text) {
  auto size = base64_decoded_size(text);
  if (!size) return "<bad size>";
  std::string out(*size, '\0');
  if (!base64_decode(text, reinterpret_cast<std::byte*>(out.data()))) return "<bad>";
  return out;
}

TEST(Base64, Rfc4648Vectors) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""}, {"f", "Zg=="}, {"fo", "Zm8="}, {"foo", "Zm9v"}, {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : cases) {
    EXPECT_EQ(base64_encode(as_bytes(plain)), encoded);
    EXPECT_EQ(decode(encoded), plain);
  }
}

TEST(Base64, RoundTripsEveryLengthAndByte) {
  std::string data;
  for (int i = 0; i < 300; ++i) {
    data.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
    std::string text = base64_encode(as_bytes(data));
    ASSERT_EQ(text.size(), base64_encoded_size(data.size()));
    ASSERT_EQ(decode(text), data) << "length " << data.size();
  }
}

TEST(Base64, AppendsToExistingText) {
  std::string out = "\"";
  base64_encode(as_bytes(std::string("hi")), out);
  EXPECT_EQ(out, "\"aGk=");
}

TEST(Base64, RejectsMalformedText) {
  for (const char* bad : {"Zg=", "Zg", "Z===", "Zm9v!A==", "Zm 9v", "=Zm9", "Zm=v", "Zg==Zg=="}) {
    EXPECT_TRUE(decode(bad) == "<bad>" || decode(bad) == "<bad size>") << bad;
  }
}

}  // namespace
}  // namespace remotemedia
