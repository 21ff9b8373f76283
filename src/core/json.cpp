#include "remotemedia/json.h"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string_view>
#include <vector>

#include <rapidjson/error/en.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/prettywriter.h>
#include <rapidjson/reader.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "remotemedia/base64.h"

namespace remotemedia {
namespace {

// Builds a Value from SAX events with an explicit stack of open containers.
class ValueBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ValueBuilder> {
 public:
  explicit ValueBuilder(std::size_t max_depth) : max_depth_(max_depth) {}

  bool Null() { return add(Value()); }
  bool Bool(bool b) { return add(Value(b)); }
  bool Int(int i) { return add(Value(i)); }
  bool Uint(unsigned u) { return add(Value(static_cast<std::int64_t>(u))); }
  bool Int64(std::int64_t i) { return add(Value(i)); }
  bool Uint64(std::uint64_t u) {
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
      return add(Value(static_cast<double>(u)));
    return add(Value(static_cast<std::int64_t>(u)));
  }
  bool Double(double d) { return add(Value(d)); }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    return add(Value(std::string(s, n)));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    stack_.back().key.assign(s, n);
    return true;
  }
  bool StartObject() { return open(true); }
  bool StartArray() { return open(false); }
  bool EndObject(rapidjson::SizeType) {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    return add(Value(std::move(f.object)));
  }
  bool EndArray(rapidjson::SizeType) {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    return add(Value(std::move(f.array)));
  }

  bool depth_exceeded() const { return depth_exceeded_; }
  Value take_root() { return std::move(root_); }

 private:
  struct Frame {
    bool is_object;
    Value::Array array;
    Value::Object object;
    std::string key;
  };

  bool open(bool is_object) {
    if (stack_.size() + 1 > max_depth_) {
      depth_exceeded_ = true;
      return false;
    }
    stack_.push_back(Frame{is_object, {}, {}, {}});
    return true;
  }

  bool add(Value v) {
    if (stack_.empty()) {
      root_ = std::move(v);
    } else if (Frame& top = stack_.back(); top.is_object) {
      top.object.emplace_back(std::move(top.key), std::move(v));
    } else {
      top.array.push_back(std::move(v));
    }
    return true;
  }

  std::size_t max_depth_;
  bool depth_exceeded_ = false;
  std::vector<Frame> stack_;
  Value root_;
};

// Whether `text` is UTF-8 as RFC 3629 defines it — no overlong forms, no surrogates,
// nothing past U+10FFFF — which is what rapidjson's kParseValidateEncodingFlag accepts
// in strings, and no more.
bool is_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = p + text.size();
  while (p < end) {
    for (std::uint64_t word; end - p >= 8; p += 8) {  // ASCII, 8 bytes at a time
      std::memcpy(&word, p, 8);
      if (word & 0x8080808080808080u) break;
    }
    if (p == end) break;
    if (*p < 0x80) {
      ++p;
      continue;
    }
    // A lead byte: how many continuation bytes follow, and the range of the first one.
    std::size_t more;
    unsigned char low = 0x80, high = 0xBF;
    if (*p >= 0xC2 && *p <= 0xDF) more = 1;
    else if (*p == 0xE0) more = 2, low = 0xA0;
    else if (*p == 0xED) more = 2, high = 0x9F;
    else if (*p >= 0xE1 && *p <= 0xEF) more = 2;
    else if (*p == 0xF0) more = 3, low = 0x90;
    else if (*p == 0xF4) more = 3, high = 0x8F;
    else if (*p >= 0xF1 && *p <= 0xF3) more = 3;
    else return false;
    if (static_cast<std::size_t>(end - p) <= more || p[1] < low || p[1] > high) return false;
    for (std::size_t i = 2; i <= more; ++i)
      if (p[i] < 0x80 || p[i] > 0xBF) return false;
    p += more + 1;
  }
  return true;
}

Error parse_error_at(std::string_view text, std::size_t offset, std::string message) {
  offset = std::min(offset, text.size());
  std::int64_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  Error e = make_error(ErrorCode::kParseError,
                       message + " at line " + std::to_string(line) + ", column " +
                           std::to_string(column));
  e.line = line;
  e.column = column;
  return e;
}

// rapidjson's output stream concept (Put, Flush) over a FILE*, with a buffer.
class FileOut {
 public:
  using Ch = char;
  explicit FileOut(std::FILE* file) : file_(file) {}
  void Put(char c) {
    if (used_ == sizeof buffer_) Flush();
    buffer_[used_++] = c;
  }
  void Flush() {
    std::fwrite(buffer_, 1, used_, file_);
    used_ = 0;
  }
  void append(std::string_view s) {
    if (s.size() > sizeof buffer_ - used_) {
      Flush();
      if (s.size() >= sizeof buffer_) {
        std::fwrite(s.data(), 1, s.size(), file_);
        return;
      }
    }
    std::memcpy(buffer_ + used_, s.data(), s.size());
    used_ += s.size();
  }

 private:
  std::FILE* file_;
  std::size_t used_ = 0;
  char buffer_[16384];
};

