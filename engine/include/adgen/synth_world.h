#pragma once

// `adgen synth`: a deterministic synthetic shopping world in the PAd1M format, for training and
// evaluating a small Uni-AdGen model on the CPU (docs/synth.md). Products are procedurally drawn
// cut-outs, ads put them on simple scenes, shoppers have latent preferences (scene family and
// palette for the images, a title style for the copy) that show in their click histories and
// decide their ground-truth ads. Same options and seed give byte-identical files.
//
// Plain C++ types only; the implementation (engine/data/synth, OpenCV for PNGs) is built with the
// app (ADGEN_BUILD_APP).

#include <cstdint>
#include <string>
#include <vector>

namespace adgen {

struct SynthOptions {
    uint64_t seed = 1;
    int productsPerCategory = 12;
    std::vector<std::string> categories;  // subset of synthCategoryNames(); empty: all of them
    int shoppers = 60;
    int minClicks = 10;                   // click history length per shopper, drawn in [min, max]
    int maxClicks = 20;
    double noisyClickShare = 0.2;         // share of each history in random styles, 0..1 (rounded per shopper)
    int recordsPerShopper = 8;            // target ads per shopper (capped by the products of its split)
    int adSize = 256;                     // ground-truth and history ad images, square, pixels
    int productSize = 256;                // product cut-outs (RGBA), square, pixels
    double trainFraction = 0.8;           // split of shoppers and of each category's products
    double valFraction = 0.1;
    double testFraction = 0.1;
    std::vector<std::string> languages = {"en", "zh"};  // shoppers' languages, assigned in turn
    int minTitles = 2;                    // ground-truth titles per record, drawn in [min, max]
    int maxTitles = 3;
    bool writeBackgrounds = false;        // also images/backgrounds/<ad>.png: each ad without its product
    bool contactSheet = true;             // contact-sheet.png: 24 ads over 24 product cut-outs
    bool textSimilarity = true;           // fill text_similarity (our title similarity; else the engine computes it)
};

struct SynthSplitSummary {
    std::string name;  // train, val, test
    int shoppers = 0;
    int products = 0;
    int records = 0;
    std::string file;  // OUT/<name>.json
};

struct SynthSummary {
    std::string outDir;
    int products = 0;
    int shoppers = 0;
    int records = 0;
    int historyClicks = 0;
    int noisyClicks = 0;
    int adImages = 0;
    int productImages = 0;
    int64_t bytesWritten = 0;
    std::vector<SynthSplitSummary> splits;
};

// The product categories the world knows, in their canonical order.
std::vector<std::string> synthCategoryNames();
// The scene families and the palette names (palettes are per family: index 0..3).
std::vector<std::string> synthSceneFamilies();
int synthPalettesPerFamily();

// Throws adgen::Error saying what is wrong with the options and how to fix it.
void validateSynthOptions(const SynthOptions& options);

// Writes the world into outDir (created if missing): train.json, val.json, test.json (PAd1M),
// images/products/*.png, images/ads/*.png, catalog.json, shoppers.json, README.md, synth.json
// (the options) and contact-sheet.png. A folder that is not empty must hold an earlier synth
// world (synth.json); its generated files are replaced. Throws adgen::Error on bad options or
// when the folder cannot be written. `progress`, if set, receives one line per phase.
SynthSummary writeSynthWorld(const SynthOptions& options, const std::string& outDir,
                             void (*progress)(const std::string& line) = nullptr);

}  // namespace adgen
