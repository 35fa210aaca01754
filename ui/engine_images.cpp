#include "engine_images.h"

#include <cstring>

adgen::RgbaImage toRgbaImage(const QImage& image) {
    adgen::RgbaImage out;
    if (image.isNull()) return out;
    const QImage rgba = image.convertToFormat(QImage::Format_RGBA8888);
    out.width = rgba.width();
    out.height = rgba.height();
    const auto rowBytes = static_cast<size_t>(out.width) * 4;
    out.pixels.resize(rowBytes * static_cast<size_t>(out.height));
    // Row by row: QImage rows are padded to 32 bits.
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.pixels.data() + rowBytes * static_cast<size_t>(y), rgba.constScanLine(y), rowBytes);
    return out;
}

adgen::RgbImage toRgbImage(const QImage& image) {
    adgen::RgbImage out;
    if (image.isNull()) return out;
    const QImage rgb = image.convertToFormat(QImage::Format_RGB888);
    out.width = rgb.width();
    out.height = rgb.height();
    const auto rowBytes = static_cast<size_t>(out.width) * 3;
    out.pixels.resize(rowBytes * static_cast<size_t>(out.height));
    for (int y = 0; y < out.height; ++y)
        std::memcpy(out.pixels.data() + rowBytes * static_cast<size_t>(y), rgb.constScanLine(y), rowBytes);
    return out;
}

QImage toQImage(const adgen::RgbImage& image) {
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 3)
        return {};
    // The constructor borrows the buffer; copy() makes the QImage own its pixels.
    return QImage(image.pixels.data(), image.width, image.height, image.width * 3, QImage::Format_RGB888).copy();
}

QImage toQImage(const adgen::RgbaImage& image) {
    if (image.empty() || image.pixels.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 4)
        return {};
    return QImage(image.pixels.data(), image.width, image.height, image.width * 4, QImage::Format_RGBA8888).copy();
}
