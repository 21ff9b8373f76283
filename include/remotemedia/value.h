// remotemedia — the values that travel along a pipeline's edges.
//
// A Value is null, bool, int (int64), float (double), string, bytes, array, object or
// tensor. Every payload larger than a scalar is held through a shared, immutable pointer,
// so copying a Value is a reference-count increment: fan-out to several successors shares
// one payload and never copies tensor data. A Value is never mutated after it is built;
// "changing" one means building a new one.
//
// Objects keep the order in which their keys were inserted (as Python dicts do), which
// keeps results byte-identical across builds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "remotemedia/error.h"

namespace remotemedia {

enum class DType : std::uint8_t {
  kBool, kInt8, kInt16, kInt32, kInt64, kUInt8, kUInt16, kUInt32, kUInt64,
  kFloat16, kFloat32, kFloat64,
};

std::string_view to_string(DType dtype);                     // "float32", ...
std::optional<DType> dtype_from_string(std::string_view name);
std::size_t dtype_size(DType dtype);                          // bytes per element
bool is_float(DType dtype);
bool is_signed_int(DType dtype);
bool is_unsigned_int(DType dtype);

// An immutable block of bytes, 64-byte aligned, shared by every tensor that views it.
// Either allocated here, or adopted from a foreign owner (a numpy array) that stays
// alive as long as the Buffer does.
class Buffer {
 public:
  static constexpr std::size_t kAlignment = 64;

  // Uninitialised storage; fill it through mutable_data() before sharing the Buffer.
  static std::shared_ptr<Buffer> allocate(std::size_t size);
  static std::shared_ptr<const Buffer> copy_of(std::span<const std::byte> bytes);
  // Views memory owned by `owner`; no copy. `data` must stay valid while owner lives.
  static std::shared_ptr<const Buffer> adopt(const std::byte* data, std::size_t size,
                                             std::shared_ptr<const void> owner);

  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  ~Buffer();

  const std::byte* data() const { return data_; }
  std::byte* mutable_data() { return const_cast<std::byte*>(data_); }
  std::size_t size() const { return size_; }

 private:
  Buffer(const std::byte* data, std::size_t size, std::shared_ptr<const void> owner)
      : data_(data), size_(size), owner_(std::move(owner)) {}
  const std::byte* data_;
  std::size_t size_;
  std::shared_ptr<const void> owner_;  // null: data_ was allocated by allocate()
};

class Tensor {
 public:
  // Fails with kInvalidInput when the buffer size is not element_count * dtype_size.
  static Result<Tensor> make(DType dtype, std::vector<std::int64_t> shape,
                             std::shared_ptr<const Buffer> buffer);

  DType dtype() const { return dtype_; }
  const std::vector<std::int64_t>& shape() const { return shape_; }
  std::size_t element_count() const;
  std::size_t byte_size() const { return buffer_->size(); }
  const std::byte* data() const { return buffer_->data(); }
  const std::shared_ptr<const Buffer>& buffer() const { return buffer_; }

  template <class T>
  std::span<const T> elements() const {
    return {reinterpret_cast<const T*>(buffer_->data()), buffer_->size() / sizeof(T)};
  }

  bool operator==(const Tensor& other) const;  // same dtype, shape and bytes

 private:
  Tensor(DType dtype, std::vector<std::int64_t> shape, std::shared_ptr<const Buffer> buffer)
      : dtype_(dtype), shape_(std::move(shape)), buffer_(std::move(buffer)) {}
  DType dtype_;
  std::vector<std::int64_t> shape_;
  std::shared_ptr<const Buffer> buffer_;
};

class Value;

// An object of one node runtime (a Python object) travelling between nodes of that
// runtime as it is: adjacent Python nodes pass their objects along with no conversion.
// The executor converts it with materialize() where it leaves its domain — into a node
// of another domain, a sink, or the program's output — so a conversion error (a Python
// set, an int beyond int64) is raised only there, naming the node that made it.
class Opaque {
 public:
  virtual ~Opaque() = default;
  // The Value form; an Error (kNodeFailed, naming the producing node) when there is none.
  virtual Result<Value> materialize() const = 0;
  // Items stay opaque only between nodes whose lane is this one.
  virtual const void* domain() const = 0;
};

class Value {
 public:
  enum class Kind : std::uint8_t {
    kNull, kBool, kInt, kFloat, kString, kBytes, kArray, kObject, kTensor, kOpaque
  };
  using Bytes = std::vector<std::uint8_t>;
  using Array = std::vector<Value>;
  using Member = std::pair<std::string, Value>;
  using Object = std::vector<Member>;

