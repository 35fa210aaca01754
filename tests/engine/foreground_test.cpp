// Uni-AdGen's foreground perception (DINOv2 + condition MLPs) against the reference code: the
// transformers 4.38.2 Dinov2Model and the newMLP2 / Dinov2_Adapter / ConditionEmbedder classes of
// Uni-AdGen's modified modeling_llama.py (fixture written by tools/make_foreground_fixtures.py).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "error_message.h"
#include "io/safetensors.h"
#include "model/weight_store.h"
#include "nn/foreground_condition.h"
#include "nn/vision_transformer_blocks.h"
#include "parity_fixture.h"

namespace {

using adgen::model::WeightStore;
using adgen::nn::ForegroundCondition;
using adgen::nn::ForegroundConfig;
using adgen::testing::expected;
using adgen::testing::parityDir;
using adgen::testing::relativeError;

const std::string kFixture = "foreground-tiny";
const std::string kPrefix = "language_model.model.";

ForegroundConfig fixtureConfig() {
    std::ifstream in(parityDir(kFixture) / "config.json");
    const auto j = nlohmann::json::parse(in);
    ForegroundConfig c;
    c.dim = j.at("dim");
    c.conditionLayers = j.at("condition_layers");
    c.gridSize = j.at("grid_size");
    c.imageSize = j.at("image_size");
    const auto& d = j.at("dinov2");
    c.dinov2.hidden = d.at("hidden");
    c.dinov2.layers = d.at("layers");
    c.dinov2.heads = d.at("heads");
    c.dinov2.mlp = d.at("mlp");
    c.dinov2.patch = d.at("patch");
    c.dinov2.positionGrid = d.at("position_grid");
    c.dinov2.lnEps = d.at("ln_eps");
    return c;
}

// The fixture's weights file only (its folder also holds expected.safetensors, which a WeightStore
// opened on the folder would read as unexpected tensors).
std::unique_ptr<WeightStore> fixtureStore() {
    const auto file = adgen::io::SafetensorsFile::open(parityDir(kFixture) / "model.safetensors");
    std::map<std::string, torch::Tensor> tensors;
    for (const auto& entry : file->entries()) tensors[entry.name] = file->read(entry, torch::kFloat32).clone();
    return std::make_unique<WeightStore>(std::move(tensors), WeightStore::Options{});
}

torch::Tensor fixtureTensor(const std::string& key) { return expected(kFixture, key); }

class ForegroundParity : public ::testing::Test {
protected:
    void SetUp() override {
        store_ = fixtureStore();
        condition_ = std::make_unique<ForegroundCondition>(*store_, fixtureConfig());
    }
    std::unique_ptr<WeightStore> store_;
    std::unique_ptr<ForegroundCondition> condition_;
};

void expectClose(const torch::Tensor& actual, const torch::Tensor& reference, const std::string& what,
                 double bound = 1e-5) {
    ASSERT_EQ(actual.sizes(), reference.sizes()) << what;
    const double err = relativeError(actual, reference);
    std::printf("[ foreground-tiny ] %s: max abs error %.3g, relative to the output scale %.3g\n", what.c_str(),
                (actual - reference).abs().max().item<double>(), err);
    EXPECT_LE(err, bound) << what;
}

TEST_F(ForegroundParity, LoadingTakesEveryTensorAndSetsTheUnusedOnesAside) {
    EXPECT_TRUE(store_->unexpectedKeys().empty()) << store_->unexpectedKeys().front();
    const auto ignored = store_->ignoredKeys();
    for (const auto* key : {"condition_mlp.uncond_embedding", "condition_projection.newfc1.weight",
                            "condition_projection.newfc2.weight"})
        EXPECT_NE(std::find(ignored.begin(), ignored.end(), kPrefix + key), ignored.end()) << key;
    EXPECT_EQ(ignored.size(), 3u);
}

TEST_F(ForegroundParity, ParameterCountIsEveryTensorTakenFromTheFile) {
    const auto file = adgen::io::SafetensorsFile::open(parityDir(kFixture) / "model.safetensors");
    int64_t stored = 0;
    for (const auto& entry : file->entries()) {
        int64_t n = 1;
        for (const auto d : entry.shape) n *= d;
        const bool unused = entry.name.find("condition_projection.") != std::string::npos ||
                            entry.name.find("uncond_embedding") != std::string::npos;
        if (!unused) stored += n;
    }
    EXPECT_EQ(condition_->parameterCount(), stored);
}

TEST_F(ForegroundParity, NearestResizeReadsTheSamePixelsAsTheReference) {
    const auto resized = ForegroundCondition::nearestResize(fixtureTensor("control"), fixtureTensor("resized").size(-1));
    EXPECT_TRUE(torch::equal(resized, fixtureTensor("resized")));
}

TEST(ForegroundResize, NearestResizeAtRealSizeReadsRowFloorOfDstTimes384Over336) {
    // Every pixel holds its row number, so the resized image says which source row each row read.
    const auto ramp = torch::arange(384, torch::kFloat32).view({1, 1, 384, 1}).expand({1, 1, 384, 384}).contiguous();
    const auto rows = ForegroundCondition::nearestResize(ramp, 336).select(3, 0).flatten().to(torch::kLong);
    EXPECT_TRUE(torch::equal(rows, fixtureTensor("nearest.rows_384_to_336").to(torch::kLong)));
    for (int64_t dst = 0; dst < 336; ++dst) EXPECT_EQ(rows[dst].item<int64_t>(), dst * 384 / 336) << dst;
}

TEST_F(ForegroundParity, Dinov2LastHiddenStateMatchesTheReference) {
    torch::NoGradGuard noGrad;
    expectClose(condition_->dinov2().forward(fixtureTensor("resized")), fixtureTensor("dinov2.last_hidden_state"), "dinov2");
}

TEST_F(ForegroundParity, ConditionTokensMatchTheReference) {
    torch::NoGradGuard noGrad;
    expectClose(condition_->conditionTokens(fixtureTensor("control")), fixtureTensor("condition_tokens"), "condition tokens");
}

TEST_F(ForegroundParity, EachLayerInjectionMatchesTheReference) {
    torch::NoGradGuard noGrad;
    const auto injections = condition_->layerInjections(fixtureTensor("condition_tokens"));
    ASSERT_EQ(injections.size(), 5u);
    for (size_t k = 0; k < injections.size(); ++k)
        expectClose(injections[k], fixtureTensor("injection." + std::to_string(k)), "injection " + std::to_string(k));
}

TEST(ForegroundPositions, TinyTableIsInterpolatedFrom5x5To4x4AsTheReferenceDoes) {
    const auto file = adgen::io::SafetensorsFile::open(parityDir(kFixture) / "model.safetensors");
    const auto table = file->read(*file->find(kPrefix + "adapter.model.embeddings.position_embeddings"), torch::kFloat32);
    expectClose(adgen::nn::vit::positionEmbeddingsFor(table, 56, 56, 14), fixtureTensor("tiny.position_embeddings"),
                "tiny position interpolation");
}

TEST(ForegroundPositions, RealSizeTableIsInterpolatedFrom37x37To24x24WithThePlusPointOneScale) {
    const auto table = fixtureTensor("real.position_table");
    const auto ours = adgen::nn::vit::positionEmbeddingsFor(table, 336, 336, 14);
    expectClose(ours, fixtureTensor("real.position_embeddings"), "real-size position interpolation", 1e-6);
    // Interpolating to size (24, 24) (newer transformers) maps coordinates by 37/24 instead of
    // 37/24.1: clearly different, so the test above can tell the two apart.
    const auto grid = table.slice(1, 1).reshape({1, 37, 37, 8}).permute({0, 3, 1, 2});
    const auto bySize = at::upsample_bicubic2d(grid, {24, 24}, false).permute({0, 2, 3, 1}).reshape({1, 576, 8});
    EXPECT_GT((bySize - fixtureTensor("real.position_embeddings").slice(1, 1)).abs().max().item<double>(), 0.05);
}

TEST(ForegroundPositions, TableIsUsedAsIsForASquareInputOfItsOwnGrid) {
    const auto table = torch::randn({1, 26, 4});
    EXPECT_TRUE(adgen::nn::vit::positionEmbeddingsFor(table, 70, 70, 14).is_same(table));
    EXPECT_EQ(adgen::nn::vit::positionEmbeddingsFor(table, 70, 84, 14).sizes(), (std::vector<int64_t>{1, 31, 4}));
}

TEST(ForegroundInjection, LayersZeroSixTwelveEighteenTwentyFourOfThirtyGetInjectionsZeroToFour) {
    auto store = fixtureStore();
    const ForegroundCondition condition(*store, fixtureConfig());
    std::vector<int64_t> layers, indices;
    for (int64_t layer = 0; layer < 30; ++layer)
        if (const auto k = condition.injectionIndexForLayer(layer)) {
            layers.push_back(layer);
            indices.push_back(*k);
        }
    EXPECT_EQ(layers, (std::vector<int64_t>{0, 6, 12, 18, 24}));
    EXPECT_EQ(indices, (std::vector<int64_t>{0, 1, 2, 3, 4}));
    EXPECT_FALSE(condition.injectionIndexForLayer(30).has_value());  // would be condition_layers[5]
    EXPECT_FALSE(condition.injectionIndexForLayer(-6).has_value());
}

TEST(ForegroundRealSize, A384ControlThroughDinov2SmallGives576TokensPerImage) {
    // The released sizes (DINOv2-small, 37x37 table, 384 control, 24x24 grid) with random weights
    // and a narrow LLM width: the real-size path runs end to end (resize to 336, table to 24x24).
    torch::NoGradGuard noGrad;
    WeightStore::Options options;
    options.randomFill = true;
    options.randomSeed = 7;
    WeightStore store(std::map<std::string, torch::Tensor>{}, options);
    ForegroundConfig config;
    config.dim = 64;
    const ForegroundCondition condition(store, config);
    const auto tokens = condition.conditionTokens(torch::rand({1, 3, 384, 384}) * 2 - 1);
    EXPECT_EQ(tokens.sizes(), (std::vector<int64_t>{1, 576, 64}));
    EXPECT_TRUE(torch::isfinite(tokens).all().item<bool>());
    EXPECT_EQ(condition.dinov2().parameterCount(), 22056576);  // dinov2-small with mask token
}

TEST_F(ForegroundParity, AControlOfAnotherSizeIsAClearError) {
    for (const auto& shape : std::vector<std::vector<int64_t>>{{2, 3, 63, 63}, {2, 3, 384, 384}, {2, 1, 64, 64}, {3, 64, 64}}) {
        const auto message = errorOf([&] { (void)condition_->conditionTokens(torch::zeros(shape)); });
        EXPECT_NE(message.find("[batch, 3, 64, 64]"), std::string::npos) << message;
        EXPECT_NE(message.find(adgen::io::shapeString(shape)), std::string::npos) << message;
    }
    EXPECT_NE(errorOf([&] { (void)condition_->layerInjections(torch::zeros({2, 16, 40})); }).find("[batch, tokens, 48]"),
              std::string::npos);
}

TEST(ForegroundConfigErrors, UnsetWidthAndAControlSizeThatIsNotSixteenPixelsPerTokenAreRefused) {
    auto store = fixtureStore();
    auto config = fixtureConfig();
    config.dim = 0;
    EXPECT_NE(errorOf([&] { (void)ForegroundCondition(*store, config); }).find("hidden size"), std::string::npos);
    config = fixtureConfig();
    config.imageSize = 60;
    EXPECT_NE(errorOf([&] { (void)ForegroundCondition(*store, config); }).find("gridSize * 16"), std::string::npos);
}

TEST(ForegroundConfigErrors, AWrongShapeNamesTheTensorAndBothShapes) {
    auto store = fixtureStore();
    auto config = fixtureConfig();
    config.dim = 64;  // the file's MLPs are 48 wide
    const auto message = errorOf([&] { (void)ForegroundCondition(*store, config); });
    EXPECT_NE(message.find(kPrefix + "adapter_mlp.newfc1.weight"), std::string::npos) << message;
    EXPECT_NE(message.find("[48, 32]"), std::string::npos) << message;
    EXPECT_NE(message.find("[64, 32]"), std::string::npos) << message;

    auto deeper = fixtureConfig();
    deeper.dinov2.layers = 3;
    const auto missing = errorOf([&] { (void)ForegroundCondition(*fixtureStore(), deeper); });
    EXPECT_NE(missing.find(kPrefix + "adapter.model.encoder.layer.2."), std::string::npos) << missing;
}

}  // namespace