void append(FileOut& out, std::string_view s) { out.append(s); }
void append(rapidjson::StringBuffer& out, std::string_view s) {
  std::memcpy(out.Push(s.size()), s.data(), s.size());
}

// A value whose JSON text is already made (a quoted base64 string: nothing to escape),
// in one copy: Writer::RawValue copies it a character at a time, which for a tensor's
// megabytes was most of the time spent writing the result (in the .wasm above all).
template <class Writer, class Stream>
void write_raw(Writer& w, Stream& out, std::string_view json, rapidjson::Type type) {
  w.RawValue("", 0, type);  // what goes before a value: a separator, indentation
  append(out, json);
}

template <class Writer, class Stream>
void write_value(Writer& w, Stream& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNull: w.Null(); break;
    case Value::Kind::kBool: w.Bool(v.as_bool()); break;
    case Value::Kind::kInt: w.Int64(v.as_int()); break;
    case Value::Kind::kFloat:
      if (std::isfinite(v.as_float())) w.Double(v.as_float());
      else w.Null();
      break;
    case Value::Kind::kString:
      w.String(v.as_string().data(), static_cast<rapidjson::SizeType>(v.as_string().size()));
      break;
    case Value::Kind::kBytes: {
      w.StartObject();
      w.Key("__bytes__");
      const Value::Bytes& b = v.as_bytes();
      std::string quoted = "\"";
      base64_encode(std::as_bytes(std::span(b.data(), b.size())), quoted);
      quoted += '"';
      write_raw(w, out, quoted, rapidjson::kStringType);
      w.EndObject();
      break;
    }
    case Value::Kind::kArray:
      w.StartArray();
      for (const Value& item : v.as_array()) write_value(w, out, item);
      w.EndArray();
      break;
    case Value::Kind::kObject:
      w.StartObject();
      for (const auto& [key, item] : v.as_object()) {
        w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
        write_value(w, out, item);
      }
      w.EndObject();
      break;
    case Value::Kind::kOpaque:
      // The executor materializes opaque items before they leave their domain; one that
      // reaches the writer has no JSON form.
      w.Null();
      break;
    case Value::Kind::kTensor: {
      const Tensor& t = v.as_tensor();
      w.StartObject();
      w.Key("dtype");
      std::string_view dtype = to_string(t.dtype());
      w.String(dtype.data(), static_cast<rapidjson::SizeType>(dtype.size()));
      w.Key("shape");
      w.StartArray();
      for (std::int64_t d : t.shape()) w.Int64(d);
      w.EndArray();
      w.Key("data");
      std::string quoted = "\"";
      base64_encode(std::span(t.data(), t.byte_size()), quoted);
      quoted += '"';
      write_raw(w, out, quoted, rapidjson::kStringType);
      w.EndObject();
      break;
    }
  }
}

bool has_exactly_keys(const Value::Object& o, std::initializer_list<std::string_view> keys) {
  if (o.size() != keys.size()) return false;
  for (std::string_view k : keys) {
    bool found = false;
    for (const auto& member : o) found = found || member.first == k;
    if (!found) return false;
  }
  return true;
}

Result<Value> decode_tensor(const Value& json, const std::string& path) {
  const Value& dtype_v = *json.find("dtype");
  const Value& shape_v = *json.find("shape");
  const Value& data_v = *json.find("data");
  if (!dtype_v.is_string())
    return fail(ErrorCode::kInvalidInput, "tensor dtype must be a string", path + "/dtype");
  auto dtype = dtype_from_string(dtype_v.as_string());
  if (!dtype)
    return fail(ErrorCode::kInvalidInput,
                "unknown tensor dtype \"" + dtype_v.as_string() +
                    "\" (expected bool, int8..int64, uint8..uint64, float16, float32 or float64)",
                path + "/dtype");
  if (!shape_v.is_array())
    return fail(ErrorCode::kInvalidInput, "tensor shape must be an array of non-negative ints",
                path + "/shape");
  std::vector<std::int64_t> shape;
  for (const Value& d : shape_v.as_array()) {
    if (!d.is_int() || d.as_int() < 0)
      return fail(ErrorCode::kInvalidInput, "tensor shape must be an array of non-negative ints",
                  path + "/shape");
    shape.push_back(d.as_int());
  }
  if (!data_v.is_string())
    return fail(ErrorCode::kInvalidInput, "tensor data must be a base64 string", path + "/data");
  const std::string& text = data_v.as_string();
  auto size = base64_decoded_size(text);
  if (!size) return fail(ErrorCode::kInvalidInput, "tensor data is not valid base64", path + "/data");
  std::shared_ptr<Buffer> buffer = Buffer::allocate(*size);
  if (!base64_decode(text, buffer->mutable_data()))
    return fail(ErrorCode::kInvalidInput, "tensor data is not valid base64", path + "/data");
  auto tensor = Tensor::make(*dtype, std::move(shape), std::move(buffer));
  if (!tensor) {
    Error e = std::move(tensor).error();
    e.path = path;
    return std::unexpected(std::move(e));
  }
  return Value(std::move(*tensor));
}

