#pragma once

// The paper's ad metrics for a set of generated ads against their ground truth (model-spec 4):
// BLEU-4 and ROUGE-L of the titles (adgen/text_metrics.h, in both reference modes) and PBS of the
// images (adgen/pbs.h), per item and as means; and two of our own (issue 5): BGS, the similarity of
// the backgrounds away from the product, and the share of titles made only of selling-point words
// (factual copy mode's words). Plain C++ API; the implementation lives in
// adgen_imaging (OpenCV decodes the images and does PBS's JPEG round trip). File formats and the
// JSON written by `adgen metrics`: docs/formats.md, "Metrics files".

#include "adgen/engine.h"  // RgbImage
#include "adgen/error.h"
#include "adgen/text_metrics.h"

#include <array>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace adgen {

// One generated ad.
struct AdPrediction {
    std::string title;      // the generated title; "" scores 0 / 0 as metrics_script.py records it
    std::string imagePath;  // the generated ad image; "" when there is none (or `image` is given)
    RgbImage image;         // the image in memory instead of a file: used when it has pixels
};

// The ground truth of one ad.
struct AdReference {
    std::string titles;     // ground-truth titles joined by "<title_split>" (PAd1M's gt_title_cn);
                            // one without text scores 0 / 0, as metrics_script.py records it
    std::string imagePath;  // the ground-truth ad image (PAd1M's f_path); "" when there is none
    RgbImage image;         // the image in memory instead of a file: used when it has pixels
    // The product's boxes [x1, y1, x2, y2] in the reference image's pixels (PAd1M's ref_exps): BGS
    // leaves them out, each grown by kBgsBoxMargin. Empty: nothing is left out (whole images).
    std::vector<std::array<double, 4>> productBoxes = {};
    // The product's selling points (PAd1M's word_list, split): the selling-point-only check of the
    // predicted title. Empty: the item is not checked.
    std::vector<std::string> sellingPoints = {};
};

// BGS (background similarity): both images are resized to kBgsSize x kBgsSize by area averaging
// and converted to CIELAB; the cells that overlap a product box (grown by kBgsBoxMargin of its
// width on the left and right, of its height above and below, then scaled to the grid) are left
// out; BGS = 1 - mean over the other cells of min(deltaE76, kBgsDeltaECap) / kBgsDeltaECap.
// 1: the backgrounds are the same colour everywhere away from the product; 0: maximally different.
inline constexpr int kBgsSize = 64;
inline constexpr double kBgsBoxMargin = 0.10;
inline constexpr double kBgsDeltaECap = 100.0;

struct AdMetricsOptions {
    std::string pbsModelDirectory;  // a converted PBS model (tools/convert_pbs_checkpoint.py); "": no PBS
    int threads = 0;                // libtorch intra-op threads for PBS (process-wide); 0 leaves them
    std::string jiebaDictionary;    // "": TextMetrics' default ($ADGEN_JIEBA_DICT, python3-jieba's)
    // metrics_script.py --skip-empty: a prediction whose title is blank (str.strip() empty) is left
    // out of the text metrics (listed in `skipped`) instead of scoring 0 / 0.
    bool skipEmptyPredictions = false;
    // With PBS on, an item without a prediction or reference image is left out of PBS (listed in
    // `skipped`) instead of being an AdMetricsInputError.
    bool skipItemsWithoutImages = false;
    // Called after each PBS batch with the items done and the items PBS runs on.
    std::function<void(size_t done, size_t total)> pbsProgress;
};

// One item's scores; a metric is absent when the item was skipped for it (see `skipped`).
struct AdItemScores {
    size_t index = 0;                         // position in the inputs
    std::optional<TitleScores> concatenated;  // ReferenceMode::Concatenated: the paper's numbers
    std::optional<TitleScores> splitTitles;   // ReferenceMode::SplitTitles
    std::optional<double> pbs;                // cosine of the PBS features, -1..1
    std::optional<double> bgs;                // background similarity, 0..1 (both images present)
    std::optional<bool> sellingPointsOnly;    // the title uses only selling-point words (selling points given)
};

struct AdSkippedItem {
    size_t index = 0;
    std::string metric;  // "text" (BLEU-4, ROUGE-L and the selling-point-only check), "pbs" or "bgs"
    std::string reason;
};

// Mean PBS over the items it was computed for (sequential sum / count, unrounded; count 0: 0).
struct PbsSummary {
    size_t count = 0;
    double mean = 0;
};

// BGS over the items it was computed for: the mean and the population standard deviation.
struct BgsSummary {
    size_t count = 0;
    double mean = 0;
    double sd = 0;
};

// The selling-point-only check over the items it was done for: `matches` of `count` passed.
struct SellingPointsOnlySummary {
    size_t count = 0;
    size_t matches = 0;
    double share = 0;  // matches / count (count 0: 0)
};

