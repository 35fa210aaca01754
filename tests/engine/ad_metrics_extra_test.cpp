// The two metrics issue 5 adds to computeAdMetrics / `adgen metrics` / `adgen eval`
// (docs/formats.md, "Metrics files"):
//  * the selling-point-only share: crafted English and Chinese titles, the text-level word check
//    against factual copy mode's decoder (FactualConstraint), the per-item flags and the share;
//  * BGS, the background similarity away from the product: exact values on crafted images (CIELAB
//    computed here independently, the grown product box to the pixel), and on the synthetic world
//    of `adgen synth`: high for ads of one scene family and palette with other products, low for
//    other families and palettes, 1 for an ad against itself with another product in its box.
#include "adgen/ad_metrics.h"
#include "adgen/image_files.h"
#include "adgen/pad1m.h"
#include "adgen/product_cutout.h"
#include "adgen/synth_world.h"
#include "cli_runner.h"
#include "generate/factual_constraint.h"
#include "generate/factual_words.h"
#include "metrics_test_support.h"
#include "tiny_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace adgen {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Box = std::array<double, 4>;

// A scratch folder named after the test.
struct Scratch : testing::Scratch {
    explicit Scratch(const std::string& name) : testing::Scratch("adgen_metrics_extra_", name) {}
};

json readJson(const std::string& path) { return testing::readJsonFile(path); }

json runMetrics(const std::string& arguments, const Scratch& scratch) { return testing::runMetricsReport(arguments, scratch); }

// ---- crafted images -------------------------------------------------------------------------

RgbImage solid(int width, int height, std::array<uint8_t, 3> colour) {
    RgbImage image{width, height, {}};
    for (int i = 0; i < width * height; ++i) image.pixels.insert(image.pixels.end(), colour.begin(), colour.end());
    return image;
}

// Colour gradients and a pattern, so that positions matter.
RgbImage pattern(int width, int height, int seed) {
    RgbImage image{width, height, {}};
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.pixels.insert(image.pixels.end(), {static_cast<uint8_t>(x * 255 / (width - 1)),
                                                     static_cast<uint8_t>((y * 255 / (height - 1) + seed * 40) & 255),
                                                     static_cast<uint8_t>(((x / 8 + y / 8) % 2) * 120 + seed * 20)});
    return image;
}

void fillRect(RgbImage& image, int x1, int y1, int x2, int y2, std::array<uint8_t, 3> colour) {
    for (int y = y1; y < y2; ++y)
        for (int x = x1; x < x2; ++x)
            std::copy(colour.begin(), colour.end(), &image.pixels[(static_cast<size_t>(y) * image.width + x) * 3]);
}

// CIELAB (D65) of an sRGB colour, from the textbook formulas (sRGB's inverse companding, its XYZ
// matrix, CIE 1976 L* a* b*), written here again as a check of the library's.
std::array<double, 3> lab(std::array<uint8_t, 3> rgb) {
    double linear[3];
    for (int c = 0; c < 3; ++c) {
        const double v = rgb[static_cast<size_t>(c)] / 255.0;
        linear[c] = v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    }
    const double X = (0.4124564 * linear[0] + 0.3575761 * linear[1] + 0.1804375 * linear[2]) / 0.95047;
    const double Y = 0.2126729 * linear[0] + 0.7151522 * linear[1] + 0.0721750 * linear[2];
    const double Z = (0.0193339 * linear[0] + 0.1191920 * linear[1] + 0.9503041 * linear[2]) / 1.08883;
    const auto f = [](double t) { return t > 0.008856 ? std::cbrt(t) : 7.787 * t + 16.0 / 116.0; };
    return {116 * f(Y) - 16, 500 * (f(X) - f(Y)), 200 * (f(Y) - f(Z))};
}

double deltaE(std::array<uint8_t, 3> a, std::array<uint8_t, 3> b) {
    const auto p = lab(a), q = lab(b);
    return std::sqrt((p[0] - q[0]) * (p[0] - q[0]) + (p[1] - q[1]) * (p[1] - q[1]) + (p[2] - q[2]) * (p[2] - q[2]));
}

// ---- the selling-point-only check ----------------------------------------------------------------

bool spOnly(const std::string& title, const std::vector<std::string>& points) {
    return titleUsesOnlySellingPointWords(title, points);
}

std::vector<std::string> texts(const std::vector<generate::FactualWord>& words) {
    std::vector<std::string> out;
    for (const auto& w : words) out.push_back(w.text);
    return out;
}

