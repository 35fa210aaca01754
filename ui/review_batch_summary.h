#pragma once

#include <QDateTime>
#include <QString>
#include <QtGlobal>

// One review batch as a list shows it.
struct ReviewBatchSummary {
    qint64 id = -1;
    QString name;
    QDateTime created;   // UTC
    QString sourceKind;  // "studio" (a generation of the history) or "import" (a folder of ads)
    QString source;      // the generation's id, or the imported folder or listing file
    int itemCount = 0;

    bool operator==(const ReviewBatchSummary& other) const {
        return id == other.id && name == other.name && created == other.created &&
               sourceKind == other.sourceKind && source == other.source &&
               itemCount == other.itemCount;
    }
};
