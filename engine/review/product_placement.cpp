#include "review/product_placement.h"

#include "adgen/prechecks.h"
#include "image/product_fit.h"

#include <algorithm>
#include <cmath>

namespace adgen::review {

std::optional<CanvasPlacement> placeOnCanvas(const RgbaImage& product, double maxRatio) {
    const int w = product.width;
    const int h = product.height;
    if (w <= 0 || h <= 0 || product.pixels.size() < size_t(w) * size_t(h) * 4) return std::nullopt;
    if (!(maxRatio > 0.0) || !std::isfinite(maxRatio)) return std::nullopt;
    int minX = w, maxX = -1, minY = h, maxY = -1;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            if (product.alphaAt(x, y) <= kProductAlphaThreshold) continue;
            minX = std::min(minX, x);
            maxX = std::max(maxX, x);
            minY = std::min(minY, y);
            maxY = std::max(maxY, y);
        }
    }
    if (maxX < 0) return std::nullopt;
    // recentreProduct, step by step: the same expressions in the same order (doubles, int()
    // truncation), so the rectangle is the engine's to the pixel.
    const double centerX = (minX + maxX) / 2.0;
    const double centerY = (minY + maxY) / 2.0;
    const int cropX = maxX - minX;
    const int cropY = maxY - minY;
    if (cropX < 1 || cropY < 1) return std::nullopt;  // the reference pastes an empty crop
    const auto [newWidth, newHeight] = image::fitProductBox(cropX, cropY, w, h, maxRatio);
    if (newWidth < 1 || newHeight < 1) return std::nullopt;
    CanvasPlacement p;
    p.x = static_cast<int>(centerX - newWidth / 2.0);
    p.y = static_cast<int>(centerY - newHeight / 2.0);
    p.width = newWidth;
    p.height = newHeight;
    p.canvasWidth = w;
    p.canvasHeight = h;
    p.cropX = minX;
    p.cropY = minY;
    p.cropWidth = cropX;
    p.cropHeight = cropY;
    return p;
}

}  // namespace adgen::review

namespace adgen {

EvidenceRegion productPlacement(const RgbaImage& product, double maxRatio, int width, int height) {
    EvidenceRegion region;
    region.label = "product placement";
    const auto placed = review::placeOnCanvas(product, maxRatio);
    if (!placed || width <= 0 || height <= 0) return region;
    // The engine stretches the whole canvas to the square model image (prepareProduct: 512 x 512,
    // then the model size); the generated image is that square, or any size, stretched the same way.
    const double sx = static_cast<double>(width) / placed->canvasWidth;
    const double sy = static_cast<double>(height) / placed->canvasHeight;
    const int x0 = std::clamp(static_cast<int>(std::floor(placed->x * sx)), 0, width);
    const int y0 = std::clamp(static_cast<int>(std::floor(placed->y * sy)), 0, height);
    const int x1 = std::clamp(static_cast<int>(std::ceil((placed->x + placed->width) * sx)), 0, width);
    const int y1 = std::clamp(static_cast<int>(std::ceil((placed->y + placed->height) * sy)), 0, height);
    region.x = x0;
    region.y = y0;
    region.width = std::max(0, x1 - x0);
    region.height = std::max(0, y1 - y0);
    return region;
}

}  // namespace adgen