class FactualWords : public ::testing::Test {
protected:
    text::Tokenizer tokenizer = text::Tokenizer::fromFile(testing::tinyTokenizerJson());
    generate::FactualConstraint decoder(const std::vector<std::string>& points) const {
        return generate::FactualConstraint(tokenizer, points, {}, 1, 768);
    }
};

TEST_F(FactualWords, SellingPointsSplitIntoTheDecodersWords) {
    const std::vector<std::vector<std::string>> cases = {
        {"5000mAh大电池, Waterproof", "超长续航（48小时）"},
        {"Leak-Proof Lid", "Dishwasher Safe", "BPA Free", "Keeps Cold 24 Hours"},
        {"【新品】保温杯·316不锈钢", "一键开盖/防漏", "café noir!", "a|b&c+d~e"},
    };
    for (const auto& points : cases)
        EXPECT_EQ(texts(generate::sellingPointWords(points)), decoder(points).words()) << points[0];
    const auto words = generate::splitFactualWords("【防水】5000MAH大电池，超长续航！");
    EXPECT_EQ(texts(words), (std::vector<std::string>{"防水", "5000MAH", "大电池", "超长续航"}));
    EXPECT_TRUE(words[0].cjk);
    EXPECT_FALSE(words[1].cjk);
}

TEST(SellingPointOnly, EnglishTitles) {
    const std::vector<std::string> points = {"Leak-Proof Lid", "Dishwasher Safe", "BPA Free", "Keeps Cold 24 Hours"};
    EXPECT_TRUE(spOnly("Leak-Proof Lid, Dishwasher Safe", points));
    EXPECT_TRUE(spOnly("【BPA Free】 leak-proof LID", points));          // brackets; lower and upper case
    EXPECT_TRUE(spOnly("[Keeps Cold] 24 Hours | Safe & Free!", points));  // words in any order and grouping
    EXPECT_TRUE(spOnly("lEaK proof", points));                            // the docs' rule: any ASCII case
    EXPECT_TRUE(spOnly("Lid\tSafe\n", points));                           // tab and line feed separate
    EXPECT_FALSE(spOnly("Leak-Proof Lid Water Bottle", points));          // "Water", "Bottle" are not theirs
    EXPECT_FALSE(spOnly("LeakProof Lid", points));                        // Latin words may not fuse
    EXPECT_FALSE(spOnly("Leak-Proof Lids", points));                      // nor grow
    EXPECT_FALSE(spOnly("24h", points));
    EXPECT_FALSE(spOnly("BPA-free 100%", points));                        // "%" is not a separator
    EXPECT_FALSE(spOnly("", points));                                     // no words: not a copy of them
    EXPECT_FALSE(spOnly(" 【】, ", points));
    EXPECT_FALSE(spOnly("Safe", {}));                                     // no selling points, no words
}

TEST(SellingPointOnly, ChineseTitles) {
    const std::vector<std::string> points = {"超长续航", "5000mAh大电池", "防水", "Wi-Fi 6"};
    EXPECT_TRUE(spOnly("超长续航大电池", points));               // CJK words may be written together
    EXPECT_TRUE(spOnly("大电池大电池，超长续航！", points));     // repeated, full-width punctuation
    EXPECT_TRUE(spOnly("【防水】5000MAH大电池 WI-FI 6", points));  // Latin meets CJK; case
    EXPECT_TRUE(spOnly("防水5000mAh", points));
    EXPECT_FALSE(spOnly("超长", points));                        // a part of a word is not a word
    EXPECT_FALSE(spOnly("超长续航大电", points));
    EXPECT_FALSE(spOnly("防水手机", points));                    // 手机 is not a selling-point word
    EXPECT_FALSE(spOnly("5000mAh大电池 旗舰", points));
    EXPECT_FALSE(spOnly("5000mAhWi 大电池", points));            // Latin words may not fuse
}

TEST_F(FactualWords, TheCheckAcceptsWhatTheDecoderPermitsExceptWhereTheDocsDiffer) {
    const std::vector<std::string> points = {"red wine", "超长续航", "5000mAh大电池", "café noir", "100% off"};
    const auto judge = decoder(points);
    for (const std::string title :
         {"Red wine, 5000mAh【超长续航】", "超长续航超长续航 wine", "RED Wine 超长续航", "大电池5000MAH", "wine",
          "best red wine", "超长", "redwine", "5000mAh大", "Café · noir", "wine red wine", "（超长续航）大电池！", "100% OFF", "100%"}) {
        EXPECT_EQ(spOnly(title, points), judge.permits(title)) << title;
    }
    // Where they differ, as factual_words.h says: the docs' case rule is wider than the decoder's ...
    EXPECT_TRUE(spOnly("rEd wINE", points));
    EXPECT_FALSE(judge.permits("rEd wINE"));
    EXPECT_TRUE(spOnly("red wine\n", points));
    EXPECT_FALSE(judge.permits("red wine\n"));
    // ... and the decoder lets a word ending in anything but an ASCII letter or digit touch the next.
    EXPECT_FALSE(spOnly("cafénoir", points));
    EXPECT_TRUE(judge.permits("cafénoir"));
    EXPECT_FALSE(spOnly("100%off", points));
    EXPECT_TRUE(judge.permits("100%off"));
    EXPECT_FALSE(spOnly("", points));
    EXPECT_TRUE(judge.permits(""));
}

