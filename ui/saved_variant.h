#pragma once

#include <QImage>
#include <QString>
#include <QtGlobal>

// One variant of a generation as the history keeps it. Done variants have both pictures;
// cancelled and failed ones keep the copy they had written and no pictures.
struct SavedVariant {
    qint64 id = -1;      // the history's id: thumbnails are asked for by it
    int number = 1;      // 1-based, as in the recipe
    quint64 seed = 0;
    QString title;
    QString state;       // "done", "cancelled", "failed" (or "running" in a generation cut short)
    QImage image;        // the raw generated image
    QImage fusionImage;  // the product composited back
};
