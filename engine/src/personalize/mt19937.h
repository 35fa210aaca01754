#pragma once

// The Mersenne Twister MT19937 that both CPython's `random` and NumPy's legacy `RandomState`
// use, with the two ways they seed it. Needed so history sampling draws exactly the indices the
// Uni-AdGen reference draws.

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace adgen::personalize {

class Mt19937 {
public:
    // init_genrand(seed): Knuth's linear seeding of the 624 words (NumPy's legacy int seed).
    void seedWord(uint32_t seed);
    // init_by_array(key): the key mixed into the state (CPython seeds ints this way).
    void seedArray(const std::vector<uint32_t>& key);

    uint32_t next32();
    // A double in [0, 1) from two draws, 53 random bits (CPython's random(), NumPy's random_sample).
    double nextDouble53();

private:
    void refill();

    static constexpr int kWords = 624;
    std::array<uint32_t, kWords> state_{};
    int position_ = kWords;
};

}  // namespace adgen::personalize
