#include "nodes/tensor_arith.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <tuple>
#include <type_traits>
#include <utility>

#include "nodes/half_float.h"

namespace remotemedia::nodes {
namespace {

// ---- result dtype (numpy 1.24 legacy promotion) ------------------------------------

enum class Kind { kBool, kInt, kFloat };

Kind kind_of(DType d) {
  if (d == DType::kBool) return Kind::kBool;
  return is_float(d) ? Kind::kFloat : Kind::kInt;
}

DType signed_of_size(std::size_t bytes) {
  switch (bytes) {
    case 1: return DType::kInt8;
    case 2: return DType::kInt16;
    case 4: return DType::kInt32;
    default: return DType::kInt64;
  }
}

// The smallest float that holds every value of an integer type (numpy's table).
DType float_for_int(DType d) {
  switch (dtype_size(d)) {
    case 1: return DType::kFloat16;
    case 2: return DType::kFloat32;
    default: return DType::kFloat64;
  }
}

// np.promote_types for the numeric dtypes.
DType promote(DType a, DType b) {
  if (a == b) return a;
  if (a == DType::kBool) return b;
  if (b == DType::kBool) return a;
  const bool fa = is_float(a);
  const bool fb = is_float(b);
  if (fa || fb) {
    const DType x = fa ? a : float_for_int(a);
    const DType y = fb ? b : float_for_int(b);
    return dtype_size(x) >= dtype_size(y) ? x : y;
  }
  if (is_signed_int(a) == is_signed_int(b)) return dtype_size(a) >= dtype_size(b) ? a : b;
  const DType s = is_signed_int(a) ? a : b;
  const DType u = is_signed_int(a) ? b : a;
  if (dtype_size(u) < dtype_size(s)) return s;
  if (u == DType::kUInt64) return DType::kFloat64;  // no signed type holds both
  return signed_of_size(dtype_size(u) * 2);
}

struct MinScalar {
  DType dtype;
  bool is_small_unsigned;  // unsigned, but also fits the signed type of its size
};

// np.min_scalar_type for a Python int (which numpy first makes an int64).
MinScalar min_int_type(std::int64_t v) {
  if (v >= 0) {
    const auto u = static_cast<std::uint64_t>(v);
    if (u <= 0xffu) return {DType::kUInt8, u <= 0x7fu};
    if (u <= 0xffffu) return {DType::kUInt16, u <= 0x7fffu};
    if (u <= 0xffffffffu) return {DType::kUInt32, u <= 0x7fffffffu};
    return {DType::kUInt64, true};  // every non-negative int64 fits int64
  }
  if (v >= INT8_MIN) return {DType::kInt8, false};
  if (v >= INT16_MIN) return {DType::kInt16, false};
  if (v >= INT32_MIN) return {DType::kInt32, false};
  return {DType::kInt64, false};
}

// np.min_scalar_type for a Python float; numpy's thresholds are these round numbers,
// not the exact float16/float32 maxima, and non-finite values count as float16.
DType min_float_type(double v) {
  if (!std::isfinite(v)) return DType::kFloat16;
  if (v > -65000.0 && v < 65000.0) return DType::kFloat16;
  if (v > -3.4e38 && v < 3.4e38) return DType::kFloat32;
  return DType::kFloat64;
}

// ---- kernels ------------------------------------------------------------------------

struct Half {
  std::uint16_t bits;
};

// The element type each dtype is stored as, in DType's order (bool is one byte, 0 or 1).
using StorageTypes = std::tuple<std::uint8_t, std::int8_t, std::int16_t, std::int32_t,
                                std::int64_t, std::uint8_t, std::uint16_t, std::uint32_t,
                                std::uint64_t, Half, float, double>;
constexpr std::size_t kDTypeCount = std::tuple_size_v<StorageTypes>;
static_assert(static_cast<std::size_t>(DType::kFloat64) + 1 == kDTypeCount);

template <std::size_t I>
using StorageType = std::tuple_element_t<I, StorageTypes>;

// Integer results are computed in uint64: add and multiply modulo 2^64, then truncated
// to the result's width, give exactly the wrap-around of computing in that width.
// Floats compute in float (float16 and float32 results) or double (float64).
template <class R>
using Compute = std::conditional_t<std::is_same_v<R, double>, double,
                                   std::conditional_t<std::is_same_v<R, float> ||
                                                          std::is_same_v<R, Half>,
                                                      float, std::uint64_t>>;

// is_bool: the tensor is a bool one, whose bytes (uint8 storage) count as 0 or 1. Only
// uint8 storage looks at it, so the kernels of other types have one loop, not two.
template <class C, class A>
C load(A a, bool is_bool) {
  if constexpr (!std::is_same_v<A, std::uint8_t>) is_bool = false;
  if constexpr (std::is_same_v<A, Half>) {
    if constexpr (std::is_same_v<C, std::uint64_t>) return 0;  // never: no half → int result
    else return static_cast<C>(half_to_float(a.bits));
  } else if constexpr (std::is_same_v<C, std::uint64_t>) {
    if constexpr (std::is_floating_point_v<A>) return 0;  // never: no float → int result
    else if (is_bool) return a != 0 ? 1 : 0;
    else return static_cast<std::uint64_t>(a);  // sign-extends signed types
  } else {
    if (is_bool) return a != 0 ? C{1} : C{0};
    return static_cast<C>(a);
  }
}

template <class R>
R store(Compute<R> c) {
  if constexpr (std::is_same_v<R, Half>) return Half{float_to_half(c)};
  else return static_cast<R>(c);  // to a narrower unsigned/signed: modulo 2^N (C++20)
}

// The scalar cast to the result dtype, then widened to the compute type.
template <class R>
Compute<R> scalar_as(const Value& s) {
  if constexpr (std::is_same_v<R, Half>) {
    return half_to_float(double_to_half(s.as_number()));
  } else if constexpr (std::is_floating_point_v<R>) {
    return s.is_int() ? static_cast<R>(s.as_int()) : static_cast<R>(s.as_float());
  } else {
    return static_cast<std::uint64_t>(s.as_int());  // fits R by the promotion rules
  }
}

// One element: `in` holds an A, `out` receives the R.
template <ArithOp kOp, class A, class R>
inline void apply_one(const std::byte* in, std::byte* out, bool is_bool, Compute<R> scalar) {
  // memcpy: input buffers adopted from foreign owners need not be aligned for A, and Half
  // is a struct. Compilers turn these into plain loads and stores.
  A a;
  std::memcpy(&a, in, sizeof(A));
  const Compute<R> x = load<Compute<R>>(a, is_bool);
  Compute<R> y;
  if constexpr (kOp == ArithOp::kAdd) y = static_cast<Compute<R>>(x + scalar);
  else y = static_cast<Compute<R>>(x * scalar);
  const R r = store<R>(y);
  std::memcpy(out, &r, sizeof(R));
}

// The loop of every kernel, over element addresses given by `in_at(i)` and `out_at(i)`.
// Eight vectors per iteration: a baseline wasm compiler (V8's Liftoff) pays its
// per-iteration overhead once for 32 floats instead of 4; the .wasm's float32 kernels
// then run about as fast as native ones (they took twice as long).
template <ArithOp kOp, class A, class R, class InAt, class OutAt>
inline void for_each_element(std::size_t n, bool is_bool, const Value& scalar_value, InAt in_at,
                             OutAt out_at) {
  const Compute<R> scalar = scalar_as<R>(scalar_value);
#if defined(__clang__)
#pragma clang loop interleave_count(8)
#endif
  for (std::size_t i = 0; i < n; ++i) apply_one<kOp, A, R>(in_at(i), out_at(i), is_bool, scalar);
}

// One function per (operation, input dtype, result dtype), reached through a table of
// pointers: a switch over the 144 pairs, with the kernels inlined or merely called, made
// a function of 10-50 KB that a WebAssembly engine compiles whole on first use (~1-8 ms
// per operation in the .wasm) to run the one kernel the tensor needs.
template <ArithOp kOp, class A, class R>
void run_kernel(const std::byte* in, std::byte* out, std::size_t n, bool is_bool,
                const Value& scalar_value) {
  for_each_element<kOp, A, R>(
      n, is_bool, scalar_value, [in](std::size_t i) { return in + i * sizeof(A); },
      [out](std::size_t i) { return out + i * sizeof(R); });
}

// In place, through one pointer: the compiler then sees that each element is read and
// written at the same address and vectorizes without the overlap check that two
// pointers need (which, for in == out, would pick the scalar loop).
template <ArithOp kOp, class T>
void run_kernel_in_place(std::byte* data, std::size_t n, bool is_bool, const Value& scalar_value) {
  auto at = [data](std::size_t i) { return data + i * sizeof(T); };
  for_each_element<kOp, T, T>(n, is_bool, scalar_value, at, at);
}

using Kernel = void (*)(const std::byte* in, std::byte* out, std::size_t n, bool is_bool,
                        const Value& scalar);
using KernelTable = std::array<std::array<Kernel, kDTypeCount>, kDTypeCount>;

// kernels<kOp>[input dtype][result dtype]
template <ArithOp kOp>
constexpr KernelTable kernels = []<std::size_t... I>(std::index_sequence<I...>) {
  constexpr auto row = []<std::size_t A, std::size_t... R>(std::index_sequence<R...>) {
    return std::array<Kernel, kDTypeCount>{&run_kernel<kOp, StorageType<A>, StorageType<R>>...};
  };
  return KernelTable{row.template operator()<I>(std::index_sequence<I...>{})...};
}(std::make_index_sequence<kDTypeCount>{});

using InPlaceKernel = void (*)(std::byte* data, std::size_t n, bool is_bool, const Value& scalar);
using InPlaceKernelTable = std::array<InPlaceKernel, kDTypeCount>;

// in_place_kernels<kOp>[dtype]
template <ArithOp kOp>
constexpr InPlaceKernelTable in_place_kernels = []<std::size_t... I>(std::index_sequence<I...>) {
  return InPlaceKernelTable{&run_kernel_in_place<kOp, StorageType<I>>...};
}(std::make_index_sequence<kDTypeCount>{});

}  // namespace

DType tensor_result_dtype(DType array_dtype, bool is_zero_dim, const Value& scalar) {
  const Kind scalar_kind = scalar.is_int() ? Kind::kInt : Kind::kFloat;
  if (is_zero_dim || scalar_kind > kind_of(array_dtype))
    return promote(array_dtype, scalar.is_int() ? DType::kInt64 : DType::kFloat64);
  if (scalar_kind == Kind::kFloat) return promote(array_dtype, min_float_type(scalar.as_float()));
  MinScalar m = min_int_type(scalar.as_int());
  if (m.is_small_unsigned && !is_unsigned_int(array_dtype) && array_dtype != DType::kBool)
    m.dtype = signed_of_size(dtype_size(m.dtype));
  return promote(array_dtype, m.dtype);
}

Result<Tensor> apply_tensor(ArithOp op, const Tensor& tensor, const Value& scalar) {
  if (op != ArithOp::kAdd && op != ArithOp::kMultiply)
    return fail(ErrorCode::kInternal,
                "tensor arithmetic supports add and multiply, not " + std::string(to_string(op)));
  const DType result = tensor_result_dtype(tensor.dtype(), tensor.shape().empty(), scalar);
  const std::size_t n = tensor.element_count();
  // Widening (uint8 → float64 is 8x) can overflow a 32-bit size_t on wasm32.
  if (n > SIZE_MAX / dtype_size(result))
    return fail(ErrorCode::kNodeFailed, "the " + std::string(to_string(result)) +
                                            " result tensor would be too large for memory");
  std::shared_ptr<Buffer> buffer = Buffer::allocate(n * dtype_size(result));
  const KernelTable& table = op == ArithOp::kAdd ? kernels<ArithOp::kAdd> : kernels<ArithOp::kMultiply>;
  const Kernel kernel = table[static_cast<std::size_t>(tensor.dtype())][static_cast<std::size_t>(result)];
  kernel(tensor.data(), buffer->mutable_data(), n, tensor.dtype() == DType::kBool, scalar);
  return Tensor::make(result, tensor.shape(), std::move(buffer));
}

bool apply_tensor_in_place(ArithOp op, Value& item, const Value& scalar) {
  if (!item.is_tensor() || (op != ArithOp::kAdd && op != ArithOp::kMultiply)) return false;
  const Tensor& tensor = item.as_tensor();
  if (tensor_result_dtype(tensor.dtype(), tensor.shape().empty(), scalar) != tensor.dtype())
    return false;
  std::byte* data = item.unique_tensor_data();
  if (data == nullptr) return false;
  const InPlaceKernelTable& table =
      op == ArithOp::kAdd ? in_place_kernels<ArithOp::kAdd> : in_place_kernels<ArithOp::kMultiply>;
  table[static_cast<std::size_t>(tensor.dtype())](data, tensor.element_count(),
                                                  tensor.dtype() == DType::kBool, scalar);
  return true;
}

}  // namespace remotemedia::nodes
