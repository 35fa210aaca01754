#pragma once

// Makes the ui/ layer's classes QML types of AdGen.Studio without ui/ knowing about QML.
#include <QtQml/qqmlregistration.h>

#include "brief_controller.h"
#include "model_controller.h"
#include "product_controller.h"
#include "selling_points_model.h"

struct BriefControllerForeign {
    Q_GADGET
    QML_FOREIGN(BriefController)
    QML_NAMED_ELEMENT(BriefController)
};

struct ProductControllerForeign {
    Q_GADGET
    QML_FOREIGN(ProductController)
    QML_NAMED_ELEMENT(ProductController)
};

struct SellingPointsModelForeign {
    Q_GADGET
    QML_FOREIGN(SellingPointsModel)
    QML_NAMED_ELEMENT(SellingPointsModel)
};

struct ModelControllerForeign {
    Q_GADGET
    QML_FOREIGN(ModelController)
    QML_NAMED_ELEMENT(ModelController)
};
