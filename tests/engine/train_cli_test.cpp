// `adgen train vq` on a tiny PAd1M data set: it writes a VQ the model loader reads, its report,
// and a checkpoint a later run resumes from; bad inputs say what is wrong.

#include "adgen/image_files.h"
#include "cli_runner.h"
#include "io/safetensors.h"
#include "model/model_config.h"
#include "test_images.h"
#include "tiny_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace adgen {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json readJson(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}

class TrainCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir("train-cli");
        const auto& d = dir_->path();
        std::ofstream(d / "config.json") << model::toJson(testing::tinyConfig()).dump();
        writePngFile((d / "product.png").string(), testing::squareProduct(32, {200, 30, 30}));
        json records = json::array();
        for (int n = 0; n < 3; ++n) {
            const auto ad = "ad" + std::to_string(n) + ".png";
            const auto click = "click" + std::to_string(n) + ".png";
            writePngFile((d / ad).string(), testing::solidRgb(24, static_cast<uint8_t>(80 * n), 120, 40));
            writePngFile((d / click).string(), testing::solidRgb(20, 30, static_cast<uint8_t>(70 * n), 200));
            records.push_back({{"f_path", ad}, {"f_path_trans", "product.png"}, {"ref_exps", json::array()},
                               {"width", 24}, {"height", 24}, {"caption", "a table"}, {"cid3_english_name", "bottle"},
                               {"sku_title_cn", "bottle"}, {"gt_title_cn", "a bottle"}, {"word_list", "light"},
                               {"max_ratio", 1.0}, {"history_images", {click}}, {"history_titles", {"cup"}}});
        }
        std::ofstream(d / "train.json") << records.dump();
    }
    static void TearDownTestSuite() { delete dir_; }
    static std::string path(const std::string& name) { return (dir_->path() / name).string(); }
    static testing::TempDir* dir_;
};
testing::TempDir* TrainCli::dir_ = nullptr;

TEST_F(TrainCli, TrainsAVqTheLoaderReadsAndResumes) {
    const auto base = "train vq --data " + path("train.json") + " --config " + path("config.json") + " --out " +
                      path("vq") + " --size 16 --batch 2 --threads 1 --checkpoint-every 2";
    const auto first = testing::runAdgen(base + " --steps 4");
    ASSERT_EQ(first.exitCode, 0) << first.all;
    const auto report = readJson(path("vq/vq_report.json"));
    EXPECT_EQ(report["steps"], 4);
    EXPECT_EQ(report["pictures"], 6);  // 3 ads + 3 history pictures, each once
    EXPECT_EQ(readJson(path("vq/checkpoint/state.json"))["step"], 4);
    // The weights are the model's VQ tensors, named as the loader reads them.
    const auto weights = io::SafetensorsFile::open(path("vq/vq.safetensors"));
    const auto* codebook = weights->find("gen_vision_model.quantize.embedding.weight");
    ASSERT_NE(codebook, nullptr);
    EXPECT_EQ(codebook->shape, (std::vector<int64_t>{64, 8}));

    const auto resumed = testing::runAdgen(base + " --steps 6 --resume");
    ASSERT_EQ(resumed.exitCode, 0) << resumed.all;
    EXPECT_EQ(readJson(path("vq/vq_report.json"))["steps"], 6);
}

TEST_F(TrainCli, BadInputsSayWhatIsWrong) {
    const auto noConfig = testing::runAdgen("train vq --data " + path("train.json") + " --config " + path("nowhere.json") +
                                            " --out " + path("x") + " --steps 1");
    EXPECT_EQ(noConfig.exitCode, 1);
    EXPECT_NE(noConfig.all.find("nowhere.json cannot be read"), std::string::npos) << noConfig.all;
    const auto badSize = testing::runAdgen("train vq --data " + path("train.json") + " --config " + path("config.json") +
                                           " --out " + path("x") + " --steps 1 --size 15");
    EXPECT_EQ(badSize.exitCode, 1);
    EXPECT_NE(badSize.all.find("not a multiple"), std::string::npos) << badSize.all;
    const auto noResume = testing::runAdgen("train vq --data " + path("train.json") + " --config " + path("config.json") +
                                            " --out " + path("fresh") + " --steps 1 --resume");
    EXPECT_EQ(noResume.exitCode, 1);
    EXPECT_NE(noResume.all.find("has no weights.safetensors"), std::string::npos) << noResume.all;
    const auto usage = testing::runAdgen("train nothing");
    EXPECT_EQ(usage.exitCode, 2);
}

}  // namespace
}  // namespace adgen
