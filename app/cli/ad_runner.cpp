#include "cli/ad_runner.h"

#include "adgen/error.h"
#include "adgen/product_cutout.h"
#include "adgen/shopper_history.h"

#include <future>

namespace adgen::cli {

ModelInfo loadModelAndWait(Engine& engine, const LoadRequest& request) {
    std::promise<LoadEvent> done;
    engine.loadModel(request, [&](const LoadEvent& e) {
        if (e.type != LoadEvent::Type::Progress) done.set_value(e);
    });
    const auto e = done.get_future().get();
    if (e.type != LoadEvent::Type::Loaded || !e.info)
        throw Error(e.error.empty() ? "Loading the model " + request.modelDirectory + " was cancelled." : e.error, e.errorFix);
    return *e.info;
}

const RgbaImage& ImageCache::get(const std::string& path) {
    auto found = images_.find(path);
    if (found == images_.end()) found = images_.emplace(path, decodeImageFile(path).image).first;
    return found->second;
}

std::vector<ShopperClick> readHistoryFile(const std::string& path, ImageCache& images) {
    std::vector<ShopperClick> clicks;
    for (const ClickEntry& entry : loadShopperHistory(path))
        clicks.push_back({images.get(entry.imagePath), entry.title, entry.similarity});
    return clicks;
}

AdOutcome generateAdAndWait(Engine& engine, const AdRequest& request,
                            const std::function<void(const GenerationEvent&)>& onEvent) {
    AdOutcome outcome;
    outcome.variants.resize(static_cast<size_t>(std::max(request.variants, 0)));
    std::promise<GenerationEvent> finished;
    engine.generateAd(request, [&](const GenerationEvent& e) {
        if (onEvent) onEvent(e);
        switch (e.type) {
            case GenerationEvent::Type::HistorySelected:
                outcome.historyUsed = e.historyUsed;
                outcome.warnings = e.warnings;
                break;
            case GenerationEvent::Type::VariantDone: outcome.variants[static_cast<size_t>(e.variant)] = e; break;
            case GenerationEvent::Type::Done:
            case GenerationEvent::Type::Error: finished.set_value(e); break;
            case GenerationEvent::Type::Cancelled:
                if (e.variant < 0) finished.set_value(e);
                break;
            default: break;
        }
    });
    const auto end = finished.get_future().get();
    if (end.type == GenerationEvent::Type::Error) throw Error(end.error, end.errorFix);
    if (end.type == GenerationEvent::Type::Cancelled) throw Error("The generation was cancelled.", "Run it again.");
    return outcome;
}

AdRequest adRequestForRecord(const Pad1mRecord& record, ImageCache& images) {
    AdRequest r;
    r.product = loadProductCutout(record.productCutout).image;
    r.maxRatio = record.maxRatio;
    r.sellingPoints = record.sellingPointList();
    r.originalTitle = record.productTitle;
    for (size_t i = 0; i < record.historyImages.size(); ++i) {
        std::optional<double> similarity;
        if (record.textSimilarity) similarity = (*record.textSimilarity)[i];
        r.history.push_back({images.get(record.historyImages[i]), record.historyTitles[i], similarity});
    }
    r.targetTitles = record.adTitles;  // the reference's duplicate-of-target filter
    return r;
}

}  // namespace adgen::cli
