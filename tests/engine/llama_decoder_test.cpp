// The LLaMA decoder and generation adapters against logits computed by reference code we did not
// write (gpt-fast's Transformer, Janus' MlpProjector and vision_head; tests/fixtures/parity), and
// the cache/padding properties generation relies on.

#include "adgen/error.h"
#include "nn/generation_adapters.h"
#include "nn/llama_decoder.h"
#include "parity_fixture.h"

#include <gtest/gtest.h>

namespace adgen {
namespace {

using testing::expected;
using testing::parityDir;
using testing::relativeError;

constexpr double kTolerance = 1e-4;

struct Decoder {
    explicit Decoder(const std::string& dir)
        : config(model::loadModelConfig(parityDir(dir))),
          weights(testing::fixtureWeights(dir)),
          decoder(weights, config.language),
          adapters(weights, config.generation, config.language.hiddenSize) {}
    model::ModelConfig config;
    model::WeightStore weights;
    nn::LlamaDecoder decoder;
    nn::GenerationAdapters adapters;

    torch::Tensor allValid(int64_t rows, int64_t t) const { return torch::ones({rows, t}, torch::kBool); }

    // Final hidden states of a full causal pass over `ids` from position 0.
    torch::Tensor fullPass(const torch::Tensor& ids) const {
        auto cache = decoder.makeCache(ids.size(0), ids.size(1));
        return decoder.forward(decoder.embed(ids), cache, allValid(ids.size(0), ids.size(1)));
    }
};

class DecoderParity : public ::testing::TestWithParam<std::string> {};

TEST_P(DecoderParity, FullForwardMatchesReferenceLogits) {
    torch::NoGradGuard noGrad;
    Decoder d(GetParam());
    const auto ids = expected(GetParam(), "forward.input_ids").to(torch::kInt64);
    const auto hidden = d.fullPass(ids);
    EXPECT_LT(relativeError(hidden, expected(GetParam(), "forward.hidden")), kTolerance);
    EXPECT_LT(relativeError(d.decoder.textLogits(hidden), expected(GetParam(), "forward.logits")), kTolerance);
}

TEST_P(DecoderParity, CachedDecodingMatchesReferenceStepLogits) {
    torch::NoGradGuard noGrad;
    Decoder d(GetParam());
    const auto ids = expected(GetParam(), "forward.input_ids").to(torch::kInt64);
    auto cache = d.decoder.makeCache(2, 12);
    d.decoder.forward(d.decoder.embed(ids.narrow(1, 0, 8)), cache, d.allValid(2, 8));
    std::vector<torch::Tensor> steps;
    for (int64_t t = 8; t < 12; ++t)
        steps.push_back(d.decoder.textLogits(
            d.decoder.forward(d.decoder.embed(ids.narrow(1, t, 1)), cache, d.allValid(2, 1))));
    EXPECT_LT(relativeError(torch::cat(steps, 1), expected(GetParam(), "incremental.logits")), kTolerance);
}

TEST_P(DecoderParity, GenerationAdaptersMatchReference) {
    torch::NoGradGuard noGrad;
    Decoder d(GetParam());
    const auto codes = expected(GetParam(), "gen.codes").to(torch::kInt64);
    EXPECT_LT(relativeError(d.adapters.embedImageTokens(codes), expected(GetParam(), "gen.embeds_in")), kTolerance);
    const auto hidden = expected(GetParam(), "forward.hidden").narrow(1, 7, 5);
    EXPECT_LT(relativeError(d.adapters.imageLogits(hidden), expected(GetParam(), "gen.head_logits")), kTolerance);
}

INSTANTIATE_TEST_SUITE_P(TinyConfigs, DecoderParity, ::testing::Values("llm-tiny", "llm-tiny-gqa"),
                         [](const auto& param) { return param.param == "llm-tiny" ? std::string("Mha") : std::string("Gqa"); });

TEST(LlamaDecoder, IncrementalDecodingEqualsFullRecompute) {
    torch::NoGradGuard noGrad;
    Decoder d("llm-tiny-gqa");
    const auto ids = torch::randint(0, 128, {3, 10}, torch::kInt64);
    const auto full = d.decoder.textLogits(d.fullPass(ids));
    auto cache = d.decoder.makeCache(3, 10);
    d.decoder.forward(d.decoder.embed(ids.narrow(1, 0, 4)), cache, d.allValid(3, 4));
    for (int64_t t = 4; t < 10; ++t) {
        const auto step = d.decoder.textLogits(d.decoder.forward(d.decoder.embed(ids.narrow(1, t, 1)), cache, d.allValid(3, 1)));
        EXPECT_LT(relativeError(step.squeeze(1), full.select(1, t)), 1e-5) << "position " << t;
    }
}

TEST(LlamaDecoder, LeftPaddingDoesNotChangeARowsResult) {
    torch::NoGradGuard noGrad;
    Decoder d("llm-tiny");
    const auto shortIds = torch::tensor({5, 17, 42, 9}, torch::kInt64).view({1, 4});
    const auto longIds = torch::tensor({7, 8, 9, 10, 11, 12, 13}, torch::kInt64).view({1, 7});
    const auto alone = d.decoder.textLogits(d.fullPass(shortIds));

    // Batch the short row with a longer one: it gets 3 pad slots on the left.
    auto ids = torch::full({2, 7}, 3, torch::kInt64);
    ids[0].narrow(0, 3, 4).copy_(shortIds[0]);
    ids[1].copy_(longIds[0]);
    auto valid = torch::ones({2, 7}, torch::kBool);
    valid[0].narrow(0, 0, 3).fill_(false);
    auto cache = d.decoder.makeCache(2, 9);
    const auto batched = d.decoder.textLogits(d.decoder.forward(d.decoder.embed(ids), cache, valid));
    EXPECT_LT(relativeError(batched[0].narrow(0, 3, 4), alone[0]), 1e-5);

    // And the next token after the prompt too.
    const auto next = torch::tensor({{21}, {21}}, torch::kInt64);
    const auto stepBatched = d.decoder.textLogits(d.decoder.forward(d.decoder.embed(next), cache, d.allValid(2, 1)));
    const auto aloneIds = torch::cat({shortIds, next.narrow(0, 0, 1)}, 1);
    const auto stepAlone = d.decoder.textLogits(d.fullPass(aloneIds)).select(1, 4);
    EXPECT_LT(relativeError(stepBatched[0][0], stepAlone[0]), 1e-5);
}

TEST(LlamaDecoder, LayerHookSeesAndChangesTheResidualStream) {
    torch::NoGradGuard noGrad;
    Decoder d("llm-tiny");
    const auto ids = torch::randint(0, 128, {1, 5}, torch::kInt64);
    auto cache = d.decoder.makeCache(1, 5);
    std::vector<int64_t> layersSeen;
    const auto hooked = d.decoder.forward(d.decoder.embed(ids), cache, d.allValid(1, 5), [&](int64_t layer, torch::Tensor& h) {
        layersSeen.push_back(layer);
        if (layer == 1) h = h + 1.0;
    });
    EXPECT_EQ(layersSeen, (std::vector<int64_t>{0, 1}));
    EXPECT_GT((hooked - d.fullPass(ids)).abs().max().item<double>(), 1e-3);
}

TEST(LlamaDecoder, CacheOverflowIsAClearError) {
    torch::NoGradGuard noGrad;
    Decoder d("llm-tiny");
    auto cache = d.decoder.makeCache(1, 4);
    const auto ids = torch::zeros({1, 5}, torch::kInt64);
    try {
        d.decoder.forward(d.decoder.embed(ids), cache, d.allValid(1, 5));
        FAIL() << "expected an error";
    } catch (const adgen::Error& e) {
        EXPECT_NE(std::string(e.what()).find("needs 5 positions"), std::string::npos) << e.what();
    }
}

}  // namespace
}  // namespace adgen
