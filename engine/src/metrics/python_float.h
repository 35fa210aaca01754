#pragma once

#include <vector>

// Python and NumPy floating-point operations whose exact results the reference metrics report.
// All are correctly specified (no platform-dependent rounding), so these reproduce them bit for
// bit on IEEE-754 doubles.
namespace adgen::metrics {

// math.fsum: the correctly rounded sum of finite values (no intermediate rounding).
double exactSum(const std::vector<double>& values);

// Python's round(x, digits) on a float: the double nearest to x rounded to `digits` decimals,
// computed on the exact binary value with ties to even (CPython goes through a correctly rounded
// decimal string). Locale-independent.
double roundLikePython(double x, int digits);

// NumPy's round(x, digits) (np.around, and round() of an np.float64): rint(x * 10^digits) /
// 10^digits, each step rounded, so it can differ from Python's round in the last decimal.
double roundLikeNumpy(double x, int digits);

}  // namespace adgen::metrics
