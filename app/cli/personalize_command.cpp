// adgen personalize: one product for one shopper with a Uni-AdGen model: the title streams to the
// terminal, then the raw and fusion images and a JSON record of what was used are written.

#include "adgen/brief.h"
#include "adgen/image_files.h"
#include "adgen/product_cutout.h"
#include "cli/ad_options.h"
#include "cli/ad_runner.h"
#include "cli/commands.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>

namespace adgen::cli {
namespace {

constexpr const char* kUsage =
    "usage: adgen personalize --model DIR (--brief FILE.adgen.json | --product FILE.png --selling-points \"A;B\"\n"
    "                         [--title ORIGINAL_TITLE]) [--history FILE.json] [--variants N] [--seed S[,S...]]\n"
    "                         [--factual] [--out PREFIX] [--json]\n";

std::set<std::string> valueOptions() {
    std::set<std::string> names = adOptionNames();
    names.insert({"model", "brief", "product", "selling-points", "title", "history", "variants", "seed", "out", "device",
                  "dtype", "threads"});
    return names;
}

}  // namespace

int personalizeCommand(const Args& argv) {
    try {
        const CliArgs args(argv, valueOptions(), {"factual", "json"});
        if (!args.value("model") || (!args.value("brief") && !args.value("product"))) {
            std::fprintf(stderr, "%s%s", kUsage, kAdOptionsUsage);
            return 2;
        }
        const auto load = modelLoadRequest(args);
        Brief brief;
        if (const auto file = args.value("brief")) brief = loadBrief(*file);
        if (const auto product = args.value("product")) brief.productImage = *product;
        if (const auto points = args.value("selling-points")) brief.sellingPoints = splitSellingPoints(*points);
        if (const auto title = args.value("title")) brief.originalTitle = *title;
        if (brief.productImage.empty()) throw UsageError("The brief names no product image; pass --product FILE.png.");

        AdRequest request;
        request.product = loadProductCutout(brief.productImage).image;
        request.sellingPoints = brief.sellingPoints;
        request.originalTitle = brief.originalTitle;
        ImageCache images;
        if (const auto history = args.value("history")) request.history = readHistoryFile(*history, images);
        request.variants = static_cast<int>(args.integer("variants", 1));
        for (auto s : args.integers("seed", {})) request.seeds.push_back(static_cast<uint64_t>(s));
        request.previewEveryRows = -1;
        request.factualCopy = args.flag("factual");
        applyAdOptions(args, request);
        const auto out = args.value("out", "ad");
        const bool json = args.flag("json");

        Engine engine;
        const auto info = loadModelAndWait(engine, load);
        const auto outcome = generateAdAndWait(engine, request, [&](const GenerationEvent& e) {
            if (json) return;
            if (e.type == GenerationEvent::Type::TextDelta) {
                if (request.variants > 1) std::printf("[%d] ", e.variant + 1);
                std::fputs(e.text.c_str(), stdout);
                if (request.variants > 1) std::fputs("\n", stdout);
                std::fflush(stdout);
            } else if (e.type == GenerationEvent::Type::Phase && e.phase == Phase::Image) {
                if (request.variants == 1) std::fputs("\n", stdout);  // end the streamed title's line
                std::fflush(stdout);
                std::fputs("rendering the image...\n", stderr);
            }
        });

        nlohmann::json report = {
            {"model", info.name},
            {"model_directory", info.directory},
            {"product", brief.productImage},
            {"selling_points", brief.sellingPoints},
            {"original_title", brief.originalTitle},
            {"history_length", request.historyLength >= 0 ? request.historyLength : info.historyLength},
            {"sampling", toString(request.sampling)},
            {"stage2", request.stage2 ? toString(*request.stage2) : info.stage2Mode},
            {"factual_copy", request.factualCopy},
            {"warnings", outcome.warnings},
            {"history_used", nlohmann::json::array()},
            {"variants", nlohmann::json::array()},
        };
        for (const int i : outcome.historyUsed)
            report["history_used"].push_back({{"index", i}, {"title", request.history[static_cast<size_t>(i)].title}});
        for (size_t v = 0; v < outcome.variants.size(); ++v) {
            const auto& d = outcome.variants[v];
            const auto base = out + "-" + std::to_string(v + 1);
            writePngFile(base + ".png", d.image);
            writePngFile(base + "-fusion.png", d.fusionImage);
            report["variants"].push_back({{"variant", v + 1},
                                          {"seed", d.seed},
                                          {"title", d.text},
                                          {"image", base + ".png"},
                                          {"fusion_image", base + "-fusion.png"},
                                          {"image_tokens", d.tokens}});
        }
        std::ofstream(out + ".json") << report.dump(2) << "\n";
        if (json) {
            std::printf("%s\n", report.dump(2).c_str());
        } else {
            for (const auto& w : outcome.warnings) std::fprintf(stderr, "note: %s\n", w.c_str());
            if (request.history.empty())
                std::fputs("note: no shopper history (--history FILE), so the ad is not personalized.\n", stderr);
            for (const auto& v : report["variants"])
                std::printf("variant %d (seed %llu): \"%s\" -> %s, %s\n", v["variant"].get<int>(),
                            static_cast<unsigned long long>(v["seed"].get<uint64_t>()), v["title"].get<std::string>().c_str(),
                            v["image"].get<std::string>().c_str(), v["fusion_image"].get<std::string>().c_str());
            std::printf("recipe: %s.json\n", out.c_str());
        }
        return 0;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "adgen personalize: %s\n", e.problem().c_str());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen personalize: %s\n", e.what());
        return 1;
    }
}

}  // namespace adgen::cli
