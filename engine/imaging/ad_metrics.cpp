#include "adgen/ad_metrics.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "adgen/pad1m.h"
#include "adgen/pbs.h"
#include "adgen/product_cutout.h"
#include "data/json_file.h"
#include "src/metrics/python_str.h"

namespace adgen {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr size_t kProblemsShown = 10;
// Items per PBS batch: 2 images each. Bounds the decoded images held at once.
constexpr size_t kPbsItemsPerBatch = 8;

const char* const kFormatsDoc = "docs/formats.md, \"Metrics files\"";

// "N problems:\n  a\n  b ... and M more", as the PAd1M loader lists them.
std::string listProblems(const std::string& subject, const std::vector<std::string>& problems) {
    std::string text = subject + " " + std::to_string(problems.size()) +
                       (problems.size() == 1 ? " problem:" : " problems:");
    for (size_t i = 0; i < problems.size() && i < kProblemsShown; ++i) text += "\n  " + problems[i];
    if (problems.size() > kProblemsShown)
        text += "\n  ... and " + std::to_string(problems.size() - kProblemsShown) + " more";
    return text;
}

bool hasImage(const RgbImage& image, const std::string& path) {
    return !image.pixels.empty() || !path.empty();
}

bool isValidUtf8(const std::string& text) {
    try {
        (void)metrics::decodeUtf8(text, "text");
        return true;
    } catch (const Error&) {
        return false;
    }
}

bool rgbBufferOk(const RgbImage& image) {
    return image.width > 0 && image.height > 0 &&
           image.pixels.size() == static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 3;
}

// The image PBS sees for one side of an item: decoded (from memory or file), JPEG round trip.
RgbImage pbsInput(const RgbImage& image, const std::string& path, size_t index, const char* side) {
    try {
        return jpegRoundTrip(image.pixels.empty() ? loadRgbImage(path) : image);
    } catch (const Error& e) {
        throw Error("Item " + std::to_string(index) + ", " + side + " image: " + e.problem(), e.fix());
    }
}

std::string resolvePath(const std::string& path, const fs::path& baseDirectory) {
    if (path.empty()) return path;
    const fs::path p(path);
    return (p.is_absolute() ? p : baseDirectory / p).lexically_normal().string();
}

// The file's text and its JSON; adgen::Error (exit 2) when it is missing or not JSON.
json readJsonFile(const std::string& path, const char* what, std::string& sourceName, std::string& text) {
    sourceName = fs::path(path).filename().string();
    text = data::readTextFile(path, what);
    return data::parseJsonText(text, sourceName, "Fix the file in a text editor (" + std::string(kFormatsDoc) + ").");
}

// The optional "image" field of an item: a path string, null or absent.
std::string imageField(const json& item, size_t index, const fs::path& baseDirectory,
                       std::vector<std::string>& problems) {
    if (!item.contains("image") || item.at("image").is_null()) return {};
    const json& value = item.at("image");
    if (!value.is_string()) {
        problems.push_back("item " + std::to_string(index) + " field \"image\" should be a path string, not " +
                           value.dump());
        return {};
    }
    return resolvePath(value.get<std::string>(), baseDirectory);
}

// The report keeps its keys in this order (nlohmann::json would sort them).
using ordered_json = nlohmann::ordered_json;

ordered_json titleScoresJson(const std::optional<TitleScores>& scores) {
    if (!scores) return nullptr;
    return {{"bleu4", scores->bleu4}, {"rouge_l", scores->rougeL}};
}

ordered_json summaryJson(const TextMetricSummary& summary) {
    return {{"count", summary.count}, {"bleu4", summary.meanBleu4}, {"rouge_l", summary.meanRougeL}};
}

std::string fixed(double value, int decimals) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
    return buffer;
}

}  // namespace

RgbImage loadRgbImage(const std::string& path) {
    const RgbaImage rgba = decodeImageFile(path).image;
    RgbImage rgb;
    rgb.width = rgba.width;
    rgb.height = rgba.height;
    const size_t pixels = static_cast<size_t>(rgba.width) * static_cast<size_t>(rgba.height);
    rgb.pixels.resize(pixels * 3);
    for (size_t i = 0; i < pixels; ++i) std::copy_n(&rgba.pixels[i * 4], 3, &rgb.pixels[i * 3]);
    return rgb;
}