Result<Value> decode_bytes(const Value& json, const std::string& path) {
  const Value& data_v = *json.find("__bytes__");
  std::string at = path + "/__bytes__";
  if (!data_v.is_string())
    return fail(ErrorCode::kInvalidInput, "__bytes__ must be a base64 string", at);
  auto size = base64_decoded_size(data_v.as_string());
  Value::Bytes bytes(size.value_or(0));
  if (!size || !base64_decode(data_v.as_string(), reinterpret_cast<std::byte*>(bytes.data())))
    return fail(ErrorCode::kInvalidInput, "__bytes__ is not valid base64", at);
  return Value::bytes(std::move(bytes));
}

// Returns the decoded value, or nullopt when `json` holds no wire form (share the input).
Result<std::optional<Value>> decode_wire(const Value& json, const std::string& path) {
  if (json.is_array()) {
    const Value::Array& items = json.as_array();
    std::optional<Value::Array> rebuilt;
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto item = decode_wire(items[i], path + "/" + std::to_string(i));
      if (!item) return std::unexpected(std::move(item).error());
      if (*item && !rebuilt) rebuilt.emplace(items.begin(), items.begin() + i);
      if (rebuilt) rebuilt->push_back(*item ? std::move(**item) : items[i]);
    }
    if (rebuilt) return Value(std::move(*rebuilt));
    return std::nullopt;
  }
  if (!json.is_object()) return std::nullopt;
  const Value::Object& members = json.as_object();
  if (has_exactly_keys(members, {"dtype", "shape", "data"})) return decode_tensor(json, path);
  if (has_exactly_keys(members, {"__bytes__"})) return decode_bytes(json, path);
  std::optional<Value::Object> rebuilt;
  for (std::size_t i = 0; i < members.size(); ++i) {
    auto item = decode_wire(members[i].second, path + "/" + json_pointer_escape(members[i].first));
    if (!item) return std::unexpected(std::move(item).error());
    if (*item && !rebuilt) rebuilt.emplace(members.begin(), members.begin() + i);
    if (rebuilt) rebuilt->emplace_back(members[i].first, *item ? std::move(**item) : members[i].second);
  }
  if (rebuilt) return Value(std::move(*rebuilt));
  return std::nullopt;
}

}  // namespace

Result<Value> parse_json(std::string_view text, const JsonLimits& limits) {
  if (text.size() > limits.max_bytes)
    return fail(ErrorCode::kLimitExceeded, "document is " + std::to_string(text.size()) +
                                               " bytes, over the limit of " +
                                               std::to_string(limits.max_bytes));
  ValueBuilder builder(limits.max_depth);
  rapidjson::Reader reader;
  rapidjson::MemoryStream stream(text.data(), text.size());
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseFullPrecisionFlag;
  // Strings must be UTF-8. rapidjson checks that a character at a time as it copies them,
  // a loop that took ~10 % of a run with megabytes of tensor data in the .wasm; checking
  // the whole text first is much faster. Text that fails that check is parsed with
  // rapidjson's own, so that the error and its position are rapidjson's.
  rapidjson::ParseResult ok =
      is_utf8(text) ? reader.Parse<kFlags>(stream, builder)
                    : reader.Parse<kFlags | rapidjson::kParseValidateEncodingFlag>(stream, builder);
  if (builder.depth_exceeded())
    return fail(ErrorCode::kLimitExceeded, "document nests arrays/objects more than " +
                                               std::to_string(limits.max_depth) + " deep");
  if (ok.IsError()) {
    std::string message = text.empty() ? "the document is empty"
                                       : rapidjson::GetParseError_En(ok.Code());
    if (!message.empty() && message.back() == '.') message.pop_back();
    return std::unexpected(parse_error_at(text, ok.Offset(), "invalid JSON: " + message));
  }
  return builder.take_root();
}

template <class Stream>
void write_document(Stream& stream, const Value& value, const JsonWriteOptions& options) {
  if (options.pretty) {
    rapidjson::PrettyWriter<Stream> writer(stream);
    writer.SetIndent(' ', 2);
    write_value(writer, stream, value);
  } else {
    rapidjson::Writer<Stream> writer(stream);
    write_value(writer, stream, value);
  }
}

std::string to_json(const Value& value, const JsonWriteOptions& options) {
  rapidjson::StringBuffer buffer;
  write_document(buffer, value, options);
  return std::string(buffer.GetString(), buffer.GetSize());
}

void write_json(std::FILE* out, const Value& value, const JsonWriteOptions& options) {
  FileOut stream(out);
  write_document(stream, value, options);
  stream.Flush();
}

Result<Value> from_wire(const Value& json, const std::string& path) {
  auto decoded = decode_wire(json, path);
  if (!decoded) return std::unexpected(std::move(decoded).error());
  return *decoded ? std::move(**decoded) : json;
}

std::string json_pointer_escape(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

}  // namespace remotemedia
