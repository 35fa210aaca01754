// Loading Uni-AdGen weights on top of a base model (model-spec 2.10): the checkpoint's tensors
// replace the base's (embed_tokens), LoRA adapters are merged into q/k/v/o as W + (alpha/r) B A,
// PEFT's key prefixes are understood, and config.json's base_model brings the base's sizes.

#include "error_message.h"
#include "io/safetensors.h"
#include "model/model_config.h"
#include "model/weight_store.h"
#include "personalize/uniadgen_model.h"
#include "tiny_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
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


// tests/fixtures/uniadgen-checkpoint: a fake trainable_model_parameters.pth with the released
// checkpoint's PEFT names, turned into a model directory by tools/convert_uniadgen_checkpoint.py
// over a tiny bf16 Janus base (converted/ with "base_model": "../base"), and expected.json with the
// numbers Python computed from the tensors it made (tools/make_uniadgen_checkpoint_fixture.py).

std::filesystem::path checkpointFixture() { return std::filesystem::path(ADGEN_FIXTURES_DIR) / "uniadgen-checkpoint"; }

nlohmann::json expectedCheckpointValues() {
    std::ifstream in(checkpointFixture() / "expected.json");
    EXPECT_TRUE(in.good()) << "run tools/make_uniadgen_checkpoint_fixture.py";
    return nlohmann::json::parse(in);
}

torch::Tensor row(const nlohmann::json& values) { return torch::tensor(values.get<std::vector<float>>()); }

// A copy of converted/ in a temporary directory, whose config.json gets base_model = `baseModel`.
std::filesystem::path copyConverted(const testing::TempDir& dir, const std::string& baseModel) {
    const auto out = dir.path() / "converted";
    std::filesystem::copy(checkpointFixture() / "converted", out, std::filesystem::copy_options::recursive);
    std::ifstream in(out / "config.json");
    auto config = nlohmann::json::parse(in);
    in.close();
    config["base_model"] = baseModel;
    writeJson(out / "config.json", config);
    return out;
}

TEST(UniAdGenCheckpoint, ConvertedCheckpointLoadsWithNothingMissingOrLeftOver) {
    const auto expected = expectedCheckpointValues();
    const auto model = personalize::UniAdGenModel::load(checkpointFixture() / "converted", {});
    const auto& report = model->janus().loadReport();
    EXPECT_TRUE(report.missingKeys.empty());
    EXPECT_TRUE(report.shapeMismatches.empty());
    EXPECT_TRUE(report.unexpectedKeys.empty()) << report.unexpectedKeys.size() << " unexpected, first "
                                               << (report.unexpectedKeys.empty() ? "" : report.unexpectedKeys[0]);
    EXPECT_EQ(model->janus().config().baseDirectory, std::filesystem::weakly_canonical(checkpointFixture() / "base"));
    EXPECT_EQ(model->janus().config().language.hiddenSize, 64) << "the sizes come from the base's config";

    // The "uniadgen" section the converter read off the checkpoint's tensors.
    const auto& c = model->config();
    EXPECT_EQ(c.loraRank, expected["lora"]["rank"].get<int64_t>());
    EXPECT_DOUBLE_EQ(c.loraScale(), expected["lora"]["scale"].get<double>());
    EXPECT_EQ(c.historyLength, 3);
    EXPECT_EQ(c.historyTitleTokens, 5);
    EXPECT_EQ(c.historyImageTokens, 4);
    EXPECT_EQ(c.preference.ffDim, 128);
    EXPECT_EQ(c.foreground.conditionLayers, 2);
    EXPECT_EQ(c.foreground.dinoHidden, 32);
    EXPECT_EQ(c.foreground.dinoPositionGrid, 5);

    // added_tokens.json on top of the base's tokenizer.json, with the ids Python numbered.
    const auto* tokenizer = model->janus().tokenizer();
    ASSERT_NE(tokenizer, nullptr);
    for (const auto& [token, id] : expected["added_tokens"].items())
        EXPECT_EQ(tokenizer->tokenId(token).value_or(-1), id.get<int32_t>()) << token;
    EXPECT_NO_THROW(model->prompts());

    // The decoder embeds with the checkpoint's fine-tuned table, not the base's.
    const auto& embed = expected["embed_tokens"];
    for (size_t i = 0; i < embed["rows"].size(); ++i) {
        const auto id = embed["rows"][i].get<int64_t>();
        const auto got = model->janus().decoder().embed(torch::tensor({id}).view({1, 1})).flatten();
        EXPECT_TRUE(torch::equal(got, row(embed["values"][i]))) << "embed_tokens row " << id;
    }
}

