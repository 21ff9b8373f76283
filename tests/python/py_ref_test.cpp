// GilGuard (src/python/py_ref.h): nested guards are free only while the outer one really
// holds the GIL; inside a Py_BEGIN_ALLOW_THREADS they take it again, and every guard
// leaves the thread as it found it.
#include "python/py_ref.h"

#include <gtest/gtest.h>

#include <thread>

#include "python_test_support.h"

namespace remotemedia {
namespace {

using python::GilGuard;

TEST(GilGuard, NestsAndRetakesTheGilInsideAllowThreads) {
  ASSERT_NE(testing::started_interpreter(), nullptr);
  // A thread of its own: the test's main thread is the one that started Python.
  std::thread([] {
    EXPECT_FALSE(PyGILState_Check());
    {
      GilGuard outer;
      EXPECT_TRUE(PyGILState_Check());
      {
        GilGuard nested;
        EXPECT_TRUE(PyGILState_Check());
      }
      EXPECT_TRUE(PyGILState_Check());  // the nested guard did not release it
      Py_BEGIN_ALLOW_THREADS
      EXPECT_FALSE(PyGILState_Check());
      {
        GilGuard inner;
        EXPECT_TRUE(PyGILState_Check());
        python::PyRef n = python::PyRef::steal(PyLong_FromLong(1000));  // usable: the GIL is held
        EXPECT_TRUE(n);
      }
      EXPECT_FALSE(PyGILState_Check());
      Py_END_ALLOW_THREADS
      EXPECT_TRUE(PyGILState_Check());
    }
    EXPECT_FALSE(PyGILState_Check());
    {
      GilGuard again;  // a later outermost guard on the same thread
      EXPECT_TRUE(PyGILState_Check());
    }
    EXPECT_FALSE(PyGILState_Check());
  }).join();
}

}  // namespace
}  // namespace remotemedia
