// The model subcommands of `adgen`, run as a user runs them: a separate process, its output,
// the files it writes and its exit code.

#include "generate/factual_constraint.h"
#include "io/safetensors.h"
#include "model/janus_model.h"
#include "cli_runner.h"
#include "tiny_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <fstream>
#include <sys/wait.h>

namespace adgen {
namespace {

using Run = testing::CliRun;

Run adgen(const std::string& arguments) { return testing::runAdgen(arguments); }

// Width and height from a PNG's IHDR chunk.
std::pair<int, int> pngSize(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::array<unsigned char, 24> head{};
    in.read(reinterpret_cast<char*>(head.data()), 24);
    const auto be = [&](int at) { return (head[at] << 24) | (head[at + 1] << 16) | (head[at + 2] << 8) | head[at + 3]; };
    if (std::string(head.begin() + 12, head.begin() + 16) != "IHDR") return {0, 0};
    return {be(16), be(20)};
}

class ModelCli : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir("model-cli");
        std::ofstream(dir_->path() / "tiny-config.json") << model::toJson(testing::tinyConfig()).dump(2);
        const auto r = adgen("init-random-model --config " + (dir_->path() / "tiny-config.json").string() + " --tokenizer " +
                             testing::tinyTokenizerJson().string() + " --seed 3 --out " + model().string());
        ASSERT_EQ(r.exitCode, 0) << r.all;
    }
    static void TearDownTestSuite() { delete dir_; }
    static std::filesystem::path model() { return dir_->path() / "tiny"; }
    static testing::TempDir* dir_;
};
testing::TempDir* ModelCli::dir_ = nullptr;

TEST_F(ModelCli, InspectModelDescribesACompleteModel) {
    const auto r = adgen("inspect-model --json " + model().string());
    ASSERT_EQ(r.exitCode, 0) << r.all;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_TRUE(j["complete"].get<bool>());
    EXPECT_EQ(j["config_kind"], "adgen");
    EXPECT_EQ(j["tokenizer"]["tokens"], 721);
    EXPECT_EQ(j["image_size"], 8);
    EXPECT_GT(j["parameters"].get<int64_t>(), 100000);
    EXPECT_EQ(j["stored_dtypes"].begin().key(), "F32");
    EXPECT_TRUE(j["missing_keys"].empty());
}

