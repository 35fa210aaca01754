#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QtGlobal>

// One ad of a review batch: its pictures, its copy and what it was made from. Items from the
// studio's history carry their generation's recipe; imported ads usually have none.
struct ReviewItem {
    qint64 id = -1;
    qint64 batchId = -1;
    int position = 0;  // 1-based order in the batch
    QString copy;      // the ad's text
    QStringList sellingPoints;
    QJsonObject recipe;     // GenerationRecipe::toJson; empty when unknown
    int variantNumber = 0;  // which variant of the recipe (1-based); 0 when unknown
    QString modelName;
    QString shopperName;  // the profile / shopper the ad was made for; empty when none
    QString sourcePath;   // the imported picture's file; empty for the studio's own ads
    bool hasFusion = false;
    // The pictures as PNG (the raw generated image and the product composited back), filled
    // when creating items and when an item is read with its pictures.
    QByteArray imagePng;
    QByteArray fusionPng;
};