TEST(SellingPointOnlyMetric, PerItemFlagsAndTheShareInJsonAndTable) {
    Scratch s("sp");
    const json predictions = {"Leak-Proof Lid 【BPA Free】", "Leak-Proof Water Bottle", "超长续航大电池", "anything"};
    const json references = json::array({
        {{"titles", "Leak-Proof Lid"}, {"selling_points", {"Leak-Proof Lid", "BPA Free"}}},
        {{"titles", "Water Bottle"}, {"selling_points", "Leak-Proof Lid, BPA Free"}},  // word_list style
        {{"titles", "大电池"}, {"selling_points", "超长续航，5000mAh大电池"}},           // full-width comma
        {{"titles", "anything"}},                                                          // not checked
    });
    const std::string arguments = "--predictions " + s.write("p.json", predictions) + " --references " +
                                  s.write("r.json", references);
    const json report = runMetrics(arguments, s);
    ASSERT_EQ(report["items"].size(), 4u);
    EXPECT_EQ(report["items"][0]["sp_only"], true);
    EXPECT_EQ(report["items"][1]["sp_only"], false);
    EXPECT_EQ(report["items"][2]["sp_only"], true);
    EXPECT_TRUE(report["items"][3]["sp_only"].is_null());
    EXPECT_EQ(report["summary"]["sp_only"]["count"], 3);
    EXPECT_EQ(report["summary"]["sp_only"]["matches"], 2);
    EXPECT_DOUBLE_EQ(report["summary"]["sp_only"]["share"].get<double>(), 2.0 / 3.0);
    EXPECT_EQ(report["skipped"], json::array());
    // no images: no BGS
    EXPECT_TRUE(report["summary"]["bgs"].is_null());
    EXPECT_TRUE(report["items"][0]["bgs"].is_null());

    const auto table = testing::runAdgen("metrics " + arguments + " --out " + s.path("t.json") + " --table");
    ASSERT_EQ(table.exitCode, 0) << table.all;
    EXPECT_NE(table.out.find("| SP-only share | - | 0.6667 | 3 |"), std::string::npos) << table.out;
    EXPECT_EQ(table.out.find("| BGS"), std::string::npos) << table.out;
}

TEST(SellingPointOnlyMetric, WithoutSellingPointsTheSummaryIsNull) {
    const auto report = computeAdMetrics({{"a", "", {}}}, {{"a", "", {}}});
    EXPECT_FALSE(report.sellingPointsOnly);
    EXPECT_FALSE(report.items[0].sellingPointsOnly);
    EXPECT_NE(adMetricsToJson(report).find("\"sp_only\": null"), std::string::npos);
}

TEST(SellingPointOnlyMetric, SkipEmptyLeavesBlankTitlesOutOfTheShare) {
    std::vector<AdReference> references(2);
    for (auto& r : references) r.titles = "防水", r.sellingPoints = {"防水"};
    AdMetricsOptions options;
    const auto counted = computeAdMetrics({{"防水", "", {}}, {" ", "", {}}}, references, options);
    ASSERT_TRUE(counted.sellingPointsOnly);
    EXPECT_EQ(counted.sellingPointsOnly->count, 2u);
    EXPECT_EQ(counted.sellingPointsOnly->matches, 1u);
    EXPECT_EQ(*counted.items[1].sellingPointsOnly, false);  // a blank title uses no selling-point word
    options.skipEmptyPredictions = true;
    const auto skipped = computeAdMetrics({{"防水", "", {}}, {" ", "", {}}}, references, options);
    ASSERT_TRUE(skipped.sellingPointsOnly);
    EXPECT_EQ(skipped.sellingPointsOnly->count, 1u);
    EXPECT_EQ(skipped.sellingPointsOnly->share, 1.0);
    EXPECT_FALSE(skipped.items[1].sellingPointsOnly);
}

