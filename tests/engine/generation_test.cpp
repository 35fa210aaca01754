// The generation loops: greedy CFG image tokens against the reference loop's fixtures, and the
// properties variants rely on (CFG weight 1, seeds, stopping, text stop conditions).

#include "generate/image_generation.h"
#include "generate/prompt_batch.h"
#include "generate/text_generation.h"
#include "model/janus_model.h"
#include "parity_fixture.h"
#include "tiny_model.h"

#include <gtest/gtest.h>

namespace adgen {
namespace {

using testing::expected;
using testing::parityDir;

generate::ImagePrompt interleavedPrompt(const model::JanusModel& m, const std::vector<std::vector<int64_t>>& conds,
                                        int64_t pad, const std::vector<std::vector<int64_t>>& unconds = {}) {
    std::vector<std::vector<int64_t>> rows;
    for (size_t i = 0; i < conds.size(); ++i) {
        rows.push_back(conds[i]);
        rows.push_back(unconds.empty() ? generate::unconditionalIds(conds[i], pad) : unconds[i]);
    }
    const auto padded = generate::leftPad(rows, pad);
    return {m.decoder().embed(padded.ids), padded.valid};
}

std::vector<int64_t> row(const torch::Tensor& t) { return {t.data_ptr<int64_t>(), t.data_ptr<int64_t>() + t.numel()}; }

class CfgParity : public ::testing::TestWithParam<std::string> {};

TEST_P(CfgParity, GreedyGuidedTokensMatchTheReferenceLoop) {
    torch::NoGradGuard noGrad;
    const auto model = model::JanusModel::load(parityDir(GetParam()), {});
    const auto prompts = expected(GetParam(), "cfg.prompt_ids").to(torch::kInt64).contiguous();
    const auto prompt = interleavedPrompt(*model, {row(prompts[0].contiguous()), row(prompts[1].contiguous())}, 3);
    generate::ImageGenerationOptions options;
    options.cfgWeight = 5.0;
    options.sampling.temperature = 0.0;  // greedy, as the fixture
    options.seeds = {1, 2};
    const auto tokens = generate::generateImageTokens(*model, prompt, options, {}, {});
    EXPECT_TRUE(torch::equal(tokens, expected(GetParam(), "cfg.tokens").to(torch::kInt64)))
        << tokens << "\nexpected\n" << expected(GetParam(), "cfg.tokens");
}

INSTANTIATE_TEST_SUITE_P(TinyConfigs, CfgParity, ::testing::Values("llm-tiny", "llm-tiny-gqa"),
                         [](const auto& param) { return param.param == "llm-tiny" ? std::string("Mha") : std::string("Gqa"); });

class TinyModel : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        dir_ = new testing::TempDir("generation");
        testing::writeTinyModel(dir_->path());
        model_ = model::JanusModel::load(dir_->path(), {}).release();
    }
    static void TearDownTestSuite() {
        delete model_;
        delete dir_;
    }
    const model::JanusModel& model() const { return *model_; }
    std::vector<int64_t> promptIds(const std::string& text) const {
        const auto ids = model().tokenizer()->encode(model().chatPrompt(text) + "<begin_of_image>");
        return {ids.begin(), ids.end()};
    }
    torch::Tensor image(const std::vector<std::vector<int64_t>>& conds, std::vector<uint64_t> seeds, double cfg = 5.0,
                        const std::vector<std::vector<int64_t>>& unconds = {},
                        const generate::VariantStopped& stopped = {}) const {
        generate::ImageGenerationOptions options;
        options.cfgWeight = cfg;
        options.seeds = std::move(seeds);
        return generate::generateImageTokens(model(), interleavedPrompt(model(), conds, model().tokenIds().pad, unconds),
                                             options, {}, stopped);
    }

    static testing::TempDir* dir_;
    static model::JanusModel* model_;
};
testing::TempDir* TinyModel::dir_ = nullptr;
model::JanusModel* TinyModel::model_ = nullptr;

TEST_F(TinyModel, SameSeedGivesSameTokensAndOtherSeedsDiffer) {
    torch::NoGradGuard noGrad;
    const auto p = promptIds("a red bottle on a beach");
    const auto a = image({p}, {42});
    const auto b = image({p}, {42});
    const auto c = image({p}, {43});
    EXPECT_TRUE(torch::equal(a, b));
    EXPECT_FALSE(torch::equal(a, c));
}

TEST_F(TinyModel, AVariantsTokensDependOnItsSeedNotOnItsBatchmates) {
    torch::NoGradGuard noGrad;
    const auto p = promptIds("a lamp in a living room");
    const auto alone = image({p}, {7});
    const auto batched = image({p, p, p}, {5, 7, 9});
    EXPECT_TRUE(torch::equal(batched[1], alone[0]));
    EXPECT_FALSE(torch::equal(batched[0], batched[2]));
}

