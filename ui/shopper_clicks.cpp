#include "shopper_clicks.h"

#include <algorithm>
#include <cstring>

#include "adgen/error.h"
#include "adgen/product_cutout.h"
#include "adgen/shopper_history.h"

namespace {

// Deep copies between the engine's RGBA buffer and a QImage (Format_RGBA8888, straight alpha).
QImage qImageFromRgba(const adgen::RgbaImage& image) {
    if (image.empty()) return {};
    // copy(): the QImage must not point into the engine's buffer, which goes away.
    return QImage(image.pixels.data(), image.width, image.height, image.width * 4, QImage::Format_RGBA8888).copy();
}

adgen::RgbaImage rgbaFromQImage(const QImage& image) {
    adgen::RgbaImage rgba;
    if (image.isNull()) return rgba;
    const QImage source = image.convertToFormat(QImage::Format_RGBA8888);
    rgba.width = source.width();
    rgba.height = source.height();
    const std::size_t rowBytes = std::size_t(rgba.width) * 4;
    rgba.pixels.resize(rowBytes * std::size_t(rgba.height));
    // Row by row: a QImage's lines may be padded, the engine's are not.
    for (int y = 0; y < rgba.height; ++y) std::memcpy(rgba.pixels.data() + rowBytes * std::size_t(y), source.constScanLine(y), rowBytes);
    return rgba;
}

}  // namespace

QImage loadClickImage(const QString& path) {
    QImage image = qImageFromRgba(adgen::decodeImageFile(path.toStdString()).image);
    if (std::max(image.width(), image.height()) > kMaxClickImageSide) {
        image = image.scaled(kMaxClickImageSide, kMaxClickImageSide, Qt::KeepAspectRatio, Qt::SmoothTransformation)
                    .convertToFormat(QImage::Format_RGBA8888);
    }
    return image;
}

QList<ProfileClick> loadClickImages(const std::vector<adgen::ClickEntry>& entries, const QString& sourceName) {
    QList<ProfileClick> clicks;
    clicks.reserve(qsizetype(entries.size()));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const adgen::ClickEntry& entry = entries[i];
        ProfileClick click;
        click.title = QString::fromStdString(entry.title);
        click.sourcePath = QString::fromStdString(entry.imagePath);
        click.similarity = entry.similarity;
        try {
            click.image = loadClickImage(click.sourcePath);
        } catch (const adgen::Error& e) {
            const std::string where = entry.line > 0 ? "Line " + std::to_string(entry.line) : "Click " + std::to_string(i + 1);
            throw adgen::Error(where + " of " + sourceName.toStdString() + " (\"" + entry.title + "\", image " +
                                   entry.imagePath + "): " + e.problem(),
                               e.fix());
        }
        clicks.append(click);
    }
    return clicks;
}

std::vector<adgen::ShopperClick> toShopperClicks(const QList<ProfileClick>& clicks) {
    std::vector<adgen::ShopperClick> shopperClicks;
    shopperClicks.reserve(std::size_t(clicks.size()));
    for (const ProfileClick& click : clicks) {
        adgen::ShopperClick shopperClick;
        shopperClick.image = rgbaFromQImage(click.image);
        shopperClick.title = click.title.toStdString();
        shopperClick.similarity = click.similarity;
        shopperClicks.push_back(std::move(shopperClick));
    }
    return shopperClicks;
}
