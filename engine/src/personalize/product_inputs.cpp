#include "personalize/product_inputs.h"

#include "adgen/error.h"
#include "image/pillow_convert.h"
#include "image/pillow_ops.h"
#include "image/pillow_resample.h"
#include "image/product_fit.h"

#include <ATen/ops/_upsample_bilinear2d_aa.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace adgen::personalize {
namespace {

using image::Image8;

// Every Uni-AdGen image is brought to this square first (debug_grit.py's resize((512, 512))).
constexpr int kCanvasSize = 512;
// Pixels at or below this alpha do not count towards the product's box (adjust_online_trans).
constexpr uint8_t kBoxAlphaThreshold = 50;
// VLMImageProcessor's smallest output side (its min_size).
constexpr int kProcessorMinSize = 14;

void requireAlpha(const Image8& rgba) {
    image::checkImage(rgba, "The product image");
    if (rgba.channels != 4) {
        throw Error("The product image has no alpha channel (" + std::to_string(rgba.channels) + " channels).",
                    "Export it as a transparent PNG (RGBA) with the background removed.");
    }
}

// Float values of the 256 byte values for one conversion rule, so each rule is written once and
// the results are exactly the reference's float32 arithmetic (no torch kernel in between).
using ByteTable = std::array<float, 256>;

template <typename Rule>
ByteTable makeTable(Rule rule) {
    ByteTable table{};
    for (int v = 0; v < 256; ++v) table[static_cast<size_t>(v)] = rule(v);
    return table;
}

// numpy's `np.array(img, dtype=np.float32) / 255.0`: float32 division.
const ByteTable& unitTable() {
    static const ByteTable table = makeTable([](int v) { return static_cast<float>(v) / 255.0f; });
    return table;
}

// The above, then torchvision's Normalize(0.5, 0.5) in float32.
const ByteTable& signedTable() {
    static const ByteTable table =
        makeTable([](int v) { return (static_cast<float>(v) / 255.0f - 0.5f) / 0.5f; });
    return table;
}

// transformers' rescale (uint8 * (1/255) in float64, cast to float32), then its normalize with
// float32 mean and std of 0.5.
const ByteTable& processorTable() {
    static const ByteTable table =
        makeTable([](int v) { return (static_cast<float>(v * (1.0 / 255.0)) - 0.5f) / 0.5f; });
    return table;
}

// HWC bytes -> CHW float32 through a table.
torch::Tensor toChwFloat(const Image8& img, const ByteTable& table) {
    auto out = torch::empty({img.channels, img.height, img.width}, torch::kFloat32);
    float* dst = out.data_ptr<float>();
    const size_t plane = static_cast<size_t>(img.width) * static_cast<size_t>(img.height);
    const auto channels = static_cast<size_t>(img.channels);
    for (size_t p = 0; p < plane; ++p) {
        for (size_t c = 0; c < channels; ++c) dst[c * plane + p] = table[img.data[p * channels + c]];
    }
    return out;
}

// ToPILImage's byte cast of a denormalised value: (clamp(x, -1, 1) + 1) / 2 * 255, truncated.
uint8_t denormaliseToByte(float x) {
    if (std::isnan(x)) return 0;  // torch's byte cast of NaN gives 0 on x86; a C++ cast is undefined
    const float clamped = x < -1.0f ? -1.0f : (x > 1.0f ? 1.0f : x);
    const float unit = (clamped + 1.0f) / 2.0f;
    return static_cast<uint8_t>(unit * 255.0f);
}

void requireImageTensor(const torch::Tensor& t, int64_t channels, const char* what) {
    if (!t.defined() || t.dim() != 3 || t.size(0) != channels || t.size(1) < 1 || t.size(2) < 1) {
        throw Error(std::string(what) + " must be a [" + std::to_string(channels) + ", H, W] tensor" +
                        (t.defined() ? " (got " + std::to_string(t.dim()) + " dimensions, shape " +
                                           c10::str(t.sizes()) + ")."
                                     : " (got an empty tensor)."),
                    "Pass the tensor prepareProduct or the image decoder produced.");
    }
}

}  // namespace

Image8 recentreProduct(const Image8& rgba, double maxRatio) {
    requireAlpha(rgba);
    if (!(maxRatio > 0.0) || !std::isfinite(maxRatio)) {
        throw Error("max_ratio is " + std::to_string(maxRatio) + ", not a positive number.",
                    "Set max_ratio to the largest share of the canvas the product may take, e.g. 0.8.");
    }
    const int w = rgba.width;
    const int h = rgba.height;
    int minX = w, maxX = -1, minY = h, maxY = -1;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            if (rgba.at(x, y, 3) <= kBoxAlphaThreshold) continue;
            minX = std::min(minX, x);
            maxX = std::max(maxX, x);
            minY = std::min(minY, y);
            maxY = std::max(maxY, y);
        }
    }
    if (maxX < 0) {
        throw Error("The product image is fully transparent (no pixel has alpha above 50).",
                    "Use a cut-out whose product pixels are opaque, on a transparent background.");
    }
    const double centerX = (minX + maxX) / 2.0;
    const double centerY = (minY + maxY) / 2.0;
    // The reference crops with the last opaque row and column excluded (PIL boxes are exclusive).
    Image8 product = image::pillowCrop(rgba, minX, minY, maxX, maxY);
    const int cropX = maxX - minX;
    const int cropY = maxY - minY;
    const auto [newWidth, newHeight] = image::fitProductBox(cropX, cropY, w, h, maxRatio);
    if (newWidth != product.width || newHeight != product.height) {
        if (newWidth < 1 || newHeight < 1) {
            throw Error("The product is too thin to scale to max_ratio " + std::to_string(maxRatio) + ": its " +
                            std::to_string(cropX) + "x" + std::to_string(cropY) + " box would become " +
                            std::to_string(newWidth) + "x" + std::to_string(newHeight) + " pixels.",
                        "Use a cut-out whose product is more than one pixel wide and tall, or a larger max_ratio.");
        }
        product = image::pillowResize(product, newWidth, newHeight, image::kPillowDefaultResizeFilter);
    }
    Image8 canvas = image::makeImage(w, h, 4);  // transparent black
    image::pillowPaste(canvas, product, static_cast<int>(centerX - product.width / 2.0),
                       static_cast<int>(centerY - product.height / 2.0));
    return canvas;
}

