// `adgen metrics` and computeAdMetrics (adgen/ad_metrics.h): BLEU-4 / ROUGE-L of predicted titles
// in both reference modes against the Python reference numbers of tests/fixtures/metrics, PBS with
// the tiny converted checkpoint of tests/fixtures/parity/pbs-tiny against PbsModel on images that
// this test round-trips through JPEG itself, and every way the inputs can be wrong.
#include "cli_runner.h"
#include "metrics_test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "adgen/ad_metrics.h"
#include "adgen/pbs.h"
#include "error_message.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr double kScoreTolerance = 1e-9;

using adgen::testing::CliRun;

CliRun runCli(const std::string& arguments) { return adgen::testing::runAdgen(arguments); }

fs::path fixtures() { return ADGEN_FIXTURES_DIR; }
fs::path pbsModelDir() { return fixtures() / "parity" / "pbs-tiny" / "model"; }

// A scratch folder named after the test.
struct Scratch : adgen::testing::Scratch {
    explicit Scratch(const std::string& name) : adgen::testing::Scratch("adgen_metrics_cli_", name) {}
};

// An RGBA PNG with colour gradients, a pattern and alpha that varies (so dropping it matters).
std::string writePatternImage(const Scratch& scratch, const std::string& name, int width, int height, int seed) {
    cv::Mat bgra(height, width, CV_8UC4);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            bgra.at<cv::Vec4b>(y, x) = cv::Vec4b(static_cast<uchar>(((x ^ y) * (37 + seed) + 11) & 255),
                                                 static_cast<uchar>((y * 255 / (height - 1) + seed * 40) & 255),
                                                 static_cast<uchar>(x * 255 / (width - 1)),
                                                 static_cast<uchar>((x * 7 + y * 3) & 255));
    EXPECT_TRUE(cv::imwrite(scratch.path(name), bgra));
    return scratch.path(name);
}

json readJson(const std::string& path) { return adgen::testing::readJsonFile(path); }

json runMetrics(const std::string& arguments, const Scratch& scratch) {
    return adgen::testing::runMetricsReport(arguments, scratch);
}

// The reference's PBS input, computed here without the library: OpenCV reads the colour channels
// (alpha stripped, as Pillow's convert("RGB") does), then JPEG quality 75 and back.
adgen::RgbImage referenceRoundTrip(const std::string& path) {
    const cv::Mat bgr = cv::imread(path, cv::IMREAD_COLOR);
    std::vector<uchar> jpeg;
    EXPECT_TRUE(cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 75}));
    cv::Mat rgb;
    cv::cvtColor(cv::imdecode(jpeg, cv::IMREAD_COLOR), rgb, cv::COLOR_BGR2RGB);
    return {rgb.cols, rgb.rows, std::vector<uint8_t>(rgb.data, rgb.data + rgb.total() * 3)};
}

adgen::RgbImage withoutRoundTrip(const std::string& path) {
    cv::Mat rgb;
    cv::cvtColor(cv::imread(path, cv::IMREAD_COLOR), rgb, cv::COLOR_BGR2RGB);
    return {rgb.cols, rgb.rows, std::vector<uint8_t>(rgb.data, rgb.data + rgb.total() * 3)};
}

double pbsOf(const adgen::RgbImage& a, const adgen::RgbImage& b) {
    const auto model = adgen::PbsModel::load(pbsModelDir());
    const auto features = model->embed({a, b});
    return adgen::PbsModel::similarity(features[0], features[1]);
}

// ---- text metrics -------------------------------------------------------------------------------

TEST(MetricsCli, AnIdenticalTitleScoresOneHundredInBothModes) {
    Scratch s("identical");
    const std::string title = "华为Mate60 Pro手机 官方旗舰店正品";
    const json report = runMetrics("--predictions " + s.write("p.json", {title}) + " --references " +
                                       s.write("r.json", {{{"titles", title}}}),
                                   s);
    ASSERT_EQ(report["item_count"], 1);
    for (const char* mode : {"concatenated", "split_titles"}) {
        EXPECT_EQ(report["items"][0][mode]["bleu4"].get<double>(), 100.0) << mode;
        EXPECT_EQ(report["items"][0][mode]["rouge_l"].get<double>(), 100.0) << mode;
        EXPECT_EQ(report["summary"][mode]["bleu4"].get<double>(), 100.0) << mode;
        EXPECT_EQ(report["summary"][mode]["rouge_l"].get<double>(), 100.0) << mode;
        EXPECT_EQ(report["summary"][mode]["count"], 1) << mode;
    }
    EXPECT_TRUE(report["items"][0]["pbs"].is_null());
    EXPECT_TRUE(report["summary"]["pbs"].is_null());
    EXPECT_EQ(report["skipped"], json::array());
}

