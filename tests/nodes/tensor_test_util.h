// Helpers for node tests that build and inspect tensors.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "remotemedia/value.h"

namespace remotemedia::testing {

inline std::vector<std::byte> from_hex(std::string_view hex) {
  std::vector<std::byte> out(hex.size() / 2);
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (std::size_t i = 0; i < out.size(); ++i)
    out[i] = static_cast<std::byte>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
  return out;
}

inline std::string to_hex(std::span<const std::byte> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (std::byte b : bytes) {
    out += kDigits[static_cast<unsigned>(b) >> 4];
    out += kDigits[static_cast<unsigned>(b) & 15];
  }
  return out;
}

inline std::string to_hex(const Tensor& t) { return to_hex({t.data(), t.byte_size()}); }

inline Tensor tensor_from_hex(DType dtype, std::vector<std::int64_t> shape, std::string_view hex) {
  return *Tensor::make(dtype, std::move(shape), Buffer::copy_of(from_hex(hex)));
}

// A tensor of C++ values (T must match the dtype's storage; uint16_t bits for float16).
template <class T>
Tensor make_tensor(DType dtype, std::vector<std::int64_t> shape, const std::vector<T>& values) {
  std::vector<std::byte> bytes(values.size() * sizeof(T));
  if (!values.empty()) std::memcpy(bytes.data(), values.data(), bytes.size());
  return *Tensor::make(dtype, std::move(shape), Buffer::copy_of(bytes));
}

template <class T>
std::vector<T> elements_of(const Tensor& t) {
  std::span<const T> s = t.elements<T>();
  return {s.begin(), s.end()};
}

}  // namespace remotemedia::testing