RgbImage jpegRoundTrip(const RgbImage& image, int quality) {
    if (!rgbBufferOk(image))
        throw Error("An image for the JPEG round trip is " + std::to_string(image.width) + "x" +
                        std::to_string(image.height) + " with " + std::to_string(image.pixels.size()) +
                        " bytes of pixels; it needs at least one pixel and 3 bytes per pixel.",
                    "Pass a decoded RGB image.");
    // OpenCV's codecs take BGR: hand libjpeg the channels in the right order, or its RGB -> YCbCr
    // conversion (and so the quantisation error) differs from Pillow's.
    const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data()));
    cv::Mat bgr;
    cv::cvtColor(rgb, bgr, cv::COLOR_RGB2BGR);
    std::vector<uchar> jpeg;
    if (!cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, quality}))
        throw Error("OpenCV could not encode a JPEG image.", "Check that OpenCV was built with JPEG support.");
    const cv::Mat decoded = cv::imdecode(jpeg, cv::IMREAD_COLOR);
    if (decoded.empty() || decoded.type() != CV_8UC3)
        throw Error("OpenCV could not decode the JPEG image it wrote.", "Check OpenCV's JPEG support.");
    cv::Mat back;
    cv::cvtColor(decoded, back, cv::COLOR_BGR2RGB);
    RgbImage out;
    out.width = back.cols;
    out.height = back.rows;
    out.pixels.assign(back.data, back.data + back.total() * 3);
    return out;
}

AdMetricsReport computeAdMetrics(const std::vector<AdPrediction>& predictions,
                                 const std::vector<AdReference>& references, const AdMetricsOptions& options) {
    if (predictions.size() != references.size())
        throw AdMetricsInputError(
            "There are " + std::to_string(predictions.size()) + " predictions but " +
                std::to_string(references.size()) + " references; prediction i is scored against reference i.",
            "Give one prediction per reference, in the same order.");
    const size_t count = predictions.size();
    const bool withPbs = !options.pbsModelDirectory.empty();

    AdMetricsReport report;
    report.itemCount = count;
    report.pbsModelDirectory = options.pbsModelDirectory;
    report.items.resize(count);
    for (size_t i = 0; i < count; ++i) report.items[i].index = i;

    // A wrong model directory is reported before the inputs are looked at in detail.
    std::unique_ptr<PbsModel> pbs;
    if (withPbs) pbs = PbsModel::load(options.pbsModelDirectory, options.threads);

    // Everything the inputs can get wrong, reported together before anything slow runs.
    std::vector<std::string> problems;
    std::vector<std::string> missingFiles;
    std::vector<size_t> pbsItems;
    for (size_t i = 0; i < count; ++i) {
        const AdPrediction& p = predictions[i];
        const AdReference& r = references[i];
        const std::string item = "item " + std::to_string(i);
        if (!isValidUtf8(p.title)) problems.push_back(item + ": the predicted title is not valid UTF-8");
        if (!isValidUtf8(r.titles)) problems.push_back(item + ": the reference titles are not valid UTF-8");
        if (!withPbs) continue;
        const bool predictionImage = hasImage(p.image, p.imagePath);
        const bool referenceImage = hasImage(r.image, r.imagePath);
        if (!predictionImage || !referenceImage) {
            const std::string what = !predictionImage && !referenceImage ? "neither a prediction nor a reference image"
                                     : !predictionImage                  ? "no prediction image"
                                                                         : "no reference image";
            if (options.skipItemsWithoutImages) report.skipped.push_back({i, "pbs", "has " + what});
            else problems.push_back(item + ": PBS needs both images, but it has " + what);
            continue;
        }
        if (!p.image.pixels.empty() && !rgbBufferOk(p.image))
            problems.push_back(item + ": the in-memory prediction image has a pixel buffer of the wrong size");
        if (!r.image.pixels.empty() && !rgbBufferOk(r.image))
            problems.push_back(item + ": the in-memory reference image has a pixel buffer of the wrong size");
        const auto checkFile = [&](const RgbImage& inMemory, const std::string& path, const char* side) {
            if (!inMemory.pixels.empty() || fs::is_regular_file(path)) return;
            missingFiles.push_back(item + ": the " + side + " image " + path +
                                   (fs::exists(path) ? " is not a file" : " does not exist"));
        };
        checkFile(p.image, p.imagePath, "prediction");
        checkFile(r.image, r.imagePath, "reference");
        pbsItems.push_back(i);
    }
    if (!problems.empty())
        throw AdMetricsInputError(listProblems("The metrics inputs have", problems),
                                  withPbs && !options.skipItemsWithoutImages
                                      ? "Fix the items named (PBS needs a generated and a ground-truth image per "
                                        "item; run without PBS to score the titles alone)."
                                      : "Fix the items named.");
    if (!missingFiles.empty())
        throw Error(listProblems("PBS cannot run: its image files have", missingFiles),
                    "Check the image paths (relative ones are resolved against the JSON file's folder).");

    const TextMetrics textMetrics(options.jiebaDictionary);

    // BLEU-4 and ROUGE-L, both reference modes, as metrics_script.py scores each record.
    std::vector<TitleScores> concatenated;
    std::vector<TitleScores> splitTitles;
    for (size_t i = 0; i < count; ++i) {
        if (options.skipEmptyPredictions && metrics::isBlank(predictions[i].title)) {
            report.skipped.push_back({i, "text", "the predicted title is empty"});
            continue;
        }
        AdItemScores& item = report.items[i];
        item.concatenated = textMetrics.score(predictions[i].title, references[i].titles, ReferenceMode::Concatenated);
        item.splitTitles = textMetrics.score(predictions[i].title, references[i].titles, ReferenceMode::SplitTitles);
        concatenated.push_back(*item.concatenated);
        splitTitles.push_back(*item.splitTitles);
    }
    report.concatenated = summarizeTitleScores(concatenated);
    report.splitTitles = summarizeTitleScores(splitTitles);

    if (withPbs) {
        PbsSummary summary;
        double sum = 0;
        for (size_t first = 0; first < pbsItems.size(); first += kPbsItemsPerBatch) {
            const size_t last = std::min(pbsItems.size(), first + kPbsItemsPerBatch);
            std::vector<RgbImage> images;
            for (size_t k = first; k < last; ++k) {
                const size_t i = pbsItems[k];
                images.push_back(pbsInput(predictions[i].image, predictions[i].imagePath, i, "prediction"));
                images.push_back(pbsInput(references[i].image, references[i].imagePath, i, "reference"));
            }
            const auto features = pbs->embed(images);
            for (size_t k = first; k < last; ++k) {
                const size_t n = 2 * (k - first);
                const double similarity = PbsModel::similarity(features[n], features[n + 1]);
                report.items[pbsItems[k]].pbs = similarity;
                sum += similarity;
                ++summary.count;
            }
            if (options.pbsProgress) options.pbsProgress(last, pbsItems.size());
        }
        if (summary.count > 0) summary.mean = sum / static_cast<double>(summary.count);
        report.pbs = summary;
    }
    std::stable_sort(report.skipped.begin(), report.skipped.end(),
                     [](const AdSkippedItem& a, const AdSkippedItem& b) { return a.index < b.index; });
    return report;
}

