#include "personalize/python_random.h"

#include "adgen/error.h"

#include <cmath>
#include <string>
#include <unordered_set>

namespace adgen::personalize {
namespace {

int bitLength(uint64_t n) {
    int bits = 0;
    while (n != 0) {
        ++bits;
        n >>= 1;
    }
    return bits;
}

}  // namespace

void PythonRandom::seed(uint64_t seed) {
    std::vector<uint32_t> key;
    for (uint64_t rest = seed; rest != 0; rest >>= 32) key.push_back(static_cast<uint32_t>(rest & 0xffffffffu));
    if (key.empty()) key.push_back(0);
    mt_.seedArray(key);
}

double PythonRandom::random() { return mt_.nextDouble53(); }

uint64_t PythonRandom::getrandbits(int bits) {
    if (bits < 0 || bits > 64) {
        throw Error("getrandbits(" + std::to_string(bits) + ") is outside 0..64 bits.", "This is a bug: report it.");
    }
    if (bits == 0) return 0;
    if (bits <= 32) return mt_.next32() >> (32 - bits);
    // Whole 32-bit words, least significant first; the last one keeps its top bits only.
    const uint64_t low = mt_.next32();
    const uint64_t high = mt_.next32() >> (64 - bits);
    return low | (high << 32);
}

uint64_t PythonRandom::randbelow(uint64_t n) {
    if (n == 0) throw Error("randbelow(0) has no value to return.", "This is a bug: report it.");
    const int bits = bitLength(n);  // not n - 1: n can be 1
    uint64_t r = getrandbits(bits);
    while (r >= n) r = getrandbits(bits);
    return r;
}

size_t PythonRandom::choiceIndex(size_t size) {
    if (size == 0) throw Error("Cannot choose from an empty sequence.", "This is a bug: report it.");
    return static_cast<size_t>(randbelow(size));
}

std::vector<int64_t> PythonRandom::sampleRange(int64_t n, int64_t k) {
    if (k < 0 || k > n) {
        throw Error("Cannot sample " + std::to_string(k) + " of " + std::to_string(n) + " items without replacement.",
                    "Ask for at most as many items as there are.");
    }
    std::vector<int64_t> result(static_cast<size_t>(k));
    // Which algorithm runs depends on whether a list of n is smaller than a set of k (random.py).
    uint64_t setSize = 21;
    if (k > 5) {
        const double exponent = std::ceil(std::log(static_cast<double>(k * 3)) / std::log(4.0));
        setSize = exponent >= 31 ? UINT64_MAX : setSize + (uint64_t{1} << (2 * static_cast<int>(exponent)));
    }
    if (static_cast<uint64_t>(n) <= setSize) {
        std::vector<int64_t> pool(static_cast<size_t>(n));
        for (int64_t i = 0; i < n; ++i) pool[static_cast<size_t>(i)] = i;
        for (int64_t i = 0; i < k; ++i) {
            const auto j = static_cast<size_t>(randbelow(static_cast<uint64_t>(n - i)));
            result[static_cast<size_t>(i)] = pool[j];
            pool[j] = pool[static_cast<size_t>(n - i - 1)];  // the unpicked last item fills the hole
        }
    } else {
        std::unordered_set<int64_t> selected;
        for (int64_t i = 0; i < k; ++i) {
            auto j = static_cast<int64_t>(randbelow(static_cast<uint64_t>(n)));
            while (selected.count(j) != 0) j = static_cast<int64_t>(randbelow(static_cast<uint64_t>(n)));
            selected.insert(j);
            result[static_cast<size_t>(i)] = j;
        }
    }
    return result;
}

}  // namespace adgen::personalize