// Pair 35 of tests/fixtures/metrics/titles.json, whose numbers the paper's Python scripts computed:
// the prediction is the first title of two, so splitting the reference changes both metrics.
TEST(MetricsCli, AChineseMultiTitleReferenceScoresAsThePythonReferenceInEachMode) {
    Scratch s("chinese");
    const json report =
        runMetrics("--predictions " + s.write("p.json", json::array({{{"title", "618狂欢鿃行李箱"}}})) +
                       " --references " +
                       s.write("r.json", json::array({{{"titles", {"猫粮鿀龺618狂欢鿃行李箱", "DysonV15 DetectAbsolute"}}}})),
                   s);
    const json& item = report["items"][0];
    EXPECT_NEAR(item["concatenated"]["bleu4"].get<double>(), 18.009231, kScoreTolerance);
    EXPECT_NEAR(item["concatenated"]["rouge_l"].get<double>(), 56.0, kScoreTolerance);
    EXPECT_NEAR(item["split_titles"]["bleu4"].get<double>(), 100.0, kScoreTolerance);
    EXPECT_NEAR(item["split_titles"]["rouge_l"].get<double>(), 77.777777, kScoreTolerance);
}

// All 200 pairs of the parity fixture (empty, whitespace-only and separator-only titles included)
// through the command: every item in both modes as the Python reference scored it.
TEST(MetricsCli, EveryParityFixturePairScoresAsThePythonReference) {
    Scratch s("parity");
    const json pairs = readJson((fixtures() / "metrics" / "titles.json").string())["pairs"];
    json predictions = json::array(), references = json::array();
    for (const json& pair : pairs) {
        predictions.push_back(pair["prediction"]);
        references.push_back({{"titles", pair["reference"]}});
    }
    const json report = runMetrics(
        "--predictions " + s.write("p.json", predictions) + " --references " + s.write("r.json", references), s);
    ASSERT_EQ(report["items"].size(), pairs.size());
    for (size_t i = 0; i < pairs.size(); ++i) {
        for (const char* mode : {"concatenated", "split_titles"}) {
            const json& expected = pairs[i][mode];
            const json& actual = report["items"][i][mode];
            EXPECT_NEAR(actual["bleu4"].get<double>(), expected["bleu4"].get<double>(), kScoreTolerance)
                << "pair " << pairs[i]["id"] << " " << mode;
            EXPECT_NEAR(actual["rouge_l"].get<double>(), expected["rouge_l"].get<double>(), kScoreTolerance)
                << "pair " << pairs[i]["id"] << " " << mode;
        }
    }
}

TEST(MetricsCli, SplitTitlesModeDiffersFromConcatenatedOnAMultiTitleReference) {
    Scratch s("modes");
    const json report = runMetrics("--predictions " + s.write("p.json", {"夏季新款连衣裙"}) + " --references " +
                                       s.write("r.json", {{{"titles", "<title_split>夏季新款连衣裙<title_split>  <title_split>"}}}),
                                   s);
    const json& item = report["items"][0];
    EXPECT_NEAR(item["concatenated"]["bleu4"].get<double>(), 8.816269, kScoreTolerance);  // fixture pair 21
    EXPECT_NEAR(item["split_titles"]["bleu4"].get<double>(), 100.0, kScoreTolerance);
    EXPECT_NE(item["concatenated"]["rouge_l"], item["split_titles"]["rouge_l"]);
}

