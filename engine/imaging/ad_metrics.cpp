#include "adgen/ad_metrics.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <utility>

#include "adgen/pad1m.h"
#include "adgen/pbs.h"
#include "adgen/product_cutout.h"
#include "data/json_file.h"
#include "src/generate/factual_words.h"
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

// One side of an item as BGS sees it: the image in memory, or its file decoded to RGB.
RgbImage bgsInput(const RgbImage& image, const std::string& path, size_t index, const char* side) {
    if (!image.pixels.empty()) return image;
    try {
        return loadRgbImage(path);
    } catch (const Error& e) {
        throw Error("Item " + std::to_string(index) + ", " + side + " image: " + e.problem(), e.fix());
    }
}

// CIELAB (CIE 1976, D65 white) of an sRGB colour with channels 0..1: the sRGB transfer curve
// (IEC 61966-2-1), sRGB's XYZ matrix, then L* a* b*. Written out rather than OpenCV's cvtColor,
// whose float conversion goes through a table with errors of about 0.1 in L*, a* and b*.
std::array<double, 3> srgbToLab(const cv::Vec3f& rgb) {
    double linear[3];
    for (int c = 0; c < 3; ++c) {
        const double v = std::clamp(static_cast<double>(rgb[c]), 0.0, 1.0);
        linear[c] = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    }
    const double x = (0.4124564 * linear[0] + 0.3575761 * linear[1] + 0.1804375 * linear[2]) / 0.95047;
    const double y = 0.2126729 * linear[0] + 0.7151522 * linear[1] + 0.0721750 * linear[2];
    const double z = (0.0193339 * linear[0] + 0.1191920 * linear[1] + 0.9503041 * linear[2]) / 1.08883;
    const auto f = [](double t) {
        constexpr double epsilon = 216.0 / 24389.0, kappa = 24389.0 / 27.0;
        return t > epsilon ? std::cbrt(t) : (kappa * t + 16.0) / 116.0;
    };
    return {116.0 * f(y) - 16.0, 500.0 * (f(x) - f(y)), 200.0 * (f(y) - f(z))};
}

// An image on BGS's grid: RGB 0..1, area-averaged to kBgsSize x kBgsSize, then CIELAB per cell
// (row-major).
std::vector<std::array<double, 3>> bgsLab(const RgbImage& image, const char* side) {
    if (!rgbBufferOk(image))
        throw Error(std::string("The ") + side + " image for BGS is " + std::to_string(image.width) + "x" +
                        std::to_string(image.height) + " with " + std::to_string(image.pixels.size()) +
                        " bytes of pixels; it needs at least one pixel and 3 bytes per pixel.",
                    "Pass a decoded RGB image.");
    const cv::Mat rgb(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data()));
    cv::Mat unit, grid;
    rgb.convertTo(unit, CV_32FC3, 1.0 / 255.0);
    cv::resize(unit, grid, cv::Size(kBgsSize, kBgsSize), 0, 0, cv::INTER_AREA);
    std::vector<std::array<double, 3>> lab;
    lab.reserve(static_cast<size_t>(kBgsSize) * kBgsSize);
    for (int y = 0; y < kBgsSize; ++y)
        for (int x = 0; x < kBgsSize; ++x) lab.push_back(srgbToLab(grid.at<cv::Vec3f>(y, x)));
    return lab;
}

// "" when the box is usable, else what is wrong with it.
std::string boxProblem(const std::array<double, 4>& box) {
    if (!std::all_of(box.begin(), box.end(), [](double v) { return std::isfinite(v); }))
        return "has a coordinate that is not a finite number";
    if (box[2] < box[0] || box[3] < box[1]) return "is not [x1, y1, x2, y2] with x1 <= x2 and y1 <= y2";
    return {};
}

