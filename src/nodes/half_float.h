// remotemedia nodes — IEEE 754 binary16 ("float16") conversions.
//
// Portable bit-level code (no _Float16, no F16C), so the native and wasm32-wasi builds
// give the same bits. The rounding and NaN handling follow numpy's halffloat.c, which
// is what numpy 1.24 uses for float16 casts and for its float16 ufunc loops:
//   - float/double → half rounds to nearest, ties to even; overflow gives ±inf;
//     values below the smallest subnormal give ±0;
//   - a NaN keeps its sign and the top bits of its payload (and stays a NaN);
//   - half → float/double is exact.
#pragma once

#include <cstdint>

namespace remotemedia::nodes {

float half_to_float(std::uint16_t h);
double half_to_double(std::uint16_t h);
std::uint16_t float_to_half(float f);
// Direct correctly-rounded conversion (not via float, which could round twice).
std::uint16_t double_to_half(double d);

}  // namespace remotemedia::nodes