TEST(MetricsCli, TheSummaryMeansAreTheMeansOfTheItems) {
    Scratch s("means");
    const json report = runMetrics(
        "--predictions " + s.write("p.json", {"防晒霜", "618狂欢鿃行李箱", "夏季新款连衣裙", "完全无关"}) +
            " --references " +
            s.write("r.json", {{{"titles", "蕉下防晒霜<title_split><title_split>清爽不油腻"}},
                               {{"titles", "猫粮鿀龺618狂欢鿃行李箱<title_split>DysonV15 DetectAbsolute"}},
                               {{"titles", "夏季新款连衣裙"}},
                               {{"titles", "华为手机"}}}),
        s);
    for (const char* mode : {"concatenated", "split_titles"}) {
        for (const char* metric : {"bleu4", "rouge_l"}) {
            double sum = 0;
            for (const json& item : report["items"]) sum += item[mode][metric].get<double>();
            EXPECT_DOUBLE_EQ(report["summary"][mode][metric].get<double>(), sum / 4) << mode << " " << metric;
        }
        EXPECT_EQ(report["summary"][mode]["count"], 4);
    }
    EXPECT_GT(report["summary"]["split_titles"]["rouge_l"].get<double>(),
              report["summary"]["concatenated"]["rouge_l"].get<double>());
}

TEST(MetricsCli, SkipEmptyLeavesBlankPredictionsOutOfTheMeans) {
    Scratch s("skip");
    const std::string p = s.write("p.json", {"夏季新款连衣裙", "  "});
    const std::string r = s.write("r.json", {{{"titles", "夏季新款连衣裙"}}, {{"titles", "华为手机"}}});
    const json counted = runMetrics("--predictions " + p + " --references " + r, s);
    EXPECT_EQ(counted["summary"]["concatenated"]["bleu4"].get<double>(), 50.0);  // the script's default: 0 counts
    const json skipped = runMetrics("--predictions " + p + " --references " + r + " --skip-empty", s);
    EXPECT_EQ(skipped["summary"]["concatenated"]["bleu4"].get<double>(), 100.0);
    EXPECT_EQ(skipped["summary"]["concatenated"]["count"], 1);
    EXPECT_TRUE(skipped["items"][1]["concatenated"].is_null());
    ASSERT_EQ(skipped["skipped"].size(), 1u);
    EXPECT_EQ(skipped["skipped"][0]["index"], 1);
    EXPECT_EQ(skipped["skipped"][0]["metric"], "text");
}

