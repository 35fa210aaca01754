#include "variant_canvas.h"

#include <QPainter>

#include <algorithm>

namespace {
// Not yet drawn: a quiet grey the designer reads as "still to come".
constexpr QRgb kPending = 0xffe9ecef;
}  // namespace

VariantCanvas::VariantCanvas(int grid, int size)
    : grid_(std::max(grid, 1)), size_(std::max(size, grid_)), image_(size_, size_, QImage::Format_RGB32) {
    image_.fill(kPending);
}

QRect VariantCanvas::cell(int row, int col) const {
    // Integer edges from the grid positions, so cells tile the image exactly for any size.
    const int x0 = col * size_ / grid_, x1 = (col + 1) * size_ / grid_;
    const int y0 = row * size_ / grid_, y1 = (row + 1) * size_ / grid_;
    return {x0, y0, x1 - x0, y1 - y0};
}

void VariantCanvas::paintToken(int row, int col, QColor colour) {
    if (row < 0 || col < 0 || row >= grid_ || col >= grid_) return;
    tokensPainted_ = std::max(tokensPainted_, row * grid_ + col + 1);
    if (row < decodedRows_) return;
    QPainter painter(&image_);
    painter.fillRect(cell(row, col), colour);
}

void VariantCanvas::paintPreview(const QImage& preview, int rows) {
    rows = std::clamp(rows, 0, grid_);
    if (preview.isNull() || rows <= decodedRows_) return;
    const int height = rows * size_ / grid_;
    const QImage scaled = preview.size() == image_.size()
                              ? preview
                              : preview.scaled(image_.size(), Qt::IgnoreAspectRatio, Qt::SmoothTransformation);
    QPainter painter(&image_);
    painter.drawImage(QRect(0, 0, size_, height), scaled, QRect(0, 0, size_, height));
    decodedRows_ = rows;
}

void VariantCanvas::setFinal(const QImage& image) {
    if (image.isNull()) return;
    image_ = image.convertToFormat(QImage::Format_RGB32);
    size_ = image_.width();
    decodedRows_ = grid_;
    tokensPainted_ = grid_ * grid_;
}
