#include "remotemedia/value.h"

#include <cstdio>
#include <cstdlib>

#include <array>
#include <atomic>
#include <cstring>
#include <new>

namespace remotemedia {
namespace {

struct DTypeInfo {
  DType dtype;
  std::string_view name;
  std::size_t size;
};

constexpr std::array<DTypeInfo, 12> kDTypes = {{
    {DType::kBool, "bool", 1},       {DType::kInt8, "int8", 1},
    {DType::kInt16, "int16", 2},     {DType::kInt32, "int32", 4},
    {DType::kInt64, "int64", 8},     {DType::kUInt8, "uint8", 1},
    {DType::kUInt16, "uint16", 2},   {DType::kUInt32, "uint32", 4},
    {DType::kUInt64, "uint64", 8},   {DType::kFloat16, "float16", 2},
    {DType::kFloat32, "float32", 4}, {DType::kFloat64, "float64", 8},
}};

}  // namespace

std::string_view to_string(DType dtype) { return kDTypes[static_cast<std::size_t>(dtype)].name; }

std::optional<DType> dtype_from_string(std::string_view name) {
  for (const DTypeInfo& info : kDTypes)
    if (info.name == name) return info.dtype;
  return std::nullopt;
}

std::size_t dtype_size(DType dtype) { return kDTypes[static_cast<std::size_t>(dtype)].size; }

bool is_float(DType d) { return d == DType::kFloat16 || d == DType::kFloat32 || d == DType::kFloat64; }
bool is_signed_int(DType d) { return d >= DType::kInt8 && d <= DType::kInt64; }
bool is_unsigned_int(DType d) { return d >= DType::kUInt8 && d <= DType::kUInt64; }

std::shared_ptr<Buffer> Buffer::allocate(std::size_t size) {
  // A plain block with room to align the data in it, rather than an aligned new: malloc
  // serves an aligned request of N bytes from a free block only if it has N plus the
  // slack to align, so a block freed by one tensor never fits the next tensor of the same
  // size, and a pipeline of large tensors wrote every one to fresh memory (page faults,
  // most of the native time of 64 x 256 KiB through 4 nodes).
  void* block = ::operator new(size + kAlignment);
  auto address = reinterpret_cast<std::uintptr_t>(block);
  auto* data = reinterpret_cast<const std::byte*>((address + kAlignment - 1) & ~(kAlignment - 1));
  return std::shared_ptr<Buffer>(new Buffer(data, size, nullptr, block));
}

std::shared_ptr<const Buffer> Buffer::copy_of(std::span<const std::byte> bytes) {
  std::shared_ptr<Buffer> b = allocate(bytes.size());
  if (!bytes.empty()) std::memcpy(b->mutable_data(), bytes.data(), bytes.size());
  return b;
}

std::shared_ptr<const Buffer> Buffer::adopt(const std::byte* data, std::size_t size,
                                            std::shared_ptr<const void> owner) {
  return std::shared_ptr<const Buffer>(new Buffer(data, size, std::move(owner), nullptr));
}

Buffer::~Buffer() { ::operator delete(block_); }

Result<Tensor> Tensor::make(DType dtype, std::vector<std::int64_t> shape,
                            std::shared_ptr<const Buffer> buffer) {
  // Counted in 64 bits whatever size_t is: both builds then accept and reject the same
  // shapes with the same messages (a 32-bit size_t would wrap, and a shape of 2^32 × 2^32
  // would claim 0 bytes).
  std::uint64_t count = 1;
  for (std::int64_t d : shape) {
    if (d < 0) return fail(ErrorCode::kInvalidInput, "tensor shape has a negative dimension");
    if (d != 0 && count > UINT64_MAX / static_cast<std::uint64_t>(d))
      return fail(ErrorCode::kInvalidInput, "tensor shape is too large");
    count *= static_cast<std::uint64_t>(d);
  }
  const std::uint64_t item_size = dtype_size(dtype);
  if (count > UINT64_MAX / item_size) return fail(ErrorCode::kInvalidInput, "tensor shape is too large");
  if (!buffer) buffer = Buffer::allocate(0);
  if (buffer->size() != count * item_size)
    return fail(ErrorCode::kInvalidInput,
                "tensor data has " + std::to_string(buffer->size()) + " bytes, but shape and " +
                    std::string(to_string(dtype)) + " need " + std::to_string(count * item_size));
  return Tensor(dtype, std::move(shape), std::move(buffer));
}

std::size_t Tensor::element_count() const { return buffer_->size() / dtype_size(dtype_); }

bool Tensor::operator==(const Tensor& other) const {
  return dtype_ == other.dtype_ && shape_ == other.shape_ &&
         buffer_->size() == other.buffer_->size() &&
         (buffer_->size() == 0 ||
          std::memcmp(buffer_->data(), other.buffer_->data(), buffer_->size()) == 0);
}

std::byte* Value::unique_tensor_data() {
  if (!is_tensor() || ptr_.use_count() != 1) return nullptr;
  const std::shared_ptr<const Buffer>& buffer = as_tensor().buffer();
  if (buffer.use_count() != 1 || !buffer->owns_memory()) return nullptr;
  // A copy on another thread may just have been dropped (a fan-out's other branch):
  // its reads of the bytes happen before the writes that follow. use_count() is a
  // relaxed load of the count that the drop decremented with release semantics, and an
  // acquire fence after it synchronizes with that release ([atomics.fences]).
  // ThreadSanitizer does not model fences: it reports these writes as racing with the
  // other branch's reads.
  std::atomic_thread_fence(std::memory_order_acquire);
  return const_cast<Buffer&>(*buffer).mutable_data();
}

const Value* Value::find(std::string_view key) const {
  if (!is_object()) return nullptr;
  const Object& members = as_object();
  for (auto it = members.rbegin(); it != members.rend(); ++it)
    if (it->first == key) return &it->second;
  return nullptr;
}

bool Value::operator==(const Value& other) const {
  if (kind() != other.kind()) return false;
  switch (kind()) {
    case Kind::kNull: return true;
    case Kind::kBool: return as_bool() == other.as_bool();
    case Kind::kInt: return as_int() == other.as_int();
    case Kind::kFloat: return as_float() == other.as_float();
    case Kind::kString: return as_string() == other.as_string();
    case Kind::kBytes: return as_bytes() == other.as_bytes();
    case Kind::kArray: return as_array() == other.as_array();
    case Kind::kObject: return as_object() == other.as_object();
    case Kind::kTensor: return as_tensor() == other.as_tensor();
    case Kind::kOpaque: return &as_opaque() == &other.as_opaque();
  }
  return false;
}

void Value::wrong_kind(Kind wanted) const {
  std::fprintf(stderr, "remotemedia: internal error: a %.*s Value read as %.*s\n",
               static_cast<int>(to_string(kind_).size()), to_string(kind_).data(),
               static_cast<int>(to_string(wanted).size()), to_string(wanted).data());
  std::abort();
}

std::string_view to_string(Value::Kind kind) {
  static constexpr std::array<std::string_view, 10> kNames = {
      "null", "bool", "int", "float", "string", "bytes", "array", "object", "tensor", "opaque"};
  return kNames[static_cast<std::size_t>(kind)];
}

}  // namespace remotemedia
