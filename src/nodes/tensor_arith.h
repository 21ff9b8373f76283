// remotemedia nodes — element-wise `tensor op scalar`, bit-identical to numpy 1.24.
//
// The scalar is a Value int or float standing for a Python int or float; the tensor is
// the left operand (`array * factor`, `array + addend`). apply_tensor's result is a new
// tensor of the same shape in a freshly allocated (64-byte aligned) buffer, and the input
// is never touched; apply_tensor_in_place computes into a tensor's own buffer when
// nothing else can see it.
//
// Result dtype: numpy 1.24's legacy, value-based `np.result_type(array, scalar)`:
//   1. A 0-d tensor (shape []) with a Python scalar is "all scalars": no value-based
//      casting, the scalar counts as int64 (int) or float64 (float):
//        int32[] * 2 → int64,  float32[] * 1.5 → float64,  uint64[] + 1 → float64.
//   2. Otherwise, if the scalar's kind is above the array's (bool < int < float), the
//      scalar also counts as int64 / float64:
//        bool + 1 → int64,  int32 * 1.5 → float64,  uint8 * 0.5 → float64.
//   3. Otherwise the scalar takes the smallest type of its kind that holds its value
//      (np.min_scalar_type) and that type is promoted with the array's (np.promote_types):
//        ints: a value >= 0 takes the smallest of uint8/16/32/64 that holds it, and is
//        "small" when it also fits the signed type of that size; a small value meeting a
//        signed-int or float array counts as that signed type. A negative value takes
//        the smallest of int8/16/32/64.
//          int32 * 2 → int32,  int8 * 2 → int8,  int8 * 200 → int16,
//          uint8 * 2 → uint8,  uint8 * 300 → uint16,  uint8 * -1 → int16,
//          uint32 * -1 → int64,  uint64 * -1 → float64,  float16 * 300 → float32,
//          float16 * 100000 → float64,  float32 * 70000 → float64.
//        floats: NaN, ±inf and |v| < 65000 take float16, |v| < 3.4e38 float32, else
//        float64:  float16 * 1.5 → float16,  float16 * 1e10 → float32,
//          float32 * 1.5 → float32,  float32 * 1e300 → float64.
//
// Arithmetic, as numpy's loops do it: both operands are cast to the result dtype
// (the scalar too: float16 * 0.1 multiplies by half(0.1)), then
//   - integers wrap (two's complement): uint8 200 * 2 → 144;
//   - float16 converts to float32, computes there and rounds back to nearest-even;
//   - float32 computes in float32, float64 in double.
// Results are bit-identical to numpy's for every non-NaN result. A NaN result keeps the
// payload the hardware gives it: x86-64 (numpy's and our native build) propagates the
// input NaN's payload; WebAssembly may produce a canonical NaN instead.
#pragma once

#include "nodes/arith_op.h"
#include "remotemedia/error.h"
#include "remotemedia/value.h"

namespace remotemedia::nodes {

// The dtype of `array op scalar` under the rules above. `scalar` is an int or a float.
DType tensor_result_dtype(DType array_dtype, bool is_zero_dim, const Value& scalar);

// `tensor op scalar` for op kAdd or kMultiply (the others are not tensor operations in
// the built-in nodes and fail with kInternal). `scalar` is an int or a float.
Result<Tensor> apply_tensor(ArithOp op, const Tensor& tensor, const Value& scalar);

// The same in `item`'s own buffer, when `item` is a tensor nothing else holds
// (Value::unique_tensor_data) and the result dtype is its own: then true, and `item` is
// the result. Otherwise false and `item` is untouched: use apply_tensor. Same op and
// scalar as apply_tensor; same results, bit for bit.
bool apply_tensor_in_place(ArithOp op, Value& item, const Value& scalar);

}  // namespace remotemedia::nodes