std::string boxText(const std::array<double, 4>& box) {
    return json::array({box[0], box[1], box[2], box[3]}).dump();
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

// The optional "product_boxes" field of a references item: [[x1, y1, x2, y2], ...], null or absent.
std::vector<std::array<double, 4>> productBoxesField(const json& item, size_t index,
                                                     std::vector<std::string>& problems) {
    std::vector<std::array<double, 4>> boxes;
    if (!item.contains("product_boxes") || item.at("product_boxes").is_null()) return boxes;
    const json& value = item.at("product_boxes");
    const std::string field = "item " + std::to_string(index) + " field \"product_boxes\"";
    if (!value.is_array()) {
        problems.push_back(field + " should be a list of [x1, y1, x2, y2] boxes, not " + value.dump());
        return boxes;
    }
    for (size_t k = 0; k < value.size(); ++k) {
        const json& b = value[k];
        if (!b.is_array() || b.size() != 4 || !std::all_of(b.begin(), b.end(), [](const json& v) { return v.is_number(); })) {
            problems.push_back(field + " box " + std::to_string(k) + " should be [x1, y1, x2, y2], not " + b.dump());
            continue;
        }
        const std::array<double, 4> box{b[0].get<double>(), b[1].get<double>(), b[2].get<double>(), b[3].get<double>()};
        const std::string problem = boxProblem(box);
        if (!problem.empty()) problems.push_back(field + " box " + std::to_string(k) + " " + b.dump() + " " + problem);
        else boxes.push_back(box);
    }
    return boxes;
}

// The optional "selling_points" field of a references item: a list of strings, a word_list-style
// string ("a, b" or "a，b": split on commas and trimmed), null or absent.
std::vector<std::string> sellingPointsField(const json& item, size_t index, std::vector<std::string>& problems) {
    if (!item.contains("selling_points") || item.at("selling_points").is_null()) return {};
    const json& value = item.at("selling_points");
    if (value.is_string()) {
        Pad1mRecord record;
        record.sellingPoints = value.get<std::string>();
        return record.sellingPointList();
    }
    if (value.is_array() && std::all_of(value.begin(), value.end(), [](const json& v) { return v.is_string(); }))
        return value.get<std::vector<std::string>>();
    problems.push_back("item " + std::to_string(index) +
                       " field \"selling_points\" should be a list of strings or a comma-separated string, not " +
                       value.dump());
    return {};
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
    std::vector<size_t> imageItems;  // both images: BGS
    std::vector<size_t> pbsItems;
    for (size_t i = 0; i < count; ++i) {
        const AdPrediction& p = predictions[i];
        const AdReference& r = references[i];
        const std::string item = "item " + std::to_string(i);
        if (!isValidUtf8(p.title)) problems.push_back(item + ": the predicted title is not valid UTF-8");
        if (!isValidUtf8(r.titles)) problems.push_back(item + ": the reference titles are not valid UTF-8");
        for (size_t k = 0; k < r.sellingPoints.size(); ++k)
            if (!isValidUtf8(r.sellingPoints[k]))
                problems.push_back(item + ": selling point " + std::to_string(k) + " is not valid UTF-8");
        for (size_t k = 0; k < r.productBoxes.size(); ++k) {
            const std::string problem = boxProblem(r.productBoxes[k]);
            if (!problem.empty())
                problems.push_back(item + ": product box " + std::to_string(k) + " " + boxText(r.productBoxes[k]) +
                                   " " + problem);
        }
        const bool predictionImage = hasImage(p.image, p.imagePath);
        const bool referenceImage = hasImage(r.image, r.imagePath);
        if (withPbs && (!predictionImage || !referenceImage)) {
            const std::string what = !predictionImage && !referenceImage ? "neither a prediction nor a reference image"
                                     : !predictionImage                  ? "no prediction image"
                                                                         : "no reference image";
            if (options.skipItemsWithoutImages) report.skipped.push_back({i, "pbs", "has " + what});
            else problems.push_back(item + ": PBS needs both images, but it has " + what);
            continue;
        }
        if (!predictionImage || !referenceImage) continue;  // no BGS (and no PBS) for this item
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
        imageItems.push_back(i);
        if (withPbs) pbsItems.push_back(i);
    }
    if (!problems.empty())
        throw AdMetricsInputError(listProblems("The metrics inputs have", problems),
                                  withPbs && !options.skipItemsWithoutImages
                                      ? "Fix the items named (PBS needs a generated and a ground-truth image per "
                                        "item; run without PBS to score the titles alone)."
                                      : "Fix the items named.");
    if (!missingFiles.empty())
        throw Error(listProblems(withPbs ? "PBS and BGS cannot run: their image files have"
                                         : "BGS cannot run: its image files have",
                                 missingFiles),
                    "Check the image paths (relative ones are resolved against the JSON file's folder).");

    const TextMetrics textMetrics(options.jiebaDictionary);

    // BLEU-4 and ROUGE-L, both reference modes, as metrics_script.py scores each record.
    std::vector<TitleScores> concatenated;
    std::vector<TitleScores> splitTitles;
    SellingPointsOnlySummary sellingPointsOnly;
    bool anySellingPoints = false;
    for (size_t i = 0; i < count; ++i) {
        anySellingPoints = anySellingPoints || !references[i].sellingPoints.empty();
        if (options.skipEmptyPredictions && metrics::isBlank(predictions[i].title)) {
            report.skipped.push_back({i, "text", "the predicted title is empty"});
            continue;
        }
        AdItemScores& item = report.items[i];
        if (!references[i].sellingPoints.empty()) {
            item.sellingPointsOnly = titleUsesOnlySellingPointWords(predictions[i].title, references[i].sellingPoints);
            ++sellingPointsOnly.count;
            if (*item.sellingPointsOnly) ++sellingPointsOnly.matches;
        }
        item.concatenated = textMetrics.score(predictions[i].title, references[i].titles, ReferenceMode::Concatenated);
        item.splitTitles = textMetrics.score(predictions[i].title, references[i].titles, ReferenceMode::SplitTitles);
        concatenated.push_back(*item.concatenated);
        splitTitles.push_back(*item.splitTitles);
    }
    report.concatenated = summarizeTitleScores(concatenated);
    report.splitTitles = summarizeTitleScores(splitTitles);
    if (anySellingPoints) {
        if (sellingPointsOnly.count > 0)
            sellingPointsOnly.share =
                static_cast<double>(sellingPointsOnly.matches) / static_cast<double>(sellingPointsOnly.count);
        report.sellingPointsOnly = sellingPointsOnly;
    }

    // BGS before PBS: it is quick, and an image that cannot be decoded is reported before PBS runs.
    if (!imageItems.empty()) {
        std::vector<double> values;
        for (const size_t i : imageItems) {
            const RgbImage prediction = bgsInput(predictions[i].image, predictions[i].imagePath, i, "prediction");
            const RgbImage reference = bgsInput(references[i].image, references[i].imagePath, i, "reference");
            const auto bgs = backgroundSimilarity(prediction, reference, references[i].productBoxes);
            if (!bgs) {
                report.skipped.push_back({i, "bgs", "its product boxes cover the whole image"});
                continue;
            }
            report.items[i].bgs = *bgs;
            values.push_back(*bgs);
        }
        BgsSummary summary;
        summary.count = values.size();
        if (!values.empty()) {
            double sum = 0;
            for (const double v : values) sum += v;
            summary.mean = sum / static_cast<double>(values.size());
            double squares = 0;
            for (const double v : values) squares += (v - summary.mean) * (v - summary.mean);
            summary.sd = std::sqrt(squares / static_cast<double>(values.size()));
        }
        report.bgs = summary;
    }

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
                         {"pbs", item.pbs ? ordered_json(*item.pbs) : ordered_json(nullptr)},
                         {"bgs", item.bgs ? ordered_json(*item.bgs) : ordered_json(nullptr)},
                         {"sp_only", item.sellingPointsOnly ? ordered_json(*item.sellingPointsOnly) : ordered_json(nullptr)}});
    }
    ordered_json skipped = ordered_json::array();
    for (const AdSkippedItem& s : report.skipped)
        skipped.push_back({{"index", s.index}, {"metric", s.metric}, {"reason", s.reason}});
    ordered_json summary = {
        {"concatenated", summaryJson(report.concatenated)},
        {"split_titles", summaryJson(report.splitTitles)},
        {"pbs", report.pbs ? ordered_json{{"count", report.pbs->count}, {"mean", report.pbs->mean}}
                           : ordered_json(nullptr)},
        {"bgs", report.bgs ? ordered_json{{"count", report.bgs->count}, {"mean", report.bgs->mean}, {"sd", report.bgs->sd}}
                           : ordered_json(nullptr)},
        {"sp_only", report.sellingPointsOnly ? ordered_json{{"count", report.sellingPointsOnly->count},
                                                            {"matches", report.sellingPointsOnly->matches},
                                                            {"share", report.sellingPointsOnly->share}}
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
    if (report.bgs)
        row("BGS (mean ± sd)", "-", fixed(report.bgs->mean, 4) + " ± " + fixed(report.bgs->sd, 4), report.bgs->count);
    if (report.sellingPointsOnly)
        row("SP-only share", "-", fixed(report.sellingPointsOnly->share, 4), report.sellingPointsOnly->count);
    return table;
}

std::optional<double> backgroundSimilarity(const RgbImage& prediction, const RgbImage& reference,
                                           const std::vector<std::array<double, 4>>& productBoxes) {
    const auto a = bgsLab(prediction, "prediction");
    const auto b = bgsLab(reference, "reference");
    // A cell [x, x + 1) x [y, y + 1) of the grid is left out when it overlaps a grown box.
    std::vector<bool> keep(static_cast<size_t>(kBgsSize) * kBgsSize, true);
    const double sx = static_cast<double>(kBgsSize) / reference.width;
    const double sy = static_cast<double>(kBgsSize) / reference.height;
    for (const auto& box : productBoxes) {
        if (!boxProblem(box).empty())
            throw Error("The product box " + boxText(box) + " " + boxProblem(box) + ".",
                        "Give boxes as [x1, y1, x2, y2] in the reference image's pixels.");
        const double mx = kBgsBoxMargin * (box[2] - box[0]), my = kBgsBoxMargin * (box[3] - box[1]);
        const double x1 = (box[0] - mx) * sx, x2 = (box[2] + mx) * sx;
        const double y1 = (box[1] - my) * sy, y2 = (box[3] + my) * sy;
        for (int y = 0; y < kBgsSize; ++y) {
            if (!(std::max<double>(y, y1) < std::min<double>(y + 1, y2))) continue;
            for (int x = 0; x < kBgsSize; ++x)
                if (std::max<double>(x, x1) < std::min<double>(x + 1, x2))
                    keep[static_cast<size_t>(y) * kBgsSize + static_cast<size_t>(x)] = false;
        }
    }
    double sum = 0;
    size_t cells = 0;
    for (size_t i = 0; i < keep.size(); ++i) {
        if (!keep[i]) continue;
        const double dl = a[i][0] - b[i][0], da = a[i][1] - b[i][1], db = a[i][2] - b[i][2];
        sum += std::min(std::sqrt(dl * dl + da * da + db * db), kBgsDeltaECap) / kBgsDeltaECap;
        ++cells;
    }
    if (cells == 0) return std::nullopt;
    return 1.0 - sum / static_cast<double>(cells);
}

bool titleUsesOnlySellingPointWords(const std::string& title, const std::vector<std::string>& sellingPoints) {
    return generate::usesOnlySellingPointWords(title, sellingPoints);
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
        "\"image\": \"path\", \"product_boxes\": [[x1, y1, x2, y2]], \"selling_points\": [\"a\", \"b\"]} objects "
        "(all but titles optional), or use a PAd1M file (docs/formats.md, \"Metrics files\").";
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
        for (const Pad1mRecord& record : records) {
            AdReference reference;
            reference.titles = record.adTitles;
            reference.imagePath = record.adImage;
            reference.productBoxes = record.productBoxes;
            reference.sellingPoints = record.sellingPointList();
            references.push_back(std::move(reference));
        }
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
            reference.productBoxes = productBoxesField(item, i, problems);
            reference.sellingPoints = sellingPointsField(item, i, problems);
        } else {
            problems.push_back(label + " is " + item.dump() + ", neither an object nor a titles string");
        }
        references.push_back(std::move(reference));
    }
    if (!problems.empty()) throw AdMetricsInputError(listProblems(name + " has", problems), fix);
    return references;
}

}  // namespace adgen
