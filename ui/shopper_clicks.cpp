#include "shopper_clicks.h"

#include "engine_images.h"

#include <algorithm>

#include "adgen/error.h"
#include "adgen/product_cutout.h"
#include "adgen/shopper_history.h"

QImage loadClickImage(const QString& path) {
    QImage image = toQImage(adgen::decodeImageFile(path.toStdString()).image);
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
        shopperClick.image = toRgbaImage(click.image);
        shopperClick.title = click.title.toStdString();
        shopperClick.similarity = click.similarity;
        shopperClicks.push_back(std::move(shopperClick));
    }
    return shopperClicks;
}
