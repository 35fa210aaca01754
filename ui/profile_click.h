#pragma once

#include <QImage>
#include <QString>
#include <QtGlobal>

#include <optional>

// One click of a shopper profile as the studio keeps it: the title and the picture the shopper
// clicked, with the file it was read from (for the designer's information only: the pixels live
// in the profile library, so a profile survives its source files moving).
struct ProfileClick {
    QString title;
    QImage image;        // Format_RGBA8888 (straight alpha), longer side at most kMaxClickImageSide
    QString sourcePath;  // absolute path the image was read from; may no longer exist
    std::optional<double> similarity;  // as given by a history file; unset: the engine computes it
    qint64 id = -1;      // the row in the library's clicks table; -1 for a click not saved yet
};
