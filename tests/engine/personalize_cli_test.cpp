// `adgen personalize` and `adgen eval` on a tiny random Uni-AdGen model written by
// `adgen init-random-model`: the files they write, what those files say, and the errors for bad input.

#include "adgen/ad_metrics.h"
#include "adgen/image_files.h"
#include "adgen/product_cutout.h"
#include "cli_runner.h"
#include "generate/factual_words.h"
#include "model/model_config.h"
#include "test_images.h"
#include "uniadgen_test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace adgen {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::runAdgen;

json readJson(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}

void writeText(const fs::path& path, const std::string& text) { std::ofstream(path) << text; }

using testing::squareProduct;

class PersonalizeCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir("personalize-cli");
        const auto& d = dir_->path();
        writeText(d / "uniadgen.json", [] {
            auto j = model::toJson(testing::tinyUniAdGenModelConfig());
            j["uniadgen"] = testing::tinyUniAdGenSectionForPixels();
            return j.dump();
        }());
        const auto made = runAdgen("init-random-model --config " + (d / "uniadgen.json").string() + " --tokenizer " +
                                   testing::tinyTokenizerJson().string() + " --seed 3 --out " + (d / "model").string());
        ASSERT_EQ(made.exitCode, 0) << made.all;
        testing::writeTinyModel(d / "plain");
        writePngFile((d / "product.png").string(), squareProduct(32, {255, 0, 0}));
        writePngFile((d / "opaque.png").string(), testing::solidRgb(32, 0, 255, 0));
        const char* titles[] = {"blue bottle", "red hiking bottle", "green tent", "hiking boots"};
        json clicks = json::array();
        for (int i = 0; i < 4; ++i) {
            const auto name = "click" + std::to_string(i) + ".png";
            writePngFile((d / name).string(), testing::solidRgb(12, static_cast<uint8_t>(60 * i), 90, 200));
            clicks.push_back({{"title", titles[i]}, {"image", name}});
        }
        writeText(d / "history.json", clicks.dump());
    }
    static void TearDownTestSuite() { delete dir_; }

    static std::string path(const std::string& name) { return (dir_->path() / name).string(); }
    static std::string personalize(const std::string& extra) {
        return "personalize --model " + path("model") + " --threads 1 --product " + path("product.png") +
               " --selling-points 'waterproof;light weight' --title 'red hiking bottle 500 ml' " + extra;
    }
    static testing::TempDir* dir_;
};
testing::TempDir* PersonalizeCli::dir_ = nullptr;

TEST_F(PersonalizeCli, WritesRawAndFusionImagesAndARecipeThatRepeats) {
    const auto run = runAdgen(personalize("--history " + path("history.json") + " --variants 2 --seed 1,2 --out " + path("ad")));
    ASSERT_EQ(run.exitCode, 0) << run.all;
    const auto recipe = readJson(path("ad.json"));
    ASSERT_EQ(recipe["variants"].size(), 2u);
    EXPECT_EQ(recipe["variants"][0]["seed"], 1);
    EXPECT_EQ(recipe["variants"][1]["seed"], 2);
    EXPECT_EQ(recipe["selling_points"], (json{"waterproof", "light weight"}));
    EXPECT_EQ(recipe["factual_copy"], false);
    ASSERT_EQ(recipe["history_used"].size(), 3u);  // the model's history length
    for (const auto& used : recipe["history_used"]) {
        const int index = used["index"];
        EXPECT_EQ(used["title"], readJson(path("history.json"))[index]["title"]);
    }
    EXPECT_NE(recipe["warnings"][0].get<std::string>().find("computed"), std::string::npos);
    for (int v = 1; v <= 2; ++v) {
        const auto raw = decodeImageFile(path("ad-" + std::to_string(v) + ".png")).image;
        const auto fusion = decodeImageFile(path("ad-" + std::to_string(v) + "-fusion.png")).image;
        ASSERT_EQ(raw.width, 8);
        ASSERT_EQ(fusion.width, 8);
        EXPECT_EQ(recipe["variants"][v - 1]["image_tokens"].size(), 16u);
        const auto* centre = &fusion.pixels[(3 * 8 + 3) * 4];  // inside the product: its red
        EXPECT_GE(centre[0], 254);
        EXPECT_LE(centre[1], 1);
        EXPECT_EQ(fusion.pixels[0], raw.pixels[0]);  // a corner: the generated background
    }
    const auto again = runAdgen(personalize("--history " + path("history.json") + " --variants 2 --seed 1,2 --out " + path("again")));
    ASSERT_EQ(again.exitCode, 0) << again.all;
    const auto second = readJson(path("again.json"));
    for (int v = 0; v < 2; ++v) {
        EXPECT_EQ(second["variants"][v]["title"], recipe["variants"][v]["title"]);
        EXPECT_EQ(second["variants"][v]["image_tokens"], recipe["variants"][v]["image_tokens"]);
    }
    EXPECT_EQ(second["history_used"], recipe["history_used"]);
}

