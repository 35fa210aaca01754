#include "cli/ad_runner.h"

#include "adgen/error.h"
#include "adgen/product_cutout.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <future>

namespace adgen::cli {
namespace fs = std::filesystem;
using nlohmann::json;

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

namespace {

[[noreturn]] void badHistory(const std::string& path, const std::string& problem) {
    throw Error("The shopper history " + path + " " + problem + ".",
                "Write a JSON list of {\"title\": ..., \"image\": ...} clicks, or an object with \"history_titles\" and "
                "\"history_images\" lists (see docs/formats.md, \"Shopper history files\").");
}

std::string text(const json& value, const std::string& path, const std::string& where) {
    if (!value.is_string()) badHistory(path, "has a " + where + " that is not text");
    return value.get<std::string>();
}

std::string resolve(const std::string& image, const fs::path& folder) {
    const fs::path p(image);
    return (p.is_absolute() ? p : folder / p).lexically_normal().string();
}

}  // namespace

std::vector<ShopperClick> readHistoryFile(const std::string& path, ImageCache& images) {
    std::ifstream in(path);
    if (!in) throw Error("The shopper history " + path + " cannot be read.", "Check the path.");
    json root;
    try {
        root = json::parse(in);
    } catch (const json::parse_error& e) {
        badHistory(path, std::string("is not valid JSON (") + e.what() + ")");
    }
    const auto folder = fs::absolute(path).parent_path();
    std::vector<ShopperClick> clicks;
    const auto add = [&](const std::string& title, const std::string& image, std::optional<double> similarity) {
        clicks.push_back({images.get(resolve(image, folder)), title, similarity});
    };
    if (root.is_array()) {
        for (size_t i = 0; i < root.size(); ++i) {
            const auto& item = root[i];
            const auto at = "click " + std::to_string(i + 1);
            if (!item.is_object() || !item.contains("title") || !item.contains("image"))
                badHistory(path, "has a " + at + " without \"title\" and \"image\"");
            std::optional<double> similarity;
            if (item.contains("similarity")) {
                if (!item["similarity"].is_number()) badHistory(path, "has a " + at + " whose \"similarity\" is not a number");
                similarity = item["similarity"].get<double>();
            }
            add(text(item["title"], path, at + " title"), text(item["image"], path, at + " image"), similarity);
        }
        return clicks;
    }
    if (!root.is_object() || !root.contains("history_titles") || !root.contains("history_images"))
        badHistory(path, "is neither a list of clicks nor an object with \"history_titles\" and \"history_images\"");
    const auto& titles = root["history_titles"];
    const auto& paths = root["history_images"];
    if (!titles.is_array() || !paths.is_array() || titles.size() != paths.size())
        badHistory(path, "has \"history_titles\" and \"history_images\" that are not lists of the same length");
    const json* similarity = root.contains("text_similarity") && !root["text_similarity"].is_null() ? &root["text_similarity"] : nullptr;
    if (similarity && (!similarity->is_array() || similarity->size() != titles.size()))
        badHistory(path, "has a \"text_similarity\" list whose length differs from the titles'");
    for (size_t i = 0; i < titles.size(); ++i) {
        std::optional<double> s;
        if (similarity) {
            if (!(*similarity)[i].is_number()) badHistory(path, "has a text_similarity entry that is not a number");
            s = (*similarity)[i].get<double>();
        }
        add(text(titles[i], path, "history title"), text(paths[i], path, "history image"), s);
    }
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
