#include "image/image8.h"

#include "adgen/error.h"

#include <string>

namespace adgen::image {
namespace {

void checkShape(int width, int height, int channels, const std::string& name) {
    if (channels != 1 && channels != 3 && channels != 4) {
        throw Error(name + " has " + std::to_string(channels) + " channels.",
                    "Use a grey (1), RGB (3) or RGBA (4) 8-bit image.");
    }
    if (width < 0 || height < 0) {
        throw Error(name + " has a negative size (" + std::to_string(width) + "x" + std::to_string(height) + ").",
                    "Sizes must be zero or more.");
    }
}

size_t byteCount(int width, int height, int channels) {
    return static_cast<size_t>(width) * static_cast<size_t>(height) * static_cast<size_t>(channels);
}

}  // namespace

Image8 makeImage(int width, int height, int channels, const std::vector<uint8_t>& fill) {
    checkShape(width, height, channels, "A new image");
    Image8 image;
    image.width = width;
    image.height = height;
    image.channels = channels;
    image.data.resize(byteCount(width, height, channels));
    const auto stride = static_cast<size_t>(channels);
    for (size_t c = 0; c < stride && c < fill.size(); ++c) {
        for (size_t i = c; i < image.data.size(); i += stride) image.data[i] = fill[c];
    }
    return image;
}

void checkImage(const Image8& image, const char* what) {
    const std::string name = what;
    checkShape(image.width, image.height, image.channels, name);
    const size_t expected = byteCount(image.width, image.height, image.channels);
    if (image.data.size() != expected) {
        throw Error(name + " holds " + std::to_string(image.data.size()) + " bytes, but " +
                        std::to_string(image.width) + "x" + std::to_string(image.height) + "x" +
                        std::to_string(image.channels) + " needs " + std::to_string(expected) + ".",
                    "Fill the pixel buffer with width * height * channels bytes.");
    }
}

}  // namespace adgen::image
