#include "remotemedia/value.h"

#include <gtest/gtest.h>

#include <cstring>

namespace remotemedia {
namespace {

TEST(Value, CopiesShareTensorBuffers) {
  auto buffer = Buffer::allocate(12);
  std::memset(buffer->mutable_data(), 0, 12);
  Value a(*Tensor::make(DType::kFloat32, {3}, buffer));
  Value b = a;
  EXPECT_EQ(a.as_tensor().data(), b.as_tensor().data());
  EXPECT_EQ(&a.as_tensor(), &b.as_tensor());
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(a.as_tensor().data()) % 64, 0u);
}

TEST(Value, UniqueTensorDataOnlyWhenNothingElseCanSeeTheBytes) {
  auto make = [](std::shared_ptr<const Buffer> buffer) { return Value(*Tensor::make(DType::kUInt8, {4}, std::move(buffer))); };
  std::shared_ptr<Buffer> allocated = Buffer::allocate(4);
  const std::byte* bytes = allocated->data();
  Value only = make(std::move(allocated));
  EXPECT_EQ(only.unique_tensor_data(), bytes);

  Value copy = only;  // another owner of the tensor
  EXPECT_EQ(only.unique_tensor_data(), nullptr);
  copy = Value();
  EXPECT_EQ(only.unique_tensor_data(), bytes);

  Value view = make(only.as_tensor().buffer());  // another tensor over the same buffer
  EXPECT_EQ(only.unique_tensor_data(), nullptr);
  EXPECT_EQ(view.unique_tensor_data(), nullptr);

  auto owner = std::make_shared<std::vector<std::byte>>(4);
  Value adopted = make(Buffer::adopt(owner->data(), 4, owner));  // e.g. a numpy array's memory
  EXPECT_EQ(adopted.unique_tensor_data(), nullptr);
  EXPECT_EQ(Value(1).unique_tensor_data(), nullptr);
}

TEST(Value, TensorSizeMustMatchShape) {
  auto t = Tensor::make(DType::kInt16, {2, 3}, Buffer::allocate(10));
  ASSERT_FALSE(t);
  EXPECT_EQ(t.error().code, ErrorCode::kInvalidInput);
  EXPECT_TRUE(Tensor::make(DType::kInt16, {2, 3}, Buffer::allocate(12)));
  EXPECT_TRUE(Tensor::make(DType::kFloat64, {0}, nullptr));
}

TEST(Value, KindsAndEquality) {
  EXPECT_TRUE(Value(1).is_int());
  EXPECT_TRUE(Value(1.0).is_float());
  EXPECT_TRUE(Value(true).is_bool());
  EXPECT_TRUE(Value("s").is_string());
  EXPECT_NE(Value(1), Value(1.0));
  EXPECT_EQ(Value(Value::Array{1, "a"}), Value(Value::Array{1, "a"}));
  Value o(Value::Object{{"k", 1}, {"k", 2}});
  EXPECT_EQ(*o.find("k"), Value(2));
  EXPECT_EQ(o.find("missing"), nullptr);
}

TEST(Value, AdoptedBuffersKeepTheirOwnerAlive) {
  auto owner = std::make_shared<std::vector<float>>(std::vector<float>{1, 2});
  std::weak_ptr<std::vector<float>> watch = owner;
  {
    auto buffer = Buffer::adopt(reinterpret_cast<const std::byte*>(owner->data()), 8, owner);
    owner.reset();
    EXPECT_FALSE(watch.expired());
    Value v(*Tensor::make(DType::kFloat32, {2}, buffer));
    EXPECT_EQ(v.as_tensor().elements<float>()[1], 2.0f);
  }
  EXPECT_TRUE(watch.expired());
}

}  // namespace
}  // namespace remotemedia
