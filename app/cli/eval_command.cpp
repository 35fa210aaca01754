// adgen eval: runs a Uni-AdGen model over a PAd1M-format file and writes what the reference's
// validation() writes (model-spec 2.9), then scores the titles and images (adgen/ad_metrics.h).

#include "adgen/ad_metrics.h"
#include "adgen/image_files.h"
#include "adgen/pad1m.h"
#include "adgen/product_cutout.h"
#include "cli/ad_options.h"
#include "cli/ad_runner.h"
#include "cli/commands.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace adgen::cli {
namespace {
namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: adgen eval --model DIR --data FILE.json --out DIR [--limit N] [--seed S] [--pbs-model DIR]\n"
    "                  [--skip-empty]\n";

std::set<std::string> valueOptions() {
    std::set<std::string> names = adOptionNames();
    names.insert({"model", "data", "out", "limit", "seed", "pbs-model", "device", "dtype", "threads"});
    return names;
}

void writeJson(const fs::path& path, const nlohmann::json& value) {
    std::ofstream out(path);
    out << value.dump(2) << "\n";
    if (!out) throw Error("Could not write " + path.string() + ".", "Check that the output folder is writable.");
}


}  // namespace

int evalCommand(const Args& argv) {
    try {
        const CliArgs args(argv, valueOptions(), {"skip-empty"});
        const auto dataFile = args.value("data");
        const auto outDir = args.value("out");
        if (!args.value("model") || !dataFile || !outDir) {
            std::fprintf(stderr, "%s%s", kUsage, kAdOptionsUsage);
            return 2;
        }
        const auto load = modelLoadRequest(args);
        auto records = loadPad1m(*dataFile);
        const auto limit = args.integer("limit", static_cast<int64_t>(records.size()));
        if (limit < static_cast<int64_t>(records.size())) records.resize(static_cast<size_t>(std::max<int64_t>(limit, 0)));
        if (records.empty()) throw Error("The data file " + *dataFile + " has no records to evaluate.", "Pass a PAd1M file with records.");
        const auto baseSeed = static_cast<uint64_t>(args.integer("seed", 0));
        const fs::path out(*outDir);
        for (const char* sub : {"pr_image", "fusion_image", "gt_image", "trans_image", "0_batch"}) fs::create_directories(out / sub);

        Engine engine;
        const auto info = loadModelAndWait(engine, load);
        std::fprintf(stderr, "model %s: %zu records\n", info.name.c_str(), records.size());
        ImageCache images;
        nlohmann::json predictionsJson = nlohmann::json::array(), referencesJson = nlohmann::json::array();
        std::vector<AdPrediction> predictions;
        std::vector<AdReference> references;
        for (size_t n = 0; n < records.size(); ++n) {
            const auto& record = records[n];
            const auto start = std::chrono::steady_clock::now();
            auto request = adRequestForRecord(record, images);
            request.seeds = {baseSeed + n};
            request.previewEveryRows = -1;
            applyAdOptions(args, request);
            const auto outcome = generateAdAndWait(engine, request);
            const auto& ad = outcome.variants.at(0);

            const auto name = std::to_string(n) + ".png";
            writePngFile((out / "pr_image" / name).string(), ad.image);
            writePngFile((out / "fusion_image" / name).string(), ad.fusionImage);
            writePngFile((out / "trans_image" / name).string(), request.product);
            std::string gtImage;
            if (!record.adImage.empty()) {
                gtImage = (out / "gt_image" / name).string();
                writePngFile(gtImage, loadRgbImage(record.adImage));
            }
            nlohmann::json history = nlohmann::json::array();
            for (const int i : outcome.historyUsed) history.push_back(record.historyTitles[static_cast<size_t>(i)]);
            // Batch size 1: one layout file per record, named {n}_0 where the reference adds a random suffix.
            writeJson(out / "0_batch" / (std::to_string(n) + "_0_layout.json"),
                      {{"base_caption", {record.adTitles}},
                       {"gt_grounding", {record.productBoxes}},
                       {"prompt", {"<prompt>" + record.adTitles + "</prompt>"}},
                       {"pr_grounding", nlohmann::json::array()},
                       {"pr_title", {ad.text}},
                       {"gt_title", {record.adTitles}},
                       {"seed", ad.seed},
                       {"history_used", history}});

            predictions.push_back({ad.text, (out / "pr_image" / name).string(), ad.image});
            // BGS leaves the product boxes out (ref_exps, in the ad image's pixels: gt_image is that
            // image re-encoded); the SP-only check reads the selling points.
            AdReference reference;
            reference.titles = record.adTitles;
            reference.imagePath = gtImage;
            reference.productBoxes = record.productBoxes;
            reference.sellingPoints = record.sellingPointList();
            predictionsJson.push_back({{"title", ad.text}, {"image", "pr_image/" + name}});
            nlohmann::json referenceJson = {{"titles", record.adTitles}};
            if (!gtImage.empty()) referenceJson["image"] = "gt_image/" + name;
            if (!reference.productBoxes.empty()) referenceJson["product_boxes"] = reference.productBoxes;
            if (!reference.sellingPoints.empty()) referenceJson["selling_points"] = reference.sellingPoints;
            referencesJson.push_back(referenceJson);
            references.push_back(std::move(reference));
            const auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            std::fprintf(stderr, "[%zu/%zu] %.1f s  %s\n", n + 1, records.size(), seconds, ad.text.c_str());
        }
        writeJson(out / "predictions.json", predictionsJson);
        writeJson(out / "references.json", referencesJson);

        AdMetricsOptions options;
        options.pbsModelDirectory = args.value("pbs-model", "");
        options.skipEmptyPredictions = args.flag("skip-empty");
        options.skipItemsWithoutImages = true;
        const auto report = computeAdMetrics(predictions, references, options);
        std::ofstream(out / "metrics.json") << adMetricsToJson(report) << "\n";
        const auto table = formatMetricsTable(report);
        std::ofstream(out / "metrics.md") << table;
        std::printf("%s", table.c_str());
        return 0;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "adgen eval: %s\n", e.problem().c_str());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen eval: %s\n", e.what());
        return 1;
    }
}

}  // namespace adgen::cli