  Value() = default;
  Value(std::nullptr_t) {}
  Value(bool b) : v_(b) {}
  template <class I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
  Value(I i) : v_(static_cast<std::int64_t>(i)) {}
  Value(double d) : v_(d) {}
  Value(std::string s) : v_(std::make_shared<const std::string>(std::move(s))) {}
  Value(std::string_view s) : Value(std::string(s)) {}
  Value(const char* s) : Value(std::string(s)) {}
  Value(Array a) : v_(std::make_shared<const Array>(std::move(a))) {}
  Value(Object o) : v_(std::make_shared<const Object>(std::move(o))) {}
  Value(Tensor t) : v_(std::make_shared<const Tensor>(std::move(t))) {}
  static Value opaque(std::shared_ptr<const Opaque> o) {
    Value v;
    v.v_ = std::move(o);
    return v;
  }
  static Value bytes(Bytes b) {
    Value v;
    v.v_ = std::make_shared<const Bytes>(std::move(b));
    return v;
  }

  Kind kind() const { return static_cast<Kind>(v_.index()); }
  bool is_null() const { return kind() == Kind::kNull; }
  bool is_bool() const { return kind() == Kind::kBool; }
  bool is_int() const { return kind() == Kind::kInt; }
  bool is_float() const { return kind() == Kind::kFloat; }
  bool is_number() const { return is_int() || is_float(); }
  bool is_string() const { return kind() == Kind::kString; }
  bool is_bytes() const { return kind() == Kind::kBytes; }
  bool is_array() const { return kind() == Kind::kArray; }
  bool is_object() const { return kind() == Kind::kObject; }
  bool is_tensor() const { return kind() == Kind::kTensor; }
  bool is_opaque() const { return kind() == Kind::kOpaque; }

  // Accessors; calling one for another kind is a programming error.
  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  double as_float() const { return std::get<double>(v_); }
  double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_float(); }
  const std::string& as_string() const { return *std::get<StringPtr>(v_); }
  const Bytes& as_bytes() const { return *std::get<BytesPtr>(v_); }
  const Array& as_array() const { return *std::get<ArrayPtr>(v_); }
  const Object& as_object() const { return *std::get<ObjectPtr>(v_); }
  const Tensor& as_tensor() const { return *std::get<TensorPtr>(v_); }
  const Opaque& as_opaque() const { return *std::get<OpaquePtr>(v_); }
  // True when this Value is the only owner of its opaque object (no copy of it exists),
  // so the runtime that made the object may reuse it for a new item.
  bool owns_opaque() const { return is_opaque() && std::get<OpaquePtr>(v_).use_count() == 1; }

  // Object member lookup (the last one wins if a key repeats); null if absent or not an
  // object.
  const Value* find(std::string_view key) const;

  bool operator==(const Value& other) const;  // deep; int 1 != float 1.0

 private:
  using StringPtr = std::shared_ptr<const std::string>;
  using BytesPtr = std::shared_ptr<const Bytes>;
  using ArrayPtr = std::shared_ptr<const Array>;
  using ObjectPtr = std::shared_ptr<const Object>;
  using TensorPtr = std::shared_ptr<const Tensor>;
  using OpaquePtr = std::shared_ptr<const Opaque>;
  std::variant<std::monostate, bool, std::int64_t, double, StringPtr, BytesPtr, ArrayPtr,
               ObjectPtr, TensorPtr, OpaquePtr>
      v_;
};

// "null", "bool", "int", "float", "string", "bytes", "array", "object", "tensor",
// "opaque".
std::string_view to_string(Value::Kind kind);

}  // namespace remotemedia
