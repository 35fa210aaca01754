#pragma once

// Ad backgrounds: eight scene families, four palettes each. Every family has a floor or surface
// (the products' bases stand at 0.86..0.90 of the height, below every family's floor line) and a
// few big, flat or gradient shapes, so a family and palette read clearly even at 128 px.
// Small per-image jitter (floor line, shape offsets, brightness) keeps images of one style from
// being identical.

#include "synth/catalog.h"
#include "synth/product_painter.h"
#include "synth/raster.h"
#include "synth/synth_random.h"

#include <string>
#include <vector>

namespace adgen::synth {

inline constexpr int kSceneFamilies = 8;
inline constexpr int kPalettesPerFamily = 4;

struct SceneStyle {
    int family = 0;
    int palette = 0;
    bool operator==(const SceneStyle& o) const { return family == o.family && palette == o.palette; }
};

const std::vector<std::string>& sceneFamilyNames();  // studio, tabletop, kitchen, ...
const std::string& paletteName(int family, int palette);
// A background description (PAd1M caption) in English.
std::string sceneCaption(const SceneStyle& style, const Product& product);

void paintScene(Canvas& canvas, const SceneStyle& style, SynthRandom& jitter);
// Darkens the floor under the product: a soft ellipse and a tighter core at its base.
void paintContactShadow(Canvas& canvas, const SceneStyle& style, const Footprint& footprint, float baseY);

}  // namespace adgen::synth