torch::Tensor resizeBilinearAntialias(const torch::Tensor& chw, int size) {
    if (size < 1) {
        throw Error("Cannot resize a tensor to " + std::to_string(size) + " pixels.", "Use a size of at least 1.");
    }
    if (chw.size(1) == size && chw.size(2) == size) return chw.clone();  // torchvision returns it as is
    return at::_upsample_bilinear2d_aa(chw.unsqueeze(0), {size, size}, /*align_corners=*/false).squeeze(0);
}

ProductInputs prepareProduct(const Image8& rgba, double maxRatio, int modelSize) {
    requireAlpha(rgba);
    if (modelSize < 1) {
        throw Error("The model image size is " + std::to_string(modelSize) + ".",
                    "Use the model's image size (384 for Janus-Pro).");
    }
    ProductInputs inputs;
    inputs.recentred = recentreProduct(rgba, maxRatio);
    const auto filter = image::kPillowDefaultResizeFilter;

    const Image8 white = image::makeImage(rgba.width, rgba.height, 4, {255, 255, 255, 255});
    const Image8 onWhite = image::convertToRgb(image::pillowAlphaComposite(white, inputs.recentred));
    const Image8 control512 = image::pillowResize(onWhite, kCanvasSize, kCanvasSize, filter);
    inputs.control = resizeBilinearAntialias(toChwFloat(control512, signedTable()), modelSize);

    const Image8 alpha512 = image::pillowResize(inputs.recentred, kCanvasSize, kCanvasSize, filter);
    inputs.transAlpha = resizeBilinearAntialias(toChwFloat(alpha512, unitTable()), modelSize);
    return inputs;
}

torch::Tensor prepareHistoryImage(const Image8& img, int processorSize) {
    image::checkImage(img, "The history image");
    if (processorSize < kProcessorMinSize) {
        throw Error("The history image size is " + std::to_string(processorSize) + " pixels.",
                    "Use at least " + std::to_string(kProcessorMinSize) + " (Uni-AdGen uses 128).");
    }
    const auto filter = image::kPillowDefaultResizeFilter;
    // Resized in its own mode first (RGBA premultiplied), then converted: load_image's order.
    const Image8 rgb512 = image::convertToRgb(image::pillowResize(img, kCanvasSize, kCanvasSize, filter));
    const Image8 small = image::pillowResize(rgb512, processorSize, processorSize, filter);
    return toChwFloat(small, processorTable());
}

Image8 toRgb8(const torch::Tensor& img) {
    requireImageTensor(img, 3, "The generated image");
    const auto x = img.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const int height = static_cast<int>(x.size(1));
    const int width = static_cast<int>(x.size(2));
    Image8 out = image::makeImage(width, height, 3);
    const float* src = x.data_ptr<float>();
    const size_t plane = static_cast<size_t>(width) * static_cast<size_t>(height);
    for (size_t p = 0; p < plane; ++p) {
        for (size_t c = 0; c < 3; ++c) out.data[p * 3 + c] = denormaliseToByte(src[c * plane + p]);
    }
    return out;
}

Image8 fuseProduct(const torch::Tensor& generated, const torch::Tensor& transAlpha) {
    requireImageTensor(generated, 3, "The generated image");
    requireImageTensor(transAlpha, 4, "The product alpha image");
    if (generated.size(1) != transAlpha.size(1) || generated.size(2) != transAlpha.size(2)) {
        throw Error("The generated image is " + std::to_string(generated.size(2)) + "x" +
                        std::to_string(generated.size(1)) + " but the product alpha image is " +
                        std::to_string(transAlpha.size(2)) + "x" + std::to_string(transAlpha.size(1)) + ".",
                    "Prepare the product at the model's image size (prepareProduct's modelSize).");
    }
    const auto g = generated.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const auto a = transAlpha.detach().to(torch::kCPU, torch::kFloat32).contiguous();
    const float* gen = g.data_ptr<float>();
    const float* rgba = a.data_ptr<float>();
    const size_t plane = static_cast<size_t>(g.size(1)) * static_cast<size_t>(g.size(2));
    auto fused = torch::empty_like(g);
    float* out = fused.data_ptr<float>();
    for (size_t p = 0; p < plane; ++p) {
        const float alpha = rgba[3 * plane + p];
        for (size_t c = 0; c < 3; ++c) {
            // fuse_image: the product's colour brought to [-1, 1], straight-alpha blend, float32.
            const float foreground = (rgba[c * plane + p] - 0.5f) / 0.5f;
            out[c * plane + p] = gen[c * plane + p] * (1.0f - alpha) + foreground * alpha;
        }
    }
    return toRgb8(fused);
}

}  // namespace adgen::personalize
