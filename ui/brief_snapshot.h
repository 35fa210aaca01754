#pragma once

#include <QString>
#include <QStringList>

#include "product_controller.h"

// The whole brief as the designer sees it, one state of the undo history. Whole states rather
// than inverse operations: restoring one can never drift from what was on screen, and the
// product image is shared, not copied, so keeping a few hundred is cheap.
struct BriefSnapshot {
    QStringList sellingPoints;
    QString originalTitle;
    QString description;
    ProductController::State product;

    bool operator==(const BriefSnapshot& other) const {
        return sellingPoints == other.sellingPoints && originalTitle == other.originalTitle &&
               description == other.description && product == other.product;
    }
    bool operator!=(const BriefSnapshot& other) const { return !(*this == other); }
};
