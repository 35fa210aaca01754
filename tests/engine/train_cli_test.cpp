// `adgen train vq` and `adgen train model` on a tiny PAd1M data set: they write a VQ the model
// loader reads and a Uni-AdGen model `adgen eval` runs, their reports, and checkpoints a later run
// resumes from exactly; bad inputs say what is wrong.

#include "adgen/image_files.h"
#include "cli_runner.h"
#include "io/safetensors.h"
#include "model/model_config.h"
#include "test_images.h"
#include "tiny_model.h"
#include "uniadgen_test_support.h"

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
        auto uniadgen = testing::tinyUniAdGenSectionForPixels();
        uniadgen["lora"] = {{"rank", 0}, {"alpha", 0}};  // trained from scratch: no adapters
        auto modelConfig = model::toJson(testing::tinyUniAdGenModelConfig(uniadgen));
        modelConfig["uniadgen"] = uniadgen;
        std::ofstream(d / "uniadgen.json") << modelConfig.dump();
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

std::string fileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST_F(TrainCli, TrainsAModelEvalRunsAndResumesExactly) {
    const auto vq = testing::runAdgen("train vq --data " + path("train.json") + " --config " + path("uniadgen.json") +
                                      " --out " + path("uvq") + " --size 16 --batch 2 --threads 1 --steps 2");
    ASSERT_EQ(vq.exitCode, 0) << vq.all;
    const auto model = [&](const std::string& out, int epochs, const std::string& extra) {
        return testing::runAdgen("train model --data " + path("train.json") + " --val " + path("train.json") +
                                 " --config " + path("uniadgen.json") + " --tokenizer " + testing::tinyTokenizerJson().string() +
                                 " --vq " + path("uvq/vq.safetensors") + " --out " + path(out) + " --batch 2 --threads 1" +
                                 " --checkpoint-every 1 --epochs " + std::to_string(epochs) + " --preference-lr-scale 0.5" +
                                 extra);
    };
    const auto first = model("m1", 2, "");
    ASSERT_EQ(first.exitCode, 0) << first.all;
    const auto report = readJson(path("m1/training_report.json"));
    EXPECT_EQ(report["steps"], 4);  // 3 records in batches of 2: 2 steps per epoch
    EXPECT_EQ(report["completed"], true);
    EXPECT_EQ(report["preference_lr_scale"], 0.5);
    EXPECT_GT(report["validation"]["text_loss"].get<double>(), 0.0);
    EXPECT_GT(report["validation"]["first_code_loss"].get<double>(), 0.0);
    EXPECT_GT(report["validation"]["first_code_loss_no_history"].get<double>(), 0.0);
    EXPECT_NE(first.all.find("epoch 2 validation"), std::string::npos) << first.all;
    EXPECT_NE(first.all.find("first image code"), std::string::npos) << first.all;
    // The shipped weights are float16 and the VQ is the trained one, unchanged.
    const auto weights = io::SafetensorsFile::open(path("m1/model/model.safetensors"));
    const auto trainedVq = io::SafetensorsFile::open(path("uvq/vq.safetensors"));
    const auto* codebook = weights->find("gen_vision_model.quantize.embedding.weight");
    ASSERT_NE(codebook, nullptr);
    EXPECT_EQ(codebook->dtype, "F16");
    EXPECT_TRUE(torch::allclose(weights->read(*codebook, torch::kFloat32),
                                trainedVq->read(*trainedVq->find("gen_vision_model.quantize.embedding.weight"),
                                                torch::kFloat32),
                                0, 1e-3));
    // The result is a model the engine runs.
    const auto eval = testing::runAdgen("eval --model " + path("m1/model") + " --data " + path("train.json") + " --out " +
                                        path("m1-eval") + " --limit 2");
    ASSERT_EQ(eval.exitCode, 0) << eval.all;
    EXPECT_EQ(readJson(path("m1-eval/predictions.json")).size(), 2u);

    // A run stopped after step 3 and resumed equals the uninterrupted run (same options: the
    // learning-rate schedule spans all epochs; the preference modules' own optimiser group resumes too).
    const auto stopped = model("m2", 2, " --stop-at 3");
    ASSERT_EQ(stopped.exitCode, 0) << stopped.all;
    EXPECT_EQ(readJson(path("m2/training_report.json"))["completed"], false);
    EXPECT_EQ(readJson(path("m2/checkpoint/state.json"))["step"], 3);
    const auto resumed = model("m2", 2, " --resume");
    ASSERT_EQ(resumed.exitCode, 0) << resumed.all;
    EXPECT_EQ(readJson(path("m2/training_report.json"))["steps"], 4);
    EXPECT_TRUE(fileBytes(path("m1/checkpoint/model.safetensors")) == fileBytes(path("m2/checkpoint/model.safetensors")));
    EXPECT_TRUE(fileBytes(path("m1/model/model.safetensors")) == fileBytes(path("m2/model/model.safetensors")));

    const auto noVq = testing::runAdgen("train model --data " + path("train.json") + " --config " + path("uniadgen.json") +
                                        " --tokenizer " + testing::tinyTokenizerJson().string() + " --vq " + path("none.safetensors") +
                                        " --out " + path("m3"));
    EXPECT_EQ(noVq.exitCode, 1);
    EXPECT_NE(noVq.all.find("none.safetensors do not exist"), std::string::npos) << noVq.all;
    const auto plainConfig = testing::runAdgen("train model --data " + path("train.json") + " --config " +
                                               path("config.json") + " --tokenizer " + testing::tinyTokenizerJson().string() +
                                               " --vq " + path("uvq/vq.safetensors") + " --out " + path("m4"));
    EXPECT_EQ(plainConfig.exitCode, 1);
    EXPECT_NE(plainConfig.all.find("has no \"uniadgen\" section"), std::string::npos) << plainConfig.all;
}

