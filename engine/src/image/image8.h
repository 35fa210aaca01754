#pragma once

// An 8-bit image in memory, the common currency of the Pillow-compatible pixel code (resampling,
// crop/paste, compositing). Plain C++ so the engine-only build (no OpenCV, no Qt) has it.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace adgen::image {

struct Image8 {
    int width = 0;
    int height = 0;
    int channels = 0;           // 1 (grey, PIL "L"), 3 (RGB) or 4 (RGBA, straight alpha)
    std::vector<uint8_t> data;  // row-major, channels interleaved, no row padding

    bool empty() const { return width == 0 || height == 0; }
    size_t index(int x, int y, int c = 0) const {
        return (static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) *
                   static_cast<size_t>(channels) +
               static_cast<size_t>(c);
    }
    uint8_t& at(int x, int y, int c = 0) { return data[index(x, y, c)]; }
    uint8_t at(int x, int y, int c = 0) const { return data[index(x, y, c)]; }

    bool operator==(const Image8& other) const {
        return width == other.width && height == other.height && channels == other.channels &&
               data == other.data;
    }
    bool operator!=(const Image8& other) const { return !(*this == other); }
};

// A width x height image with every byte of every pixel set from `fill` (one value per channel;
// missing channels are 0), like PIL's Image.new(mode, size, colour).
Image8 makeImage(int width, int height, int channels, const std::vector<uint8_t>& fill = {});

// Throws adgen::Error unless the image has 1, 3 or 4 channels, non-negative sizes and exactly
// width * height * channels bytes. `what` names the image in the message.
void checkImage(const Image8& image, const char* what);

}  // namespace adgen::image