TEST(SellingPointOnlyMetric, APad1mFileGivesWordListAndRefExps) {
    Scratch s("pad1m");
    const json record = {{"f_path", "ads/0.png"}, {"f_path_trans", "products/0.png"}, {"sku_title_cn", "商品"},
                         {"word_list", "防晒, 清爽"}, {"max_ratio", 0.6}, {"ref_exps", {{10, 20, 30, 40}, {1, 2, 3, 4}}},
                         {"history_images", {"h/1.jpg"}}, {"history_titles", {"防晒衣"}}, {"gt_title_cn", "防晒清爽"}};
    const auto references = loadAdReferences(s.write("pad1m.json", json::array({record})));
    ASSERT_EQ(references.size(), 1u);
    EXPECT_EQ(references[0].sellingPoints, (std::vector<std::string>{"防晒", "清爽"}));
    EXPECT_EQ(references[0].productBoxes, (std::vector<Box>{{10, 20, 30, 40}, {1, 2, 3, 4}}));
    const json report = runMetrics("--predictions " + s.write("p.json", {"清爽防晒"}) + " --references " + s.path("pad1m.json"), s);
    EXPECT_EQ(report["items"][0]["sp_only"], true);
}

TEST(SellingPointOnlyMetric, MalformedSellingPointsOrBoxesNameTheItemAndExitWithOne) {
    Scratch s("bad");
    const std::string p = s.write("p.json", {"a", "b", "c"});
    const auto run = testing::runAdgen(
        "metrics --predictions " + p + " --references " +
        s.write("r.json", json::array({{{"titles", "a"}, {"selling_points", 3}},
                                       {{"titles", "b"}, {"product_boxes", {{1, 2, 3}}}},
                                       {{"titles", "c"}, {"product_boxes", {{30, 2, 10, 40}}}}})));
    EXPECT_EQ(run.exitCode, 1) << run.all;
    EXPECT_NE(run.all.find("item 0 field \"selling_points\" should be a list of strings"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("item 1 field \"product_boxes\" box 0 should be [x1, y1, x2, y2], not [1,2,3]"),
              std::string::npos)
        << run.all;
    EXPECT_NE(run.all.find("item 2 field \"product_boxes\" box 0 [30,2,10,40] is not [x1, y1, x2, y2] with x1 <= x2"),
              std::string::npos)
        << run.all;
    // The library checks boxes given in memory too.
    AdReference reference{"a", "", solid(8, 8, {1, 2, 3})};
    reference.productBoxes = {{0, 0, NAN, 4}};
    try {
        (void)computeAdMetrics({{"a", "", solid(8, 8, {1, 2, 3})}}, {reference});
        FAIL() << "no error";
    } catch (const AdMetricsInputError& e) {
        EXPECT_NE(std::string(e.what()).find("item 0: product box 0"), std::string::npos) << e.what();
    }
}

// ---- BGS on crafted images -------------------------------------------------------------------

TEST(Bgs, IdenticalImagesScoreOneAndUniformColoursOneMinusTheirDeltaE) {
    const auto a = pattern(150, 110, 1);
    EXPECT_EQ(backgroundSimilarity(a, a, {}), 1.0);
    EXPECT_EQ(backgroundSimilarity(a, a, {{10, 10, 50, 50}}), 1.0);
    const std::array<uint8_t, 3> sand{222, 200, 160}, sky{120, 170, 230}, red{255, 0, 0}, cyan{0, 255, 255};
    const double close = deltaE(sand, {212, 196, 150});
    ASSERT_LT(close, 100);
    EXPECT_NEAR(*backgroundSimilarity(solid(40, 30, sand), solid(90, 70, {212, 196, 150}), {}), 1 - close / 100, 1e-6);
    EXPECT_NEAR(*backgroundSimilarity(solid(64, 64, sand), solid(64, 64, sky), {}), 1 - deltaE(sand, sky) / 100, 1e-6);
    // deltaE is capped at 100: red against cyan (deltaE about 157) scores 0.
    ASSERT_GT(deltaE(red, cyan), 100);
    EXPECT_NEAR(*backgroundSimilarity(solid(64, 64, red), solid(64, 64, cyan), {}), 0.0, 1e-9);
    // The share of differing cells counts: a quarter of the image in another colour.
    auto quarter = solid(128, 128, sand);
    fillRect(quarter, 0, 0, 64, 64, sky);
    EXPECT_NEAR(*backgroundSimilarity(quarter, solid(128, 128, sand), {}), 1 - 0.25 * deltaE(sand, sky) / 100, 1e-6);
}

TEST(Bgs, ThePixelsInsideTheBoxGrownByTenPercentDoNotCount) {
    // 128 px on a 64 grid: 2 px a cell. The box [40, 40, 80, 80] grows by 4 px to [36, 36, 84, 84].
    const auto reference = pattern(128, 128, 2);
    const std::vector<Box> box = {{40, 40, 80, 80}};
    auto inside = reference;
    fillRect(inside, 36, 36, 84, 84, {255, 0, 255});
    EXPECT_EQ(backgroundSimilarity(inside, reference, box), 1.0);
    EXPECT_LT(*backgroundSimilarity(inside, reference, {}), 0.9);
    auto wider = reference;
    fillRect(wider, 36, 36, 86, 84, {255, 0, 255});  // one cell column more
    const double oneColumn = *backgroundSimilarity(wider, reference, box);
    EXPECT_LT(oneColumn, 1.0);
    EXPECT_GT(oneColumn, 0.98);  // 24 of 4096 - 576 cells differ
    // The boxes are in the reference's pixels; the prediction may have another size.
    EXPECT_EQ(backgroundSimilarity(pattern(64, 64, 2), pattern(64, 64, 2), {{20, 20, 40, 40}}), 1.0);
    // Several boxes leave out their union; boxes over the edges are clipped.
    auto two = reference;
    fillRect(two, 0, 0, 10, 10, {0, 0, 0});
    fillRect(two, 100, 100, 128, 128, {0, 0, 0});
    EXPECT_EQ(backgroundSimilarity(two, reference, {{-5, -5, 9, 9}, {100, 100, 140, 140}}), 1.0);
    // Boxes that leave no cell: no value.
    EXPECT_FALSE(backgroundSimilarity(two, reference, {{0, 0, 128, 128}}));
}

TEST(Bgs, ImagesOfOtherSizesAreComparedOnTheSameGrid) {
    // An image and its 2x nearest-neighbour enlargement average to the same 64 x 64 grid.
    const auto small = pattern(128, 96, 3);
    RgbImage large{256, 192, {}};
    for (int y = 0; y < 192; ++y)
        for (int x = 0; x < 256; ++x) {
            const auto* p = &small.pixels[(static_cast<size_t>(y / 2) * 128 + static_cast<size_t>(x / 2)) * 3];
            large.pixels.insert(large.pixels.end(), p, p + 3);
        }
    EXPECT_NEAR(*backgroundSimilarity(large, small, {{10, 10, 30, 30}}), 1.0, 1e-6);
    EXPECT_NEAR(*backgroundSimilarity(small, large, {{20, 20, 60, 60}}), 1.0, 1e-6);
    EXPECT_LT(*backgroundSimilarity(pattern(256, 192, 3), small, {{10, 10, 30, 30}}), 0.999);
}

TEST(BgsMetric, PerItemMeanAndSdInJsonAndTableWheneverBothImagesArePresent) {
    Scratch s("bgs");
    const auto reference = pattern(128, 128, 1);
    auto productSwapped = reference;
    fillRect(productSwapped, 40, 40, 80, 80, {9, 9, 9});
    const auto other = pattern(128, 128, 4);
    writePngFile(s.path("ref.png"), reference);
    writePngFile(s.path("swapped.png"), productSwapped);
    writePngFile(s.path("other.png"), other);
    const json predictions = json::array({{{"title", "a"}, {"image", "swapped.png"}},
                                          {{"title", "b"}, {"image", "other.png"}},
                                          {{"title", "c"}, {"image", "other.png"}},  // no reference image
                                          {{"title", "d"}, {"image", "other.png"}}});
    const json references = json::array({{{"titles", "a"}, {"image", "ref.png"}, {"product_boxes", {{40, 40, 80, 80}}}},
                                         {{"titles", "b"}, {"image", "ref.png"}, {"product_boxes", {{40, 40, 80, 80}}}},
                                         {{"titles", "c"}},
                                         {{"titles", "d"}, {"image", "ref.png"}, {"product_boxes", {{0, 0, 128, 128}}}}});
    const std::string arguments = "--predictions " + s.write("p.json", predictions) + " --references " +
                                  s.write("r.json", references);
    const json report = runMetrics(arguments, s);
    const double expected1 = *backgroundSimilarity(other, reference, {{40, 40, 80, 80}});
    EXPECT_EQ(report["items"][0]["bgs"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(report["items"][1]["bgs"].get<double>(), expected1);
    EXPECT_LT(expected1, 0.95);
    EXPECT_TRUE(report["items"][2]["bgs"].is_null());
    EXPECT_TRUE(report["items"][3]["bgs"].is_null());
    EXPECT_EQ(report["summary"]["bgs"]["count"], 2);
    EXPECT_DOUBLE_EQ(report["summary"]["bgs"]["mean"].get<double>(), (1.0 + expected1) / 2);
    EXPECT_NEAR(report["summary"]["bgs"]["sd"].get<double>(), (1.0 - expected1) / 2, 1e-12);  // population sd
    // Only the item whose boxes cover everything is listed; the one without a reference image is not.
    ASSERT_EQ(report["skipped"].size(), 1u) << report["skipped"];
    EXPECT_EQ(report["skipped"][0]["index"], 3);
    EXPECT_EQ(report["skipped"][0]["metric"], "bgs");
    EXPECT_TRUE(report["summary"]["pbs"].is_null());

    const auto table = testing::runAdgen("metrics " + arguments + " --out " + s.path("t.json") + " --table");
    ASSERT_EQ(table.exitCode, 0) << table.all;
    char row[128];
    std::snprintf(row, sizeof row, "| BGS (mean ± sd) | - | %.4f ± %.4f | 2 |", (1.0 + expected1) / 2, (1.0 - expected1) / 2);
    EXPECT_NE(table.out.find(row), std::string::npos) << row << "\n" << table.out;

    // In memory or from files: the same value.
    AdReference inMemory{"a", "", reference};
    inMemory.productBoxes = {{40, 40, 80, 80}};
    const auto library = computeAdMetrics({{"a", "", other}}, {inMemory});
    ASSERT_TRUE(library.items[0].bgs);
    EXPECT_EQ(*library.items[0].bgs, report["items"][1]["bgs"].get<double>());
}

TEST(BgsMetric, AMissingImageFileIsNamedAndExitsWithTwo) {
    Scratch s("missing");
    writePngFile(s.path("a.png"), pattern(16, 16, 1));
    const auto run = testing::runAdgen(
        "metrics --predictions " + s.write("p.json", json::array({{{"title", "a"}, {"image", "gone.png"}}})) +
        " --references " + s.write("r.json", json::array({{{"titles", "a"}, {"image", "a.png"}}})));
    EXPECT_EQ(run.exitCode, 2) << run.all;
    EXPECT_NE(run.all.find("BGS cannot run"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("item 0: the prediction image " + s.path("gone.png") + " does not exist"), std::string::npos)
        << run.all;
}

// ---- BGS on the synthetic world --------------------------------------------------------------

// One small world for the suite: 32 shoppers, one per scene family x palette, 3 ads each, with the
// plain backgrounds (`--backgrounds`).
class SynthBgs : public ::testing::Test {
protected:
    struct Ad {
        Pad1mRecord record;
        std::string shopper, family, palette, split;
    };

    static void SetUpTestSuite() {
        scratch_ = new Scratch("synth");
        SynthOptions o;
        o.seed = 11;
        o.productsPerCategory = 4;
        o.shoppers = 32;
        o.recordsPerShopper = 3;
        o.adSize = 128;
        o.productSize = 128;
        o.trainFraction = 0.5, o.valFraction = 0.25, o.testFraction = 0.25;
        o.writeBackgrounds = true;
        o.contactSheet = false;
        writeSynthWorld(o, scratch_->path("world"));
        const json shoppers = readJson(scratch_->path("world/shoppers.json"));
        std::map<std::string, json> taste;
        for (const auto& shopper : shoppers["shoppers"]) taste[shopper["id"]] = shopper["scene"];
        ads_ = new std::vector<Ad>;
        for (const char* split : {"train", "val", "test"})
            for (auto& record : loadPad1m(scratch_->path(std::string("world/") + split + ".json"))) {
                const std::string url = *record.url;  // synth://SHOPPER/PRODUCT
                const std::string shopper = url.substr(8, url.find('/', 8) - 8);
                const json& scene = taste.at(shopper);
                ads_->push_back({record, shopper, scene["family"], scene["palette"], split});
            }
    }
    static void TearDownTestSuite() {
        delete ads_;
        delete scratch_;
    }

    static RgbImage image(const std::string& path) { return loadRgbImage(path); }
    static std::string background(const Ad& ad) {
        return scratch_->path("world/images/backgrounds/" + fs::path(ad.record.adImage).filename().string());
    }
    // `cutout` over `base`, as the world composites its ads.
    static RgbImage composite(const RgbImage& base, const RgbaImage& cutout) {
        RgbImage out = base;
        for (size_t p = 0; p < static_cast<size_t>(base.width) * base.height; ++p) {
            const unsigned a = cutout.pixels[p * 4 + 3];
            for (size_t c = 0; c < 3; ++c)
                out.pixels[p * 3 + c] =
                    static_cast<uint8_t>((cutout.pixels[p * 4 + c] * a + base.pixels[p * 3 + c] * (255u - a) + 127u) / 255u);
        }
        return out;
    }

    static Scratch* scratch_;
    static std::vector<Ad>* ads_;
};
Scratch* SynthBgs::scratch_ = nullptr;
std::vector<SynthBgs::Ad>* SynthBgs::ads_ = nullptr;

struct Stats {
    size_t n = 0;
    double sum = 0, min = 1, max = 0;
    void add(double v) { ++n, sum += v, min = std::min(min, v), max = std::max(max, v); }
    double mean() const { return n ? sum / static_cast<double>(n) : 0; }
};

void print(const char* what, const Stats& s) {
    std::printf("  %-46s n=%4zu  mean %.4f  min %.4f  max %.4f\n", what, s.n, s.mean(), s.min, s.max);
}

// Ground-truth ads against each other: one scene family and palette with another product scores
// high, another palette lower, another family lowest. Both products' boxes are left out (the ads
// show different products at different places).
TEST_F(SynthBgs, GroundTruthAdsOfOneTasteAreSimilarAwayFromTheProducts) {
    ASSERT_EQ(ads_->size(), 96u);
    std::vector<RgbImage> images;
    for (const auto& ad : *ads_) images.push_back(image(ad.record.adImage));
    // BGS is symmetric here (the same boxes either way, images of one size): each pair once.
    const size_t count = ads_->size();
    std::vector<std::vector<double>> bgs(count, std::vector<double>(count, 1.0));
    Stats sameTaste, otherPalette, otherFamily;
    for (size_t j = 0; j < count; ++j)
        for (size_t i = j + 1; i < count; ++i) {
            const Ad &a = (*ads_)[i], &b = (*ads_)[j];
            auto boxes = b.record.productBoxes;
            boxes.insert(boxes.end(), a.record.productBoxes.begin(), a.record.productBoxes.end());
            bgs[i][j] = bgs[j][i] = *backgroundSimilarity(images[i], images[j], boxes);
            if (a.family == b.family && a.palette == b.palette) {
                ASSERT_NE(a.record.productCutout, b.record.productCutout);
                sameTaste.add(bgs[i][j]);
            } else {
                (a.family == b.family ? otherPalette : otherFamily).add(bgs[i][j]);
            }
        }
    size_t ranked = 0;  // ads whose same-taste partners all beat their average other-taste pair
    for (size_t j = 0; j < count; ++j) {
        Stats mine, others;
        for (size_t i = 0; i < count; ++i)
            if (i != j) ((*ads_)[i].shopper == (*ads_)[j].shopper ? mine : others).add(bgs[i][j]);
        if (mine.min > others.mean()) ++ranked;
    }
    std::printf("BGS of ground-truth ad pairs (union of both product boxes left out):\n");
    print("same family + palette, other product", sameTaste);
    print("same family, other palette", otherPalette);
    print("other family", otherFamily);
    EXPECT_EQ(sameTaste.n, 32u * 3);
    EXPECT_GT(sameTaste.mean(), 0.93);
    EXPECT_LT(otherPalette.mean(), 0.75);
    EXPECT_LT(otherFamily.mean(), 0.65);
    EXPECT_GT(sameTaste.mean() - otherPalette.mean(), 0.25);
    EXPECT_GT(sameTaste.mean() - otherFamily.mean(), 0.3);
    EXPECT_GT(sameTaste.min, 0.8);
    EXPECT_EQ(ranked, count);
}

// What `adgen eval` sees: the reference is a test record (its own ref_exps), the prediction puts the
// record's product at its place over a background. A background of the shopper's taste (another ad
// of the same shopper, drawn for another product) scores high, one of another family low; the
// ground-truth ad with another product pasted in its box, or with none, scores 1. Through `adgen metrics` with
// the PAd1M file as the references.
TEST_F(SynthBgs, EvalStylePredictionsScoreByTheirBackgroundsTaste) {
    std::vector<const Ad*> test;
    for (const auto& ad : *ads_)
        if (ad.split == "test") test.push_back(&ad);
    ASSERT_EQ(test.size(), 24u);
    json sameTaste = json::array(), otherTaste = json::array(), swapped = json::array(), bare = json::array();
    for (size_t n = 0; n < test.size(); ++n) {
        const Ad& ad = *test[n];
        const RgbaImage cutout = decodeImageFile(ad.record.productCutout).image;
        // another ad of the same shopper; an ad of a shopper in another family
        const auto mate = std::find_if(test.begin(), test.end(), [&](const Ad* o) { return o->shopper == ad.shopper && o != &ad; });
        const Ad* stranger = nullptr;  // the next test ad, cyclically, of another scene family
        for (size_t k = 1; k < test.size() && !stranger; ++k)
            if (test[(n + k) % test.size()]->family != ad.family) stranger = test[(n + k) % test.size()];
        ASSERT_NE(mate, test.end());
        ASSERT_NE(stranger, nullptr);
        const std::string name = std::to_string(n) + ".png";
        writePngFile(scratch_->path("same-" + name), composite(image(background(**mate)), cutout));
        writePngFile(scratch_->path("other-" + name), composite(image(background(*stranger)), cutout));
        // The ground-truth ad with another product, squeezed into this product's box (nearest pixel).
        RgbImage pasted = image(ad.record.adImage);
        const Ad& donor = **mate;
        const RgbaImage donorCutout = decodeImageFile(donor.record.productCutout).image;
        const Box& to = ad.record.productBoxes.at(0);
        const Box& from = donor.record.productBoxes.at(0);
        for (int y = static_cast<int>(to[1]); y < static_cast<int>(to[3]); ++y)
            for (int x = static_cast<int>(to[0]); x < static_cast<int>(to[2]); ++x) {
                const int sx = static_cast<int>(from[0] + (x - to[0]) * (from[2] - from[0]) / (to[2] - to[0]));
                const int sy = static_cast<int>(from[1] + (y - to[1]) * (from[3] - from[1]) / (to[3] - to[1]));
                const auto* p = &donorCutout.pixels[(static_cast<size_t>(sy) * donorCutout.width + sx) * 4];
                auto* q = &pasted.pixels[(static_cast<size_t>(y) * pasted.width + x) * 3];
                for (int c = 0; c < 3; ++c) q[c] = static_cast<uint8_t>((p[c] * p[3] + q[c] * (255 - p[3]) + 127) / 255);
            }
        ASSERT_NE(pasted.pixels, image(ad.record.adImage).pixels);
        writePngFile(scratch_->path("swapped-" + name), pasted);
        sameTaste.push_back({{"title", ""}, {"image", "same-" + name}});
        otherTaste.push_back({{"title", ""}, {"image", "other-" + name}});
        swapped.push_back({{"title", ""}, {"image", "swapped-" + name}});
        bare.push_back({{"title", ""}, {"image", background(ad)}});  // the ad without its product
    }
    const std::string references = scratch_->path("world/test.json");
    const auto score = [&](const char* file, const json& predictions) {
        return runMetrics("--predictions " + scratch_->write(file, predictions) + " --references " + references, *scratch_);
    };
    const json same = score("same.json", sameTaste), other = score("other.json", otherTaste),
               pastedIn = score("swapped.json", swapped), withoutProduct = score("bare.json", bare);
    ASSERT_EQ(same["summary"]["bgs"]["count"], 24);
    ASSERT_EQ(other["summary"]["bgs"]["count"], 24);
    std::printf("BGS of eval-style predictions against test.json (the record's product boxes left out):\n"
                "  same taste %.4f (sd %.4f), other family %.4f (sd %.4f)\n"
                "  GT ad with another product in its box %.6f, its background without the product %.6f\n",
                same["summary"]["bgs"]["mean"].get<double>(), same["summary"]["bgs"]["sd"].get<double>(),
                other["summary"]["bgs"]["mean"].get<double>(), other["summary"]["bgs"]["sd"].get<double>(),
                pastedIn["summary"]["bgs"]["mean"].get<double>(), withoutProduct["summary"]["bgs"]["mean"].get<double>());
    EXPECT_GT(same["summary"]["bgs"]["mean"].get<double>(), 0.93);
    EXPECT_LT(other["summary"]["bgs"]["mean"].get<double>(), 0.7);
    for (size_t n = 0; n < test.size(); ++n) {
        EXPECT_GT(same["items"][n]["bgs"].get<double>(), other["items"][n]["bgs"].get<double>()) << n;
        EXPECT_EQ(pastedIn["items"][n]["bgs"].get<double>(), 1.0) << n;
        // The grown box also covers the cut-out's soft edge (alpha <= 50 lies outside ref_exps).
        EXPECT_EQ(withoutProduct["items"][n]["bgs"].get<double>(), 1.0) << n;
    }
    // The selling points came from word_list: an empty title uses none of them.
    EXPECT_EQ(same["summary"]["sp_only"]["count"], 24);
    EXPECT_EQ(same["summary"]["sp_only"]["matches"], 0);
}

}  // namespace
}  // namespace adgen
