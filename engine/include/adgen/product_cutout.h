#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace adgen {

// An 8-bit RGBA image with straight (not premultiplied) alpha, rows top to bottom, no padding.
struct RgbaImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;  // width * height * 4 bytes, R G B A

    bool empty() const { return width == 0 || height == 0; }
    std::uint8_t alphaAt(int x, int y) const { return pixels[(std::size_t(y) * width + x) * 4 + 3]; }
};

// A rectangle in pixel coordinates; right = x + width (exclusive).
struct PixelRect {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;

    bool empty() const { return width <= 0 || height <= 0; }
    bool operator==(const PixelRect& o) const {
        return x == o.x && y == o.y && width == o.width && height == o.height;
    }
};

// The alpha level above which a pixel counts as product. 50 is what the Uni-AdGen data loader
// uses for the product bounding box (model-spec 2.3, adjust_online_trans), so the box shown to
// the designer is the box the model re-centres and scales.
inline constexpr int kProductAlphaThreshold = 50;

// What an image file is, as far as using it as a product cut-out goes.
struct ImageInspection {
    std::string path;
    std::string format;       // "PNG", "JPEG", "WebP", ... from the file signature
    int width = 0;
    int height = 0;
    int channels = 0;         // as stored: 1 grey, 2 grey+alpha, 3 colour, 4 colour+alpha
    int bitDepth = 8;         // bits per channel as stored (8 or 16)
    bool hasAlpha = false;    // the file carries an alpha channel (or palette transparency)
    bool anyTransparency = false;  // some pixel has alpha below 255
    PixelRect productBox;     // bounding box of pixels with alpha > kProductAlphaThreshold
    double coverage = 0.0;    // share of pixels with alpha > kProductAlphaThreshold, 0..1
    // Why the image cannot be used as a product cut-out; empty when it can.
    std::string unusableReason;
    std::string unusableFix;

    bool usableAsProduct() const { return unusableReason.empty(); }
};

// A product cut-out ready for the generator: the decoded pixels and their inspection.
struct ProductCutout {
    RgbaImage image;
    ImageInspection inspection;
};

// Decodes an image file of any format OpenCV reads into RGBA (16-bit channels are scaled to 8
// bits, grey is expanded) and inspects its alpha. Throws adgen::Error when the file is missing,
// unreadable, or not an image (corrupt or unsupported), with the fix in the message.
ProductCutout decodeImageFile(const std::string& path);

// The alpha part of an inspection for an image already decoded: size, transparency, product
// box, coverage and whether it is usable as a cut-out. `hasAlpha` says whether the source had an
// alpha channel at all (an image decoded from a JPEG has alpha 255 everywhere but no channel).
ImageInspection inspectRgba(const RgbaImage& image, bool hasAlpha);

// decodeImageFile, and throws adgen::Error when the image is not usable as a product cut-out
// (no alpha channel, fully opaque, or fully transparent).
ProductCutout loadProductCutout(const std::string& path);

}  // namespace adgen