struct AdMetricsReport {
    size_t itemCount = 0;
    std::vector<AdItemScores> items;   // one per input item, in order
    TextMetricSummary concatenated;    // means over the items with text scores (summarizeTitleScores)
    TextMetricSummary splitTitles;
    std::optional<PbsSummary> pbs;     // absent when PBS was not requested
    std::optional<BgsSummary> bgs;     // absent when no item has both images
    std::optional<SellingPointsOnlySummary> sellingPointsOnly;  // absent when no item has selling points
    std::string pbsModelDirectory;     // as given in the options
    std::vector<AdSkippedItem> skipped;
};

// The inputs were read but cannot be scored as they are (counts differ, text that is not UTF-8,
// PBS without images, a predictions or references file of the wrong shape): the CLI's exit code
// 1. Every other adgen::Error (a missing file, unreadable JSON or image, no PBS model or jieba
// dictionary) means the metrics could not run: exit code 2.
class AdMetricsInputError : public Error {
public:
    using Error::Error;
};

// Scores predictions[i] against references[i]. Checks the counts, loads the PBS model (when
// asked for), checks the items (UTF-8; with PBS both images present; the image files of the items
// with both images existing; product boxes finite with x1 <= x2, y1 <= y2; all problems reported
// together), then loads jieba and scores. BGS is computed for every item with both images (an
// item whose boxes cover the whole grid is listed in `skipped`), the selling-point-only check for
// every item with selling points (with skipEmptyPredictions, not for a blank title).
// PBS follows the reference (PBS_metrics/convert_images_to_base64.py):
// each image is decoded, converted to RGB (alpha dropped, not composited), saved as JPEG quality
// 75 and decoded again before PbsModel::embed; both the prediction and the reference image.
// Throws AdMetricsInputError or adgen::Error as described above.
AdMetricsReport computeAdMetrics(const std::vector<AdPrediction>& predictions,
                                 const std::vector<AdReference>& references,
                                 const AdMetricsOptions& options = {});

// The report as JSON text (docs/formats.md, "Metrics files"); indent < 0 gives one line.
std::string adMetricsToJson(const AdMetricsReport& report, int indent = 2);

// A Markdown table of the means: BLEU-4 and ROUGE-L per reference mode, PBS, BGS and the
// selling-point-only share when computed.
std::string formatMetricsTable(const AdMetricsReport& report);

// BGS of one generated ad against its ground truth (see kBgsSize): `productBoxes` in the reference
// image's pixels. Empty when the boxes leave no cell. Throws adgen::Error for an empty image or a
// pixel buffer of the wrong size.
std::optional<double> backgroundSimilarity(const RgbImage& prediction, const RgbImage& reference,
                                           const std::vector<std::array<double, 4>>& productBoxes);

// The selling-point-only check (docs/formats.md, "Metrics files"): `title` has at least one word,
// and every word is a selling-point word, as factual copy mode defines words (Latin words
// case-insensitive, CJK words possibly written together). engine/src/generate/factual_words.h.
bool titleUsesOnlySellingPointWords(const std::string& title, const std::vector<std::string>& sellingPoints);

// Reads a predictions file: a JSON list of {"title": TEXT, "image": PATH} (image optional) or of
// title strings. Relative image paths are resolved against the file's folder. Throws
// adgen::Error when the file is missing or not JSON, AdMetricsInputError when its content has the
// wrong shape (naming the item and field).
std::vector<AdPrediction> loadAdPredictions(const std::string& path);

// Reads a references file: a JSON list of {"titles": TEXT or [TEXT, ...], "image": PATH,
// "product_boxes": [[x1, y1, x2, y2], ...], "selling_points": [TEXT, ...] or "a, b"} (all but
// titles optional; a list of titles is joined with "<title_split>"; a selling-points string is
// split on commas as word_list is), or a PAd1M file (recognised by a record with "gt_title_cn";
// titles = gt_title_cn, image = f_path, product boxes = ref_exps, selling points = word_list,
// read with adgen::pad1mFromJson without checking that the other files exist). Errors as
// loadAdPredictions.
std::vector<AdReference> loadAdReferences(const std::string& path);

// An image file decoded to RGB the way Pillow's Image.open(path).convert("RGB") gives it: alpha
// dropped (not composited), grey and palettes expanded. adgen::Error when it cannot be read.
RgbImage loadRgbImage(const std::string& path);

// Saves `image` as JPEG (libjpeg through OpenCV, 4:2:0, like Pillow's default save) and decodes it
// again. Quality 75 is Pillow's default, which PBS's reference uses; the result is pixel-identical
// to Pillow 9.4's round trip on Debian 12 (both use libjpeg-turbo).
RgbImage jpegRoundTrip(const RgbImage& image, int quality = 75);

}  // namespace adgen
