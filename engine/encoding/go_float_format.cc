// Go's shortest float formatting: std::to_chars gives the shortest round-trip digits (as Go's
// Ryū does), laid out as strconv's ftoa.go lays them out ('g', shortest: fmtE and fmtF).
#include "encoding/go_float_format.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "base/check.h"

namespace hivefuzz {
namespace {

// The shortest round-trip decimal digits of |v| (no leading or trailing zeros) and the
// position of the decimal point relative to them (Go's decimalSlice d and dp):
// |v| = 0.d * 10^dp. REQUIRES: v finite and non-zero.
struct ShortestDigits {
  std::string digits;
  int decimal_point;
};

template <typename Float>
ShortestDigits Shortest(Float v) {
  char buf[64];
  auto [end, ec] =
      std::to_chars(buf, buf + sizeof(buf), std::fabs(v), std::chars_format::scientific);
  HF_CHECK(ec == std::errc());
  std::string_view text(buf, end - buf);  // d[.ddd]e±XX
  size_t e = text.find('e');
  HF_CHECK(e != std::string_view::npos);
  ShortestDigits out;
  for (char c : text.substr(0, e)) {
    if (c != '.') out.digits.push_back(c);
  }
  while (out.digits.size() > 1 && out.digits.back() == '0') out.digits.pop_back();
  out.decimal_point = std::atoi(std::string(text.substr(e + 1)).c_str()) + 1;
  return out;
}

template <typename Float>
std::string Format(Float v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::string out = std::signbit(v) ? "-" : "";
  if (v == 0) return out + "0";
  ShortestDigits d = Shortest(v);
  const int nd = static_cast<int>(d.digits.size());
  const int exp = d.decimal_point - 1;
  if (exp < -4 || exp >= 6) {  // fmtE with prec = nd - 1
    out.push_back(d.digits[0]);
    if (nd > 1) {
      out.push_back('.');
      out.append(d.digits, 1);
    }
    out.push_back('e');
    out.push_back(exp < 0 ? '-' : '+');
    int abs_exp = std::abs(exp);
    if (abs_exp < 10) out.push_back('0');
    out += std::to_string(abs_exp);
    return out;
  }
  // fmtF with max(nd - dp, 0) fraction digits.
  if (d.decimal_point > 0) {
    for (int i = 0; i < d.decimal_point; i++) out.push_back(i < nd ? d.digits[i] : '0');
  } else {
    out.push_back('0');
  }
  const int fraction = nd - d.decimal_point;
  if (fraction > 0) {
    out.push_back('.');
    for (int i = 1; i <= fraction; i++) {
      int j = d.decimal_point + i - 1;
      out.push_back(j >= 0 && j < nd ? d.digits[j] : '0');
    }
  }
  return out;
}

}  // namespace

std::string GoFormatFloat64(double v) { return Format(v); }
std::string GoFormatFloat32(float v) { return Format(v); }

}  // namespace hivefuzz