TEST(MetricsCli, TheTableShowsTheMeansOfBothModesAndJsonGoesToStdoutWithoutOut) {
    Scratch s("table");
    const CliRun run = runCli("metrics --predictions " + s.write("p.json", {"618狂欢鿃行李箱"}) + " --references " +
                             s.write("r.json", {{{"titles", "猫粮鿀龺618狂欢鿃行李箱<title_split>DysonV15 DetectAbsolute"}}}) +
                             " --table");
    ASSERT_EQ(run.exitCode, 0) << run.all;
    EXPECT_NE(run.all.find("\"item_count\": 1"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("| metric | reference titles | mean | items |"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("| BLEU-4 | concatenated (paper) | 18.0092 | 1 |"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("| BLEU-4 | split titles | 100.0000 | 1 |"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("| ROUGE-L | split titles | 77.7778 | 1 |"), std::string::npos) << run.all;
    EXPECT_EQ(run.all.find("| PBS |"), std::string::npos) << run.all;
}

TEST(MetricsCli, APad1mFileServesAsReferences) {
    Scratch s("pad1m");
    const json record = {{"f_path", "ads/0.jpg"}, {"f_path_trans", "products/0.png"}, {"sku_title_cn", "商品"},
                         {"word_list", "防晒, 清爽"}, {"max_ratio", 0.6}, {"history_images", {"h/1.jpg"}},
                         {"history_titles", {"防晒衣"}}, {"gt_title_cn", "蕉下防晒霜<title_split><title_split>清爽不油腻"}};
    const json report = runMetrics("--predictions " + s.write("p.json", json::array({{{"title", "防晒霜"}}})) +
                                       " --references " + s.write("pad1m.json", json::array({record})),
                                   s);
    EXPECT_NEAR(report["items"][0]["concatenated"]["rouge_l"].get<double>(), 33.333333, kScoreTolerance);  // pair 23
    EXPECT_NEAR(report["items"][0]["split_titles"]["rouge_l"].get<double>(), 75.0, kScoreTolerance);
    const auto references = adgen::loadAdReferences(s.path("pad1m.json"));
    ASSERT_EQ(references.size(), 1u);
    EXPECT_EQ(references[0].imagePath, (fs::path(s.path("ads")) / "0.jpg").string());
}

// ---- PBS ----------------------------------------------------------------------------------------

TEST(MetricsCli, PbsOfAnIdenticalImagePairIsOne) {
    Scratch s("pbs_same");
    writePatternImage(s, "a.png", 150, 110, 1);
    fs::copy_file(s.path("a.png"), s.path("b.png"));
    const json report = runMetrics("--pbs-model " + pbsModelDir().string() + " --predictions " +
                                       s.write("p.json", json::array({{{"title", "防晒霜"}, {"image", "a.png"}}})) +
                                       " --references " + s.write("r.json", {{{"titles", "防晒霜"}, {"image", "b.png"}}}),
                                   s);
    ASSERT_TRUE(report["items"][0]["pbs"].is_number()) << report.dump();
    EXPECT_NEAR(report["items"][0]["pbs"].get<double>(), 1.0, 1e-5);
    EXPECT_EQ(report["summary"]["pbs"]["count"], 1);
    EXPECT_EQ(report["pbs_model"], pbsModelDir().string());
}

TEST(MetricsCli, PbsIsPbsModelOnTheJpegRoundTrippedImages) {
    Scratch s("pbs_value");
    const std::string a = writePatternImage(s, "a.png", 150, 110, 1);
    const std::string b = writePatternImage(s, "b.png", 263, 300, 3);
    const std::string c = writePatternImage(s, "c.png", 97, 149, 5);
    const json report = runMetrics(
        "--pbs-model " + pbsModelDir().string() + " --predictions " +
            s.write("p.json", json::array({{{"title", "x"}, {"image", "a.png"}}, {{"title", "y"}, {"image", c}}})) +
            " --references " + s.write("r.json", {{{"titles", "x"}, {"image", "b.png"}}, {{"titles", "y"}, {"image", "a.png"}}}),
        s);
    const double expected0 = pbsOf(referenceRoundTrip(a), referenceRoundTrip(b));
    const double expected1 = pbsOf(referenceRoundTrip(c), referenceRoundTrip(a));
    EXPECT_NEAR(report["items"][0]["pbs"].get<double>(), expected0, 1e-6);
    EXPECT_NEAR(report["items"][1]["pbs"].get<double>(), expected1, 1e-6);
    EXPECT_NEAR(report["summary"]["pbs"]["mean"].get<double>(), (expected0 + expected1) / 2, 1e-6);
    // The round trip matters: without it the value is another one.
    EXPECT_GT(std::abs(pbsOf(withoutRoundTrip(a), withoutRoundTrip(b)) - expected0), 1e-5);
}

TEST(MetricsCli, TheTableHasAPbsRowWhenPbsRan) {
    Scratch s("pbs_table");
    writePatternImage(s, "a.png", 64, 64, 2);
    const CliRun run = runCli("metrics --pbs-model " + pbsModelDir().string() + " --predictions " +
                             s.write("p.json", json::array({{{"title", "x"}, {"image", "a.png"}}})) + " --references " +
                             s.write("r.json", {{{"titles", "x"}, {"image", "a.png"}}}) + " --out " +
                             s.path("out.json") + " --table");
    ASSERT_EQ(run.exitCode, 0) << run.all;
    EXPECT_NE(run.all.find("| PBS | - | 1.0000 | 1 |"), std::string::npos) << run.all;
    EXPECT_EQ(run.all.find("\"item_count\""), std::string::npos) << "the JSON went to --out: " << run.all;
}

TEST(AdMetricsLibrary, ImagesInMemoryScoreAsTheirFiles) {
    Scratch s("memory");
    const std::string a = writePatternImage(s, "a.png", 120, 90, 4);
    const std::string b = writePatternImage(s, "b.png", 90, 120, 6);
    adgen::AdMetricsOptions options;
    options.pbsModelDirectory = pbsModelDir().string();
    const auto fromFiles = adgen::computeAdMetrics({{"x", a, {}}}, {{"x", b, {}}}, options);
    const auto inMemory =
        adgen::computeAdMetrics({{"x", "", adgen::loadRgbImage(a)}}, {{"x", "", adgen::loadRgbImage(b)}}, options);
    ASSERT_TRUE(fromFiles.items[0].pbs && inMemory.items[0].pbs);
    EXPECT_EQ(*fromFiles.items[0].pbs, *inMemory.items[0].pbs);
    ASSERT_TRUE(fromFiles.pbs);
    EXPECT_EQ(fromFiles.pbs->mean, *fromFiles.items[0].pbs);
}

TEST(AdMetricsLibrary, ItemsWithoutImagesCanBeSkippedForPbs) {
    Scratch s("skip_images");
    const std::string a = writePatternImage(s, "a.png", 64, 48, 1);
    adgen::AdMetricsOptions options;
    options.pbsModelDirectory = pbsModelDir().string();
    options.skipItemsWithoutImages = true;
    const auto report = adgen::computeAdMetrics({{"x", a, {}}, {"y", "", {}}}, {{"x", a, {}}, {"y", a, {}}}, options);
    ASSERT_TRUE(report.pbs);
    EXPECT_EQ(report.pbs->count, 1u);
    EXPECT_FALSE(report.items[1].pbs);
    EXPECT_TRUE(report.items[1].concatenated);  // still scored for the titles
    ASSERT_EQ(report.skipped.size(), 1u);
    EXPECT_EQ(report.skipped[0].index, 1u);
    EXPECT_EQ(report.skipped[0].metric, "pbs");
    EXPECT_NE(report.skipped[0].reason.find("no prediction image"), std::string::npos);
}

TEST(AdMetricsLibrary, TheJpegRoundTripKeepsTheSizeAndChangesPixelsSlightly) {
    adgen::RgbImage image{7, 5, {}};
    for (int i = 0; i < 7 * 5 * 3; ++i) image.pixels.push_back(static_cast<uint8_t>(i * 29 % 256));
    const auto back = adgen::jpegRoundTrip(image);
    EXPECT_EQ(back.width, 7);
    EXPECT_EQ(back.height, 5);
    ASSERT_EQ(back.pixels.size(), image.pixels.size());
    EXPECT_NE(back.pixels, image.pixels);
    EXPECT_NE(errorOf([] { (void)adgen::jpegRoundTrip(adgen::RgbImage{2, 2, std::vector<uint8_t>(5)}); })
                  .find("3 bytes per pixel"),
              std::string::npos);
}

// ---- bad inputs ---------------------------------------------------------------------------------

TEST(MetricsCliErrors, DifferentCountsNameBothAndExitWithOne) {
    Scratch s("counts");
    const CliRun run = runCli("metrics --predictions " + s.write("p.json", {"a", "b"}) + " --references " +
                             s.write("r.json", {{{"titles", "a"}}, {{"titles", "b"}}, {{"titles", "c"}}}));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.all.find("p.json has 2 predictions but"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("r.json has 3 references"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("same number of items"), std::string::npos) << run.all;
}

TEST(MetricsCliErrors, MalformedJsonNamesTheFileAndLineAndExitsWithTwo) {
    Scratch s("malformed");
    const CliRun run = runCli("metrics --predictions " + s.writeText("p.json", "[\"a\",\n  \"b\"") +
                             " --references " + s.write("r.json", {{{"titles", "a"}}}));
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("p.json is not valid JSON (line 2"), std::string::npos) << run.all;
}

TEST(MetricsCliErrors, AMissingFileIsNamedAndExitsWithTwo) {
    Scratch s("missing");
    const CliRun run = runCli("metrics --predictions " + s.write("p.json", {"a"}) + " --references " +
                             s.path("nothing.json"));
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("References file not found: " + s.path("nothing.json")), std::string::npos)
        << run.all;
}

TEST(MetricsCliErrors, APredictionWithoutATitleIsNamedAndExitsWithOne) {
    Scratch s("notitle");
    const CliRun run = runCli("metrics --predictions " +
                             s.write("p.json", json::array({{{"title", "a"}}, {{"image", "x.png"}}, {{"title", 3}}})) +
                             " --references " + s.write("r.json", {{{"titles", "a"}}, {{"titles", "b"}}, {{"titles", "c"}}}));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.all.find("p.json has 2 problems"), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("item 1 has no \"title\""), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("item 2 field \"title\" should be a string, not 3"), std::string::npos) << run.all;
}

TEST(MetricsCliErrors, AReferenceWithoutTitlesIsNamedAndExitsWithOne) {
    Scratch s("notitles");
    const CliRun run = runCli("metrics --predictions " + s.write("p.json", {"a", "b"}) + " --references " +
                             s.write("r.json", json::array({{{"image", "x.png"}}, {{"titles", json::array()}}})));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.all.find("item 0 has no \"titles\""), std::string::npos) << run.all;
    EXPECT_NE(run.all.find("item 1 field \"titles\" should be a string or a non-empty list"), std::string::npos)
        << run.all;
}

TEST(MetricsCliErrors, ATopLevelOtherThanAListExitsWithOne) {
    Scratch s("toplevel");
    const CliRun run = runCli("metrics --predictions " + s.write("p.json", {{"title", "a"}}) + " --references " +
                             s.write("r.json", {{{"titles", "a"}}}));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.all.find("p.json is not a predictions file: the top level must be a JSON list"),
              std::string::npos)
        << run.all;
}

