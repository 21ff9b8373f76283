#include "remotemedia/base64.h"

#include <array>
#include <cstdint>
#include <cstring>

namespace remotemedia {
namespace {

constexpr char kAlphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Two output characters per 12 input bits: halves the lookups of the textbook loop.
struct PairTable {
  std::array<std::uint16_t, 4096> pairs{};
  constexpr PairTable() {
    for (int i = 0; i < 4096; ++i) {
      auto hi = static_cast<std::uint8_t>(kAlphabet[i >> 6]);
      auto lo = static_cast<std::uint8_t>(kAlphabet[i & 63]);
      pairs[i] = static_cast<std::uint16_t>(hi | (lo << 8));  // little-endian store order
    }
  }
};
constexpr PairTable kPairs;

// Decoding: one table per position in a 4-character group, each holding the 6 bits already
// shifted into place, so a group is four loads and three ORs. Invalid characters map to
// kBad, whose high bits survive any OR and are caught by one compare per group.
constexpr std::uint32_t kBad = 0x01000000;
struct DecodeTables {
  std::array<std::uint32_t, 256> t[4]{};
  constexpr DecodeTables() {
    for (auto& table : t) table.fill(kBad);
    for (std::uint32_t i = 0; i < 64; ++i) {
      auto c = static_cast<std::uint8_t>(kAlphabet[i]);
      t[0][c] = i << 18;
      t[1][c] = i << 12;
      t[2][c] = i << 6;
      t[3][c] = i;
    }
  }
};
constexpr DecodeTables kDecode;

// The first three bytes of a little-endian 4-byte load, as a 24-bit big-endian number.
inline std::uint32_t load_big_endian_24(std::uint32_t little) {
  return ((little & 0xFF) << 16) | (little & 0xFF00) | ((little >> 16) & 0xFF);
}

void encode_into(std::span<const std::byte> bytes, std::uint8_t* dst) {
  const auto* src = reinterpret_cast<const std::uint8_t*>(bytes.data());
  std::size_t n = bytes.size(), i = 0;
  // Main loop: one unaligned 4-byte load per 3 input bytes (the 4th byte is ignored, so
  // it stops while a whole extra byte remains) and one 4-byte store per 4 characters.
  for (; i + 8 <= n; i += 6, dst += 8) {  // two groups per 8-byte load
    std::uint64_t w;
    std::memcpy(&w, src + i, 8);
    std::uint32_t g0 = load_big_endian_24(static_cast<std::uint32_t>(w));
    std::uint32_t g1 = load_big_endian_24(static_cast<std::uint32_t>(w >> 24));
    std::uint64_t chars = kPairs.pairs[g0 >> 12] | (std::uint64_t{kPairs.pairs[g0 & 0xFFF]} << 16) |
                          (std::uint64_t{kPairs.pairs[g1 >> 12]} << 32) |
                          (std::uint64_t{kPairs.pairs[g1 & 0xFFF]} << 48);
    std::memcpy(dst, &chars, 8);
  }
  for (; i + 4 <= n; i += 3, dst += 4) {
    std::uint32_t w;
    std::memcpy(&w, src + i, 4);
    w = load_big_endian_24(w);
    std::uint32_t chars = kPairs.pairs[w >> 12] | (std::uint32_t{kPairs.pairs[w & 0xFFF]} << 16);
    std::memcpy(dst, &chars, 4);
  }
  for (; i + 3 <= n; i += 3, dst += 4) {
    std::uint32_t w = (std::uint32_t{src[i]} << 16) | (std::uint32_t{src[i + 1]} << 8) | src[i + 2];
    std::uint16_t a = kPairs.pairs[w >> 12], b = kPairs.pairs[w & 0xFFF];
    dst[0] = static_cast<std::uint8_t>(a);
    dst[1] = static_cast<std::uint8_t>(a >> 8);
    dst[2] = static_cast<std::uint8_t>(b);
    dst[3] = static_cast<std::uint8_t>(b >> 8);
  }
  if (i < n) {
    std::uint32_t w = std::uint32_t{src[i]} << 16;
    if (i + 1 < n) w |= std::uint32_t{src[i + 1]} << 8;
    dst[0] = kAlphabet[(w >> 18) & 63];
    dst[1] = kAlphabet[(w >> 12) & 63];
    dst[2] = i + 1 < n ? kAlphabet[(w >> 6) & 63] : '=';
    dst[3] = '=';
  }
}

}  // namespace

std::size_t base64_encoded_size(std::size_t n) { return (n + 2) / 3 * 4; }

void base64_encode(std::span<const std::byte> bytes, std::string& out) {
  const std::size_t start = out.size();
  const std::size_t total = start + base64_encoded_size(bytes.size());
  // resize_and_overwrite: no zero-fill of tens of megabytes that are overwritten anyway.
  out.resize_and_overwrite(total, [&](char* buffer, std::size_t) {
    encode_into(bytes, reinterpret_cast<std::uint8_t*>(buffer + start));
    return total;
  });
}

std::string base64_encode(std::span<const std::byte> bytes) {
  std::string out;
  base64_encode(bytes, out);
  return out;
}

std::optional<std::size_t> base64_decoded_size(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  if (text.empty()) return 0;
  std::size_t padding = text.back() == '=' ? (text[text.size() - 2] == '=' ? 2 : 1) : 0;
  return text.size() / 4 * 3 - padding;
}

bool base64_decode(std::string_view text, std::byte* out) {
  auto size = base64_decoded_size(text);
  if (!size) return false;
  if (text.empty()) return true;
  const auto* src = reinterpret_cast<const std::uint8_t*>(text.data());
  auto* dst = reinterpret_cast<std::uint8_t*>(out);
  const std::size_t full_groups = text.size() / 4 - 1;  // the last group may hold padding
  std::uint32_t bad = 0;
  for (std::size_t g = 0; g < full_groups; ++g, src += 4, dst += 3) {
    std::uint32_t w = kDecode.t[0][src[0]] | kDecode.t[1][src[1]] | kDecode.t[2][src[2]] |
                      kDecode.t[3][src[3]];
    bad |= w;
    dst[0] = static_cast<std::uint8_t>(w >> 16);
    dst[1] = static_cast<std::uint8_t>(w >> 8);
    dst[2] = static_cast<std::uint8_t>(w);
  }
  if (bad >= kBad) return false;
  // Last group: "xxxx", "xxx=" or "xx==".
  std::size_t tail = *size - full_groups * 3;
  std::uint32_t w = kDecode.t[0][src[0]] | kDecode.t[1][src[1]];
  if (tail >= 2) w |= kDecode.t[2][src[2]];
  else if (src[2] != '=') return false;
  if (tail == 3) w |= kDecode.t[3][src[3]];
  else if (src[3] != '=') return false;
  if (w >= kBad) return false;
  dst[0] = static_cast<std::uint8_t>(w >> 16);
  if (tail >= 2) dst[1] = static_cast<std::uint8_t>(w >> 8);
  if (tail == 3) dst[2] = static_cast<std::uint8_t>(w);
  return true;
}

}  // namespace remotemedia
