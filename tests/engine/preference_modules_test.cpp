// Uni-AdGen's Multimodal Preference Extraction modules (model-spec 2.6): the visual and text
// similarity-mask transformers and the dual-modality fusion encoder, against Uni-AdGen's own
// classes (fixture written by tools/make_preference_fixtures.py), plus the properties the
// pipeline relies on.

#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>
#include <torch/torch.h>

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "error_message.h"
#include "io/safetensors.h"
#include "model/weight_store.h"
#include "nn/dual_modality_fusion.h"
#include "nn/similarity_mask_transformer.h"
#include "parity_fixture.h"

namespace {

using adgen::model::WeightStore;
using adgen::nn::DualModalityFusionConfig;
using adgen::nn::DualModalityFusionEncoder;
using adgen::nn::SimilarityMaskConfig;
using adgen::nn::SimilarityMaskTransformer;

const std::string kFixture = "preference-tiny";
const std::string kVisual = "visual_mask_generator.";
const std::string kText = "text_mask_generator.";
const std::string kFusion = "dual_modality_fusion_encoder.";

// The fixture's sizes (tools/make_preference_fixtures.py).
constexpr int64_t kDim = 32;
const SimilarityMaskConfig kVisualConfig{kDim, 4, 64, 2, /*tokensPerItem=*/8};
const SimilarityMaskConfig kTextConfig{kDim, 4, 64, 2, /*tokensPerItem=*/5};
const DualModalityFusionConfig kFusionConfig{kDim, 4, 64, 2, /*imageTokens=*/8, /*textTokens=*/5};

// fp32 on both sides; measured differences are a few 1e-7 of the output scale.
constexpr double kTolerance = 1e-5;

std::map<std::string, torch::Tensor> fixtureTensors() {
    const auto file = adgen::io::SafetensorsFile::open(adgen::testing::parityDir(kFixture) / "model.safetensors");
    std::map<std::string, torch::Tensor> out;
    for (const auto& entry : file->entries()) out[entry.name] = file->read(entry, torch::kFloat32).clone();
    return out;
}

WeightStore::Options options(torch::ScalarType dtype = torch::kFloat32) {
    WeightStore::Options o;
    o.dtype = dtype;
    o.strict = true;
    return o;
}

// All three modules from one store, as the released checkpoint holds them side by side.
struct Modules {
    std::unique_ptr<WeightStore> store;
    std::unique_ptr<SimilarityMaskTransformer> visual, text;
    std::unique_ptr<DualModalityFusionEncoder> fusion;