TEST_F(PersonalizeCli, FactualKeepsTheTitlesToTheSellingPointsWordsAndTheRecipeSaysSo) {
    const auto run = runAdgen(personalize("--factual --variants 2 --seed 5,6 --out " + path("factual")));
    ASSERT_EQ(run.exitCode, 0) << run.all;
    const auto recipe = readJson(path("factual.json"));
    EXPECT_EQ(recipe["factual_copy"], true);
    ASSERT_EQ(recipe["variants"].size(), 2u);
    for (const auto& v : recipe["variants"]) {
        const auto title = v["title"].get<std::string>();
        EXPECT_TRUE(generate::usesOnlySellingPointWords(title, {"waterproof", "light weight"})) << title;
    }
}

TEST_F(PersonalizeCli, HistoryOptionsChooseTheClicks) {
    writeText(path("pad1m-history.json"),
              json{{"history_titles", {"a", "b", "c", "d"}},
                   {"history_images", {"click0.png", "click1.png", "click2.png", "click3.png"}},
                   {"text_similarity", {0.1, 0.7, 0.9, 0.2}}}
                  .dump());
    const auto run = runAdgen(personalize("--history " + path("pad1m-history.json") +
                                          " --sampling most-similar --history-length 2 --seed 4 --out " + path("ms")));
    ASSERT_EQ(run.exitCode, 0) << run.all;
    const auto recipe = readJson(path("ms.json"));
    EXPECT_EQ(recipe["history_used"][0]["index"], 2);
    EXPECT_EQ(recipe["history_used"][1]["index"], 1);
    EXPECT_EQ(recipe["sampling"], "most-similar");
    EXPECT_TRUE(recipe["warnings"].empty());
}

TEST_F(PersonalizeCli, BadInputsSayWhatIsWrong) {
    const auto noAlpha = runAdgen("personalize --model " + path("model") + " --product " + path("opaque.png") +
                                  " --selling-points 'waterproof' --out " + path("x"));
    EXPECT_EQ(noAlpha.exitCode, 1);
    EXPECT_NE(noAlpha.all.find("alpha"), std::string::npos) << noAlpha.all;

    const auto noPoints = runAdgen("personalize --model " + path("model") + " --product " + path("product.png") + " --out " + path("x"));
    EXPECT_EQ(noPoints.exitCode, 1);
    EXPECT_NE(noPoints.all.find("no selling points"), std::string::npos) << noPoints.all;

    writeText(path("broken.json"), "[{\"title\": \"a\", ");
    const auto broken = runAdgen(personalize("--history " + path("broken.json") + " --out " + path("x")));
    EXPECT_EQ(broken.exitCode, 1);
    EXPECT_NE(broken.all.find("broken.json is not valid JSON"), std::string::npos) << broken.all;

    writeText(path("missing.json"), R"([{"title": "a", "image": "nowhere.png"}])");
    const auto missing = runAdgen(personalize("--history " + path("missing.json") + " --out " + path("x")));
    EXPECT_EQ(missing.exitCode, 1);
    EXPECT_NE(missing.all.find("nowhere.png"), std::string::npos) << missing.all;

    const auto plain = runAdgen("personalize --model " + path("plain") + " --product " + path("product.png") +
                                " --selling-points 'waterproof' --out " + path("x"));
    EXPECT_EQ(plain.exitCode, 1);
    EXPECT_NE(plain.all.find("not a personalized"), std::string::npos) << plain.all;

    const auto sampling = runAdgen(personalize("--sampling best --out " + path("x")));
    EXPECT_EQ(sampling.exitCode, 2);
    EXPECT_NE(sampling.all.find("--sampling is pss, random or most-similar"), std::string::npos) << sampling.all;
    EXPECT_FALSE(fs::exists(path("x.json")));
}

