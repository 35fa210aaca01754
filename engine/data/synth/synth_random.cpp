#include "synth/synth_random.h"

#include <algorithm>
#include <numeric>

namespace adgen::synth {
namespace {

uint64_t splitmix64(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

uint64_t fnv1a64(std::string_view text) {
    uint64_t h = 0xCBF29CE484222325ull;
    for (unsigned char c : text) h = (h ^ c) * 0x100000001B3ull;
    return h;
}

}  // namespace

SynthRandom SynthRandom::stream(uint64_t seed, std::string_view what, uint64_t index) {
    return SynthRandom(splitmix64(splitmix64(seed) ^ splitmix64(fnv1a64(what) + 0x632BE59BD9B4E019ull * (index + 1))));
}

double SynthRandom::uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

int SynthRandom::integer(int lo, int hi) {
    if (hi <= lo) return lo;
    const uint64_t range = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
    const uint64_t limit = UINT64_MAX - UINT64_MAX % range;  // reject the uneven tail
    uint64_t x = engine_();
    while (x >= limit) x = engine_();
    return lo + static_cast<int>(x % range);
}

std::vector<int> SynthRandom::sample(int n, int k) {
    std::vector<int> all(static_cast<size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    shuffle(all);
    all.resize(static_cast<size_t>(std::min(n, k)));
    return all;
}

}  // namespace adgen::synth
