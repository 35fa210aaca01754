#pragma once

#include <QList>
#include <QString>
#include <QtGlobal>

#include "review_verdict.h"

// What the review statistics and exports read: the items of some batches (without pictures)
// and every verdict on them, by any reviewer. ReviewStore::reviewData reads it from the file;
// tests build it by hand.
struct ReviewData {
    struct Item {
        qint64 id = -1;
        qint64 batchId = -1;
        QString batchName;
        int position = 0;
        QString modelName;
        QString shopperName;
        QString copy;
    };
    QList<Item> items;
    QList<ReviewVerdict> verdicts;
};
