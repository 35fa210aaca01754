// The two-stage Uni-AdGen pipeline on a tiny random model: prompt embeddings with the fused
// history in their slots, seeds that alone decide a variant, the foreground condition steering
// only the image stage, fixed titles skipping stage 1, and a stopped variant.

#include "generate/factual_constraint.h"
#include "personalize/personalized_generation.h"
#include "uniadgen_test_support.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

namespace adgen {
namespace {

using namespace personalize;

class PersonalizedGenerationTest : public ::testing::Test {
protected:
    PersonalizedGenerationTest() : model(makeModel()) {}

    static std::unique_ptr<UniAdGenModel> makeModel() {
        model::WeightStore::Options options;
        options.randomFill = true;
        options.randomSeed = 11;
        model::WeightStore weights(std::map<std::string, torch::Tensor>{}, options);
        return std::make_unique<UniAdGenModel>(testing::tinyUniAdGenModelConfig(), weights, testing::tinyUniAdGenTokenizer());
    }

    HistoryFeatures history(uint64_t seed, int64_t count = 3) const {
        torch::manual_seed(seed);
        const auto size = model->config().historyImageSize;
        std::vector<std::string> titles;
        for (int64_t i = 0; i < count; ++i) titles.push_back("steel mug " + std::to_string(seed + i));
        return encodeHistory(*model, torch::rand({count, 3, size, size}) * 2 - 1, titles);
    }

    torch::Tensor control(uint64_t seed) const {
        torch::manual_seed(seed);
        const auto side = model->janus().config().generation.gridSize * 16;
        return torch::rand({3, side, side}) * 2 - 1;
    }

    PersonalizedRequest request(std::vector<uint64_t> seeds) const {
        PersonalizedRequest r;
        r.brief = {"steel, leak-proof", "Steel mug 300ml"};
        r.control = [c = control(5)] { return c; };
        r.history = history(1);
        r.seeds = std::move(seeds);
        r.maxTitleTokens = 6;
        r.titleSampling.topK = 50;
        return r;
    }

