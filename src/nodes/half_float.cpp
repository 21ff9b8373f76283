#include "nodes/half_float.h"

#include <bit>

namespace remotemedia::nodes {

float half_to_float(std::uint16_t h) {
  const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000u) << 16;
  const std::uint32_t exp = h & 0x7c00u;
  std::uint32_t sig = h & 0x03ffu;
  if (exp == 0x7c00u)  // inf or NaN: the payload moves to the top of float's significand
    return std::bit_cast<float>(sign | 0x7f800000u | (sig << 13));
  if (exp == 0) {
    if (sig == 0) return std::bit_cast<float>(sign);
    // Subnormal half: normalise; every half subnormal is a normal float.
    int e = -1;
    do {
      sig <<= 1;
      ++e;
    } while ((sig & 0x0400u) == 0);
    const std::uint32_t f_exp = static_cast<std::uint32_t>(127 - 15 - e) << 23;
    return std::bit_cast<float>(sign | f_exp | ((sig & 0x03ffu) << 13));
  }
  return std::bit_cast<float>(sign | ((exp + 0x1c000u) << 13) | (sig << 13));
}

double half_to_double(std::uint16_t h) { return static_cast<double>(half_to_float(h)); }

std::uint16_t float_to_half(float value) {
  const std::uint32_t f = std::bit_cast<std::uint32_t>(value);
  const auto h_sgn = static_cast<std::uint16_t>((f & 0x80000000u) >> 16);
  const std::uint32_t f_exp = f & 0x7f800000u;

  if (f_exp >= 0x47800000u) {  // |f| >= 65536, inf or NaN
    if (f_exp == 0x7f800000u && (f & 0x007fffffu) != 0) {
      auto ret = static_cast<std::uint16_t>(0x7c00u + ((f & 0x007fffffu) >> 13));
      if (ret == 0x7c00u) ++ret;  // a NaN whose payload was all in the dropped bits
      return static_cast<std::uint16_t>(h_sgn + ret);
    }
    return static_cast<std::uint16_t>(h_sgn + 0x7c00u);
  }

  if (f_exp <= 0x38000000u) {  // the result is a half subnormal or zero
    if (f_exp < 0x33000000u) return h_sgn;
    const std::uint32_t e = f_exp >> 23;
    std::uint32_t f_sig = 0x00800000u + (f & 0x007fffffu);
    f_sig >>= (113 - e);
    // Ties to even: the shift above may have dropped set bits, so look at them in `f`
    // before deciding that the remainder is exactly one half.
    if (((f_sig & 0x00003fffu) != 0x00001000u) || (f & 0x000007ffu)) f_sig += 0x00001000u;
    // A carry out of the significand turns the subnormal into the smallest normal.
    return static_cast<std::uint16_t>(h_sgn + (f_sig >> 13));
  }

  const auto h_exp = static_cast<std::uint16_t>((f_exp - 0x38000000u) >> 13);
  std::uint32_t f_sig = f & 0x007fffffu;
  if ((f_sig & 0x00003fffu) != 0x00001000u) f_sig += 0x00001000u;
  // A carry out of the significand bumps the exponent (up to inf): the right result.
  return static_cast<std::uint16_t>(h_sgn + h_exp + (f_sig >> 13));
}

std::uint16_t double_to_half(double value) {
  const std::uint64_t d = std::bit_cast<std::uint64_t>(value);
  const auto h_sgn = static_cast<std::uint16_t>((d & 0x8000000000000000ull) >> 48);
  const std::uint64_t d_exp = d & 0x7ff0000000000000ull;

  if (d_exp >= 0x40f0000000000000ull) {  // |d| >= 65536, inf or NaN
    if (d_exp == 0x7ff0000000000000ull && (d & 0x000fffffffffffffull) != 0) {
      auto ret = static_cast<std::uint16_t>(0x7c00u + ((d & 0x000fffffffffffffull) >> 42));
      if (ret == 0x7c00u) ++ret;
      return static_cast<std::uint16_t>(h_sgn + ret);
    }
    return static_cast<std::uint16_t>(h_sgn + 0x7c00u);
  }

  if (d_exp <= 0x3f00000000000000ull) {  // half subnormal or zero
    if (d_exp < 0x3e60000000000000ull) return h_sgn;
    const std::uint64_t e = d_exp >> 52;
    std::uint64_t d_sig = 0x0010000000000000ull + (d & 0x000fffffffffffffull);
    d_sig <<= (e - 998);  // keep the dropped bits in the top of a 64-bit word
    if ((d_sig & 0x003fffffffffffffull) != 0x0010000000000000ull) d_sig += 0x0010000000000000ull;
    return static_cast<std::uint16_t>(h_sgn + (d_sig >> 53));
  }

  const auto h_exp = static_cast<std::uint16_t>((d_exp - 0x3f00000000000000ull) >> 42);
  std::uint64_t d_sig = d & 0x000fffffffffffffull;
  if ((d_sig & 0x000007ffffffffffull) != 0x0000020000000000ull) d_sig += 0x0000020000000000ull;
  return static_cast<std::uint16_t>(h_sgn + h_exp + (d_sig >> 42));
}

}  // namespace remotemedia::nodes
