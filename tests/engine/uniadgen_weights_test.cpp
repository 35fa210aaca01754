// Loading Uni-AdGen weights on top of a base model (model-spec 2.10): the checkpoint's tensors
// replace the base's (embed_tokens), LoRA adapters are merged into q/k/v/o as W + (alpha/r) B A,
// PEFT's key prefixes are understood, and config.json's base_model brings the base's sizes.

#include "error_message.h"
#include "io/safetensors.h"
#include "model/model_config.h"
#include "model/weight_store.h"
#include "tiny_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <fstream>

namespace adgen {
namespace {

using model::WeightStore;

void writeJson(const std::filesystem::path& path, const nlohmann::json& j) { std::ofstream(path) << j.dump(2); }

TEST(UniAdGenWeights, CheckpointTensorsReplaceTheBaseOnes) {
    testing::TempDir dir("uniadgen-overlay");
    const auto base = dir.path() / "base";
    const auto top = dir.path() / "top";
    std::filesystem::create_directories(base);
    std::filesystem::create_directories(top);
    io::saveSafetensors(base / "model.safetensors", {{"embed", torch::ones({2, 3})}, {"head", torch::full({2}, 5.0)}});
    io::saveSafetensors(top / "uniadgen.safetensors", {{"embed", torch::full({2, 3}, 2.0)}});
    WeightStore::Options options;
    options.baseDirectory = base;
    WeightStore store(top, options);
    EXPECT_TRUE(torch::equal(store.take("embed", {2, 3}), torch::full({2, 3}, 2.0)));
    EXPECT_TRUE(torch::equal(store.take("head", {2}), torch::full({2}, 5.0)));
    EXPECT_EQ(store.replacedBaseKeys(), std::vector<std::string>{"embed"});
    EXPECT_TRUE(store.unexpectedKeys().empty());
}

TEST(UniAdGenWeights, DuplicatesInsideOneDirectoryAreStillAnError) {
    testing::TempDir dir("uniadgen-dup");
    io::saveSafetensors(dir.path() / "a.safetensors", {{"embed", torch::ones({2})}});
    io::saveSafetensors(dir.path() / "b.safetensors", {{"embed", torch::ones({2})}});
    WeightStore::Options options;
    options.baseDirectory = dir.path();  // even as its own base: a.safetensors vs b.safetensors
    EXPECT_NE(errorOf([&] { WeightStore store(dir.path(), options); }).find("stored twice"), std::string::npos);
}

TEST(UniAdGenWeights, LoraIsMergedWithItsScale) {
    const auto w = torch::randn({4, 6});
    const auto a = torch::randn({2, 6});
    const auto b = torch::randn({4, 2});
    const std::string q = "language_model.model.layers.0.self_attn.q_proj";
    WeightStore::Options options;
    options.loraScale = 2.0;
    WeightStore store({{q + ".weight", w}, {q + ".lora_A.default.weight", a}, {q + ".lora_B.default.weight", b}}, options);
    const auto merged = store.take(q + ".weight", {4, 6});
    EXPECT_LT((merged - (w + 2.0 * b.matmul(a))).abs().max().item<double>(), 1e-6);
    EXPECT_EQ(store.loraMergedKeys(), std::vector<std::string>{q});
    EXPECT_TRUE(store.unexpectedKeys().empty()) << "the adapters count as used";

    WeightStore plain({{q + ".weight", w}, {q + ".lora_A.default.weight", a}, {q + ".lora_B.default.weight", b}}, {});
    EXPECT_TRUE(torch::equal(plain.take(q + ".weight", {4, 6}), w)) << "no scale, no merge";
    EXPECT_EQ(plain.unexpectedKeys().size(), 2u);
}

TEST(UniAdGenWeights, BrokenLoraAdaptersAreErrorsNamingTheModule) {
    const std::string k = "language_model.model.layers.3.self_attn.k_proj";
    WeightStore::Options options;
    options.loraScale = 2.0;
    WeightStore half({{k + ".weight", torch::zeros({4, 6})}, {k + ".lora_A.default.weight", torch::zeros({2, 6})}}, options);
    const auto onlyOne = errorOf([&] { half.take(k + ".weight", {4, 6}); });
    EXPECT_NE(onlyOne.find(k), std::string::npos) << onlyOne;
    EXPECT_NE(onlyOne.find("only one"), std::string::npos) << onlyOne;
    WeightStore wrong({{k + ".weight", torch::zeros({4, 6})},
                       {k + ".lora_A.default.weight", torch::zeros({2, 5})},
                       {k + ".lora_B.default.weight", torch::zeros({4, 2})}},
                      options);
    EXPECT_NE(errorOf([&] { wrong.take(k + ".weight", {4, 6}); }).find("do not fit"), std::string::npos);
}

TEST(UniAdGenWeights, PeftKeyNamesAreUnderstood) {
    EXPECT_EQ(model::canonicalWeightName("vl_gpt.base_model.model.visual_mask_generator.base_transformer.pos_encoding"),
              "visual_mask_generator.base_transformer.pos_encoding");
    EXPECT_EQ(model::canonicalWeightName(
                  "vl_gpt.base_model.model.language_model.model.layers.1.self_attn.o_proj.base_layer.weight"),
              "language_model.model.layers.1.self_attn.o_proj.weight");
    EXPECT_EQ(model::canonicalWeightName("language_model.model.layers.1.self_attn.o_proj.lora_B.default.weight"),
              "language_model.model.layers.1.self_attn.o_proj.lora_B.default.weight");
}

TEST(UniAdGenWeights, BaseModelGivesTheSizesAndTheTopAddsItsSections) {
    testing::TempDir dir("uniadgen-config");
    const auto base = dir.path() / "janus";
    const auto top = dir.path() / "uni";
    std::filesystem::create_directories(base);
    std::filesystem::create_directories(top);
    writeJson(base / "config.json", model::toJson(testing::tinyConfig()));
    writeJson(top / "config.json",
              {{"format", "adgen-model"}, {"version", 1}, {"name", "uni-tiny"}, {"base_model", "../janus"},
               {"uniadgen", {{"history_length", 2}}}});
    const auto config = model::loadModelConfig(top);
    EXPECT_EQ(config.name, "uni-tiny");
    EXPECT_EQ(config.language.hiddenSize, 64);
    EXPECT_EQ(config.raw["uniadgen"]["history_length"], 2);
    EXPECT_EQ(config.baseDirectory, std::filesystem::weakly_canonical(base));

    writeJson(top / "config.json", {{"format", "adgen-model"}, {"version", 1}, {"base_model", "../gone"}});
    const auto message = errorOf([&] { model::loadModelConfig(top); });
    EXPECT_NE(message.find("base_model"), std::string::npos) << message;
    EXPECT_NE(message.find("gone"), std::string::npos) << message;
}

}  // namespace
}  // namespace adgen
