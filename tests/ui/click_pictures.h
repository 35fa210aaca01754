#pragma once

// Pictures for the shopper profile tests: small, distinct and with real alpha, written as PNG
// files the engine's decoder reads, so a test can check that pixels survive the library.

#include <QColor>
#include <QDir>
#include <QImage>
#include <QString>

// A width x height picture whose every pixel differs (x, y and `seed` in the colour), with an
// alpha ramp when `withAlpha`.
inline QImage clickPicture(int width, int height, int seed, bool withAlpha = true) {
    QImage image(width, height, QImage::Format_RGBA8888);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const int alpha = withAlpha ? (x * 255) / std::max(1, width - 1) : 255;
            image.setPixelColor(x, y, QColor((x * 7 + seed * 31) % 256, (y * 11 + seed * 17) % 256, (x + y + seed) % 256,
                                             alpha));
        }
    }
    return image;
}

// Saves `image` as `name` (a PNG) in `folder`; returns the absolute path.
inline QString writeClickPicture(const QString& folder, const QString& name, const QImage& image) {
    const QString path = QDir(folder).absoluteFilePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    if (!image.save(path, "PNG")) return {};
    return path;
}
