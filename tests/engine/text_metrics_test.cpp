// The paper's text metrics (BLEU-4, ROUGE-L on jieba tokens) against what the released evaluation
// computes: tests/fixtures/metrics/*.json were written by tools/make_metric_fixtures.py with the
// reference code (jieba 0.42.1, NLTK 3.8, pltrdy rouge, deep-learning-metrics' wrappers).

#include <adgen/error.h>
#include <adgen/text_metrics.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "metrics/bleu.h"
#include "metrics/jieba_segmenter.h"
#include "metrics/python_float.h"
#include "metrics/python_str.h"
#include "metrics/rouge_l.h"
#include "metrics/text_metrics_tokens.h"

namespace {

namespace fs = std::filesystem;
using adgen::ReferenceMode;
using adgen::TextMetrics;
using adgen::metrics::TokenList;
using nlohmann::json;

constexpr double kScoreTolerance = 1e-9;

const TextMetrics& metrics() {
    static const TextMetrics loaded;
    return loaded;
}

json readFixture(const std::string& name) {
    const fs::path path = fs::path(ADGEN_FIXTURES_DIR) / "metrics" / name;
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("missing fixture " + path.string());
    return json::parse(in);
}

const json& titlePairs() {
    static const json pairs = readFixture("titles.json").at("pairs");
    return pairs;
}

std::vector<std::string> strings(const json& array) {
    return array.get<std::vector<std::string>>();
}

std::string joined(const TokenList& tokens) {
    std::string text;
    for (size_t i = 0; i < tokens.size(); ++i)
        text += (i ? " " : "") + tokens[i];
    return text;
}

std::string describe(const json& pair) {
    return "pair " + std::to_string(pair.at("id").get<int>()) + " (" +
           pair.at("kind").get<std::string>() + "): prediction \"" +
           pair.at("prediction").get<std::string>() + "\", reference \"" +
           pair.at("reference").get<std::string>() + "\"";
}

// --- parity with the reference code --------------------------------------------------------

TEST(TextMetricsFixture, HasTheCasesItPromises) {
    const json& pairs = titlePairs();
    EXPECT_GE(pairs.size(), 150u);
    size_t multiTitle = 0;
    size_t positiveBleu = 0;
    for (const json& pair : pairs) {
        multiTitle +=
            pair.at("reference").get<std::string>().find("<title_split>") != std::string::npos;
        positiveBleu += pair.at("concatenated").at("bleu4").get<double>() > 0;
    }
    EXPECT_GE(multiTitle, 30u);
    EXPECT_GE(positiveBleu, 50u);
}

TEST(TextMetricsFixture, JiebaWordsMatchPythonJiebaCut) {
    for (const json& pair : titlePairs()) {
        EXPECT_EQ(metrics().segment(pair.at("prediction")), strings(pair.at("prediction_jieba")))
            << describe(pair);
        EXPECT_EQ(metrics().segment(pair.at("reference")), strings(pair.at("reference_jieba")))
            << describe(pair);
    }
}

TEST(TextMetricsFixture, StressStringsSegmentLikePythonJiebaCut) {
    const json strings_ = readFixture("segmentation.json").at("strings");
    ASSERT_GE(strings_.size(), 200u);
    for (const json& entry : strings_) {
        EXPECT_EQ(metrics().segment(entry.at("text")), strings(entry.at("jieba")))
            << "text \"" << entry.at("text").get<std::string>() << "\"";
    }
}

TEST(TextMetricsFixture, MetricTokensMatchCutSentence) {
    for (const json& pair : titlePairs()) {
        EXPECT_EQ(metrics().tokens(pair.at("prediction")), strings(pair.at("prediction_tokens")))
            << describe(pair);
        EXPECT_EQ(metrics().tokens(pair.at("reference")), strings(pair.at("reference_tokens")))
            << describe(pair);
    }
}

void expectScoresMatch(ReferenceMode mode, const char* key) {
    for (const json& pair : titlePairs()) {
        const json& expected = pair.at(key);
        EXPECT_EQ(adgen::referenceTitles(pair.at("reference"), mode),
                  strings(expected.at("references")))
            << describe(pair);
        const adgen::TitleScores scores =
            metrics().score(pair.at("prediction"), pair.at("reference"), mode);
        EXPECT_NEAR(scores.bleu4, expected.at("bleu4").get<double>(), kScoreTolerance)
            << describe(pair);
        EXPECT_NEAR(scores.rougeL, expected.at("rouge_l").get<double>(), kScoreTolerance)
            << describe(pair);
    }
}

TEST(TextMetricsFixture, ScoresMatchTheReleasedScriptWithTheConcatenatedReference) {
    expectScoresMatch(ReferenceMode::Concatenated, "concatenated");
}

TEST(TextMetricsFixture, ScoresMatchTheWrappersWithSplitTitlesAsReferences) {
    expectScoresMatch(ReferenceMode::SplitTitles, "split_titles");
}

// Before the x100 and the rounding: NLTK's corpus_bleu and the rouge package's F per reference.
TEST(TextMetricsFixture, UnroundedBleuAndRougeMatchNltkAndRougePackage) {
    size_t tinyBleus = 0;
    for (const json& pair : titlePairs()) {
        for (const char* key : {"concatenated", "split_titles"}) {
            const json& expected = pair.at(key);
            const TokenList candidate = metrics().tokens(pair.at("prediction"));
            std::vector<TokenList> references;
            for (const std::string& title : strings(expected.at("references"))) {
                references.push_back(metrics().tokens(title));
            }
            const double bleu = adgen::metrics::nltkCorpusBleu4(candidate, references);
            const double expectedBleu = expected.at("nltk_bleu").get<double>();
            // Same operations in the same order (math.fsum included): the same double.
            EXPECT_EQ(bleu, expectedBleu) << describe(pair) << " [" << key << "]";
            tinyBleus += expectedBleu > 0 && expectedBleu < 1e-50;

            const json& rougeF = expected.at("rouge_l_f");
            ASSERT_EQ(rougeF.size(), references.size()) << describe(pair);
            for (size_t r = 0; r < references.size(); ++r) {
                const std::optional<double> f =
                    adgen::metrics::pltrdyRougeLF(joined(references[r]), joined(candidate));
                if (rougeF[r].is_null()) {
                    EXPECT_FALSE(f.has_value())
                        << describe(pair) << " [" << key << "] reference " << r;
                } else {
                    ASSERT_TRUE(f.has_value())
                        << describe(pair) << " [" << key << "] reference " << r;
                    EXPECT_EQ(*f, rougeF[r].get<double>())
                        << describe(pair) << " [" << key << "] reference " << r;
                }
            }
        }
    }
    // method0's sys.float_info.min stand-in is exercised (a unigram match, no 4-gram match).
    EXPECT_GT(tinyBleus, 10u);
}

TEST(TextMetricsFixture, LowercaseMatchesPythonStrLowerForEveryCodePoint) {
    const json mappings = readFixture("lowercase.json").at("mappings");
    ASSERT_GT(mappings.size(), 1400u);
    size_t next = 0;
    for (char32_t c = 0; c <= 0x10FFFF; ++c) {
        if (c >= 0xD800 && c <= 0xDFFF)
            continue;  // surrogates: not text
        std::u32string expected(1, c);
        if (next < mappings.size() && mappings[next].at(0).get<char32_t>() == c) {
            expected.clear();
            for (const json& out : mappings[next].at(1))
                expected.push_back(out.get<char32_t>());
            ++next;
        }
        ASSERT_EQ(adgen::metrics::pythonLower(std::u32string(1, c)), expected)
            << "U+" << std::hex << static_cast<uint32_t>(c);
    }
    EXPECT_EQ(next, mappings.size());
}

// --- behaviour -------------------------------------------------------------------------------

TEST(TextMetrics, IdenticalTitlesScoreOneHundred) {
    const auto scores =
        metrics().score("小米14 Ultra 徕卡光学 限时特惠", "小米14 Ultra 徕卡光学 限时特惠",
                        ReferenceMode::Concatenated);
    EXPECT_EQ(scores.bleu4, 100.0);
    // ROUGE-L F is 2PR / (P + R + 1e-8) = 0.999999995, which rounds to 100 at six decimals.
    EXPECT_EQ(scores.rougeL, 100.0);
}

TEST(TextMetrics, DisjointTitlesScoreZero) {
    const auto scores =
        metrics().score("Nike Air Max", "格力空调 静音节能", ReferenceMode::Concatenated);
    EXPECT_EQ(scores.bleu4, 0.0);
    EXPECT_EQ(scores.rougeL, 0.0);
}

TEST(TextMetrics, EmptyPredictionScoresZeroInsteadOfFailing) {
    const auto scores = metrics().score("", "安踏运动鞋", ReferenceMode::Concatenated);
    EXPECT_EQ(scores.bleu4, 0.0);
    EXPECT_EQ(scores.rougeL, 0.0);
    EXPECT_FALSE(adgen::metrics::rougeLZh({}, {{"安", "踏"}}).has_value());
}

TEST(TextMetrics, TokensSplitChineseIntoCharactersAndKeepLatinWordsLowercased) {
    EXPECT_EQ(metrics().segment("优衣库T恤 iPhone15"),
              (std::vector<std::string>{"优衣库", "T恤", " ", "iPhone15"}));
    EXPECT_EQ(metrics().tokens("优衣库T恤 iPhone15"),
              (std::vector<std::string>{"优", "衣", "库", "t", "恤", " ", "iphone15"}));
    // U+9FA6..U+9FD5 are Han to jieba but outside the metrics' [\u4e00-\u9fa5].
    EXPECT_TRUE(adgen::metrics::holdsCjkForMetrics(U"\u9FA5"));
    EXPECT_FALSE(adgen::metrics::holdsCjkForMetrics(U"\u9FA6\u9FD5"));
}

TEST(TextMetrics, SplitTitlesScoresRougeAgainstTheBestTitle) {
    const std::string reference = "夏季新款连衣裙<title_split>清爽透气";
    const auto split = metrics().score("夏季新款连衣裙", reference, ReferenceMode::SplitTitles);
    const auto best =
        metrics().score("夏季新款连衣裙", "夏季新款连衣裙", ReferenceMode::Concatenated);
    EXPECT_EQ(split.rougeL, best.rougeL);
    EXPECT_EQ(split.bleu4, 100.0);
    const auto concatenated =
        metrics().score("夏季新款连衣裙", reference, ReferenceMode::Concatenated);
    EXPECT_LT(concatenated.rougeL, split.rougeL);
}

TEST(TextMetrics, BleuClipsEachNGramByItsLargestCountInAnyOneReference) {
    // "a" occurs twice in the hypothesis, at most twice in reference 2 and once in reference 1:
    // clipped unigram matches 2 + 1 ("b") = 3 of 4, not 4 (summing over references) nor 2.
    const TokenList hypothesis{"a", "a", "b", "c"};
    const std::vector<TokenList> references{{"a", "b", "x", "y"}, {"a", "a", "z", "w"}};
    // p1 = 3/4; p2 = 2/3 ("a a" from reference 2, "a b" from reference 1); p3 and p4 have no
    // match -> DBL_MIN; BP = 1 (the closest reference has the same length).
    const double expected =
        std::exp(adgen::metrics::exactSum({0.25 * std::log(0.75), 0.25 * std::log(2.0 / 3.0),
                                           0.25 * std::log(DBL_MIN), 0.25 * std::log(DBL_MIN)}));
    EXPECT_EQ(adgen::metrics::nltkCorpusBleu4(hypothesis, references), expected);
    // With reference 1 alone, "a" is clipped to 1 and "a a" has no match.
    EXPECT_LT(adgen::metrics::nltkCorpusBleu4(hypothesis, {references[0]}), expected);
}

TEST(TextMetrics, BleuBrevityPenaltyUsesTheClosestReferenceLengthShorterOnTies) {
    const TokenList hypothesis{"a", "b", "c", "d"};
    // Lengths 2 and 6 are both 2 away from 4: the shorter one (2) counts, so no penalty.
    EXPECT_EQ(
        adgen::metrics::nltkCorpusBleu4(hypothesis, {{"a", "b"}, {"a", "b", "c", "d", "e", "f"}}),
        adgen::metrics::nltkCorpusBleu4(hypothesis, {{"a", "b", "c", "d", "e", "f"}, {"a", "b"}}));
    const double penalised =
        adgen::metrics::nltkCorpusBleu4(hypothesis, {{"a", "b", "c", "d", "e", "f"}});
    EXPECT_NEAR(penalised, std::exp(1.0 - 6.0 / 4.0), 1e-15);
}

TEST(TextMetrics, ReferenceTitlesSplitOnTitleSplitAndDropBlankPieces) {
    EXPECT_EQ(adgen::referenceTitles("a<title_split>b", ReferenceMode::Concatenated),
              (std::vector<std::string>{"a<title_split>b"}));
    EXPECT_EQ(adgen::referenceTitles("<title_split>a<title_split> \u3000<title_split>b ",
                                     ReferenceMode::SplitTitles),
              (std::vector<std::string>{"a", "b "}));
    EXPECT_EQ(adgen::referenceTitles("<title_split>", ReferenceMode::SplitTitles),
              (std::vector<std::string>{"<title_split>"}));
}

TEST(TextMetrics, SummaryIsTheArithmeticMean) {
    const auto summary = adgen::summarizeTitleScores({{10, 20}, {30, 40}, {0, 3}});
    EXPECT_EQ(summary.count, 3u);
    EXPECT_DOUBLE_EQ(summary.meanBleu4, 40.0 / 3.0);
    EXPECT_DOUBLE_EQ(summary.meanRougeL, 21.0);
    EXPECT_EQ(adgen::summarizeTitleScores({}).count, 0u);
}

TEST(TextMetrics, MissingDictionaryIsAnErrorNamingPython3Jieba) {
    try {
        TextMetrics missing(fs::path("/nonexistent/jieba/dict.txt"));
        FAIL() << "expected adgen::Error";
    } catch (const adgen::Error& error) {
        const std::string message = error.what();
        EXPECT_NE(message.find("/nonexistent/jieba/dict.txt"), std::string::npos) << message;
        EXPECT_NE(message.find("python3-jieba"), std::string::npos) << message;
        EXPECT_NE(message.find("ADGEN_JIEBA_DICT"), std::string::npos) << message;
    }
}

TEST(TextMetrics, EnvironmentVariableChoosesTheDefaultDictionary) {
    const char* previous = std::getenv("ADGEN_JIEBA_DICT");
    const std::string saved = previous ? previous : "";
    ::setenv("ADGEN_JIEBA_DICT", "/nonexistent/from-env/dict.txt", 1);
    EXPECT_EQ(TextMetrics::defaultDictionaryPath(), fs::path("/nonexistent/from-env/dict.txt"));
    EXPECT_THROW(TextMetrics{}, adgen::Error);
    if (previous) {
        ::setenv("ADGEN_JIEBA_DICT", saved.c_str(), 1);
    } else {
        ::unsetenv("ADGEN_JIEBA_DICT");
    }
}

TEST(TextMetrics, ACustomDictionaryDrivesTheRouteAndTheHmmTablesComeFromDebian) {
    const fs::path dir = fs::temp_directory_path() / "adgen_text_metrics_test_dict";
    fs::create_directories(dir);
    {
        std::ofstream out(dir / "dict.txt");
        out << "甲乙 5 n\n丙丁戊 7\n甲 1\n\u9FA6\u9FA7 9\n";
    }
    const TextMetrics custom(dir / "dict.txt");
    EXPECT_EQ(custom.dictionaryPath(), dir / "dict.txt");
    // Only "甲乙" and "丙丁戊" are words; the rest of the route is single characters.
    const std::vector<std::string> words = custom.segment("甲乙丙丁戊");
    EXPECT_EQ(words, (std::vector<std::string>{"甲乙", "丙丁戊"}));
    // A word of U+9FA6..U+9FD5 characters only (the default dictionary has none, and the HMM
    // never groups them) stays one metric token: the metrics split only U+4E00..U+9FA5.
    EXPECT_EQ(custom.tokens("\u9FA6\u9FA7甲乙"),
              (std::vector<std::string>{"\u9FA6\u9FA7", "甲", "乙"}));
    fs::remove_all(dir);
}

TEST(TextMetrics, RouteTiesGoToTheLongerWordLikePythonsTupleMax) {
    // "甲" + "乙丙" and "甲乙" + "丙" score (log 3 - L) + (log 5 - L) both, bit for bit; Python's
    // max over (score, end) takes the larger end, i.e. the longer first word.
    const fs::path dir = fs::temp_directory_path() / "adgen_text_metrics_test_tie_dict";
    fs::create_directories(dir);
    {
        std::ofstream out(dir / "dict.txt");
        out << "甲 3\n甲乙 3\n乙丙 5\n丙 5\n";
    }
    const TextMetrics custom(dir / "dict.txt");
    EXPECT_EQ(custom.segment("甲乙丙"), (std::vector<std::string>{"甲乙", "丙"}));
    // The single characters "丙", "丁" after the tie form no word: the HMM joins them, as in
    // Python.
    EXPECT_EQ(custom.segment("丁甲乙丙丁"), (std::vector<std::string>{"丁", "甲乙", "丙丁"}));
    fs::remove_all(dir);
}

TEST(TextMetrics, MalformedDictionaryLineIsAnErrorNamingTheLine) {
    const fs::path dir = fs::temp_directory_path() / "adgen_text_metrics_test_bad_dict";
    fs::create_directories(dir);
    {
        std::ofstream out(dir / "dict.txt");
        out << "好 3 a\n坏词 many n\n";
    }
    try {
        TextMetrics bad(dir / "dict.txt");
        FAIL() << "expected adgen::Error";
    } catch (const adgen::Error& error) {
        EXPECT_NE(std::string(error.what()).find("line 2"), std::string::npos) << error.what();
    }
    fs::remove_all(dir);
}

TEST(TextMetrics, InvalidUtf8IsAnError) {
    EXPECT_THROW(metrics().tokens(std::string("\xE4\xB8", 2)), adgen::Error);
    EXPECT_THROW(metrics().score("ok", std::string("\xFF"), ReferenceMode::Concatenated),
                 adgen::Error);
}

TEST(TextMetrics, HmmGroupsUnknownHanRunsLikeJiebaFinalseg) {
    const auto segmenter = adgen::metrics::JiebaSegmenter::load();
    // Characters jieba's emission tables lack (U+9FA6..) emit -3.14e100 in every state, so the
    // sums lose the transition terms and ties decide: S, the largest letter, as in Python.
    EXPECT_EQ(segmenter.hmm().tagStates(U"\u9FB0\u9FB1\u9FC0\u9FC1"), "SSSS");
    // Ordinary runs, as finalseg.viterbi tags them in Python.
    EXPECT_EQ(segmenter.hmm().tagStates(U"中国人民"), "BEBE");
    EXPECT_EQ(segmenter.hmm().tagStates(U"添可芙万吸尘器"), "BESSBME");
    // Non-Han parts of an HMM buffer: re_skip keeps "1.5%" together, the rest in between.
    std::vector<std::u32string> words;
    segmenter.hmm().cut(U"ab1.5%+#x", words);
    EXPECT_EQ(words, (std::vector<std::u32string>{U"ab1.5%", U"+#", U"x"}));
}

TEST(PythonFloat, RoundFollowsPythonAndNumpyWhereTheyDiffer) {
    // 2.675 is stored just below the half: Python rounds that exact value down, NumPy rounds
    // 2.675 * 100, which the multiplication already rounded up to 267.5, to even above.
    EXPECT_EQ(adgen::metrics::roundLikePython(2.675, 2), 2.67);
    EXPECT_EQ(adgen::metrics::roundLikeNumpy(2.675, 2), 2.68);
    EXPECT_EQ(adgen::metrics::roundLikePython(99.9999995, 6), 100.0);
}

TEST(PythonFloat, ExactSumIsCorrectlyRounded) {
    EXPECT_EQ(adgen::metrics::exactSum(std::vector<double>(10, 0.1)), 1.0);
    EXPECT_EQ(adgen::metrics::exactSum({1e100, 1.0, -1e100, 1e-100}), 1.0);
    EXPECT_EQ(adgen::metrics::exactSum({1e16, 1.0, 1e-16}), 10000000000000002.0);
    EXPECT_EQ(adgen::metrics::exactSum({}), 0.0);
}

}  // namespace