TEST_F(ModelCli, InspectModelListsMissingTensorsAndExitsOne) {
    const auto broken = dir_->path() / "broken";
    std::filesystem::create_directories(broken);
    for (const auto* f : {"config.json", "tokenizer.json"}) std::filesystem::copy_file(model() / f, broken / f);
    std::vector<std::pair<std::string, torch::Tensor>> kept;
    {
        const auto file = io::SafetensorsFile::open(model() / "model.safetensors");
        for (const auto& e : file->entries())
            if (e.name != "gen_head.vision_head.bias") kept.emplace_back(e.name, file->read(e, torch::kFloat32).clone());
    }
    kept.emplace_back("some.extra.weight", torch::zeros({2}));
    io::saveSafetensors(broken / "model.safetensors", kept);
    const auto r = adgen("inspect-model " + broken.string());
    EXPECT_EQ(r.exitCode, 1) << r.all;
    EXPECT_NE(r.out.find("missing     1\n  gen_head.vision_head.bias"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("unexpected  1\n  some.extra.weight"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("INCOMPLETE"), std::string::npos);
}

TEST_F(ModelCli, GenerateWritesOneImagePerVariantAndReproducesFromItsSeeds) {
    const auto prefix = (dir_->path() / "img").string();
    const auto args = "generate --json --model " + model().string() + " --prompt 'a lamp at night' --variants 2 --seed 5,6 --out " + prefix;
    const auto first = adgen(args);
    ASSERT_EQ(first.exitCode, 0) << first.all;
    const auto j = nlohmann::json::parse(first.out);
    ASSERT_EQ(j["variants"].size(), 2u);
    for (int v = 0; v < 2; ++v) {
        const auto& variant = j["variants"][static_cast<size_t>(v)];
        EXPECT_EQ(variant["seed"], 5 + v);
        EXPECT_EQ(variant["tokens"].size(), 16u);
        EXPECT_EQ(pngSize(variant["image"].get<std::string>()), std::make_pair(8, 8));
    }
    const auto second = nlohmann::json::parse(adgen(args).out);
    EXPECT_EQ(second["variants"][0]["tokens"], j["variants"][0]["tokens"]);
    EXPECT_NE(j["variants"][0]["tokens"], j["variants"][1]["tokens"]);
}

TEST_F(ModelCli, GenerateTextInFactualModeUsesSellingPointWordsOnly) {
    const auto r = adgen("generate --mode text --json --model " + model().string() +
                         " --prompt 'ad title' --max-tokens 16 --seed 2 --factual --selling-points 'waterproof;5000mAh battery'");
    ASSERT_EQ(r.exitCode, 0) << r.all;
    const auto text = nlohmann::json::parse(r.out)["variants"][0]["text"].get<std::string>();
    const auto tokenizer = text::Tokenizer::fromFile(testing::tinyTokenizerJson());
    const generate::FactualConstraint judge(tokenizer, {"waterproof", "5000mAh battery"}, {}, 1, 768);
    EXPECT_TRUE(judge.permits(text)) << "'" << text << "'";
}

TEST_F(ModelCli, ForwardDumpsTheLogitsOfOneForwardPass) {
    const auto dump = dir_->path() / "forward.safetensors";
    const auto r = adgen("forward --model " + model().string() + " --ids '1,2,3,4;9,8,7,6' --dump " + dump.string());
    ASSERT_EQ(r.exitCode, 0) << r.all;
    const auto file = io::SafetensorsFile::open(dump);
    const auto logits = file->read(*file->find("logits"), torch::kFloat32);
    EXPECT_EQ(logits.sizes().vec(), (std::vector<int64_t>{2, 4, 768}));

    torch::NoGradGuard noGrad;
    const auto m = model::JanusModel::load(model(), {});
    const auto ids = torch::tensor({1, 2, 3, 4, 9, 8, 7, 6}, torch::kInt64).view({2, 4});
    auto cache = m->decoder().makeCache(2, 4);
    const auto expected = m->decoder().textLogits(m->decoder().forward(m->decoder().embed(ids), cache, torch::ones({2, 4}, torch::kBool)));
    EXPECT_TRUE(torch::allclose(logits, expected, 1e-5, 1e-6));
}

TEST_F(ModelCli, BenchReportsStepTimesTextSpeedAndMemory) {
    const auto r = adgen("bench --json --model " + model().string() + " --variants 1,2 --steps 3 --text-tokens 4 --threads 1");
    ASSERT_EQ(r.exitCode, 0) << r.all;
    const auto j = nlohmann::json::parse(r.out);
    ASSERT_EQ(j["image"].size(), 2u);
    EXPECT_EQ(j["image"][1]["variants"], 2);
    EXPECT_EQ(j["image"][0]["timed_steps"], 3);
    EXPECT_GT(j["image"][0]["step_ms"].get<double>(), 0.0);
    EXPECT_GT(j["image"][0]["full_image_ms"].get<double>(), j["image"][0]["step_ms"].get<double>() * 15);
    EXPECT_GT(j["text_tokens_per_second"].get<double>(), 0.0);
    EXPECT_GT(j["vq_decode_ms"].get<double>(), 0.0);
    EXPECT_GT(j["peak_rss_mib"].get<double>(), 1.0);
}

TEST_F(ModelCli, MistakesExitTwoWithAMessageThatSaysWhatToDo) {
    const auto unknown = adgen("generate --model " + model().string() + " --prompt x --colour red");
    EXPECT_EQ(unknown.exitCode, 2);
    EXPECT_NE(unknown.all.find("Unknown option --colour"), std::string::npos) << unknown.all;
    const auto noModel = adgen("generate --model /nonexistent --prompt x");
    EXPECT_EQ(noModel.exitCode, 2);
    EXPECT_NE(noModel.all.find("config.json"), std::string::npos) << noModel.all;
    const auto badIds = adgen("forward --model " + model().string() + " --ids 1,x");
    EXPECT_EQ(badIds.exitCode, 2);
    EXPECT_NE(badIds.all.find("integers"), std::string::npos) << badIds.all;
    const auto outOfVocab = adgen("forward --model " + model().string() + " --ids 5000");
    EXPECT_EQ(outOfVocab.exitCode, 2);
    EXPECT_NE(outOfVocab.all.find("outside the vocabulary"), std::string::npos) << outOfVocab.all;
}

}  // namespace
}  // namespace adgen