    std::unique_ptr<UniAdGenModel> model;
};

TEST_F(PersonalizedGenerationTest, SlotsHoldTheFusedHistoryAndEverythingElseTheTokenEmbeddings) {
    const auto h = history(1);
    const auto ids = model->prompts().stage1({"steel", "Steel mug"}, 3);
    const auto generator = generate::makeGenerator(3);
    PreferenceTrace trace;
    const auto embeds = promptEmbeddings(*model, ids, h, generator, &trace);
    const auto plain = model->janus().decoder().embed(torch::tensor(ids).view({1, -1})).squeeze(0);
    const auto idTensor = torch::tensor(ids);
    const auto slots = (idTensor == model->prompts().ids().titlePlaceholder) | (idTensor == model->prompts().ids().imagePlaceholder);
    EXPECT_TRUE(torch::equal(embeds.index({~slots}), plain.index({~slots})));
    EXPECT_GT((embeds.index({slots}) - plain.index({slots})).abs().max().item<double>(), 1e-3);
    // keep rate 0.4 of 3 x 4 image tokens and 3 x 5 title tokens
    EXPECT_EQ(trace.keptImageTokens.sum().item<int64_t>(), 4);
    EXPECT_EQ(trace.keptTitleTokens.sum().item<int64_t>(), 6);
    // Fresh noise on a second call (the reference's two stages draw twice).
    PreferenceTrace again;
    promptEmbeddings(*model, ids, h, generator, &again);
    EXPECT_FALSE(torch::equal(trace.keptImageTokens, again.keptImageTokens) &&
                 torch::equal(trace.keptTitleTokens, again.keptTitleTokens));
}

TEST_F(PersonalizedGenerationTest, AVariantDependsOnItsSeedOnly) {
    const auto pair = generatePersonalized(*model, request({21, 22}), {});
    const auto alone = generatePersonalized(*model, request({22}), {});
    const auto repeat = generatePersonalized(*model, request({21, 22}), {});
    ASSERT_EQ(pair.size(), 2u);
    EXPECT_EQ(pair[1].titleIds, alone[0].titleIds);
    EXPECT_TRUE(torch::equal(pair[1].imageTokens, alone[0].imageTokens));
    EXPECT_EQ(pair[0].titleIds, repeat[0].titleIds);
    EXPECT_TRUE(torch::equal(pair[0].imageTokens, repeat[0].imageTokens));
    EXPECT_FALSE(torch::equal(pair[0].imageTokens, pair[1].imageTokens));
    EXPECT_EQ(pair[0].imageTokens.numel(), 16);
    EXPECT_GE(pair[0].imageTokens.min().item<int64_t>(), 0);
}

TEST_F(PersonalizedGenerationTest, TheProductSteersTheImageButNotTheTitle) {
    auto a = request({7});
    auto b = request({7});
    b.control = [c = control(99)] { return c; };
    const auto withA = generatePersonalized(*model, a, {});
    const auto withB = generatePersonalized(*model, b, {});
    EXPECT_EQ(withA[0].titleIds, withB[0].titleIds);
    EXPECT_FALSE(torch::equal(withA[0].imageTokens, withB[0].imageTokens));
}

TEST_F(PersonalizedGenerationTest, InjectionsAreScaledConditionLayersOfTheProduct) {
    const auto injections = foregroundInjections(*model, control(5));
    ASSERT_EQ(injections.size(), 2u);
    const auto tokens = model->foreground().conditionTokens(control(5).unsqueeze(0));
    const auto layers = model->foreground().layerInjections(tokens);
    EXPECT_LT((injections[1] - 1.5 * layers[1].squeeze(0)).abs().max().item<double>(), 1e-6);
    EXPECT_EQ(injections[0].size(0), 16);
}

TEST_F(PersonalizedGenerationTest, AFixedTitleSkipsStageOne) {
    auto r = request({3, 4});
    r.fixedTitles = {std::string("Steel mug"), std::nullopt};
    int firstVariantTokens = 0;
    PersonalizedCallbacks callbacks;
    callbacks.onTitleToken = [&](int variant, int64_t) { firstVariantTokens += variant == 0; };
    const auto out = generatePersonalized(*model, r, callbacks);
    EXPECT_EQ(firstVariantTokens, 0);
    EXPECT_EQ(out[0].title, "Steel mug");
    EXPECT_EQ(out[0].titleSection, "<prompt>Steel mug</prompt>");
    EXPECT_TRUE(out[0].titleIds.empty());
}

TEST_F(PersonalizedGenerationTest, FactualCopyConstrainsTheTitlesWrittenAndKeepsAFixedOne) {
    auto r = request({21, 22, 23});
    r.factualCopy = true;
    r.maxTitleTokens = 8;
    r.fixedTitles = {std::nullopt, std::string("Best mug in town"), std::nullopt};  // rows 0 and 1 are variants 0 and 2
    const auto out = generatePersonalized(*model, r, {});
    EXPECT_EQ(out[1].title, "Best mug in town");
    const auto& tokenizer = *model->janus().tokenizer();
    const generate::FactualConstraint language(tokenizer, {r.brief.wordList}, {}, 1, tokenizer.size());
    for (int v : {0, 2}) {
        const auto& variant = out[static_cast<size_t>(v)];
        EXPECT_TRUE(language.permits(variant.title)) << v << ": " << variant.title;
        // The random model never closes its title within 8 tokens: the title is cut off, trimmed
        // back to whole words and closed, rather than left empty.
        EXPECT_FALSE(variant.titleIds.empty());
        EXPECT_LE(variant.titleIds.size(), 8u);
        const std::vector<int32_t> ids(variant.titleIds.begin(), variant.titleIds.end());
        EXPECT_EQ(variant.titleSection, "<prompt>" + tokenizer.decode(ids, false) + "</prompt>");
    }
}

TEST_F(PersonalizedGenerationTest, AStoppedVariantEndsWhileTheOtherFinishes) {
    auto r = request({3, 4});
    int imageSteps = 0;
    PersonalizedCallbacks callbacks;
    callbacks.onImageStep = [&](const generate::ImageStep&) { ++imageSteps; };
    callbacks.stopped = [&](int variant) { return variant == 0 && imageSteps >= 5; };
    const auto out = generatePersonalized(*model, r, callbacks);
    EXPECT_EQ((out[0].imageTokens >= 0).sum().item<int64_t>(), 5);
    EXPECT_EQ((out[1].imageTokens >= 0).sum().item<int64_t>(), 16);
}

TEST_F(PersonalizedGenerationTest, NoHistoryRunsWithoutSlots) {
    auto r = request({8});
    r.history = history(1, 0);
    const auto out = generatePersonalized(*model, r, {});
    EXPECT_EQ((out[0].imageTokens >= 0).sum().item<int64_t>(), 16);
}

}  // namespace
}  // namespace adgen
