#pragma once

#include "ad_export.h"

// A PDF contact sheet of chosen variants, to print or send for review: A4 landscape, a header
// (product, shopper, model, date), the variants in a grid of kContactSheetColumns x
// kContactSheetRows per page (picture, variant number, seed, copy), and the generation's settings
// at the foot of every page.

inline constexpr int kContactSheetColumns = 4;
inline constexpr int kContactSheetRows = 2;
inline constexpr int kContactSheetPerPage = kContactSheetColumns * kContactSheetRows;  // a whole generation fits one

// Pages a sheet of `variants` variants takes (at least one).
int contactSheetPageCount(int variants);

// Writes the sheet to `path` atomically; `image` picks the raw or the fusion pictures.
bool writeContactSheet(const QString& path, const GenerationRecipe& recipe, const QList<ExportVariant>& variants, AdImage image,
                       ExportProblem* problem = nullptr);
