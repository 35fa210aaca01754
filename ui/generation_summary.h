#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QtGlobal>

// One generation of the history as a list shows it: no pictures and no recipe, just what it
// takes to draw a row (and the id of a variant whose picture makes its thumbnail).
struct GenerationSummary {
    qint64 id = -1;
    QDateTime created;  // UTC
    QString productName;
    QString shopperName;  // empty: not personalized
    QString modelName;
    int variantCount = 0;   // variants asked for
    int finishedCount = 0;  // variants saved as done, with their pictures
    bool starred = false;
    QString state;  // "running", "finished" or "interrupted" (the studio stopped during it)
    qint64 firstVariantId = -1;  // the first variant with a picture; -1 when none has one
    QStringList titles;          // the saved variants' copy, by variant number (blank copy left out)

    bool operator==(const GenerationSummary& other) const {
        return id == other.id && created == other.created && productName == other.productName &&
               shopperName == other.shopperName && modelName == other.modelName && variantCount == other.variantCount &&
               finishedCount == other.finishedCount && starred == other.starred && state == other.state &&
               firstVariantId == other.firstVariantId && titles == other.titles;
    }
    bool operator!=(const GenerationSummary& other) const { return !(*this == other); }
};
