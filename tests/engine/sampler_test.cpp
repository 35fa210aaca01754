// Sampling: temperature, top-k and top-p cut the distribution as specified; seeds reproduce.

#include "generate/sampler.h"

#include <gtest/gtest.h>

#include <set>

namespace adgen {
namespace {

std::vector<at::Generator> generators(uint64_t seed, int n = 1) {
    std::vector<at::Generator> g;
    for (int i = 0; i < n; ++i) g.push_back(generate::makeGenerator(seed + static_cast<uint64_t>(i)));
    return g;
}

std::set<int64_t> drawMany(const torch::Tensor& logits, const generate::SamplingParams& p, int draws = 400) {
    auto g = generators(5);
    std::set<int64_t> seen;
    for (int i = 0; i < draws; ++i) seen.insert(generate::sampleTokens(logits, p, g)[0].item<int64_t>());
    return seen;
}

const torch::Tensor kLogits = torch::tensor({{2.0f, 1.5f, 1.0f, 0.5f, 0.0f, -0.5f}});

TEST(Sampler, ZeroTemperatureIsArgmax) {
    auto g = generators(1);
    EXPECT_EQ(generate::sampleTokens(torch::tensor({{0.1f, 3.0f, 2.9f}}), {0.0, 0, 1.0}, g)[0].item<int64_t>(), 1);
}

TEST(Sampler, FullSoftmaxReachesEveryToken) {
    EXPECT_EQ(drawMany(kLogits, {1.0, 0, 1.0}).size(), 6u);
}

TEST(Sampler, TopKKeepsOnlyTheKBestTokens) {
    EXPECT_EQ(drawMany(kLogits, {1.0, 2, 1.0}), (std::set<int64_t>{0, 1}));
}

TEST(Sampler, TopPKeepsTheSmallestSetReachingP) {
    // softmax of kLogits: 0.35, 0.21, 0.13, 0.08, 0.05, 0.03 (rounded): the first two reach 0.5.
    EXPECT_EQ(drawMany(kLogits, {1.0, 0, 0.5}), (std::set<int64_t>{0, 1}));
    EXPECT_EQ(drawMany(kLogits, {1.0, 0, 0.01}), (std::set<int64_t>{0}));
}

TEST(Sampler, DisallowedTokensAreNeverDrawn) {
    auto allowed = torch::ones({1, 6}, torch::kBool);
    allowed[0][0] = false;
    allowed[0][3] = false;
    auto g = generators(9);
    for (int i = 0; i < 300; ++i) {
        const auto t = generate::sampleTokens(kLogits, {1.0, 0, 1.0}, g, allowed)[0].item<int64_t>();
        EXPECT_NE(t, 0);
        EXPECT_NE(t, 3);
    }
}

TEST(Sampler, EachRowDrawsWithItsOwnSeed) {
    const auto logits = torch::zeros({3, 1000});
    auto a = generators(100, 3);
    auto b = generators(100, 3);
    const auto first = generate::sampleTokens(logits, {}, a);
    EXPECT_TRUE(torch::equal(first, generate::sampleTokens(logits, {}, b)));
    // Row 1 alone with its seed draws what it drew in the batch.
    std::vector<at::Generator> alone{generate::makeGenerator(101)};
    EXPECT_EQ(generate::sampleTokens(logits.narrow(0, 1, 1), {}, alone)[0].item<int64_t>(), first[1].item<int64_t>());
}

TEST(Sampler, GuidanceWeightOneGivesTheConditionalLogits) {
    const auto cond = torch::randn({2, 16});
    const auto uncond = torch::randn({2, 16});
    // Equal up to float rounding of uncond + (cond - uncond).
    EXPECT_TRUE(torch::allclose(generate::guidedLogits(cond, uncond, 1.0), cond, 1e-5, 1e-6));
    EXPECT_TRUE(torch::allclose(generate::guidedLogits(cond, uncond, 5.0), uncond + 5.0 * (cond - uncond)));
}

}  // namespace
}  // namespace adgen
