#include "personalize/mt19937.h"

namespace adgen::personalize {
namespace {

constexpr int kShift = 397;  // M in the MT19937 paper
constexpr uint32_t kMatrixA = 0x9908b0dfu;
constexpr uint32_t kUpperMask = 0x80000000u;
constexpr uint32_t kLowerMask = 0x7fffffffu;

}  // namespace

void Mt19937::seedWord(uint32_t seed) {
    state_[0] = seed;
    for (int i = 1; i < kWords; ++i) {
        const uint32_t previous = state_[static_cast<size_t>(i - 1)];
        state_[static_cast<size_t>(i)] = 1812433253u * (previous ^ (previous >> 30)) + static_cast<uint32_t>(i);
    }
    position_ = kWords;
}

void Mt19937::seedArray(const std::vector<uint32_t>& key) {
    seedWord(19650218u);
    const size_t length = key.empty() ? 1 : key.size();
    size_t i = 1, j = 0;
    for (size_t k = (kWords > length ? kWords : length); k > 0; --k) {
        const uint32_t previous = state_[i - 1];
        const uint32_t word = key.empty() ? 0u : key[j];
        state_[i] = (state_[i] ^ ((previous ^ (previous >> 30)) * 1664525u)) + word + static_cast<uint32_t>(j);
        ++i;
        ++j;
        if (i >= static_cast<size_t>(kWords)) {
            state_[0] = state_[kWords - 1];
            i = 1;
        }
        if (j >= length) j = 0;
    }
    for (size_t k = kWords - 1; k > 0; --k) {
        const uint32_t previous = state_[i - 1];
        state_[i] = (state_[i] ^ ((previous ^ (previous >> 30)) * 1566083941u)) - static_cast<uint32_t>(i);
        ++i;
        if (i >= static_cast<size_t>(kWords)) {
            state_[0] = state_[kWords - 1];
            i = 1;
        }
    }
    state_[0] = 0x80000000u;  // guarantees a non-zero state
    position_ = kWords;
}

void Mt19937::refill() {
    for (int k = 0; k < kWords; ++k) {
        const auto at = [this](int index) { return state_[static_cast<size_t>(index % kWords)]; };
        const uint32_t y = (at(k) & kUpperMask) | (at(k + 1) & kLowerMask);
        state_[static_cast<size_t>(k)] = at(k + kShift) ^ (y >> 1) ^ ((y & 1u) ? kMatrixA : 0u);
    }
    position_ = 0;
}

uint32_t Mt19937::next32() {
    if (position_ >= kWords) refill();
    uint32_t y = state_[static_cast<size_t>(position_++)];
    y ^= y >> 11;
    y ^= (y << 7) & 0x9d2c5680u;
    y ^= (y << 15) & 0xefc60000u;
    y ^= y >> 18;
    return y;
}

double Mt19937::nextDouble53() {
    const uint32_t a = next32() >> 5;  // 27 bits
    const uint32_t b = next32() >> 6;  // 26 bits
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
}

}  // namespace adgen::personalize
