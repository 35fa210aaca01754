#pragma once

// The engine's placement of a product cut-out (personalize/product_inputs.cpp, recentreProduct:
// Uni-AdGen's adjust_online_trans) as plain geometry, without its pixels.

#include "adgen/product_cutout.h"

#include <optional>

namespace adgen::review {

// The rectangle the re-centred (and, above maxRatio, scaled) product is pasted at, on the cut-out's
// own canvas. nullopt where the engine leaves an empty canvas or refuses the cut-out (no pixel with
// alpha > 50, a one-pixel box, maxRatio not a positive number, a side scaled to 0).
struct CanvasPlacement {
    int x = 0;  // top-left on the canvas, may be negative (the paste is clipped there)
    int y = 0;
    int width = 0;   // pasted size
    int height = 0;
    int canvasWidth = 0;
    int canvasHeight = 0;
    // The cut-out's crop (alpha > 50 box, right and bottom edges exclusive, as the reference crops).
    int cropX = 0;
    int cropY = 0;
    int cropWidth = 0;
    int cropHeight = 0;
};
std::optional<CanvasPlacement> placeOnCanvas(const RgbaImage& product, double maxRatio);

}  // namespace adgen::review
