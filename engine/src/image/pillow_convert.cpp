#include "image/pillow_convert.h"

#include "adgen/error.h"

namespace adgen::image {
namespace {

// Pillow's MULDIV255: a * b / 255 rounded, with shifts instead of a division.
inline uint8_t mulDiv255(unsigned a, unsigned b) {
    const unsigned t = a * b + 128;
    return static_cast<uint8_t>(((t >> 8) + t) >> 8);
}

void requireRgba(const Image8& image, const char* what) {
    checkImage(image, what);
    if (image.channels != 4) {
        throw Error(std::string(what) + " has " + std::to_string(image.channels) + " channels, not 4.",
                    "Pass an RGBA image.");
    }
}

}  // namespace

Image8 premultiplyAlpha(const Image8& rgba) {
    requireRgba(rgba, "The image to premultiply");
    Image8 out = rgba;
    for (size_t i = 0; i < out.data.size(); i += 4) {
        const unsigned alpha = out.data[i + 3];
        for (size_t c = 0; c < 3; ++c) out.data[i + c] = mulDiv255(out.data[i + c], alpha);
    }
    return out;
}

Image8 unpremultiplyAlpha(const Image8& premultiplied) {
    requireRgba(premultiplied, "The premultiplied image");
    Image8 out = premultiplied;
    for (size_t i = 0; i < out.data.size(); i += 4) {
        const unsigned alpha = out.data[i + 3];
        if (alpha == 0 || alpha == 255) continue;
        for (size_t c = 0; c < 3; ++c) {
            const unsigned value = 255u * out.data[i + c] / alpha;
            out.data[i + c] = static_cast<uint8_t>(value > 255 ? 255 : value);
        }
    }
    return out;
}

Image8 convertToRgb(const Image8& image) {
    checkImage(image, "The image to convert to RGB");
    if (image.channels == 3) return image;
    Image8 out = makeImage(image.width, image.height, 3);
    const size_t pixels = static_cast<size_t>(image.width) * static_cast<size_t>(image.height);
    const auto stride = static_cast<size_t>(image.channels);
    for (size_t p = 0; p < pixels; ++p) {
        for (size_t c = 0; c < 3; ++c) {
            // Grey fills all three; RGBA keeps its colour and loses alpha.
            out.data[p * 3 + c] = image.data[p * stride + (stride == 1 ? 0 : c)];
        }
    }
    return out;
}

}  // namespace adgen::image
