// Go's %v for floats in C++ (go_float_format.h): expected strings are what Go 1.19 prints.
#include "encoding/go_float_format.h"

#include <gtest/gtest.h>

#include <bit>
#include <limits>

namespace hivefuzz {
namespace {

// Requirement: shortest digits, %e from exponent 6 up and below -4, Go's sign and names.
TEST(GoFloatFormatTest, Float64AsGoPrintsIt) {
  EXPECT_EQ(GoFormatFloat64(0), "0");
  EXPECT_EQ(GoFormatFloat64(-0.0), "-0");
  EXPECT_EQ(GoFormatFloat64(1), "1");
  EXPECT_EQ(GoFormatFloat64(-12.5), "-12.5");
  EXPECT_EQ(GoFormatFloat64(0.1), "0.1");
  EXPECT_EQ(GoFormatFloat64(0.3), "0.3");
  EXPECT_EQ(GoFormatFloat64(100), "100");
  EXPECT_EQ(GoFormatFloat64(123456), "123456");
  EXPECT_EQ(GoFormatFloat64(999999), "999999");
  EXPECT_EQ(GoFormatFloat64(123456.789), "123456.789");
  EXPECT_EQ(GoFormatFloat64(1e6), "1e+06");
  EXPECT_EQ(GoFormatFloat64(1234567), "1.234567e+06");
  EXPECT_EQ(GoFormatFloat64(9007199254740992.0), "9.007199254740992e+15");
  EXPECT_EQ(GoFormatFloat64(1e21), "1e+21");
  EXPECT_EQ(GoFormatFloat64(1e100), "1e+100");
  EXPECT_EQ(GoFormatFloat64(0.0001), "0.0001");
  EXPECT_EQ(GoFormatFloat64(0.00012345), "0.00012345");
  EXPECT_EQ(GoFormatFloat64(1e-5), "1e-05");
  EXPECT_EQ(GoFormatFloat64(1.5e-5), "1.5e-05");
  EXPECT_EQ(GoFormatFloat64(1e-7), "1e-07");
  EXPECT_EQ(GoFormatFloat64(1e-100), "1e-100");
  EXPECT_EQ(GoFormatFloat64(5e-324), "5e-324");
  EXPECT_EQ(GoFormatFloat64(2.2250738585072014e-308), "2.2250738585072014e-308");
  EXPECT_EQ(GoFormatFloat64(std::numeric_limits<double>::max()), "1.7976931348623157e+308");
  EXPECT_EQ(GoFormatFloat64(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(GoFormatFloat64(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(GoFormatFloat64(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

// Requirement: float32 uses the shortest digits that read back as the same float32.
TEST(GoFloatFormatTest, Float32AsGoPrintsIt) {
  EXPECT_EQ(GoFormatFloat32(0), "0");
  EXPECT_EQ(GoFormatFloat32(-0.0f), "-0");
  EXPECT_EQ(GoFormatFloat32(0.1f), "0.1");
  EXPECT_EQ(GoFormatFloat32(1.1f), "1.1");
  EXPECT_EQ(GoFormatFloat32(2.5f), "2.5");
  EXPECT_EQ(GoFormatFloat32(123456), "123456");
  EXPECT_EQ(GoFormatFloat32(1234567), "1.234567e+06");
  EXPECT_EQ(GoFormatFloat32(1e6f), "1e+06");
  EXPECT_EQ(GoFormatFloat32(16777216.0f), "1.6777216e+07");
  EXPECT_EQ(GoFormatFloat32(1e-5f), "1e-05");
  EXPECT_EQ(GoFormatFloat32(0.0001f), "0.0001");
  EXPECT_EQ(GoFormatFloat32(std::numeric_limits<float>::max()), "3.4028235e+38");
  EXPECT_EQ(GoFormatFloat32(std::numeric_limits<float>::min()), "1.1754944e-38");
  EXPECT_EQ(GoFormatFloat32(std::bit_cast<float>(1u)), "1e-45");
  EXPECT_EQ(GoFormatFloat32(std::numeric_limits<float>::infinity()), "+Inf");
  EXPECT_EQ(GoFormatFloat32(std::bit_cast<float>(0x7fc00001u)), "NaN");
}

}  // namespace
}  // namespace hivefuzz
