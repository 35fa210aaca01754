#pragma once

// The world model before anything is drawn: products with their splits, shoppers with their
// latent preferences, click histories and target ads. Pure data, fully decided by the options.

#include "adgen/synth_world.h"
#include "synth/catalog.h"
#include "synth/scene_painter.h"
#include "synth/titles.h"

#include <string>
#include <vector>

namespace adgen::synth {

struct Click {
    int product = 0;  // index into World::products
    SceneStyle scene;
    TitleStyle style;
    bool noisy = false;
    int variant = 0;
    std::string image;  // relative to the output folder
    std::string title;
};

struct TargetAd {
    int product = 0;
    std::string image;  // relative to the output folder
    std::vector<std::string> titles;
};

struct Shopper {
    std::string id;
    std::string split;
    Language language = Language::En;
    SceneStyle scene;
    TitleStyle style;
    std::vector<Click> clicks;
    std::vector<TargetAd> targets;
};

struct World {
    std::vector<Product> products;
    std::vector<Shopper> shoppers;
};

// Counts of train / val / test for n items: a positive fraction gets at least one item; throws
// adgen::Error when n is too small for that.
std::vector<int> splitCounts(int n, const SynthOptions& options, const std::string& what);

World buildWorld(const SynthOptions& options);

}  // namespace adgen::synth
