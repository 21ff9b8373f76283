#include "nodes/tensor_arith.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "nodes/tensor_test_util.h"

namespace remotemedia::nodes {
namespace {

using testing::elements_of;
using testing::make_tensor;
using testing::tensor_from_hex;
using testing::to_hex;

struct GoldenCase {
  const char* dtype;
  std::vector<std::int64_t> shape;
  const char* input_hex;
  ArithOp op;
  Value scalar;
  const char* result_dtype;
  const char* result_hex;
};

struct DtypeCase {
  const char* dtype;
  bool is_zero_dim;
  Value scalar;
  const char* result_dtype;
};

#include "nodes/tensor_arith_golden.inc"

Tensor apply_ok(ArithOp op, const Tensor& t, const Value& scalar) {
  Result<Tensor> r = apply_tensor(op, t, scalar);
  EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().message);
  return r ? *r : t;
}

// Every (dtype, scalar, op) row computed by numpy 1.24: same dtype, shape and bytes.
TEST(TensorArith, MatchesNumpyBitForBit) {
  int checked = 0;
  for (const GoldenCase& c : kGoldenCases) {
    const DType dtype = *dtype_from_string(c.dtype);
    const Tensor input = tensor_from_hex(dtype, c.shape, c.input_hex);
    const Tensor out = apply_ok(c.op, input, c.scalar);
    const std::string where = std::string(c.dtype) + " " + std::string(to_string(c.op)) +
                              " scalar " + std::string(to_string(c.scalar.kind())) + " " +
                              (c.scalar.is_int() ? std::to_string(c.scalar.as_int())
                                                 : std::to_string(c.scalar.as_float())) +
                              " shape rank " + std::to_string(c.shape.size());
    EXPECT_EQ(to_string(out.dtype()), c.result_dtype) << where;
    EXPECT_EQ(out.shape(), c.shape) << where;
    EXPECT_EQ(to_hex(out), c.result_hex) << where;
    ++checked;
  }
  EXPECT_GT(checked, 500);
}

// The same rows in place: where numpy keeps the dtype, a tensor nothing else holds gets
// the same bytes in its own buffer; elsewhere it is left alone for apply_tensor.
TEST(TensorArith, InPlaceMatchesNumpyBitForBit) {
  int in_place = 0;
  for (const GoldenCase& c : kGoldenCases) {
    const DType dtype = *dtype_from_string(c.dtype);
    Value item(tensor_from_hex(dtype, c.shape, c.input_hex));
    const std::byte* bytes = item.as_tensor().data();
    const bool same_dtype = std::string(c.result_dtype) == c.dtype;
    const std::string where = std::string(c.dtype) + " " + std::string(to_string(c.op)) +
                              " rank " + std::to_string(c.shape.size());
    ASSERT_EQ(apply_tensor_in_place(c.op, item, c.scalar), same_dtype) << where;
    if (!same_dtype) {
      EXPECT_EQ(to_hex(item.as_tensor()), c.input_hex) << where;
      continue;
    }
    EXPECT_EQ(item.as_tensor().data(), bytes) << where;
    EXPECT_EQ(to_hex(item.as_tensor()), c.result_hex) << where;
    ++in_place;
  }
  EXPECT_GT(in_place, 100);
}

TEST(TensorArith, InPlaceLeavesASharedTensorAlone) {
  Value item(make_tensor<float>(DType::kFloat32, {2}, {1.0f, 2.0f}));
  const Value kept = item;
  EXPECT_FALSE(apply_tensor_in_place(ArithOp::kMultiply, item, Value(2)));
  EXPECT_EQ(elements_of<float>(kept.as_tensor()), (std::vector<float>{1.0f, 2.0f}));
}

TEST(TensorArith, ResultDtypeMatchesNumpyValueBasedCasting) {
  for (const DtypeCase& c : kDtypeCases) {
    const DType dtype = *dtype_from_string(c.dtype);
    EXPECT_EQ(to_string(tensor_result_dtype(dtype, c.is_zero_dim, c.scalar)), c.result_dtype)
        << c.dtype << (c.is_zero_dim ? " 0-d " : " ") << "scalar "
        << (c.scalar.is_int() ? std::to_string(c.scalar.as_int())
                              : std::to_string(c.scalar.as_float()));
  }
}

TEST(TensorArith, Int32TimesTwoStaysInt32) {
  const Tensor out = apply_ok(ArithOp::kMultiply,
                              make_tensor<std::int32_t>(DType::kInt32, {3}, {1, -2, 2147483647}),
                              Value(2));
  EXPECT_EQ(out.dtype(), DType::kInt32);
  EXPECT_EQ(elements_of<std::int32_t>(out), (std::vector<std::int32_t>{2, -4, -2}));  // wraps
}

TEST(TensorArith, Uint8WrapsAndUpcastsByValue) {
  const Tensor in = make_tensor<std::uint8_t>(DType::kUInt8, {2}, {200, 3});
  const Tensor doubled = apply_ok(ArithOp::kMultiply, in, Value(2));
  EXPECT_EQ(doubled.dtype(), DType::kUInt8);
  EXPECT_EQ(elements_of<std::uint8_t>(doubled), (std::vector<std::uint8_t>{144, 6}));

  const Tensor big = apply_ok(ArithOp::kMultiply, in, Value(300));
  EXPECT_EQ(big.dtype(), DType::kUInt16);
  EXPECT_EQ(elements_of<std::uint16_t>(big), (std::vector<std::uint16_t>{60000 % 65536, 900}));

  const Tensor negative = apply_ok(ArithOp::kAdd, in, Value(-1));
  EXPECT_EQ(negative.dtype(), DType::kInt16);
  EXPECT_EQ(elements_of<std::int16_t>(negative), (std::vector<std::int16_t>{199, 2}));
}

TEST(TensorArith, Float32TimesOneAndAHalfStaysFloat32) {
  const Tensor out = apply_ok(ArithOp::kMultiply,
                              make_tensor<float>(DType::kFloat32, {2, 2}, {1.0f, 0.1f, -3.0f, 1e38f}),
                              Value(1.5));
  EXPECT_EQ(out.dtype(), DType::kFloat32);
  EXPECT_EQ(out.shape(), (std::vector<std::int64_t>{2, 2}));
  EXPECT_EQ(elements_of<float>(out),
            (std::vector<float>{1.5f, 0.1f * 1.5f, -4.5f, 1e38f * 1.5f}));
}

TEST(TensorArith, Float16TimesTwoExactBits) {
  // 1.0, 0.1 (0x2e66), 65504 (max), 2^-24 (smallest subnormal)
  const Tensor in = make_tensor<std::uint16_t>(DType::kFloat16, {4}, {0x3c00, 0x2e66, 0x7bff, 0x0001});
  const Tensor out = apply_ok(ArithOp::kMultiply, in, Value(2));
  EXPECT_EQ(out.dtype(), DType::kFloat16);
  EXPECT_EQ(elements_of<std::uint16_t>(out),
            (std::vector<std::uint16_t>{0x4000, 0x3266, 0x7c00, 0x0002}));  // 65504*2 → inf
  // float16 * 0.1: the scalar is rounded to half first, the product in float32.
  const Tensor tenth = apply_ok(ArithOp::kMultiply, in, Value(0.1));
  EXPECT_EQ(tenth.dtype(), DType::kFloat16);
  EXPECT_EQ(elements_of<std::uint16_t>(tenth),
            (std::vector<std::uint16_t>{0x2e66, 0x211e, 0x6e65, 0x0000}));
}

TEST(TensorArith, IntegerTensorWithFloatBecomesFloat64) {
  const Tensor out = apply_ok(ArithOp::kMultiply,
                              make_tensor<std::int32_t>(DType::kInt32, {3}, {1, -2, 3}), Value(1.5));
  EXPECT_EQ(out.dtype(), DType::kFloat64);
  EXPECT_EQ(elements_of<double>(out), (std::vector<double>{1.5, -3.0, 4.5}));
}

TEST(TensorArith, BoolTensorWithIntBecomesInt64) {
  const Tensor out = apply_ok(ArithOp::kAdd,
                              make_tensor<std::uint8_t>(DType::kBool, {3}, {1, 0, 1}), Value(1));
  EXPECT_EQ(out.dtype(), DType::kInt64);
  EXPECT_EQ(elements_of<std::int64_t>(out), (std::vector<std::int64_t>{2, 1, 2}));
  const Tensor f = apply_ok(ArithOp::kMultiply,
                            make_tensor<std::uint8_t>(DType::kBool, {2}, {1, 0}), Value(2.5));
  EXPECT_EQ(f.dtype(), DType::kFloat64);
  EXPECT_EQ(elements_of<double>(f), (std::vector<double>{2.5, 0.0}));
}

TEST(TensorArith, ZeroDimTensorUsesPlainPromotion) {
  const Tensor out = apply_ok(ArithOp::kMultiply,
                              make_tensor<std::int32_t>(DType::kInt32, {}, {7}), Value(2));
  EXPECT_EQ(out.dtype(), DType::kInt64);
  EXPECT_TRUE(out.shape().empty());
  EXPECT_EQ(elements_of<std::int64_t>(out), (std::vector<std::int64_t>{14}));
}

TEST(TensorArith, OutputIsANewAlignedBuffer) {
  const Tensor in = make_tensor<float>(DType::kFloat32, {2}, {1.0f, 2.0f});
  const Tensor out = apply_ok(ArithOp::kAdd, in, Value(0));
  EXPECT_NE(out.buffer(), in.buffer());
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(out.data()) % Buffer::kAlignment, 0u);
  EXPECT_EQ(elements_of<float>(in), (std::vector<float>{1.0f, 2.0f}));
}

TEST(TensorArith, OnlyAddAndMultiply) {
  const Tensor in = make_tensor<float>(DType::kFloat32, {1}, {1.0f});
  Result<Tensor> r = apply_tensor(ArithOp::kDivide, in, Value(2));
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, ErrorCode::kInternal);
}

}  // namespace
}  // namespace remotemedia::nodes
