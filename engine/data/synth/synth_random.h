#pragma once

// The world's random numbers. std::mt19937_64's output is fixed by the standard, but the std
// distributions are not (libstdc++ and libc++ differ), so every distribution is written out here:
// the same seed gives the same world with any standard library.

#include <cstdint>
#include <random>
#include <string_view>
#include <utility>
#include <vector>

namespace adgen::synth {

class SynthRandom {
public:
    explicit SynthRandom(uint64_t seed) : engine_(seed) {}

    // An independent stream for one named thing (a product, a shopper, one image): changing how
    // many things of one kind exist does not move the others.
    static SynthRandom stream(uint64_t seed, std::string_view what, uint64_t index = 0);

    uint64_t bits() { return engine_(); }
    double uniform();                                          // [0, 1), 53 bits
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int integer(int lo, int hi);                               // [lo, hi], unbiased
    bool chance(double p) { return uniform() < p; }

    template <class T>
    const T& pick(const std::vector<T>& items) {
        return items[static_cast<size_t>(integer(0, static_cast<int>(items.size()) - 1))];
    }
    template <class T>
    void shuffle(std::vector<T>& items) {  // Fisher-Yates
        for (int i = static_cast<int>(items.size()) - 1; i > 0; --i)
            std::swap(items[static_cast<size_t>(i)], items[static_cast<size_t>(integer(0, i))]);
    }
    // k distinct indices of [0, n) in random order (k <= n).
    std::vector<int> sample(int n, int k);

private:
    std::mt19937_64 engine_;
};

}  // namespace adgen::synth