TEST(MetricsCliErrors, AMissingPbsModelDirectoryIsNamedAndExitsWithTwo) {
    Scratch s("nomodel");
    const CliRun run = runCli("metrics --pbs-model " + s.path("no-model") + " --predictions " +
                             s.write("p.json", {"a"}) + " --references " + s.write("r.json", {{{"titles", "a"}}}));
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("The PBS model directory " + s.path("no-model") + " does not exist"),
              std::string::npos)
        << run.all;
    EXPECT_NE(run.all.find("convert_pbs_checkpoint.py"), std::string::npos) << run.all;
}

TEST(MetricsCliErrors, PbsWithoutAnImageNamesTheItemAndExitsWithOne) {
    Scratch s("noimage");
    writePatternImage(s, "a.png", 32, 32, 1);
    const CliRun run = runCli("metrics --pbs-model " + pbsModelDir().string() + " --predictions " +
                             s.write("p.json", json::array({{{"title", "a"}, {"image", "a.png"}}, {{"title", "b"}}})) +
                             " --references " + s.write("r.json", {{{"titles", "a"}, {"image", "a.png"}}, {{"titles", "b"}}}));
    EXPECT_EQ(run.exitCode, 1);
    EXPECT_NE(run.all.find("item 1: PBS needs both images, but it has neither a prediction nor a reference image"),
              std::string::npos)
        << run.all;
    EXPECT_NE(run.all.find("run without PBS"), std::string::npos) << run.all;
}

