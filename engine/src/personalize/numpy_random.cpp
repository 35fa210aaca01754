#include "personalize/numpy_random.h"

#include "adgen/error.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <unordered_set>

namespace adgen::personalize {
namespace {

// mtrand's kahan_sum, used only for the "probabilities do not sum to 1" check.
double kahanSum(const std::vector<double>& values) {
    if (values.empty()) return 0.0;
    double sum = values[0];
    double compensation = 0.0;
    for (size_t i = 1; i < values.size(); ++i) {
        const double y = values[i] - compensation;
        const double t = sum + y;
        compensation = (t - sum) - y;
        sum = t;
    }
    return sum;
}

void checkProbabilities(int64_t n, int64_t size, const std::vector<double>& p) {
    const std::string fix = "Give one non-negative weight per item, summing to 1.";
    if (static_cast<int64_t>(p.size()) != n) {
        throw Error("The sampling weights have " + std::to_string(p.size()) + " entries for " + std::to_string(n) +
                        " items.",
                    fix);
    }
    const double total = kahanSum(p);
    if (std::isnan(total)) throw Error("The sampling weights contain NaN.", fix);
    for (const double v : p) {
        if (v < 0) throw Error("The sampling weights contain a negative entry (" + std::to_string(v) + ").", fix);
    }
    const double tolerance = std::sqrt(std::numeric_limits<double>::epsilon());
    if (std::fabs(total - 1.0) > tolerance) {
        throw Error("The sampling weights sum to " + std::to_string(total) + ", not 1.", fix);
    }
    if (size > n) {
        throw Error("Cannot draw " + std::to_string(size) + " distinct items from " + std::to_string(n) + ".",
                    "Ask for at most as many items as there are.");
    }
    if (size < 0) throw Error("Cannot draw a negative number of items.", "This is a bug: report it.");
    const auto nonZero = std::count_if(p.begin(), p.end(), [](double v) { return v > 0; });
    if (nonZero < size) {
        throw Error("Only " + std::to_string(nonZero) + " of the sampling weights are above zero, fewer than the " +
                        std::to_string(size) + " distinct items asked for.",
                    "Give more items a positive weight, or draw fewer.");
    }
}

}  // namespace

double NumpyRandomState::randomSample() { return mt_.nextDouble53(); }

std::vector<int64_t> NumpyRandomState::choiceWithoutReplacement(int64_t n, int64_t size,
                                                                const std::vector<double>& p) {
    checkProbabilities(n, size, p);
    std::vector<double> weights = p;
    std::vector<int64_t> found;
    found.reserve(static_cast<size_t>(size));
    std::vector<double> uniforms, cdf(weights.size());
    while (static_cast<int64_t>(found.size()) < size) {
        uniforms.resize(static_cast<size_t>(size) - found.size());
        for (double& u : uniforms) u = randomSample();
        for (const int64_t index : found) weights[static_cast<size_t>(index)] = 0.0;
        double running = 0.0;
        for (size_t i = 0; i < weights.size(); ++i) cdf[i] = running += weights[i];
        const double last = cdf.back();
        for (double& c : cdf) c /= last;
        // searchsorted(side='right') then np.unique(return_index=True) sorted by index: the first
        // occurrence of each value, in draw order.
        std::unordered_set<int64_t> seen;
        for (const double u : uniforms) {
            const auto index = static_cast<int64_t>(std::upper_bound(cdf.begin(), cdf.end(), u) - cdf.begin());
            if (seen.insert(index).second) found.push_back(index);
        }
    }
    return found;
}

double numpySum(const double* values, size_t count) {
    constexpr size_t kBlock = 128;  // NumPy's PW_BLOCKSIZE
    if (count < 8) {
        double sum = 0.0;
        for (size_t i = 0; i < count; ++i) sum += values[i];
        return sum;
    }
    if (count <= kBlock) {
        double partial[8];
        for (size_t j = 0; j < 8; ++j) partial[j] = values[j];
        size_t i = 8;
        for (; i < count - count % 8; i += 8) {
            for (size_t j = 0; j < 8; ++j) partial[j] += values[i + j];
        }
        double sum = ((partial[0] + partial[1]) + (partial[2] + partial[3])) +
                     ((partial[4] + partial[5]) + (partial[6] + partial[7]));
        for (; i < count; ++i) sum += values[i];
        return sum;
    }
    size_t half = count / 2;
    half -= half % 8;
    return numpySum(values, half) + numpySum(values + half, count - half);
}

}  // namespace adgen::personalize
