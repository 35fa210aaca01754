#include "thumbnail_provider.h"

#include <algorithm>

ThumbnailProvider::ThumbnailProvider(Lookup lookup)
    : QQuickImageProvider(QQuickImageProvider::Image), lookup_(std::move(lookup)) {}

QImage ThumbnailProvider::requestImage(const QString& id, QSize* size, const QSize& requestedSize) {
    bool ok = false;
    const qint64 key = id.toLongLong(&ok);
    const int maxSide = requestedSize.isValid() ? std::max(requestedSize.width(), requestedSize.height()) : 0;
    const QImage image = ok ? lookup_(key, maxSide) : QImage();
    if (size) *size = image.size();
    return image;
}