TEST(MetricsCliErrors, AMissingImageFileIsNamedAndExitsWithTwo) {
    Scratch s("imagefile");
    writePatternImage(s, "a.png", 32, 32, 1);
    const CliRun run = runCli("metrics --pbs-model " + pbsModelDir().string() + " --predictions " +
                             s.write("p.json", json::array({{{"title", "a"}, {"image", "gone.png"}}})) +
                             " --references " + s.write("r.json", {{{"titles", "a"}, {"image", "a.png"}}}));
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("item 0: the prediction image " + s.path("gone.png") + " does not exist"),
              std::string::npos)
        << run.all;
}

TEST(MetricsCliErrors, AnUndecodableImageNamesTheItemAndExitsWithTwo) {
    Scratch s("badimage");
    writePatternImage(s, "a.png", 32, 32, 1);
    fs::copy_file(fixtures() / "images" / "truncated.png", s.path("broken.png"));
    const CliRun run = runCli("metrics --pbs-model " + pbsModelDir().string() + " --predictions " +
                             s.write("p.json", json::array({{{"title", "a"}, {"image", "a.png"}}})) +
                             " --references " + s.write("r.json", {{{"titles", "a"}, {"image", "broken.png"}}}));
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("Item 0, reference image: broken.png looks like a PNG file but cannot be decoded"),
              std::string::npos)
        << run.all;
}

TEST(MetricsCliErrors, UsageMistakesExitWithTwo) {
    Scratch s("usage");
    const std::string p = s.write("p.json", {"a"});
    CliRun run = runCli("metrics --predictions " + p);
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("missing --references"), std::string::npos) << run.all;
    run = runCli("metrics --predictions " + p + " --references " + p + " --bleu");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("unknown argument '--bleu'"), std::string::npos) << run.all;
    run = runCli("metrics --predictions");
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.all.find("--predictions needs a value"), std::string::npos) << run.all;
}

TEST(AdMetricsLibrary, DifferentCountsAreAnInputError) {
    try {
        (void)adgen::computeAdMetrics({{"a", "", {}}}, {}, {});
        FAIL() << "no error";
    } catch (const adgen::AdMetricsInputError& e) {
        EXPECT_NE(std::string(e.what()).find("1 predictions but 0 references"), std::string::npos) << e.what();
    }
}

}  // namespace
