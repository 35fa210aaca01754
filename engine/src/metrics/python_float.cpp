#include "python_float.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace adgen::metrics {

double exactSum(const std::vector<double>& values) {
    // Shewchuk's exact summation: `partials` holds non-overlapping doubles, smallest first, whose
    // exact sum is the exact sum of the values seen so far.
    std::vector<double> partials;
    for (double x : values) {
        size_t kept = 0;
        for (size_t j = 0; j < partials.size(); ++j) {
            double y = partials[j];
            if (std::fabs(x) < std::fabs(y))
                std::swap(x, y);
            const double high = x + y;
            const double low = y - (high - x);  // the rounding error of high, exactly
            if (low != 0.0)
                partials[kept++] = low;
            x = high;
        }
        partials.resize(kept);
        partials.push_back(x);
    }
    if (partials.empty())
        return 0.0;

    // Add the partials from the largest down until the addition stops being exact.
    size_t n = partials.size();
    double high = partials[--n];
    double low = 0.0;
    while (n > 0) {
        const double x = high;
        const double y = partials[--n];
        high = x + y;
        low = y - (high - x);
        if (low != 0.0)
            break;
    }
    // If the remainder is exactly half an ulp and the partials below push the same way, the
    // round-to-even above went the wrong direction: redo it with the doubled error.
    if (n > 0 && ((low < 0.0 && partials[n - 1] < 0.0) || (low > 0.0 && partials[n - 1] > 0.0))) {
        const double doubled = low * 2.0;
        const double candidate = high + doubled;
        if (doubled == candidate - high)
            high = candidate;
    }
    return high;
}

double roundLikePython(double x, int digits) {
    if (!std::isfinite(x))
        return x;
    // to_chars with a precision rounds the exact binary value to nearest, ties to even, like
    // CPython's dtoa; from_chars reads the decimal back correctly rounded.
    char buffer[400];
    const auto printed =
        std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed, digits);
    double result = x;
    std::from_chars(buffer, printed.ptr, result);
    return result;
}

double roundLikeNumpy(double x, int digits) {
    double scale = 1.0;
    for (int i = 0; i < digits; ++i)
        scale *= 10.0;
    return std::nearbyint(x * scale) / scale;
}

}  // namespace adgen::metrics
