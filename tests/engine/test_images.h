#pragma once

// Small synthetic images for the personalization tests, built in memory.

#include "adgen/engine.h"

#include <array>
#include <cstdint>

namespace adgen::testing {

// A size x size cut-out: an opaque square of `colour` covering the middle half, transparent around.
inline RgbaImage squareProduct(int size, std::array<uint8_t, 3> colour) {
    RgbaImage img{size, size, std::vector<uint8_t>(static_cast<size_t>(size * size * 4), 0)};
    for (int y = size / 4; y < 3 * size / 4; ++y)
        for (int x = size / 4; x < 3 * size / 4; ++x) {
            auto* p = &img.pixels[(static_cast<size_t>(y) * static_cast<size_t>(size) + static_cast<size_t>(x)) * 4];
            p[0] = colour[0], p[1] = colour[1], p[2] = colour[2], p[3] = 255;
        }
    return img;
}

// A size x size image of one opaque colour, as RGBA and as RGB.
inline RgbaImage solidRgba(int size, uint8_t r, uint8_t g, uint8_t b) {
    RgbaImage img{size, size, {}};
    for (int i = 0; i < size * size; ++i) img.pixels.insert(img.pixels.end(), {r, g, b, 255});
    return img;
}

inline RgbImage solidRgb(int size, uint8_t r, uint8_t g, uint8_t b) {
    RgbImage img{size, size, {}};
    for (int i = 0; i < size * size; ++i) img.pixels.insert(img.pixels.end(), {r, g, b});
    return img;
}

}  // namespace adgen::testing