TEST_F(TrainCli, CodebookEmbeddingsStartTheImageCodeEmbeddingFromTheTrainedCodebook) {
    const auto vq = testing::runAdgen("train vq --data " + path("train.json") + " --config " + path("uniadgen.json") +
                                      " --out " + path("evq") + " --size 16 --batch 2 --threads 1 --steps 2");
    ASSERT_EQ(vq.exitCode, 0) << vq.all;
    const auto trainedVq = io::SafetensorsFile::open(path("evq/vq.safetensors"));
    const auto codebook =
        trainedVq->read(*trainedVq->find("gen_vision_model.quantize.embedding.weight"), torch::kFloat32);
    // Each row the code's direction at the norm of a unit-normal row (sqrt(code_dim)).
    const auto expected = codebook / codebook.norm(2, {1}, true) * std::sqrt(static_cast<double>(codebook.size(1)));
    // One step at a negligible rate: the checkpoint holds the initial embedding, to within the step.
    const auto initialEmbedding = [&](const std::string& out, const std::string& extra) {
        const auto run = testing::runAdgen("train model --data " + path("train.json") + " --config " + path("uniadgen.json") +
                                           " --tokenizer " + testing::tinyTokenizerJson().string() + " --vq " +
                                           path("evq/vq.safetensors") + " --out " + path(out) +
                                           " --batch 2 --threads 1 --lr 1e-9 --stop-at 1" + extra);
        EXPECT_EQ(run.exitCode, 0) << run.all;
        const auto weights = io::SafetensorsFile::open(path(out + "/checkpoint/model.safetensors"));
        return weights->read(*weights->find("gen_embed.weight"), torch::kFloat32);
    };
    const auto seeded = initialEmbedding("em", " --codebook-embeddings");
    ASSERT_EQ(seeded.sizes(), codebook.sizes());
    EXPECT_TRUE(torch::allclose(seeded, expected, 0, 1e-4)) << (seeded - expected).abs().max().item<double>();
    EXPECT_EQ(readJson(path("em/training_report.json"))["codebook_embeddings"], true);
    // Without the flag it stays random.
    const auto random = initialEmbedding("rm", "");
    EXPECT_FALSE(torch::allclose(random, expected, 0, 0.1));

    // A config whose image-code embedding is not the codebook's shape cannot start from it.
    auto config = readJson(path("uniadgen.json"));
    ASSERT_TRUE(config["generation"].contains("code_dim")) << config.dump();
    config["generation"]["code_dim"] = config["generation"]["code_dim"].get<int64_t>() * 2;
    std::ofstream(path("wider-codes.json")) << config.dump();
    const auto mismatch = testing::runAdgen("train model --data " + path("train.json") + " --config " + path("wider-codes.json") +
                                            " --tokenizer " + testing::tinyTokenizerJson().string() + " --vq " +
                                            path("evq/vq.safetensors") + " --out " + path("mm") +
                                            " --batch 2 --threads 1 --stop-at 1 --codebook-embeddings");
    EXPECT_EQ(mismatch.exitCode, 1) << mismatch.all;
    EXPECT_NE(mismatch.all.find("needs gen_embed and the VQ codebook to have the same shape"), std::string::npos) << mismatch.all;
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
