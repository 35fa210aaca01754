// History selection against the Uni-AdGen reference (weighted_random_sampling), CPython 3.11's
// random and NumPy 1.24's legacy generator, all in tests/fixtures/sampling/pss.json
// (tools/make_sampling_fixtures.py); plus the behaviours of our strategies and title similarity.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "error_message.h"
#include "personalize/history_sampling.h"
#include "personalize/numpy_random.h"
#include "personalize/python_random.h"

namespace {

using adgen::personalize::HistoryCandidates;
using adgen::personalize::HistoryStrategy;
using adgen::personalize::NumpyRandomState;
using adgen::personalize::PythonRandom;
using adgen::personalize::selectHistory;
using adgen::personalize::titleSimilarity;

const nlohmann::json& fixture() {
    static const nlohmann::json data = [] {
        std::ifstream in(std::string(ADGEN_FIXTURES_DIR) + "/sampling/pss.json");
        if (!in) throw std::runtime_error("tests/fixtures/sampling/pss.json is missing");
        return nlohmann::json::parse(in);
    }();
    return data;
}

HistoryCandidates candidatesOf(const nlohmann::json& c) {
    HistoryCandidates candidates;
    candidates.titles = c.at("titles").get<std::vector<std::string>>();
    candidates.similarity = c.at("similarity").get<std::vector<double>>();
    const int images = c.at("images").get<int>();
    for (int i = 0; i < images; ++i) candidates.images.push_back("img" + std::to_string(i));
    if (!c.at("gt_title").is_null()) candidates.targetTitle = c.at("gt_title").get<std::string>();
    return candidates;
}

// n titles "t0".."t<n-1>" with the given similarities.
HistoryCandidates simpleCandidates(const std::vector<double>& similarity) {
    HistoryCandidates c;
    for (size_t i = 0; i < similarity.size(); ++i) c.titles.push_back("t" + std::to_string(i));
    c.similarity = similarity;
    return c;
}

// ---------------------------------------------------------------------------------------------
// Reference parity

TEST(Pss, MatchesWeightedRandomSamplingOnEveryFixtureCase) {
    const auto& cases = fixture().at("pss");
    ASSERT_GE(cases.size(), 35u);
    for (const auto& c : cases) {
        const auto expected = c.at("expected").get<std::vector<int>>();
        const auto actual = selectHistory(candidatesOf(c), c.at("k").get<int>(), HistoryStrategy::Pss,
                                          c.at("seed").get<uint64_t>());
        EXPECT_EQ(actual, expected) << c.at("name").get<std::string>();
    }
}

TEST(Pss, ReportsListsOfDifferentLengths) {
    for (const auto& c : fixture().at("pss")) {
        const auto name = c.at("name").get<std::string>();
        std::vector<std::string> warnings;
        selectHistory(candidatesOf(c), c.at("k").get<int>(), HistoryStrategy::Pss, c.at("seed").get<uint64_t>(),
                      &warnings);
        const bool cut = name == "more_similarities_than_titles" || name == "fewer_images";
        EXPECT_EQ(warnings.size(), cut ? 1u : 0u) << name;
        if (cut && !warnings.empty()) {
            EXPECT_NE(warnings[0].find("differ in length"), std::string::npos);
        }
    }
}

TEST(RandomStrategy, MatchesPythonRandomSample) {
    for (const auto& c : fixture().at("random_sample")) {
        const auto n = c.at("n").get<int>();
        HistoryCandidates candidates;
        for (int i = 0; i < n; ++i) candidates.titles.push_back("t" + std::to_string(i));
        const auto actual = selectHistory(candidates, c.at("k").get<int>(), HistoryStrategy::Random,
                                          c.at("seed").get<uint64_t>());
        EXPECT_EQ(actual, c.at("expected").get<std::vector<int>>()) << "seed " << c.at("seed") << " n " << n;
    }
}

TEST(PythonRandom, MatchesCPythonDraws) {
    for (const auto& c : fixture().at("python_random")) {
        PythonRandom random(c.at("seed").get<uint64_t>());
        for (const auto& expected : c.at("random")) EXPECT_EQ(random.random(), expected.get<double>());
        for (const int bits : {1, 7, 31, 32, 33, 53, 64}) {
            EXPECT_EQ(random.getrandbits(bits), c.at("getrandbits").at(std::to_string(bits)).get<uint64_t>())
                << "seed " << c.at("seed") << " bits " << bits;
        }
        const auto sizes = c.at("choice_sizes").get<std::vector<uint64_t>>();
        const auto picks = c.at("choice").get<std::vector<uint64_t>>();
        for (size_t i = 0; i < sizes.size(); ++i) EXPECT_EQ(random.choiceIndex(sizes[i]), picks[i]);
    }
}

TEST(NumpyRandom, MatchesRandomSampleAfterLegacySeeding) {
    for (const auto& c : fixture().at("numpy_random_sample")) {
        NumpyRandomState state(c.at("seed").get<uint32_t>());
        for (const auto& expected : c.at("values")) EXPECT_EQ(state.randomSample(), expected.get<double>());
    }
}

TEST(NumpyRandom, ChoiceWithoutReplacementMatchesNumpy) {
    for (const auto& c : fixture().at("numpy_choice")) {
        NumpyRandomState state(c.at("seed").get<uint32_t>());
        const auto p = c.at("p").get<std::vector<double>>();
        const auto n = c.at("n").get<int64_t>();
        const auto size = c.at("size").get<int64_t>();
        if (c.contains("error")) {
            EXPECT_NE(errorOf([&] { state.choiceWithoutReplacement(n, size, p); }).find("fewer than the"),
                      std::string::npos)
                << c.at("error");
            continue;
        }
        EXPECT_EQ(state.choiceWithoutReplacement(n, size, p), c.at("expected").get<std::vector<int64_t>>())
            << "seed " << c.at("seed") << " n " << n << " size " << size;
    }
}

TEST(NumpyRandom, SumIsNumpysPairwiseSumBitForBit) {
    for (const auto& c : fixture().at("numpy_sum")) {
        const auto values = c.at("values").get<std::vector<double>>();
        EXPECT_EQ(adgen::personalize::numpySum(values), c.at("sum").get<double>()) << values.size() << " values";
    }
}

TEST(NumpyRandom, RefusesWeightsNumpyRefuses) {
    NumpyRandomState state(0);
    EXPECT_NE(errorOf([&] { state.choiceWithoutReplacement(3, 2, {0.5, 0.5}); }).find("2 entries for 3"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { state.choiceWithoutReplacement(2, 1, {0.7, 0.7}); }).find("sum to"), std::string::npos);
    EXPECT_NE(errorOf([&] { state.choiceWithoutReplacement(2, 1, {1.5, -0.5}); }).find("negative"),
              std::string::npos);
    EXPECT_NE(errorOf([&] { state.choiceWithoutReplacement(2, 3, {0.5, 0.5}); }).find("distinct items from 2"),
              std::string::npos);
}

// ---------------------------------------------------------------------------------------------
// Behaviour

TEST(Pss, SameSeedSameSelectionOtherSeedOtherSelection) {
    std::vector<double> similarity;
    for (int i = 0; i < 30; ++i) similarity.push_back(0.1 + 0.02 * i);
    const auto candidates = simpleCandidates(similarity);
    const auto first = selectHistory(candidates, 10, HistoryStrategy::Pss, 42);
    EXPECT_EQ(selectHistory(candidates, 10, HistoryStrategy::Pss, 42), first);
    EXPECT_NE(selectHistory(candidates, 10, HistoryStrategy::Pss, 43), first);
    EXPECT_EQ(selectHistory(candidates, 10, HistoryStrategy::Pss), first);  // 42 is the default
    EXPECT_EQ(std::set<int>(first.begin(), first.end()).size(), 10u);     // without replacement
}

TEST(Pss, NeverPicksTheTargetTitleWhenOthersAreLeft) {
    // Target-equal titles carry the highest weights, so they are drawn often and must be swapped.
    auto candidates = simpleCandidates(std::vector<double>(25, 0.1));
    for (const int i : {0, 3, 7, 12, 20}) {
        candidates.titles[static_cast<size_t>(i)] = "the ad title";
        candidates.similarity[static_cast<size_t>(i)] = 5.0;
    }
    candidates.targetTitle = "the ad title";
    for (uint64_t seed = 0; seed < 50; ++seed) {
        for (const int k : {10, 20}) {  // 20 = n minus the duplicates
            const auto picks = selectHistory(candidates, k, HistoryStrategy::Pss, seed);
            ASSERT_EQ(picks.size(), static_cast<size_t>(k));
            for (const int i : picks) {
                EXPECT_NE(candidates.titles[static_cast<size_t>(i)], "the ad title") << "seed " << seed << " k " << k;
            }
        }
    }
    // n == k: duplicates become copies of other picks.
    auto exact = simpleCandidates(std::vector<double>(10, 0.3));
    exact.titles[4] = "the ad title";
    exact.targetTitle = "the ad title";
    for (uint64_t seed = 0; seed < 20; ++seed) {
        for (const int i : selectHistory(exact, 10, HistoryStrategy::Pss, seed)) EXPECT_NE(i, 4) << "seed " << seed;
    }
}

TEST(Pss, FewerItemsThanSlotsUsesAllThenRepeats) {
    const auto candidates = simpleCandidates({0.2, 0.9, 0.4});
    const auto picks = selectHistory(candidates, 10, HistoryStrategy::Pss, 42);  // the reference would fail here
    ASSERT_EQ(picks.size(), 10u);
    EXPECT_EQ(std::vector<int>(picks.begin(), picks.begin() + 3), (std::vector<int>{0, 1, 2}));
    for (const int i : picks) {
        EXPECT_GE(i, 0);
        EXPECT_LT(i, 3);
    }
    // Up to 2n it is the reference's own single draw: all three, then two distinct ones.
    const auto five = selectHistory(candidates, 5, HistoryStrategy::Pss, 42);
    ASSERT_EQ(five.size(), 5u);
    EXPECT_NE(five[3], five[4]);
}

TEST(Pss, EmptyInputsGiveEmptySelections) {
    EXPECT_TRUE(selectHistory(HistoryCandidates{}, 10, HistoryStrategy::Pss).empty());
    EXPECT_TRUE(selectHistory(simpleCandidates({0.3, 0.4}), 0, HistoryStrategy::Pss).empty());
    EXPECT_TRUE(selectHistory(HistoryCandidates{}, 10, HistoryStrategy::Random).empty());
    EXPECT_TRUE(selectHistory(HistoryCandidates{}, 10, HistoryStrategy::MostSimilar).empty());
}

TEST(Pss, BadInputsAreClearErrors) {
    EXPECT_NE(errorOf([] { selectHistory(simpleCandidates({0.3}), -1, HistoryStrategy::Pss); }).find("-1"),
              std::string::npos);
    EXPECT_NE(errorOf([] { selectHistory(simpleCandidates({0.3, std::nan("")}), 1, HistoryStrategy::Pss); })
                  .find("not a finite number"),
              std::string::npos);
    EXPECT_NE(errorOf([] { selectHistory(simpleCandidates({0.3, 0.5}), 1, HistoryStrategy::Pss, 1ull << 32); })
                  .find("2**32"),
              std::string::npos);
    // A weight that underflows to zero leaves too few candidates, as NumPy reports.
    EXPECT_NE(errorOf([] { selectHistory(simpleCandidates({1e-320, 1e300}), 2, HistoryStrategy::Pss); })
                  .find("above zero"),
              std::string::npos);
}

TEST(Pss, ComputesSimilaritiesFromTheProductTitleWhenNoneAreGiven) {
    HistoryCandidates candidates;
    candidates.titles = {"red wool scarf", "steel water bottle", "insulated steel bottle 500ml", "desk lamp"};
    candidates.productTitle = "insulated steel water bottle";
    std::vector<std::string> warnings;
    const auto picks = selectHistory(candidates, 2, HistoryStrategy::MostSimilar, 42, &warnings);
    EXPECT_EQ(picks, (std::vector<int>{1, 2}));
    ASSERT_EQ(warnings.size(), 1u);
    EXPECT_NE(warnings[0].find("computed"), std::string::npos);
    EXPECT_EQ(selectHistory(candidates, 4, HistoryStrategy::Pss).size(), 4u);
}

TEST(MostSimilar, TakesTheHighestWithTiesByIndexAndTargetTitlesLast) {
    auto candidates = simpleCandidates({0.5, 0.9, 0.5, 0.1, 0.9, -0.3});
    EXPECT_EQ(selectHistory(candidates, 4, HistoryStrategy::MostSimilar), (std::vector<int>{1, 4, 0, 2}));
    EXPECT_EQ(selectHistory(candidates, 9, HistoryStrategy::MostSimilar), (std::vector<int>{1, 4, 0, 2, 3, 5}));
    candidates.titles[4] = "gt";
    candidates.targetTitle = "gt";
    EXPECT_EQ(selectHistory(candidates, 4, HistoryStrategy::MostSimilar), (std::vector<int>{1, 0, 2, 3}));
    EXPECT_EQ(selectHistory(candidates, 6, HistoryStrategy::MostSimilar), (std::vector<int>{1, 0, 2, 3, 5, 4}));
}

TEST(RandomStrategy, MoreSlotsThanItemsGivesAllOfThemOnce) {
    const auto picks = selectHistory(simpleCandidates({0, 0, 0, 0}), 10, HistoryStrategy::Random, 5);
    EXPECT_EQ(std::set<int>(picks.begin(), picks.end()), (std::set<int>{0, 1, 2, 3}));
    EXPECT_EQ(picks.size(), 4u);
}

// ---------------------------------------------------------------------------------------------
// Title similarity

TEST(TitleSimilarity, IdenticalIsOneAndItIsSymmetric) {
    const std::vector<std::string> titles = {"保温杯 500ml 不锈钢", "Insulated Bottle, 500 ML", "不锈钢保温杯",
                                             "儿童书包 大容量", "ＬＥＤ台灯 USB", "!!!", ""};
    for (const auto& a : titles) {
        EXPECT_EQ(titleSimilarity(a, a), 1.0) << a;
        for (const auto& b : titles) {
            EXPECT_EQ(titleSimilarity(a, b), titleSimilarity(b, a)) << a << " / " << b;
            EXPECT_GE(titleSimilarity(a, b), 0.0);
            EXPECT_LE(titleSimilarity(a, b), 1.0);
        }
    }
}

TEST(TitleSimilarity, RelatedTitlesScoreHigherThanUnrelatedOnes) {
    EXPECT_EQ(titleSimilarity("保温杯 不锈钢", "儿童书包"), 0.0);
    EXPECT_EQ(titleSimilarity("steel bottle", "wool scarf"), 0.0);
    EXPECT_GT(titleSimilarity("不锈钢保温杯", "保温杯 不锈钢"), 0.5);
    EXPECT_GT(titleSimilarity("不锈钢保温杯", "保温杯"), titleSimilarity("不锈钢保温杯", "保暖手套"));
    // Case, full-width letters and the amount of space do not matter; punctuation breaks bigrams.
    EXPECT_EQ(titleSimilarity("LED Lamp", "led lamp"), 1.0);
    EXPECT_EQ(titleSimilarity("ＬＥＤ lamp", "LED   lamp!"), 1.0);
    EXPECT_DOUBLE_EQ(titleSimilarity("LED lamp", "LED, lamp"), 2.0 / std::sqrt(6.0));
    EXPECT_EQ(titleSimilarity("!!!", "???"), 0.0);
}

TEST(TitleSimilarity, KnownValueForADocumentedExample) {
    // "保温杯" -> units 保 温 杯: unigrams 3, bigrams 保温 温杯; "保温" -> 保 温, bigram 保温.
    // dot = 1 + 1 + 1 (保, 温, 保温) = 3; |a|^2 = 5, |b|^2 = 3: 3 / sqrt(15).
    EXPECT_DOUBLE_EQ(titleSimilarity("保温杯", "保温"), 3.0 / std::sqrt(15.0));
    // Latin words are single units: "steel bottle" has steel, bottle, steel|bottle; "bottle" one.
    EXPECT_DOUBLE_EQ(titleSimilarity("steel bottle", "bottle"), 1.0 / std::sqrt(3.0));
}

TEST(TitleSimilarity, ComputeSimilaritiesScoresEveryTitle) {
    const auto s = adgen::personalize::computeSimilarities("保温杯", {"保温杯", "书包", "保温"});
    ASSERT_EQ(s.size(), 3u);
    EXPECT_EQ(s[0], 1.0);
    EXPECT_EQ(s[1], 0.0);
    EXPECT_DOUBLE_EQ(s[2], 3.0 / std::sqrt(15.0));
}

}  // namespace
