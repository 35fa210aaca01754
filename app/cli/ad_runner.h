#pragma once

// What `adgen personalize` and `adgen eval` share: loading a model and waiting for it, reading
// shopper histories and images (decoded once per path), and running one ad to completion.

#include "adgen/engine.h"
#include "adgen/pad1m.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace adgen::cli {

// Loads the model and waits; throws adgen::Error with the engine's reason when it fails.
ModelInfo loadModelAndWait(Engine& engine, const LoadRequest& request);

// Decodes image files (any format OpenCV reads, to RGBA), each path once.
class ImageCache {
public:
    const RgbaImage& get(const std::string& path);

private:
    std::map<std::string, RgbaImage> images_;
};

// A shopper history file (docs/formats.md, "Shopper history files"): a JSON list of clicks
// {"title": TEXT, "image": PATH, "similarity": NUMBER (optional)}, or one object with PAd1M's
// "history_titles", "history_images" and optional "text_similarity" lists. Relative image paths
// are resolved against the file's folder. Throws adgen::Error naming the file, item and field.
// The parsing is adgen::loadShopperHistory (shopper_history.h), shared with the studio.
std::vector<ShopperClick> readHistoryFile(const std::string& path, ImageCache& images);

// The ad a PAd1M record asks for: its product cut-out, selling points, original title and the
// shopper's clicks (with text_similarity when the record has it); targetTitles are its
// ground-truth titles (the reference's duplicate filter). Images are decoded through `images`.
AdRequest adRequestForRecord(const Pad1mRecord& record, ImageCache& images);

// The result of one ad generation.
struct AdOutcome {
    std::vector<int> historyUsed;
    std::vector<std::string> warnings;
    std::vector<GenerationEvent> variants;  // the VariantDone events, by variant
};

// Runs `request` and waits. `onEvent` sees every event as it comes (on the engine thread). Throws
// adgen::Error with the engine's problem and fix when the generation fails.
AdOutcome generateAdAndWait(Engine& engine, const AdRequest& request,
                            const std::function<void(const GenerationEvent&)>& onEvent = {});

}  // namespace adgen::cli
