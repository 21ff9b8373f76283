#include "nodes/audio_block.h"

#include <cstring>
#include <utility>
#include <vector>

#include "nodes/half_float.h"
#include "nodes/scalar_arith.h"

namespace remotemedia::nodes {
namespace {

std::string shape_text(const std::vector<std::int64_t>& shape) {
  std::string text = "(";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + (shape.size() == 1 ? ",)" : ")");
}

std::string layout_text(const AudioFormat& f) {
  return f.has_channel_axis ? std::to_string(f.channels) + "-channel (samples, channels)" : "1-D";
}

Result<AudioBlock> from_number_list(const Value::Array& list, std::string_view node_type) {
  std::shared_ptr<Buffer> buffer = Buffer::allocate(list.size() * sizeof(double));
  auto* samples = reinterpret_cast<double*>(buffer->mutable_data());
  for (std::size_t i = 0; i < list.size(); ++i) {
    if (!list[i].is_number())
      return fail(ErrorCode::kNodeFailed,
                  std::string(node_type) + " takes audio tensors or lists of numbers; item " +
                      std::to_string(i) + " of the list is " +
                      std::string(kind_with_article(list[i].kind())));
    samples[i] = list[i].as_number();
  }
  const auto frames = static_cast<std::int64_t>(list.size());
  Result<Tensor> tensor = Tensor::make(DType::kFloat64, {frames}, std::move(buffer));
  if (!tensor) return std::unexpected(std::move(tensor).error());
  return AudioBlock{std::move(*tensor), frames, AudioFormat{DType::kFloat64, 1, false}};
}

template <class T>
void convert(const Tensor& tensor, double* out, double scale) {
  std::span<const T> in = tensor.elements<T>();
  for (std::size_t i = 0; i < in.size(); ++i) out[i] = static_cast<double>(in[i]) * scale;
}

}  // namespace

Result<AudioBlock> read_audio_block(const Value& item, std::string_view node_type, SampleKinds kinds) {
  if (item.is_array()) return from_number_list(item.as_array(), node_type);
  if (!item.is_tensor())
    return fail(ErrorCode::kNodeFailed, std::string(node_type) +
                                            " takes audio tensors or lists of numbers, not " +
                                            std::string(kind_with_article(item.kind())));
  const Tensor& t = item.as_tensor();
  const DType dtype = t.dtype();
  const bool accepted = kinds == SampleKinds::kSigned ? (is_signed_int(dtype) || is_float(dtype))
                                                      : dtype != DType::kBool;
  if (!accepted)
    return fail(ErrorCode::kNodeFailed,
                std::string(node_type) + " takes " +
                    (kinds == SampleKinds::kSigned ? "signed int or float" : "numeric") +
                    " samples, not " + std::string(to_string(dtype)));
  const std::vector<std::int64_t>& shape = t.shape();
  if (shape.size() == 1) return AudioBlock{t, shape[0], AudioFormat{dtype, 1, false}};
  if (shape.size() == 2 && shape[1] >= 1) return AudioBlock{t, shape[0], AudioFormat{dtype, shape[1], true}};
  return fail(ErrorCode::kNodeFailed, std::string(node_type) +
                                          " takes tensors of shape (samples,) or (samples, channels), not " +
                                          shape_text(shape));
}

void samples_to_double(const Tensor& tensor, double* out, bool full_scale) {
  const auto scale = [&](int bits) { return full_scale ? 1.0 / static_cast<double>(std::uint64_t{1} << (bits - 1)) : 1.0; };
  switch (tensor.dtype()) {
    case DType::kBool: return convert<bool>(tensor, out, 1.0);
    case DType::kInt8: return convert<std::int8_t>(tensor, out, scale(8));
    case DType::kInt16: return convert<std::int16_t>(tensor, out, scale(16));
    case DType::kInt32: return convert<std::int32_t>(tensor, out, scale(32));
    case DType::kInt64: return convert<std::int64_t>(tensor, out, scale(64));
    case DType::kUInt8: return convert<std::uint8_t>(tensor, out, 1.0);
    case DType::kUInt16: return convert<std::uint16_t>(tensor, out, 1.0);
    case DType::kUInt32: return convert<std::uint32_t>(tensor, out, 1.0);
    case DType::kUInt64: return convert<std::uint64_t>(tensor, out, 1.0);
    case DType::kFloat16: {
      std::span<const std::uint16_t> in = tensor.elements<std::uint16_t>();
      for (std::size_t i = 0; i < in.size(); ++i) out[i] = half_to_double(in[i]);
      return;
    }
    case DType::kFloat32: return convert<float>(tensor, out, 1.0);
    case DType::kFloat64: return convert<double>(tensor, out, 1.0);
  }
}

std::vector<std::int64_t> AudioFormat::shape(std::int64_t frames) const {
  if (has_channel_axis) return {frames, channels};
  return {frames};
}

Result<void> AudioStreamFormat::check(const AudioBlock& block) {
  if (!format_) {
    format_ = block.format;
    return {};
  }
  const AudioFormat& first = *format_;
  const AudioFormat& now = block.format;
  if (now.dtype != first.dtype)
    return fail(ErrorCode::kNodeFailed, node_type_ + " got " + std::string(to_string(now.dtype)) +
                                            " samples after " + std::string(to_string(first.dtype)) +
                                            " ones; all inputs must share one dtype");
  if (now != first)
    return fail(ErrorCode::kNodeFailed, node_type_ + " got " + layout_text(now) + " audio after " +
                                            layout_text(first) + " audio; all inputs must share one layout");
  return {};
}

}  // namespace remotemedia::nodes