std::string adMetricsToJson(const AdMetricsReport& report, int indent) {
    ordered_json items = ordered_json::array();
    for (const AdItemScores& item : report.items) {
        items.push_back({{"index", item.index},
                         {"concatenated", titleScoresJson(item.concatenated)},
                         {"split_titles", titleScoresJson(item.splitTitles)},
                         {"pbs", item.pbs ? ordered_json(*item.pbs) : ordered_json(nullptr)}});
    }
    ordered_json skipped = ordered_json::array();
    for (const AdSkippedItem& s : report.skipped)
        skipped.push_back({{"index", s.index}, {"metric", s.metric}, {"reason", s.reason}});
    ordered_json summary = {
        {"concatenated", summaryJson(report.concatenated)},
        {"split_titles", summaryJson(report.splitTitles)},
        {"pbs", report.pbs ? ordered_json{{"count", report.pbs->count}, {"mean", report.pbs->mean}}
                           : ordered_json(nullptr)}};
    const ordered_json out = {{"item_count", report.itemCount},
                              {"summary", summary},
                              {"items", items},
                              {"skipped", skipped},
                              {"pbs_model", report.pbs ? ordered_json(report.pbsModelDirectory) : ordered_json(nullptr)}};
    return out.dump(indent);
}

std::string formatMetricsTable(const AdMetricsReport& report) {
    std::string table =
        "| metric | reference titles | mean | items |\n"
        "|---|---|---:|---:|\n";
    const auto row = [&table](const char* metric, const char* mode, const std::string& mean, size_t items) {
        table += std::string("| ") + metric + " | " + mode + " | " + mean + " | " + std::to_string(items) + " |\n";
    };
    row("BLEU-4", "concatenated (paper)", fixed(report.concatenated.meanBleu4, 4), report.concatenated.count);
    row("BLEU-4", "split titles", fixed(report.splitTitles.meanBleu4, 4), report.splitTitles.count);
    row("ROUGE-L", "concatenated (paper)", fixed(report.concatenated.meanRougeL, 4), report.concatenated.count);
    row("ROUGE-L", "split titles", fixed(report.splitTitles.meanRougeL, 4), report.splitTitles.count);
    if (report.pbs) row("PBS", "-", fixed(report.pbs->mean, 4), report.pbs->count);
    return table;
}

