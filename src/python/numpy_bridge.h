// remotemedia/python — tensors <-> numpy arrays without copying (native build only).
//
// Compiled only with REMOTEMEDIA_NUMPY; the WebAssembly build leaves this file out and
// gives nodes remotemedia.Tensor objects instead. numpy is imported the first time a
// tensor must become an array, never at start-up (it costs ~100 ms), and numpy objects
// are only recognised once some node has imported numpy.
#pragma once

#include <optional>
#include <string_view>

#include "py_ref.h"
#include "remotemedia/value.h"

namespace remotemedia::python {

// A read-only numpy array over the tensor's buffer (no copy). Empty with no error set
// when numpy cannot be imported (the caller falls back to remotemedia.Tensor); empty
// with an error set on failure.
PyRef numpy_array_from_tensor(const Tensor& tensor);

// If `o` is a numpy array or numpy scalar: its Value (an array adopted without a copy
// when C-contiguous and little-endian; scalars through .item()), or an error naming
// `node`. nullopt when `o` is not a numpy object. GIL held.
std::optional<Result<Value>> numpy_to_value(PyObject* o, std::string_view node, int depth);

}  // namespace remotemedia::python
