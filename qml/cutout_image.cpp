#include "cutout_image.h"

#include <QPainter>

#include <algorithm>

namespace {
constexpr double kMaxUpscale = 4.0;
const QColor kCheckerLight(0xff, 0xff, 0xff);
const QColor kCheckerDark(0xcc, 0xcc, 0xcc);
}  // namespace

CutoutImage::CutoutImage(QQuickItem* parent) : QQuickPaintedItem(parent) {
    setAntialiasing(true);
}

void CutoutImage::setImage(const QImage& image) {
    image_ = image;
    Q_EMIT imageChanged();
    Q_EMIT layoutChanged();
    update();
}

void CutoutImage::setCheckerSize(int size) {
    size = std::max(2, size);
    if (size == checkerSize_) return;
    checkerSize_ = size;
    Q_EMIT checkerSizeChanged();
    update();
}

double CutoutImage::imageScale() const {
    if (image_.isNull() || width() <= 0 || height() <= 0) return 0.0;
    return std::min({width() / image_.width(), height() / image_.height(), kMaxUpscale});
}

QRectF CutoutImage::paintedRect() const {
    const double scale = imageScale();
    if (scale <= 0.0) return {};
    const QSizeF size(image_.width() * scale, image_.height() * scale);
    return QRectF(QPointF((width() - size.width()) / 2, (height() - size.height()) / 2), size);
}

void CutoutImage::paint(QPainter* painter) {
    const QRectF target = paintedRect();
    if (target.isEmpty()) return;
    // The checkerboard starts with a light square at the image corner and is anchored there, so
    // it does not shimmer while the window is resized.
    painter->save();
    painter->setClipRect(target);
    painter->fillRect(target, kCheckerLight);
    for (double y = target.top(); y < target.bottom(); y += checkerSize_) {
        const int row = int((y - target.top()) / checkerSize_);
        for (double x = target.left() + ((row % 2) ? 0 : checkerSize_); x < target.right(); x += 2.0 * checkerSize_) {
            painter->fillRect(QRectF(x, y, checkerSize_, checkerSize_), kCheckerDark);
        }
    }
    painter->restore();
    // Smooth unless zoomed in 2x or more, where crisp pixels are what the designer wants to see.
    painter->setRenderHint(QPainter::SmoothPixmapTransform, imageScale() < 2.0);
    painter->drawImage(target, image_);
}

void CutoutImage::geometryChange(const QRectF& newGeometry, const QRectF& oldGeometry) {
    QQuickPaintedItem::geometryChange(newGeometry, oldGeometry);
    if (newGeometry.size() != oldGeometry.size()) Q_EMIT layoutChanged();
}
