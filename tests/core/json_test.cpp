#include "remotemedia/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "remotemedia/base64.h"

namespace remotemedia {
namespace {

std::string round_trip(std::string_view text) {
  auto v = parse_json(text);
  if (!v) return "error: " + v.error().message;
  return to_json(*v);
}

TEST(Json, NumbersFollowTheIntFloatRule) {
  EXPECT_TRUE(parse_json("5")->is_int());
  EXPECT_TRUE(parse_json("-9223372036854775808")->is_int());
  EXPECT_TRUE(parse_json("9223372036854775808")->is_float());  // does not fit int64
  EXPECT_TRUE(parse_json("5.0")->is_float());
  EXPECT_TRUE(parse_json("5e0")->is_float());
  EXPECT_EQ(round_trip("[5.0, 5, 0.1, -2.5e-7, 1e300]"), "[5.0,5,0.1,-2.5e-7,1e300]");
}

TEST(Json, NonFiniteFloatsAreWrittenAsNull) {
  Value::Array a{Value(std::numeric_limits<double>::quiet_NaN()),
                 Value(std::numeric_limits<double>::infinity()), Value(-HUGE_VAL)};
  EXPECT_EQ(to_json(Value(a)), "[null,null,null]");
}

TEST(Json, ObjectsKeepKeyOrderAndEscapes) {
  EXPECT_EQ(round_trip(R"({"b": 1, "a": "x\"y\n", "c": [true, false, null]})"),
            R"({"b":1,"a":"x\"y\n","c":[true,false,null]})");
  EXPECT_EQ(round_trip(R"("\u00e9\ud83d\ude00")"), "\"\xC3\xA9\xF0\x9F\x98\x80\"");
}

TEST(Json, SyntaxErrorsCarryLineAndColumn) {
  auto v = parse_json("{\n  \"a\": 1,\n  \"b\" 2\n}");
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kParseError);
  EXPECT_EQ(v.error().line, 3);
  EXPECT_EQ(v.error().column, 7);
}

TEST(Json, EmptyAndInvalidUtf8AreParseErrors) {
  auto empty = parse_json("");
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kParseError);
  EXPECT_EQ(empty.error().line, 1);
  EXPECT_EQ(empty.error().column, 1);
  auto bad = parse_json("[\"a\xFF\"]");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::kParseError);
  EXPECT_EQ(bad.error().column, 4);
  EXPECT_FALSE(parse_json("[1] [2]"));
  EXPECT_FALSE(parse_json("[1,]"));
}

// Strings are UTF-8 by RFC 3629, checked whole before parsing (ASCII 8 bytes at a time):
// every form is accepted or refused wherever it stands against those 8-byte steps.
TEST(Json, StringsMustBeUtf8AsRfc3629DefinesIt) {
  const std::vector<std::string> valid = {
      "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9D\x84\x9E", "\xF4\x8F\xBF\xBF",  // é € 𝄞 U+10FFFF
      "\xED\x9F\xBF", "\xEE\x80\x80", "\xC2\x80", "\xDF\xBF"};  // around the surrogates and the 2-byte range
  const std::vector<std::string> invalid = {
      "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xF0\x80\x80\x80",  // overlong forms
      "\xED\xA0\x80", "\xED\xBF\xBF",                            // surrogates
      "\xF4\x90\x80\x80", "\xF5\x80\x80\x80", "\xFF",                // past U+10FFFF, never a lead
      "\x80", "\xE2\x82", "\xE2\x82z", "\xF0\x9D\x84"};               // stray, cut short
  for (std::size_t pad = 0; pad < 10; ++pad) {
    const std::string before(pad, 'a');
    for (const std::string& form : valid) {
      const std::string text = R"(["x",")" + before + form + R"(b"])";
      SCOPED_TRACE(testing::PrintToString(text));
      auto v = parse_json(text);
      ASSERT_TRUE(v) << v.error().message;
      EXPECT_EQ(v->as_array()[1].as_string(), before + form + "b");
      EXPECT_EQ(to_json(*v), text);
    }
    for (const std::string& form : invalid) {
      const std::string text = R"(["x",")" + before + form + R"(b"])";
      SCOPED_TRACE(testing::PrintToString(text));
      auto v = parse_json(text);
      ASSERT_FALSE(v);
      EXPECT_EQ(v.error().code, ErrorCode::kParseError);
      EXPECT_TRUE(v.error().message.starts_with("invalid JSON: Invalid encoding in string at line 1, column "))
          << v.error().message;
    }
  }
  // Outside strings any byte but JSON's own is a syntax error, UTF-8 or not.
  EXPECT_EQ(parse_json("[1,\xC3\xA9]").error().message, "invalid JSON: Invalid value at line 1, column 4");
  EXPECT_EQ(parse_json("[1,\xFF]").error().message, "invalid JSON: Invalid value at line 1, column 4");
}

TEST(Json, DeepNestingIsALimitNotACrash) {
  std::string deep(100000, '[');
  deep += std::string(100000, ']');
  auto v = parse_json(deep);
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kLimitExceeded);
  std::string ok(512, '[');
  ok += std::string(512, ']');
  EXPECT_TRUE(parse_json(ok));
  std::string over(513, '[');
  over += std::string(513, ']');
  EXPECT_EQ(parse_json(over).error().code, ErrorCode::kLimitExceeded);
}

