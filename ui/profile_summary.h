#pragma once

#include <QDateTime>
#include <QString>
#include <QtGlobal>

// One profile of the library as a list shows it: no click pictures, just what it takes to draw
// a row (the first click's id, for its thumbnail).
struct ProfileSummary {
    qint64 id = -1;
    QString name;
    QString notes;
    QDateTime created;   // UTC
    QDateTime modified;  // UTC; any change to the name, notes or clicks
    int clickCount = 0;
    qint64 thumbnailClickId = -1;  // the first click, -1 when the profile has none

    bool operator==(const ProfileSummary& other) const {
        return id == other.id && name == other.name && notes == other.notes && created == other.created &&
               modified == other.modified && clickCount == other.clickCount &&
               thumbnailClickId == other.thumbnailClickId;
    }
    bool operator!=(const ProfileSummary& other) const { return !(*this == other); }
};
