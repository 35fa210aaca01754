#pragma once

// The statistics panel's controller as a QML type of AdGen.Studio (kept apart from
// foreign_types.h, which the review lane edits at the same time).
#include <QtQml/qqmlregistration.h>

#include "review_stats_controller.h"

struct ReviewStatsControllerForeign {
    Q_GADGET
    QML_FOREIGN(ReviewStatsController)
    QML_NAMED_ELEMENT(ReviewStatsController)
};
