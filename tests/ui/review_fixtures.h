#pragma once

// Ads for the review tests: generations as the history returns them, review items with PNG
// pictures, and folders laid out as the reference validation() (and adgen eval) writes them.

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include "click_pictures.h"
#include "review_item.h"
#include "saved_generation.h"

inline QByteArray pngBytes(const QImage& image) {
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

// Opaque like a generated image, every pixel different.
inline QImage adPicture(int seed, int side = 32) {
    return clickPicture(side, side, seed, false).convertToFormat(QImage::Format_RGB888);
}

inline bool samePixels(const QImage& a, const QImage& b) {
    return !a.isNull() &&
           a.convertToFormat(QImage::Format_ARGB32) == b.convertToFormat(QImage::Format_ARGB32);
}

// A finished generation of three variants for "Coral mug" and shopper "ana": 1 and 3 done, 2
// cancelled (copy but no pictures).
inline SavedGeneration finishedGeneration() {
    SavedGeneration g;
    g.summary.id = 7;
    g.summary.productName = QStringLiteral("Coral mug");
    g.summary.shopperName = QStringLiteral("ana");
    g.summary.modelName = QStringLiteral("adgen-demo");
    GenerationRecipe& r = g.recipe;
    r.productPath = QStringLiteral("/briefs/coral-mug.png");
    r.sellingPoints = {QStringLiteral("Keeps Warm"), QStringLiteral("大容量")};
    r.originalTitle = QStringLiteral("Coral mug");
    r.shopperName = QStringLiteral("ana");
    r.profileId = 3;
    r.modelName = QStringLiteral("adgen-demo");
    r.created = QDateTime(QDate(2026, 12, 6), QTime(10, 0, 0), Qt::UTC);
    const QStringList titles = {QStringLiteral("Warm coral mug"), QStringLiteral("Coral"),
                                QStringLiteral("大容量 mug")};
    const QStringList states = {QStringLiteral("done"), QStringLiteral("cancelled"),
                                QStringLiteral("done")};
    for (int v = 0; v < 3; ++v) {
        r.variants.append({v + 1, quint64(40 + v), titles[v], states[v]});
        SavedVariant saved;
        saved.id = 100 + v;
        saved.number = v + 1;
        saved.seed = quint64(40 + v);
        saved.title = titles[v];
        saved.state = states[v];
        if (states[v] == QLatin1String("done")) {
            saved.image = adPicture(v + 1);
            saved.fusionImage = clickPicture(32, 32, v + 50, true);
        }
        g.variants.push_back(saved);
    }
    return g;
}

// A review item with a picture, for createBatch.
inline ReviewItem reviewItem(int position, const QString& model, const QString& shopper,
                             const QString& copy = {}) {
    ReviewItem item;
    item.position = position;
    item.copy = copy.isEmpty() ? QStringLiteral("Copy %1").arg(position) : copy;
    item.sellingPoints = {QStringLiteral("Keeps Warm"), QStringLiteral("Light")};
    item.modelName = model;
    item.shopperName = shopper;
    item.imagePng = pngBytes(adPicture(position));
    return item;
}

inline bool writeFile(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

inline QByteArray json(const QJsonValue& value) {
    return value.isArray() ? QJsonDocument(value.toArray()).toJson()
                           : QJsonDocument(value.toObject()).toJson();
}

// A folder as adgen eval writes it for `copies.size()` records: pr_image, fusion_image,
// 0_batch/{n}_0_layout.json (no selling points), predictions.json and references.json (with them).
inline void writeEvalFolder(const QString& folder, const QStringList& copies,
                            const QList<QStringList>& sellingPoints) {
    QJsonArray predictions, references;
    for (int n = 0; n < copies.size(); ++n) {
        writeClickPicture(folder, QStringLiteral("pr_image/%1.png").arg(n), adPicture(n));
        writeClickPicture(folder, QStringLiteral("fusion_image/%1.png").arg(n),
                          clickPicture(32, 32, n + 50, false));
        writeClickPicture(folder, QStringLiteral("gt_image/%1.png").arg(n), adPicture(n + 90));
        const QJsonObject layout{
            {QStringLiteral("base_caption"), QJsonArray{QStringLiteral("gt")}},
            {QStringLiteral("gt_grounding"), QJsonArray{}},
            {QStringLiteral("gt_title"), QJsonArray{QStringLiteral("gt")}},
            {QStringLiteral("history_used"), QJsonArray{QStringLiteral("a click")}},
            {QStringLiteral("pr_grounding"), QJsonArray{}},
            {QStringLiteral("pr_title"), QJsonArray{copies[n]}},
            {QStringLiteral("prompt"), QJsonArray{QStringLiteral("<prompt>gt</prompt>")}},
            {QStringLiteral("seed"), n + 1}};
        writeFile(QDir(folder).absoluteFilePath(QStringLiteral("0_batch/%1_0_layout.json").arg(n)),
                  json(layout));
        predictions.append(
            QJsonObject{{QStringLiteral("image"), QStringLiteral("pr_image/%1.png").arg(n)},
                        {QStringLiteral("title"), copies[n]}});
        references.append(QJsonObject{
            {QStringLiteral("image"), QStringLiteral("gt_image/%1.png").arg(n)},
            {QStringLiteral("selling_points"), QJsonArray::fromStringList(sellingPoints.value(n))},
            {QStringLiteral("titles"), QStringLiteral("gt")}});
    }
    writeFile(QDir(folder).absoluteFilePath(QStringLiteral("predictions.json")), json(predictions));
    writeFile(QDir(folder).absoluteFilePath(QStringLiteral("references.json")), json(references));
}
