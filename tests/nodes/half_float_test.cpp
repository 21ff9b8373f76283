#include "nodes/half_float.h"

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>

namespace remotemedia::nodes {
namespace {

// Bit patterns as numpy 1.24 gives them (np.float16(x).view(np.uint16)); the conversion
// was also compared with numpy over every half, every 7th float32 bit pattern and 4M
// doubles while it was written.
TEST(HalfFloat, KnownValues) {
  EXPECT_EQ(float_to_half(1.0f), 0x3c00);
  EXPECT_EQ(float_to_half(-2.0f), 0xc000);
  EXPECT_EQ(float_to_half(65504.0f), 0x7bff);
  EXPECT_EQ(float_to_half(65519.0f), 0x7bff);  // below the halfway point to 65536
  EXPECT_EQ(float_to_half(65520.0f), 0x7c00);  // ties to even → overflows to inf
  EXPECT_EQ(float_to_half(0.1f), 0x2e66);
  EXPECT_EQ(float_to_half(-0.0f), 0x8000);
  EXPECT_EQ(float_to_half(5.960464477539063e-08f), 0x0001);  // smallest subnormal
  EXPECT_EQ(float_to_half(2.9802322387695312e-08f), 0x0000);  // half of it: tie to even 0
  EXPECT_EQ(float_to_half(2049.0f), 0x6800);  // tie between 2048 and 2050 → even 2048
  EXPECT_EQ(float_to_half(2051.0f), 0x6802);  // tie between 2050 and 2052 → even 2052
  EXPECT_EQ(float_to_half(std::numeric_limits<float>::infinity()), 0x7c00);
  EXPECT_EQ(float_to_half(std::bit_cast<float>(0x7fc00000u)), 0x7e00);  // quiet NaN
  EXPECT_EQ(float_to_half(std::bit_cast<float>(0x7f800001u)), 0x7c01);  // payload lost: stays NaN
}

TEST(HalfFloat, DoubleRoundsOnce) {
  EXPECT_EQ(double_to_half(0.1), 0x2e66);
  EXPECT_EQ(double_to_half(1e10), 0x7c00);
  EXPECT_EQ(double_to_half(-1e-50), 0x8000);
  // 1 + 2^-11 + 2^-40 is just above the halfway point between two halves; rounding it to
  // float first would drop the 2^-40 and make a tie that goes down to even.
  EXPECT_EQ(double_to_half(1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40)), 0x3c01);
  EXPECT_EQ(float_to_half(static_cast<float>(1.0 + std::ldexp(1.0, -11) + std::ldexp(1.0, -40))),
            0x3c00);
}

TEST(HalfFloat, HalfToFloatIsExactForEveryFiniteHalf) {
  for (std::uint32_t h = 0; h < 0x10000; ++h) {
    const float f = half_to_float(static_cast<std::uint16_t>(h));
    if (std::isnan(f)) {
      EXPECT_EQ(h & 0x7c00u, 0x7c00u);
      continue;
    }
    EXPECT_EQ(float_to_half(f), h) << h;
    EXPECT_EQ(double_to_half(half_to_double(static_cast<std::uint16_t>(h))), h) << h;
  }
  EXPECT_EQ(half_to_float(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(half_to_float(0x7bff), 65504.0f);
}

}  // namespace
}  // namespace remotemedia::nodes