std::vector<AdPrediction> loadAdPredictions(const std::string& path) {
    std::string name, text;
    const json document = readJsonFile(path, "Predictions file", name, text);
    const char* const fix =
        "Write a JSON list with one item per reference: {\"title\": \"...\", \"image\": \"path\"} objects "
        "(image optional) or title strings (docs/formats.md, \"Metrics files\").";
    if (!document.is_array())
        throw AdMetricsInputError(name + " is not a predictions file: the top level must be a JSON list.", fix);
    const fs::path base = fs::absolute(path).parent_path();
    std::vector<AdPrediction> predictions;
    std::vector<std::string> problems;
    for (size_t i = 0; i < document.size(); ++i) {
        const json& item = document[i];
        AdPrediction prediction;
        if (item.is_string()) {
            prediction.title = item.get<std::string>();
        } else if (item.is_object()) {
            if (!item.contains("title") || item.at("title").is_null())
                problems.push_back("item " + std::to_string(i) + " has no \"title\"");
            else if (!item.at("title").is_string())
                problems.push_back("item " + std::to_string(i) + " field \"title\" should be a string, not " +
                                   item.at("title").dump());
            else
                prediction.title = item.at("title").get<std::string>();
            prediction.imagePath = imageField(item, i, base, problems);
        } else {
            problems.push_back("item " + std::to_string(i) + " is " + item.dump() +
                               ", neither a title string nor an object");
        }
        predictions.push_back(std::move(prediction));
    }
    if (!problems.empty()) throw AdMetricsInputError(listProblems(name + " has", problems), fix);
    return predictions;
}

std::vector<AdReference> loadAdReferences(const std::string& path) {
    std::string name, text;
    const json document = readJsonFile(path, "References file", name, text);
    const char* const fix =
        "Write a JSON list with one item per prediction: {\"titles\": \"a<title_split>b\" or [\"a\", \"b\"], "
        "\"image\": \"path\"} objects (image optional), or use a PAd1M file (docs/formats.md, \"Metrics files\").";
    if (!document.is_array())
        throw AdMetricsInputError(name + " is not a references file: the top level must be a JSON list.", fix);
    const fs::path base = fs::absolute(path).parent_path();
    std::vector<AdReference> references;

    const bool pad1m = std::any_of(document.begin(), document.end(), [](const json& item) {
        return item.is_object() && item.contains("gt_title_cn");
    });
    if (pad1m) {
        std::vector<Pad1mRecord> records;
        try {
            Pad1mLoadOptions loadOptions;
            loadOptions.checkFiles = false;  // only f_path matters here, and only for PBS
            records = pad1mFromJson(text, base.string(), name, loadOptions);
        } catch (const Error& e) {
            throw AdMetricsInputError(e.problem(), e.fix());  // the JSON parsed: its content is wrong
        }
        for (const Pad1mRecord& record : records) references.push_back({record.adTitles, record.adImage, {}});
        return references;
    }

    std::vector<std::string> problems;
    for (size_t i = 0; i < document.size(); ++i) {
        const json& item = document[i];
        const std::string label = "item " + std::to_string(i);
        AdReference reference;
        if (item.is_string()) {
            reference.titles = item.get<std::string>();
        } else if (item.is_object()) {
            const json titles = item.contains("titles") ? item.at("titles") : json(nullptr);
            if (titles.is_null()) {
                problems.push_back(label + " has no \"titles\"");
            } else if (titles.is_string()) {
                reference.titles = titles.get<std::string>();
            } else if (titles.is_array() && !titles.empty() &&
                       std::all_of(titles.begin(), titles.end(), [](const json& t) { return t.is_string(); })) {
                for (size_t t = 0; t < titles.size(); ++t)
                    reference.titles += (t ? kTitleSplit : "") + titles[t].get<std::string>();
            } else {
                problems.push_back(label + " field \"titles\" should be a string or a non-empty list of strings, not " +
                                   titles.dump());
            }
            reference.imagePath = imageField(item, i, base, problems);
        } else {
            problems.push_back(label + " is " + item.dump() + ", neither an object nor a titles string");
        }
        references.push_back(std::move(reference));
    }
    if (!problems.empty()) throw AdMetricsInputError(listProblems(name + " has", problems), fix);
    return references;
}

}  // namespace adgen