TEST(Json, SizeLimit) {
  auto v = parse_json("[1, 2, 3]", JsonLimits{.max_bytes = 4});
  ASSERT_FALSE(v);
  EXPECT_EQ(v.error().code, ErrorCode::kLimitExceeded);
}

TEST(Json, WireFormsDecodeToTensorsAndBytes) {
  // float32 [1, 2, 3]
  auto doc = parse_json(R"([{"dtype": "float32", "shape": [3], "data": "AACAPwAAAEAAAEBA"},
                            {"__bytes__": "aGk="}, {"dtype": "x"}])");
  ASSERT_TRUE(doc);
  auto v = from_wire(*doc, "/input_data");
  ASSERT_TRUE(v) << v.error().message;
  const Tensor& t = v->as_array()[0].as_tensor();
  EXPECT_EQ(t.dtype(), DType::kFloat32);
  ASSERT_EQ(t.element_count(), 3u);
  EXPECT_EQ(t.elements<float>()[2], 3.0f);
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(t.data()) % Buffer::kAlignment, 0u);
  EXPECT_EQ(v->as_array()[1].as_bytes(), (Value::Bytes{'h', 'i'}));
  EXPECT_TRUE(v->as_array()[2].is_object());  // not exactly the tensor keys: plain object
  EXPECT_EQ(to_json(*v), R"([{"dtype":"float32","shape":[3],"data":"AACAPwAAAEAAAEBA"},{"__bytes__":"aGk="},{"dtype":"x"}])");
}

// What write_json writes to a file, read back.
std::string written_to_a_file(const Value& v, const JsonWriteOptions& options) {
  std::FILE* file = std::tmpfile();
  write_json(file, v, options);
  std::string text(static_cast<std::size_t>(std::ftell(file)), '\0');
  std::rewind(file);
  text.resize(std::fread(text.data(), 1, text.size(), file));
  std::fclose(file);
  return text;
}

// Tensors' and bytes' base64 text goes to the output in one piece, past the writer: in
// the right place, between the right separators, through the file's buffer and around it.
TEST(Json, TensorsAndBytesOfAnySizeAreWrittenInPlace) {
  for (std::size_t size : {0u, 3u, 12287u, 12288u, 40000u}) {
    SCOPED_TRACE(size);
    Value::Bytes bytes(size);
    for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<std::uint8_t>(i * 7);
    std::string data;
    base64_encode(std::as_bytes(std::span(bytes.data(), bytes.size())), data);
    auto tensor = Tensor::make(DType::kUInt8, {static_cast<std::int64_t>(size)},
                               Buffer::copy_of(std::as_bytes(std::span(bytes.data(), bytes.size()))));
    ASSERT_TRUE(tensor);
    Value::Object object;
    object.emplace_back("k", Value::bytes(bytes));
    object.emplace_back("z", Value(1));
    Value::Array array;
    array.emplace_back("a");
    array.emplace_back(std::move(*tensor));
    array.emplace_back(Value::bytes(bytes));
    array.emplace_back(std::move(object));
    const Value v(std::move(array));

    const std::string compact = R"(["a",{"dtype":"uint8","shape":[)" + std::to_string(size) +
                                R"(],"data":")" + data + R"("},{"__bytes__":")" + data +
                                R"("},{"k":{"__bytes__":")" + data + R"("},"z":1}])";
    EXPECT_EQ(to_json(v), compact);
    EXPECT_EQ(written_to_a_file(v, {}), compact);

    const std::string pretty = to_json(v, {.pretty = true});
    EXPECT_EQ(written_to_a_file(v, {.pretty = true}), pretty);
    auto reparsed = parse_json(pretty);
    ASSERT_TRUE(reparsed);
    EXPECT_EQ(to_json(*reparsed), compact);
    EXPECT_NE(pretty.find("\n    \"data\": \"" + data + "\"\n"), std::string::npos) << pretty.substr(0, 300);
  }
}

TEST(Json, MalformedTensorFormsAreInvalidInput) {
  const std::pair<const char*, const char*> cases[] = {
      {R"({"dtype": "float33", "shape": [1], "data": "AAAAAA=="})", "/x/dtype"},
      {R"({"dtype": "float32", "shape": [2], "data": "AAAAAA=="})", "/x"},
      {R"({"dtype": "float32", "shape": [1], "data": "AAA*AA=="})", "/x/data"},
      {R"({"dtype": "float32", "shape": [-1], "data": ""})", "/x/shape"},
      {R"({"__bytes__": 5})", "/x/__bytes__"},
  };
  for (const auto& [text, path] : cases) {
    auto v = from_wire(*parse_json(text), "/x");
    ASSERT_FALSE(v) << text;
    EXPECT_EQ(v.error().code, ErrorCode::kInvalidInput) << text;
    EXPECT_EQ(v.error().path, path) << text;
  }
}

TEST(Json, PlainContainersAreSharedNotRebuilt) {
  auto doc = parse_json(R"([[1, 2], {"a": [3]}])");
  auto v = from_wire(*doc, "");
  ASSERT_TRUE(v);
  EXPECT_EQ(&v->as_array(), &doc->as_array());
}

}  // namespace
}  // namespace remotemedia
