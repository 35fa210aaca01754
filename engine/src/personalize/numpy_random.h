#pragma once

// NumPy 1.24's legacy global generator (`np.random.seed(int)`, `RandomState`): seeding,
// random_sample() and choice(n, size, replace=False, p=...), draw for draw and with the same
// floating-point reductions, because the Uni-AdGen history sampling is a weighted choice.

#include "personalize/mt19937.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace adgen::personalize {

class NumpyRandomState {
public:
    // np.random.seed(seed) / RandomState(seed) for an int in [0, 2**32): init_genrand(seed).
    explicit NumpyRandomState(uint32_t seed) { mt_.seedWord(seed); }

    double randomSample();  // random_sample(): 53-bit double in [0, 1)

    // choice(n, size, replace=False, p=p). NumPy's algorithm: until `size` distinct indices are
    // found, draw one uniform per missing index, zero the found indices' probabilities, take the
    // cumulative sum normalised by its last entry, search each uniform (side='right') and keep
    // the first occurrence of each new index in draw order. Throws adgen::Error where NumPy raises
    // ValueError: p not of length n, NaN or negative entries, sum not 1 within sqrt(eps),
    // size > n, or fewer non-zero entries than size.
    std::vector<int64_t> choiceWithoutReplacement(int64_t n, int64_t size, const std::vector<double>& p);

private:
    Mt19937 mt_;
};

// np.sum / ndarray.sum of a float64 vector: NumPy's pairwise summation (blocks of 8 partial
// sums up to 128 items, halving above), which rounds differently from a plain loop.
double numpySum(const double* values, size_t count);
inline double numpySum(const std::vector<double>& values) { return numpySum(values.data(), values.size()); }

}  // namespace adgen::personalize
