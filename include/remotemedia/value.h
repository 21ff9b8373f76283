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
  // Made by allocate() or copy_of(), not adopted from a foreign owner.
  bool owns_memory() const { return block_ != nullptr; }

 private:
  Buffer(const std::byte* data, std::size_t size, std::shared_ptr<const void> owner, void* block)
      : data_(data), size_(size), owner_(std::move(owner)), block_(block) {}
  const std::byte* data_;
  std::size_t size_;
  std::shared_ptr<const void> owner_;  // adopted memory's owner
  void* block_;                        // allocate()'s block, which data_ lies in
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

  Value() noexcept = default;
  Value(const Value&) = default;
  Value& operator=(const Value&) = default;
  // A moved-from Value is null (not a kind without its payload).
  Value(Value&& other) noexcept
      : kind_(std::exchange(other.kind_, Kind::kNull)), scalar_(other.scalar_), ptr_(std::move(other.ptr_)) {}
  Value& operator=(Value&& other) noexcept {
    kind_ = std::exchange(other.kind_, Kind::kNull);
    scalar_ = other.scalar_;
    ptr_ = std::move(other.ptr_);
    return *this;
  }
  Value(std::nullptr_t) noexcept : Value() {}
  Value(bool b) noexcept : kind_(Kind::kBool), scalar_{.b = b} {}
  template <class I>
    requires(std::is_integral_v<I> && !std::is_same_v<I, bool>)
  Value(I i) noexcept : kind_(Kind::kInt), scalar_{.i = static_cast<std::int64_t>(i)} {}
  Value(double d) noexcept : kind_(Kind::kFloat), scalar_{.d = d} {}
  Value(std::string s) : Value(Kind::kString, std::make_shared<const std::string>(std::move(s))) {}
  Value(std::string_view s) : Value(std::string(s)) {}
  Value(const char* s) : Value(std::string(s)) {}
  Value(Array a) : Value(Kind::kArray, std::make_shared<const Array>(std::move(a))) {}
  Value(Object o) : Value(Kind::kObject, std::make_shared<const Object>(std::move(o))) {}
  Value(Tensor t) : Value(Kind::kTensor, std::make_shared<const Tensor>(std::move(t))) {}
  static Value opaque(std::shared_ptr<const Opaque> o) { return Value(Kind::kOpaque, std::move(o)); }
  static Value bytes(Bytes b) { return Value(Kind::kBytes, std::make_shared<const Bytes>(std::move(b))); }

  Kind kind() const { return kind_; }
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

  // Accessors; calling one for another kind is a programming error (it aborts).
  bool as_bool() const { return expect(Kind::kBool).scalar_.b; }
  std::int64_t as_int() const { return expect(Kind::kInt).scalar_.i; }
  double as_float() const { return expect(Kind::kFloat).scalar_.d; }
  double as_number() const { return is_int() ? static_cast<double>(as_int()) : as_float(); }
  const std::string& as_string() const { return payload<std::string>(Kind::kString); }
  const Bytes& as_bytes() const { return payload<Bytes>(Kind::kBytes); }
  const Array& as_array() const { return payload<Array>(Kind::kArray); }
  const Object& as_object() const { return payload<Object>(Kind::kObject); }
  const Tensor& as_tensor() const { return payload<Tensor>(Kind::kTensor); }
  const Opaque& as_opaque() const { return payload<Opaque>(Kind::kOpaque); }
  // True when this Value is the only owner of its opaque object (no copy of it exists),
  // so the runtime that made the object may reuse it for a new item.
  bool owns_opaque() const { return is_opaque() && ptr_.use_count() == 1; }
  // The bytes of a tensor that nothing else can see, for computing in place: this Value
  // is the only owner of the tensor, the tensor the only owner of its buffer, and the
  // buffer was allocated here (an adopted numpy array's memory may still be seen from
  // Python). Null otherwise, and the caller makes a new buffer: a shared tensor is never
  // written (copy on write, as GStreamer's gst_buffer_make_writable).
  std::byte* unique_tensor_data();

  // Object member lookup (the last one wins if a key repeats); null if absent or not an
  // object.
  const Value* find(std::string_view key) const;

  bool operator==(const Value& other) const;  // deep; int 1 != float 1.0

 private:
  // Scalars inline, every other kind one immutable heap object of the kind's type held
  // through a type-erased shared_ptr (null for scalars), so copies, moves and destruction
  // are member-wise (a move also nulls the kind it leaves behind). Not a std::variant: its visitation goes through
  // a table of function pointers, an indirect call for every move and destruction of a
  // Value — several per item per node, and in WebAssembly each one a call_indirect (a
  // 10-node chain ran 2.1x faster there without them).
  using Ptr = std::shared_ptr<const void>;
  union Scalar {
    bool b;
    std::int64_t i;
    double d;
  };

  Value(Kind kind, Ptr ptr) noexcept : kind_(kind), ptr_(std::move(ptr)) {}
  const Value& expect(Kind kind) const {
    if (kind_ != kind) [[unlikely]] wrong_kind(kind);
    return *this;
  }
  template <class T>
  const T& payload(Kind kind) const {
    return *static_cast<const T*>(expect(kind).ptr_.get());
  }
  [[noreturn]] void wrong_kind(Kind wanted) const;

  Kind kind_ = Kind::kNull;
  Scalar scalar_{.i = 0};  // kNull (0), kBool, kInt, kFloat
  Ptr ptr_;                // kString ... kOpaque
};

// "null", "bool", "int", "float", "string", "bytes", "array", "object", "tensor",
// "opaque".
std::string_view to_string(Value::Kind kind);

}  // namespace remotemedia
