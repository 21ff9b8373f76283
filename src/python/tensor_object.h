// remotemedia/python — remotemedia.Tensor: a tensor Value seen from Python without numpy.
//
// Read-only, shares the Value's buffer (no copy), exposes the buffer protocol (with the
// struct format, shape and strides, so memoryview() and numpy both understand it),
// .dtype (a str such as "float32"), .shape (a tuple), .tolist(), and the classmethod
// Tensor.from_list(values, dtype, shape) the SDK builds results with. `t * x`, `x * t`,
// `t + x` and `x + t` with a Python int (within int64) or float give a new tensor, with
// the MultiplyNode and AddNode kernels: numpy 1.24's dtype and values, bit for bit.
// Along the first axis, as numpy: len(t); t[i] (a number, or a row); t[a:b] (step 1), a
// view over the same bytes; Tensor.concatenate(tensors), a new tensor. And
// Tensor.sine(frequency, sample_rate, start, stop), SineSource's tone as numpy computes it.
// The native build gives nodes numpy arrays instead (numpy_bridge.h) and uses this type
// as the buffer exporter numpy arrays are made over; the WebAssembly build has no numpy
// and uses it directly.
#pragma once

#include "py_ref.h"
#include "remotemedia/value.h"

namespace remotemedia::python {

// The type object (borrowed; created on first call, GIL held); null with an error set
// if it cannot be created.
PyObject* tensor_type_object();

// A new remotemedia.Tensor sharing `tensor`'s buffer; null with an error set on failure.
PyRef tensor_to_object(const Tensor& tensor);

// The tensor held by `o` if it is a remotemedia.Tensor, else null.
const Tensor* tensor_of(PyObject* o);

// The struct-module format character of a dtype ('f' for float32, 'e' for float16...).
char dtype_format(DType dtype);

}  // namespace remotemedia::python
