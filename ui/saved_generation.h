#pragma once

#include <vector>

#include "generation_recipe.h"
#include "generation_summary.h"
#include "saved_variant.h"

// A generation read back from the history: its row, its recipe and every saved variant with
// its pictures (by variant number). An interrupted generation has only the variants that
// finished before the studio stopped.
struct SavedGeneration {
    GenerationSummary summary;
    GenerationRecipe recipe;
    std::vector<SavedVariant> variants;
};