TEST(UniAdGenCheckpoint, ConvertedTensorsAreThoseThePythonSideComputed) {
    // The store load() builds (base overlay + LoRA scale from the section), kept so the tensors
    // handed to the modules can be compared with expected.json.
    const auto expected = expectedCheckpointValues();
    const auto directory = checkpointFixture() / "converted";
    auto config = model::loadModelConfig(directory);
    const auto section = personalize::readUniAdGenConfig(config, "converted/config.json");
    ASSERT_TRUE(section.has_value());
    WeightStore::Options options;
    options.baseDirectory = config.baseDirectory;
    options.loraScale = section->loraScale();
    WeightStore weights(directory, options);
    weights.keepTakenTensors(true);
    auto tokenizer = model::JanusModel::readTokenizer(directory, config);
    const personalize::UniAdGenModel model(config, weights, std::move(tokenizer));
    const auto& taken = weights.takenTensors();
    const auto tensor = [&](const std::string& key) {
        const auto it = taken.find(key);
        EXPECT_NE(it, taken.end()) << key << " was not loaded";
        return it == taken.end() ? torch::zeros({1}) : it->second;
    };

    // q/k/v/o: W + alpha/r * B A, merged in float32.
    for (const auto& m : expected["merged"]) {
        const auto key = m["key"].get<std::string>();
        const auto w = tensor(key);
        EXPECT_EQ(w.sizes().vec(), m["shape"].get<std::vector<int64_t>>()) << key;
        for (size_t i = 0; i < m["rows"].size(); ++i) {
            const auto r = m["rows"][i].get<int64_t>();
            const auto diff = (w[r] - row(m["values"][i])).abs().max().item<double>();
            EXPECT_LT(diff, 1e-6) << key << " row " << r;
        }
    }
    auto merged = weights.loraMergedKeys();
    std::sort(merged.begin(), merged.end());
    EXPECT_EQ(merged, expected["lora"]["merged_modules"].get<std::vector<std::string>>());
    const auto& plain = expected["unmerged"];
    EXPECT_TRUE(torch::equal(tensor(plain["key"].get<std::string>())[plain["row"].get<int64_t>()], row(plain["values"])))
        << "a base weight without an adapter comes through unchanged";

    // The checkpoint's embed_tokens replaces the base's, whole.
    EXPECT_EQ(weights.replacedBaseKeys(), expected["replaced_base_keys"].get<std::vector<std::string>>());
    const auto& embed = expected["embed_tokens"];
    for (size_t i = 0; i < embed["rows"].size(); ++i)
        EXPECT_TRUE(torch::equal(tensor("language_model.model.embed_tokens.weight")[embed["rows"][i].get<int64_t>()],
                                 row(embed["values"][i])));

    // Preference modules, DINOv2 and the condition MLPs, indexed as Python did.
    for (const auto& t : expected["tensors"]) {
        const auto key = t["key"].get<std::string>();
        auto value = tensor(key);
        EXPECT_EQ(value.sizes().vec(), t["shape"].get<std::vector<int64_t>>()) << key;
        for (const auto i : t["index"].get<std::vector<int64_t>>()) value = value[i];
        EXPECT_TRUE(torch::equal(value.flatten(), row(t["values"]))) << key;
    }

    EXPECT_TRUE(weights.missingKeys().empty());
    EXPECT_TRUE(weights.unexpectedKeys().empty());
    const auto& report = model.janus().loadReport();
    EXPECT_TRUE(report.unexpectedKeys.empty());
    EXPECT_EQ(report.storedDtypeCounts.count("F32"), 0u) << "base and checkpoint are stored as bf16";
}

TEST(UniAdGenCheckpoint, ConvertedDirectoryFindsAnAbsoluteBaseToo) {
    testing::TempDir dir("uniadgen-checkpoint-absolute");
    const auto converted = copyConverted(dir, std::filesystem::absolute(checkpointFixture() / "base").string());
    const auto model = personalize::UniAdGenModel::load(converted, {});
    EXPECT_TRUE(model->janus().loadReport().unexpectedKeys.empty());
    EXPECT_EQ(model->janus().tokenizer()->tokenId("<title_placeholder>").value_or(-1),
              expectedCheckpointValues()["added_tokens"]["<title_placeholder>"].get<int32_t>());
}

TEST(UniAdGenCheckpoint, BaseModelThatIsNotThereIsAnErrorNamingIt) {
    testing::TempDir dir("uniadgen-checkpoint-nobase");
    const auto converted = copyConverted(dir, "../Janus-Pro-7B-not-here");
    const auto message = errorOf([&] { (void)personalize::UniAdGenModel::load(converted, {}); });
    EXPECT_NE(message.find("Janus-Pro-7B-not-here"), std::string::npos) << message;
    EXPECT_NE(message.find("base_model"), std::string::npos) << message;
}

TEST(UniAdGenCheckpoint, HalfALoraAdapterIsAnErrorNamingTheModule) {
    testing::TempDir dir("uniadgen-checkpoint-halflora");
    const auto converted = copyConverted(dir, std::filesystem::absolute(checkpointFixture() / "base").string());
    const std::string dropped = "language_model.model.layers.1.self_attn.v_proj.lora_B.default.weight";
    std::vector<std::pair<std::string, torch::Tensor>> kept;
    {
        const auto file = io::SafetensorsFile::open(converted / "uniadgen.safetensors");
        for (const auto& entry : file->entries())
            if (entry.name != dropped) kept.emplace_back(entry.name, file->read(entry, torch::kBFloat16).clone());
        ASSERT_EQ(kept.size() + 1, file->entries().size());
    }
    io::saveSafetensors(converted / "uniadgen.safetensors", kept);
    const auto message = errorOf([&] { (void)personalize::UniAdGenModel::load(converted, {}); });
    EXPECT_NE(message.find("language_model.model.layers.1.self_attn.v_proj"), std::string::npos) << message;
    EXPECT_NE(message.find("only one"), std::string::npos) << message;
}

}  // namespace
}  // namespace adgen