TEST_F(TinyModel, CfgWeightOneIgnoresTheUnconditionalRow) {
    torch::NoGradGuard noGrad;
    const auto p = promptIds("a mug on a marble table");
    const auto other = promptIds("completely different words here");
    const auto withPads = image({p}, {11}, 1.0);
    const auto withOther = image({p}, {11}, 1.0, {other});
    EXPECT_TRUE(torch::equal(withPads, withOther));
    // ...whereas with guidance the unconditional row matters.
    EXPECT_FALSE(torch::equal(image({p}, {11}, 5.0), image({p}, {11}, 5.0, {other})));
}

TEST_F(TinyModel, CfgWeightOneEqualsPlainConditionalSampling) {
    torch::NoGradGuard noGrad;
    const auto p = promptIds("a shoe on a wooden floor");
    const auto guided = image({p}, {3}, 1.0);

    // The same draws from the conditional row alone, step by step.
    const auto& d = model().decoder();
    auto cache = d.makeCache(1, static_cast<int64_t>(p.size()) + 16);
    const auto ids = torch::tensor(p, torch::kInt64).view({1, -1});
    auto h = d.forward(d.embed(ids), cache, torch::ones_like(ids, torch::kBool));
    std::vector<at::Generator> gens{generate::makeGenerator(3)};
    std::vector<int64_t> tokens;
    for (int step = 0; step < 16; ++step) {
        const auto logits = model().adapters().imageLogits(h.select(1, h.size(1) - 1));
        const auto t = generate::sampleTokens(logits, {}, gens);
        tokens.push_back(t[0].item<int64_t>());
        h = d.forward(model().adapters().embedImageTokens(t.view({1, 1})), cache, torch::ones({1, 1}, torch::kBool));
    }
    EXPECT_EQ(row(guided[0].contiguous()), tokens);
}

TEST_F(TinyModel, AStoppedVariantStopsBeforeItsNextToken) {
    torch::NoGradGuard noGrad;
    const auto p = promptIds("a can in a kitchen");
    int stepsSeen = 0;
    generate::ImageGenerationOptions options;
    options.seeds = {1, 2};
    bool stopNow = false;
    const auto tokens = generate::generateImageTokens(
        model(), interleavedPrompt(model(), {p, p}, model().tokenIds().pad), options,
        [&](const generate::ImageStep& s) {
            ++stepsSeen;
            if (s.step == 3) stopNow = true;  // the user cancels variant 1 after its 4th token
        },
        [&](int v) { return v == 1 && stopNow; });
    EXPECT_EQ(stepsSeen, 16);
    EXPECT_EQ((tokens[1] >= 0).sum().item<int64_t>(), 4);
    EXPECT_EQ((tokens[0] >= 0).sum().item<int64_t>(), 16);
    // The survivor is unaffected by its batchmate leaving.
    EXPECT_TRUE(torch::equal(tokens[0], image({p}, {1})[0]));
}

// Allows exactly one token, then only the stop token.
class ForcedText : public generate::TokenConstraint {
public:
    ForcedText(int64_t token, int64_t stop, int64_t vocab, int repeats) : token_(token), stop_(stop), vocab_(vocab), left_(repeats) {}
    torch::Tensor allowed(int) const override {
        auto m = torch::zeros({vocab_}, torch::kBool);
        m[left_ > 0 ? token_ : stop_] = true;
        return m;
    }
    void accept(int, int64_t) override { --left_; }

private:
    int64_t token_, stop_, vocab_;
    int left_;
};

TEST_F(TinyModel, TextStopsAtTheStopTokenWhichIsNotReturned) {
    torch::NoGradGuard noGrad;
    const auto ids = model().tokenizer()->encode(model().chatPrompt("write a title"));
    const auto padded = generate::leftPad({std::vector<int64_t>(ids.begin(), ids.end())}, model().tokenIds().pad);
    const auto word = *model().tokenizer()->tokenId("a");
    ForcedText forced(word, model().tokenIds().eos, model().config().language.vocabSize, 3);
    generate::TextGenerationOptions options;
    options.maxNewTokens = 20;
    options.stopIds = {model().tokenIds().eos};
    options.seeds = {1};
    options.constraint = &forced;
    const auto out = generate::generateText(model(), padded, options, {}, {});
    EXPECT_EQ(out[0], (std::vector<int64_t>{word, word, word}));
}

TEST_F(TinyModel, TextStopsAtMaxNewTokensAndStreamsEveryToken) {
    torch::NoGradGuard noGrad;
    const auto ids = model().tokenizer()->encode(model().chatPrompt("write a title"));
    std::vector<int64_t> prompt(ids.begin(), ids.end());
    std::vector<int64_t> shorter(prompt.begin(), prompt.end() - 2);
    const auto padded = generate::leftPad({prompt, shorter}, model().tokenIds().pad);
    generate::TextGenerationOptions options;
    options.maxNewTokens = 6;
    options.seeds = {1, 2};
    std::vector<std::vector<int64_t>> streamed(2);
    const auto out = generate::generateText(model(), padded, options,
                                            [&](int v, int64_t t) { streamed[static_cast<size_t>(v)].push_back(t); }, {});
    EXPECT_EQ(out[0].size(), 6u);
    EXPECT_EQ(out[1].size(), 6u);
    EXPECT_EQ(streamed[0], out[0]);
    EXPECT_EQ(streamed[1], out[1]);
}

}  // namespace
}  // namespace adgen
