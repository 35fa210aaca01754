#pragma once

// CPython 3.11's `random.Random` (Lib/random.py over Modules/_randommodule.c), the parts the
// Uni-AdGen data loader uses, draw for draw: seeding with an int, random(), getrandbits(),
// _randbelow(), choice() and sample(range(n), k).

#include "personalize/mt19937.h"

#include <cstdint>
#include <vector>

namespace adgen::personalize {

class PythonRandom {
public:
    explicit PythonRandom(uint64_t seed = 0) { this->seed(seed); }

    // random.seed(n) for a non-negative int: the int's 32-bit words, least significant first,
    // go through init_by_array (0 is the single word 0).
    void seed(uint64_t seed);

    double random();                  // random.random(): 53-bit double in [0, 1)
    uint64_t getrandbits(int bits);   // 0 <= bits <= 64
    uint64_t randbelow(uint64_t n);   // _randbelow(n), n > 0: rejection on n.bit_length() bits

    // random.choice(seq) for a sequence of `size` items: the index it picks. size > 0.
    size_t choiceIndex(size_t size);

    // random.sample(range(n), k), 0 <= k <= n: a partial shuffle of a pool for small n, rejection
    // against a set of picks for large n, with 3.11's switch-over size.
    std::vector<int64_t> sampleRange(int64_t n, int64_t k);

private:
    Mt19937 mt_;
};

}  // namespace adgen::personalize
