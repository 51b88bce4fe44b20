// Go's %v for float32 and float64 (strconv.FormatFloat(v, 'g', -1, bits)) byte for byte, for
// the float lines of corpus files: 1e+06, 1e-05, 0.0001, 123456, +Inf, -Inf, NaN, -0.
#pragma once

#include <string>

namespace hivefuzz {

std::string GoFormatFloat64(double v);
std::string GoFormatFloat32(float v);

}  // namespace hivefuzz