TEST_F(PersonalizeCli, EvalLaysOutValidationOutputsAndScoresThem) {
    json records = json::array();
    const char* gt[] = {"light waterproof bottle<title_split>bottle for hiking", "red bottle"};
    for (int n = 0; n < 2; ++n) {
        writePngFile(path("gt" + std::to_string(n) + ".png"), testing::solidRgb(16, 200, static_cast<uint8_t>(100 * n), 30));
        records.push_back({{"f_path", "gt" + std::to_string(n) + ".png"},
                           {"f_path_trans", "product.png"},
                           {"ref_exps", {{8, 8, 24, 24}}},
                           {"width", 32},
                           {"height", 32},
                           {"caption", "a bottle on a table"},
                           {"cid3_english_name", "bottle"},
                           {"sku_title_cn", "red hiking bottle 500 ml"},
                           {"gt_title_cn", gt[n]},
                           {"word_list", "waterproof, light weight"},
                           {"max_ratio", 0.8},
                           {"history_images", {"click0.png", "click1.png", "click2.png", "click3.png"}},
                           {"history_titles", {"blue bottle", "red bottle", "green tent", "hiking boots"}},
                           {"text_similarity", {0.2, 0.9, 0.1, 0.4}}});
    }
    writeText(path("data.json"), records.dump());
    const auto out = dir_->path() / "eval";
    const auto run = runAdgen("eval --model " + path("model") + " --threads 1 --data " + path("data.json") + " --out " + out.string());
    ASSERT_EQ(run.exitCode, 0) << run.all;
    const auto predictions = readJson(out / "predictions.json");
    ASSERT_EQ(predictions.size(), 2u);
    for (int n = 0; n < 2; ++n) {
        const auto name = std::to_string(n) + ".png";
        for (const char* folder : {"pr_image", "fusion_image", "gt_image", "trans_image"})
            EXPECT_TRUE(fs::exists(out / folder / name)) << folder << "/" << name;
        const auto layout = readJson(out / "0_batch" / (std::to_string(n) + "_0_layout.json"));
        EXPECT_EQ(layout["pr_title"][0], predictions[n]["title"]);
        EXPECT_EQ(layout["gt_title"][0], gt[n]);
        EXPECT_EQ(layout["prompt"][0], std::string("<prompt>") + gt[n] + "</prompt>");
        EXPECT_EQ(layout["gt_grounding"][0], (json{{8, 8, 24, 24}}));
        EXPECT_EQ(layout["seed"], n);  // --seed 0 + record index
        // The history title equal to the ground truth ("red bottle") is never picked for record 1.
        if (n == 1) {
            for (const auto& title : layout["history_used"]) EXPECT_NE(title, "red bottle");
        }
        EXPECT_EQ(decodeImageFile((out / "gt_image" / name).string()).image.width, 16);
    }
    // The scores eval reports are what `adgen metrics` computes from the files it left.
    const auto metrics = readJson(out / "metrics.json");
    const auto recomputed = runAdgen("metrics --predictions " + (out / "predictions.json").string() + " --references " +
                                     (out / "references.json").string());
    ASSERT_EQ(recomputed.exitCode, 0) << recomputed.all;
    EXPECT_EQ(json::parse(recomputed.out)["summary"], metrics["summary"]) << recomputed.out;
    EXPECT_EQ(metrics["item_count"], 2);
    std::ifstream table(out / "metrics.md");
    EXPECT_NE(std::string(std::istreambuf_iterator<char>(table), {}).find("BLEU-4"), std::string::npos);
}

// `adgen bench --model` on a Uni-AdGen model times whole ads through the engine: the first copy
// token comes before the finished ad, and the report names the model's shapes.
TEST_F(PersonalizeCli, BenchTimesTheFirstCopyTokenAndTheWholeAd) {
    const auto run = runAdgen("bench --model " + path("model") + " --runs 2 --threads 1 --json");
    ASSERT_EQ(run.exitCode, 0) << run.all;
    const auto report = json::parse(run.out);
    EXPECT_EQ(report["runs"], 2);
    EXPECT_EQ(report["history_length"], 3);
    EXPECT_EQ(report["image_tokens"], testing::tinyConfig().generation.gridSize * testing::tinyConfig().generation.gridSize);
    EXPECT_GT(report["first_copy_token_ms"].get<double>(), 0.0);
    EXPECT_GT(report["full_ad_ms"].get<double>(), report["first_copy_token_ms"].get<double>());
    EXPECT_GT(report["full_ad_new_shopper_ms"].get<double>(), report["first_copy_token_new_shopper_ms"].get<double>());
    const auto plain = runAdgen("bench --model " + path("plain") + " --steps 2 --variants 1 --json");
    ASSERT_EQ(plain.exitCode, 0) << plain.all;
    EXPECT_TRUE(json::parse(plain.out).contains("image"));  // a plain Janus model keeps the step figures
}

}  // namespace
}  // namespace adgen
