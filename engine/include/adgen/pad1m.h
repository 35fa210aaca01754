#pragma once

// The PAd1M dataset format (Uni-AdGen, model-spec 3): a JSON array of records, one per advertised
// product and shopper. Plain C++ types; paths are absolute after loading (relative ones are
// resolved against the JSON file's folder) and written relative to it when saving.

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace adgen {

struct Pad1mRecord {
    std::string adImage;           // f_path: the ground-truth ad image (RGB); may be empty
    std::string productCutout;     // f_path_trans: the transparent product image (RGBA)
    std::string whiteBackground;   // f_path_white: if set, used instead of the cut-out
    std::vector<std::array<double, 4>> productBoxes;  // ref_exps: [x1, y1, x2, y2] each
    int width = 512;               // width, height: size of the ad image
    int height = 512;
    std::string caption;           // background description of the ad image
    std::string category = "object";  // cid3_english_name
    std::string productTitle;      // sku_title_cn: the original product title
    std::string adTitles;          // gt_title_cn: ground-truth titles joined by <title_split>
    std::string sellingPoints;     // word_list: "point1, point2, point3"
    std::string ocrImage;          // f_ocr_path
    double maxRatio = 1.0;         // max_ratio: largest relative size of the product on the canvas
    std::vector<std::string> historyImages;  // clicked products' images ...
    std::vector<std::string> historyTitles;  // ... and their titles, index-aligned
    std::optional<std::vector<double>> textSimilarity;  // per history title vs productTitle
    std::optional<std::string> url;

    // The ground-truth titles, split on <title_split> and trimmed.
    std::vector<std::string> adTitleList() const;
    // The selling points, split on commas (ASCII and full-width) and trimmed.
    std::vector<std::string> sellingPointList() const;
    // The image the model conditions on: whiteBackground when set, else productCutout.
    const std::string& conditionImage() const { return whiteBackground.empty() ? productCutout : whiteBackground; }

    bool operator==(const Pad1mRecord& other) const;
};

inline constexpr const char* kTitleSplit = "<title_split>";

struct Pad1mLoadOptions {
    bool checkFiles = true;  // every referenced image must exist
};

// Reads a PAd1M JSON file. Every problem (missing or malformed field, misaligned history lists,
// max_ratio outside (0, 1], missing image files) is collected and reported together in one
// adgen::Error naming the file, the record index and the field; nothing is silently replaced
// (the reference loader substitutes record 0 for some bad records).
std::vector<Pad1mRecord> loadPad1m(const std::string& path, const Pad1mLoadOptions& options = {});
std::vector<Pad1mRecord> pad1mFromJson(const std::string& text, const std::string& baseDirectory,
                                       const std::string& sourceName, const Pad1mLoadOptions& options = {});

// Writes records as PAd1M JSON (atomically), paths relative to the file's folder when inside it.
void savePad1m(const std::vector<Pad1mRecord>& records, const std::string& path);
std::string pad1mToJson(const std::vector<Pad1mRecord>& records, const std::string& baseDirectory);

}  // namespace adgen
