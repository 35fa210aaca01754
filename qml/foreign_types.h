#pragma once

// Makes the ui/ layer's classes QML types of AdGen.Studio without ui/ knowing about QML.
#include <QtQml/qqmlregistration.h>

#include "brief_controller.h"
#include "review_exporter.h"
#include "export_controller.h"
#include "click_history_model.h"
#include "generation_controller.h"
#include "generation_history_model.h"
#include "generation_history_store.h"
#include "model_controller.h"
#include "product_controller.h"
#include "profile_store.h"
#include "recent_files.h"
#include "selling_points_model.h"
#include "shopper_grid_controller.h"
#include "shopper_profiles_model.h"
#include "studio_settings.h"
#include "variants_model.h"

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

struct GenerationControllerForeign {
    Q_GADGET
    QML_FOREIGN(GenerationController)
    QML_NAMED_ELEMENT(GenerationController)
    QML_UNCREATABLE("The studio creates the generation controller.")
};

struct VariantsModelForeign {
    Q_GADGET
    QML_FOREIGN(VariantsModel)
    QML_NAMED_ELEMENT(VariantsModel)
    QML_UNCREATABLE("A generation controller owns its variants.")
};

struct ProfileStoreForeign {
    Q_GADGET
    QML_FOREIGN(ProfileStore)
    QML_NAMED_ELEMENT(ProfileStore)
    QML_UNCREATABLE("The studio opens the profile library.")
};

struct ShopperProfilesModelForeign {
    Q_GADGET
    QML_FOREIGN(ShopperProfilesModel)
    QML_NAMED_ELEMENT(ShopperProfilesModel)
};

struct ClickHistoryModelForeign {
    Q_GADGET
    QML_FOREIGN(ClickHistoryModel)
    QML_NAMED_ELEMENT(ClickHistoryModel)
};

struct GenerationHistoryStoreForeign {
    Q_GADGET
    QML_FOREIGN(GenerationHistoryStore)
    QML_NAMED_ELEMENT(GenerationHistoryStore)
    QML_UNCREATABLE("The studio opens the generation history.")
};

struct GenerationHistoryModelForeign {
    Q_GADGET
    QML_FOREIGN(GenerationHistoryModel)
    QML_NAMED_ELEMENT(GenerationHistoryModel)
};

struct ExportControllerForeign {
    Q_GADGET
    QML_FOREIGN(ExportController)
    QML_NAMED_ELEMENT(ExportController)
    QML_UNCREATABLE("The studio creates the export controller.")
};

struct RecentFilesForeign {
    Q_GADGET
    QML_FOREIGN(RecentFiles)
    QML_NAMED_ELEMENT(RecentFiles)
    QML_UNCREATABLE("A brief controller keeps the recent files.")
};

struct ShopperGridControllerForeign {
    Q_GADGET
    QML_FOREIGN(ShopperGridController)
    QML_NAMED_ELEMENT(ShopperGridController)
    QML_UNCREATABLE("The studio creates the shopper grid.")
};

struct StudioSettingsForeign {
    Q_GADGET
    QML_FOREIGN(StudioSettings)
    QML_NAMED_ELEMENT(StudioSettings)
    QML_UNCREATABLE("The studio reads its settings at start.")
};

// The reviewer's lane (issue 7).
#include "review_batches_model.h"
#include "review_controller.h"
#include "review_items_model.h"
#include "review_store.h"

struct ReviewStoreForeign {
    Q_GADGET
    QML_FOREIGN(ReviewStore)
    QML_NAMED_ELEMENT(ReviewStore)
    QML_UNCREATABLE("The studio opens the review store.")
};

struct ReviewItemsModelForeign {
    Q_GADGET
    QML_FOREIGN(ReviewItemsModel)
    QML_NAMED_ELEMENT(ReviewItemsModel)
};

struct ReviewBatchesModelForeign {
    Q_GADGET
    QML_FOREIGN(ReviewBatchesModel)
    QML_NAMED_ELEMENT(ReviewBatchesModel)
};

struct ReviewControllerForeign {
    Q_GADGET
    QML_FOREIGN(ReviewController)
    QML_NAMED_ELEMENT(ReviewController)
    QML_UNCREATABLE("The studio creates the review controller.")
};

struct ReviewExporterForeign {
    Q_GADGET
    QML_FOREIGN(ReviewExporter)
    QML_NAMED_ELEMENT(ReviewExporter)
};
