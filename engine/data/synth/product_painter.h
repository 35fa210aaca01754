#pragma once

// Draws a product on a canvas at its placement (catalog.h): the same drawing at any canvas size,
// so the cut-out and the product in every ad line up. Each category has its own construction of
// simple shapes, shaded as cylinders or lit faces with a specular highlight (light from the
// upper left).

#include "synth/catalog.h"
#include "synth/raster.h"

namespace adgen::synth {

void paintProduct(Canvas& canvas, const Product& product);

// Where the product touches the floor, normalised: centre and width of the contact (a lamp
// stands on its base, not its shade), for the contact shadow.
struct Footprint {
    float centreX = 0.5f;
    float width = 0.3f;
};
Footprint productFootprint(const Product& product);

}  // namespace adgen::synth