    explicit Modules(torch::ScalarType dtype = torch::kFloat32)
        : store(std::make_unique<WeightStore>(fixtureTensors(), options(dtype))),
          visual(std::make_unique<SimilarityMaskTransformer>(*store, kVisualConfig, kVisual)),
          text(std::make_unique<SimilarityMaskTransformer>(*store, kTextConfig, kText)),
          fusion(std::make_unique<DualModalityFusionEncoder>(*store, kFusionConfig, kFusion)) {}
};

const Modules& modules() {
    static const Modules m;
    return m;
}

torch::Tensor reference(const std::string& key) { return adgen::testing::expected(kFixture, key); }

at::Generator cpuGenerator(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

torch::Tensor gumbel(int64_t rows, int64_t tokens, uint64_t seed) {
    return SimilarityMaskTransformer::drawGumbelNoise(rows, tokens, cpuGenerator(seed),
                                                      torch::TensorOptions().dtype(torch::kFloat32));
}

void report(const std::string& what, const torch::Tensor& actual, const torch::Tensor& reference) {
    std::printf("[ %s ] max abs error %.3g, relative to the output scale %.3g\n", what.c_str(),
                (actual - reference).abs().max().item<double>(), adgen::testing::relativeError(actual, reference));
}

// ---------------------------------------------------------------------------------------------
// Parity with the reference classes

TEST(PreferenceCheckpoint, LoadingTakesEveryTensorTheReferenceModulesHave) {
    // model.safetensors holds the three reference modules' state_dict() keys under the released
    // prefixes; nothing may be left over (or the real checkpoint would load with holes).
    const auto& store = *modules().store;
    EXPECT_TRUE(store.unexpectedKeys().empty()) << store.unexpectedKeys().front();
    EXPECT_TRUE(store.missingKeys().empty());
    EXPECT_EQ(modules().visual->parameterCount() + modules().text->parameterCount() +
                  modules().fusion->parameterCount(),
              [] {
                  int64_t n = 0;
                  for (const auto& [key, t] : fixtureTensors()) n += t.numel();
                  return n;
              }());
}

class PreferenceParity : public ::testing::TestWithParam<std::string> {
protected:
    torch::Tensor fx(const std::string& key) const { return reference(GetParam() + "." + key); }

    void expectMaskGeneratorMatches(const SimilarityMaskTransformer& module, const std::string& side,
                                    const std::string& inputKey) const {
        torch::NoGradGuard noGrad;
        torch::Tensor kept;
        const auto output = module.forward(fx(inputKey), fx(side + ".noise"), kept);
        ASSERT_EQ(output.sizes(), fx(side + ".output").sizes());
        ASSERT_EQ(kept.sizes(), fx(side + ".kept").sizes());
        EXPECT_TRUE(torch::equal(kept, fx(side + ".kept").to(torch::kBool)))
            << (kept != fx(side + ".kept").to(torch::kBool)).sum().item<int64_t>() << " tokens differ";
        report(GetParam() + " " + side, output, fx(side + ".output"));
        EXPECT_LE(adgen::testing::relativeError(output, fx(side + ".output")), kTolerance);
    }
};

TEST_P(PreferenceParity, VisualMaskGeneratorKeepsTheReferenceTokensAndMatchesItsOutput) {
    expectMaskGeneratorMatches(*modules().visual, "visual", "image_tokens");
}

TEST_P(PreferenceParity, TextMaskGeneratorKeepsTheReferenceTokensAndMatchesItsOutput) {
    expectMaskGeneratorMatches(*modules().text, "text", "title_tokens");
}

TEST_P(PreferenceParity, FusionOfTheReferenceMaskOutputsMatchesTheReference) {
    torch::NoGradGuard noGrad;
    const auto [image, text] = modules().fusion->forward(fx("visual.output"), fx("text.output"));
    ASSERT_EQ(image.sizes(), fx("fusion.image").sizes());
    ASSERT_EQ(text.sizes(), fx("fusion.text").sizes());
    report(GetParam() + " fusion image", image, fx("fusion.image"));
    report(GetParam() + " fusion text", text, fx("fusion.text"));
    EXPECT_LE(adgen::testing::relativeError(image, fx("fusion.image")), kTolerance);
    EXPECT_LE(adgen::testing::relativeError(text, fx("fusion.text")), kTolerance);
}

TEST_P(PreferenceParity, WholeChainFromHistoryTokensMatchesPrepareInputsEmbeds) {
    // Mask generators, then fusion, as prepare_inputs_embeds chains them, with the reference's noise.
    torch::NoGradGuard noGrad;
    const auto visual = modules().visual->forward(fx("image_tokens"), fx("visual.noise"));
    const auto text = modules().text->forward(fx("title_tokens"), fx("text.noise"));
    const auto [image, title] = modules().fusion->forward(visual, text);
    report(GetParam() + " chain image", image, fx("fusion.image"));
    report(GetParam() + " chain text", title, fx("fusion.text"));
    EXPECT_LE(adgen::testing::relativeError(image, fx("fusion.image")), kTolerance);
    EXPECT_LE(adgen::testing::relativeError(title, fx("fusion.text")), kTolerance);
}

TEST_P(PreferenceParity, DrawGumbelNoiseReproducesTorchsDrawsFromTheSameSeed) {
    // The reference seeded torch's global CPU generator with noise_seed right before each mask
    // generator ran; gumbel_softmax drew from it. Same ATen kernel, same stream: bit for bit.
    for (const std::string side : {"visual", "text"}) {
        const auto expected = fx(side + ".noise");
        const auto seed = fx(side + ".noise_seed").item<int64_t>();
        const auto noise = gumbel(expected.size(0), expected.size(1), static_cast<uint64_t>(seed));
        EXPECT_TRUE(torch::equal(noise, expected))
            << side << ": max diff " << (noise - expected).abs().max().item<double>();
    }
}

INSTANTIATE_TEST_SUITE_P(Fixture, PreferenceParity, ::testing::Values("main", "single", "lengths"),
                         [](const auto& fixture) { return fixture.param; });

// ---------------------------------------------------------------------------------------------
// Properties of the similarity mask

// LN(b_out) with the fixture's layer_norm parameters: what a token whose features were zeroed becomes.
torch::Tensor layerNormOfOutputBias(const std::string& prefix) {
    const auto t = fixtureTensors();
    const auto layer = prefix + "similarity_mask_layer.";
    return at::layer_norm(t.at(layer + "output_projection.bias"), {kDim}, t.at(layer + "layer_norm.weight"),
                          t.at(layer + "layer_norm.bias"), 1e-5);
}

TEST(PreferenceMask, EveryDroppedTokenComesOutAsLayerNormOfTheOutputBias) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(7);
    const auto x = torch::randn({2, 4, 8, kDim});
    torch::Tensor kept;
    const auto out = modules().visual->forward(x, gumbel(2, 32, 11), kept);
    const auto dropped = out.masked_select(kept.logical_not().unsqueeze(-1)).view({-1, kDim});
    ASSERT_EQ(dropped.size(0), 2 * 32 - kept.sum().item<int64_t>());
    const auto expected = layerNormOfOutputBias(kVisual).expand_as(dropped);
    EXPECT_LE((dropped - expected).abs().max().item<double>(), 1e-6);
    // ... and no kept token does (their features survive the mask).
    const auto survivors = out.masked_select(kept.unsqueeze(-1)).view({-1, kDim});
    EXPECT_GT((survivors - layerNormOfOutputBias(kVisual)).abs().amax(-1).min().item<double>(), 1e-2);
}

TEST(PreferenceMask, KeepsExactlyIntOf0point4TimesTheHistoryTokensPerUser) {
    torch::NoGradGuard noGrad;
    // {items, tokens per item, kept}: the released shapes (10 images of 64 tokens -> 256, 10 titles
    // of 30 -> 120; Python's int(0.4 * 640) truncates 256.00000000000003) and small ones.
    torch::manual_seed(1);
    const struct {
        int64_t items, tokens, kept;
    } cases[] = {{10, 64, 256}, {10, 30, 120}, {3, 8, 9}, {1, 8, 3}, {1, 1, 0}, {2, 5, 4}};
    for (const auto& c : cases) {
        const auto S = c.items * c.tokens;
        EXPECT_EQ(modules().visual->keptCount(S), c.kept) << S;
        torch::Tensor kept;
        const auto out = modules().visual->forward(torch::randn({2, c.items, c.tokens, kDim}), gumbel(2, S, 5), kept);
        EXPECT_EQ(out.sizes(), (std::vector<int64_t>{2, c.items, c.tokens, kDim}));
        EXPECT_TRUE(torch::equal(kept.view({2, S}).sum(1), torch::full({2}, c.kept, torch::kLong))) << S;
    }
}

TEST(PreferenceMask, TheNoiseDecidesWhichTokensSurvive) {
    // Same history, two draws: the kept sets differ (stage 1 and stage 2 differ this way), and a
    // token kept in both comes out the same.
    torch::NoGradGuard noGrad;
    torch::manual_seed(3);
    const auto x = torch::randn({1, 10, 8, kDim});
    torch::Tensor keptA, keptB;
    const auto a = modules().visual->forward(x, gumbel(1, 80, 1), keptA);
    const auto b = modules().visual->forward(x, gumbel(1, 80, 2), keptB);
    EXPECT_FALSE(torch::equal(keptA, keptB));
    const auto both = (keptA & keptB).unsqueeze(-1);
    EXPECT_LE((a - b).masked_select(both).abs().max().item<double>(), 1e-5);
}

TEST(PreferenceMask, DrawGumbelNoiseIsDeterministicPerGeneratorSeed) {
    const auto a = gumbel(3, 1000, 42);
    EXPECT_EQ(a.sizes(), (std::vector<int64_t>{3, 1000}));
    EXPECT_TRUE(torch::equal(a, gumbel(3, 1000, 42)));
    EXPECT_FALSE(torch::equal(a, gumbel(3, 1000, 43)));
    // One generator, two draws: the stream moves on.
    auto generator = cpuGenerator(42);
    const auto options = torch::TensorOptions().dtype(torch::kFloat32);
    const auto first = SimilarityMaskTransformer::drawGumbelNoise(3, 1000, generator, options);
    const auto second = SimilarityMaskTransformer::drawGumbelNoise(3, 1000, generator, options);
    EXPECT_TRUE(torch::equal(first, a));
    EXPECT_FALSE(torch::equal(first, second));
    // Standard Gumbel: mean is the Euler-Mascheroni constant 0.5772, variance pi^2/6 = 1.645.
    EXPECT_NEAR(a.mean().item<double>(), 0.5772, 0.06);
    EXPECT_NEAR(a.var().item<double>(), 1.645, 0.15);
}

TEST(PreferenceMask, NoHistoryGivesAnEmptyResult) {
    torch::NoGradGuard noGrad;
    torch::Tensor kept;
    const auto out = modules().visual->forward(torch::zeros({2, 0, 8, kDim}), torch::zeros({2, 0}), kept);
    EXPECT_EQ(out.sizes(), (std::vector<int64_t>{2, 0, 8, kDim}));
    EXPECT_EQ(kept.sizes(), (std::vector<int64_t>{2, 0, 8}));
}

TEST(PreferenceMask, BadInputShapesAreErrorsThatSayWhatIsExpected) {
    torch::NoGradGuard noGrad;
    const auto& visual = *modules().visual;
    EXPECT_NE(errorOf([&] { visual.forward(torch::zeros({2, 3, 8, 16}), torch::zeros({2, 24})); })
                  .find("visual_mask_generator got history tokens of shape [2, 3, 8, 16]"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { visual.forward(torch::zeros({3, 8, kDim}), torch::zeros({3, 8})); }).find("[batch, items"),
              std::string::npos);
    const auto noise = errorOf([&] { visual.forward(torch::zeros({2, 3, 8, kDim}), torch::zeros({2, 8})); });
    EXPECT_NE(noise.find("Gumbel noise of shape [2, 8]"), std::string::npos) << noise;
    EXPECT_NE(noise.find("needs [2, 24]"), std::string::npos) << noise;
}

// ---------------------------------------------------------------------------------------------
// Fusion encoder behaviours

TEST(PreferenceFusion, DifferentBatchSizesAreAnError) {
    torch::NoGradGuard noGrad;
    const auto& fusion = *modules().fusion;
    const auto message = errorOf([&] { fusion.forward(torch::zeros({2, 3, 8, kDim}), torch::zeros({1, 3, 5, kDim})); });
    EXPECT_NE(message.find("image tokens for 2 users but title tokens for 1"), std::string::npos) << message;
    const auto width = errorOf([&] { fusion.forward(torch::zeros({2, 3, 8, kDim}), torch::zeros({2, 3, 5, 8})); });
    EXPECT_NE(width.find("title tokens of shape [2, 3, 5, 8]"), std::string::npos) << width;
}

TEST(PreferenceFusion, ItemsMissingOnOneSideLeaveTheOtherSideFused) {
    torch::NoGradGuard noGrad;
    torch::manual_seed(5);
    const auto titles = torch::randn({2, 3, 5, kDim});
    const auto [image, text] = modules().fusion->forward(torch::zeros({2, 0, 8, kDim}), titles);
    EXPECT_EQ(image.sizes(), (std::vector<int64_t>{2, 0, kDim}));
    EXPECT_EQ(text.sizes(), (std::vector<int64_t>{2, 15, kDim}));
    EXPECT_TRUE(torch::isfinite(text).all().item<bool>());
    const auto [noImage, noText] =
        modules().fusion->forward(torch::zeros({2, 0, 8, kDim}), torch::zeros({2, 0, 5, kDim}));
    EXPECT_EQ(noImage.sizes(), (std::vector<int64_t>{2, 0, kDim}));
    EXPECT_EQ(noText.sizes(), (std::vector<int64_t>{2, 0, kDim}));
}

TEST(PreferenceFusion, Bf16WeightsStayNearTheFp32Reference) {
    torch::NoGradGuard noGrad;
    const Modules bf16(torch::kBFloat16);
    const auto [image, text] = bf16.fusion->forward(reference("main.visual.output"), reference("main.text.output"));
    EXPECT_EQ(image.scalar_type(), torch::kBFloat16);
    const double err = adgen::testing::relativeError(image, reference("main.fusion.image"));
    std::printf("[ main fusion, bf16 weights ] relative %.3g\n", err);
    EXPECT_LE(err, 0.05);
    EXPECT_LE(adgen::testing::relativeError(text, reference("main.fusion.text")), 0.05);
}

// ---------------------------------------------------------------------------------------------
// Loading

TEST(PreferenceLoading, AWronglyShapedTensorIsAnErrorNamingTheKey) {
    for (const std::string& key : {kVisual + "base_transformer.transformer_layers.1.attn.value.weight",
                                   kText + "similarity_mask_layer.output_projection.bias",
                                   kFusion + "modality_embeddings.weight",
                                   kFusion + "cross_modal_layers.0.ff.0.weight"}) {
        auto tensors = fixtureTensors();
        tensors[key] = torch::zeros({3, 7});
        WeightStore store(std::move(tensors), options());
        const auto message = errorOf([&] {
            SimilarityMaskTransformer visual(store, kVisualConfig, kVisual);
            SimilarityMaskTransformer text(store, kTextConfig, kText);
            DualModalityFusionEncoder fusion(store, kFusionConfig, kFusion);
        });
        EXPECT_NE(message.find("The tensor " + key + " in memory has shape [3, 7]"), std::string::npos) << message;
    }
}

TEST(PreferenceLoading, AConfigThatDisagreesWithTheCheckpointNamesTheTable) {
    auto tensors = fixtureTensors();
    WeightStore store(std::move(tensors), options());
    auto config = kTextConfig;
    config.tokensPerItem = 30;  // the released size, but this checkpoint's table has 5 rows
    const auto message = errorOf([&] { SimilarityMaskTransformer text(store, config, kText); });
    EXPECT_NE(message.find(kText + "base_transformer.pos_encoding"), std::string::npos) << message;
}

TEST(PreferenceLoading, AMissingTensorIsAnErrorNamingIt) {
    auto tensors = fixtureTensors();
    tensors.erase(kFusion + "final_norm.bias");
    WeightStore store(std::move(tensors), options());
    const auto message = errorOf([&] { DualModalityFusionEncoder fusion(store, kFusionConfig, kFusion); });
    EXPECT_NE(message.find("no tensor " + kFusion + "final_norm.bias"), std::string::npos) << message;
}

TEST(PreferenceLoading, ImpossibleConfigsAreErrors) {
    WeightStore store(fixtureTensors(), options());
    auto config = kVisualConfig;
    config.heads = 5;
    EXPECT_NE(errorOf([&] { SimilarityMaskTransformer m(store, config, kVisual); }).find("not a multiple of heads 5"),
              std::string::npos);
    config = kVisualConfig;
    config.keepRate = 1.5;
    EXPECT_NE(errorOf([&] { SimilarityMaskTransformer m(store, config, kVisual); }).find("keepRate"),
              std::string::npos);
    auto fusion = kFusionConfig;
    fusion.textTokens = 0;
    EXPECT_NE(errorOf([&] { DualModalityFusionEncoder m(store, fusion, kFusion); }).find("must be positive"),
              std::string::npos);
}

}  // namespace
