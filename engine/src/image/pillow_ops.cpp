#include "image/pillow_ops.h"

#include "adgen/error.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace adgen::image {
namespace {

std::string sizeText(const Image8& image) {
    return std::to_string(image.width) + "x" + std::to_string(image.height);
}

// Copies the overlap of `source` placed at (left, top) on `target` (row segments, all channels).
void copyOverlap(const Image8& source, Image8& target, int left, int top) {
    const int x0 = std::max(0, left);
    const int y0 = std::max(0, top);
    const int x1 = std::min(target.width, left + source.width);
    const int y1 = std::min(target.height, top + source.height);
    if (x0 >= x1 || y0 >= y1) return;
    const size_t rowBytes = static_cast<size_t>(x1 - x0) * static_cast<size_t>(target.channels);
    for (int y = y0; y < y1; ++y) {
        std::memcpy(&target.data[target.index(x0, y)], &source.data[source.index(x0 - left, y - top)], rowBytes);
    }
}

}  // namespace

Image8 pillowCrop(const Image8& image, int left, int top, int right, int bottom) {
    checkImage(image, "The image to crop");
    if (right < left || bottom < top) {
        throw Error("The crop box (" + std::to_string(left) + ", " + std::to_string(top) + ", " +
                        std::to_string(right) + ", " + std::to_string(bottom) + ") is inverted.",
                    "Give the box as (left, top, right, bottom) with right >= left and bottom >= top.");
    }
    Image8 out = makeImage(right - left, bottom - top, image.channels);
    copyOverlap(image, out, -left, -top);
    return out;
}

void pillowPaste(Image8& canvas, const Image8& image, int left, int top) {
    checkImage(canvas, "The paste canvas");
    checkImage(image, "The pasted image");
    if (canvas.channels != image.channels) {
        throw Error("Cannot paste a " + std::to_string(image.channels) + "-channel image onto a " +
                        std::to_string(canvas.channels) + "-channel canvas.",
                    "Convert one of them first so both have the same channels.");
    }
    copyOverlap(image, canvas, left, top);
}

Image8 pillowAlphaComposite(const Image8& background, const Image8& foreground) {
    checkImage(background, "The composite background");
    checkImage(foreground, "The composite foreground");
    if (background.channels != 4 || foreground.channels != 4) {
        throw Error("Alpha compositing needs two RGBA images (got " + std::to_string(background.channels) +
                        " and " + std::to_string(foreground.channels) + " channels).",
                    "Convert both images to RGBA first.");
    }
    if (background.width != foreground.width || background.height != foreground.height) {
        throw Error("Alpha compositing needs images of one size (background " + sizeText(background) +
                        ", foreground " + sizeText(foreground) + ").",
                    "Resize or crop one of them first.");
    }
    // Seven extra bits of precision keep the products within 32 bits; divisions by 255 round.
    constexpr unsigned kBits = 7;
    const auto div255 = [](unsigned v) { return ((v >> 8) + v) >> 8; };
    Image8 out = background;
    for (size_t i = 0; i < out.data.size(); i += 4) {
        const unsigned srcA = foreground.data[i + 3];
        if (srcA == 0) continue;  // the background pixel, unchanged
        const unsigned dstA = background.data[i + 3];
        const unsigned blend = dstA * (255 - srcA);
        const unsigned outA255 = srcA * 255 + blend;
        const unsigned coef1 = srcA * 255 * 255 * (1u << kBits) / outA255;
        const unsigned coef2 = 255 * (1u << kBits) - coef1;
        for (size_t c = 0; c < 3; ++c) {
            const unsigned mixed = foreground.data[i + c] * coef1 + background.data[i + c] * coef2;
            out.data[i + c] = static_cast<uint8_t>(div255(mixed + (0x80u << kBits)) >> kBits);
        }
        out.data[i + 3] = static_cast<uint8_t>(div255(outA255 + 0x80));
    }
    return out;
}

}  // namespace adgen::image
