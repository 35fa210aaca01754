// The text pre-checks (factuality and readability, adgen/prechecks.h) on copies whose answer is
// known: each check flags what it should, with evidence spans that are the bytes of the offending
// words, and stays quiet otherwise; the appendix's Figure 6 texts are flagged for the paper's reason.
#include "adgen/prechecks.h"
#include "error_message.h"
#include "review/copy_text.h"
#include "review/phrase_list.h"
#include "review/precheck_data.h"
#include "review/text_prechecks.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

using adgen::Criterion;
using adgen::EvidenceSpan;
using adgen::PrecheckFlag;
using adgen::PrecheckInput;
using adgen::PrecheckReport;
namespace review = adgen::review;

const std::string kSourcePrechecks = std::string(ADGEN_SOURCE_DIR) + "/resources/prechecks";

const review::TextPrecheckSettings& shippedSettings() {
    static const auto settings = review::loadTextPrecheckSettings(kSourcePrechecks);
    return settings;
}

PrecheckInput textInput(const std::string& copy, std::vector<std::string> sellingPoints) {
    PrecheckInput input;
    input.copy = copy;
    input.sellingPoints = std::move(sellingPoints);
    return input;
}

PrecheckReport check(const std::string& copy, std::vector<std::string> sellingPoints,
                     const review::TextPrecheckSettings& settings = shippedSettings()) {
    return review::runTextPrechecks(textInput(copy, std::move(sellingPoints)), settings);
}

const PrecheckFlag* findFlag(const PrecheckReport& report, const std::string& id) {
    const auto it = std::find_if(report.flags.begin(), report.flags.end(), [&](const PrecheckFlag& f) { return f.check == id; });
    return it == report.flags.end() ? nullptr : &*it;
}
const PrecheckFlag* findFlag(const PrecheckReport&& report, const std::string& id) = delete;  // would dangle

bool flagged(const PrecheckReport& report, const std::string& id) { return findFlag(report, id) != nullptr; }

std::vector<std::string> spanTexts(const PrecheckFlag& flag) {
    std::vector<std::string> texts;
    for (const auto& span : flag.spans) texts.push_back(span.text);
    return texts;
}

// Every span of every flag is the bytes of the copy it names.
void expectSpansPointIntoCopy(const PrecheckReport& report, const std::string& copy) {
    for (const auto& flag : report.flags)
        for (const auto& span : flag.spans) {
            ASSERT_LE(span.begin, span.end) << flag.check;
            ASSERT_LE(span.end, copy.size()) << flag.check;
            EXPECT_EQ(copy.substr(span.begin, span.end - span.begin), span.text) << flag.check;
        }
}

std::vector<std::string> flaggedChecks(const PrecheckReport& report) {
    std::vector<std::string> ids;
    for (const auto& flag : report.flags) ids.push_back(flag.check);
    return ids;
}

// A folder with the shipped data files, for tests that change one of them.
struct DataCopy {
    std::filesystem::path dir;
    DataCopy() {
        static int made = 0;
        dir = std::filesystem::temp_directory_path() /
              ("adgen-prechecks-data-" + std::to_string(::getpid()) + "-" + std::to_string(++made));
        std::filesystem::remove_all(dir);
        std::filesystem::copy(kSourcePrechecks, dir, std::filesystem::copy_options::recursive);
    }
    ~DataCopy() { std::filesystem::remove_all(dir); }
    void write(const std::string& name, const std::string& text) const { std::ofstream(dir / name) << text; }
};

constexpr const char* kUnsupported = "factuality.unsupported-words";
constexpr const char* kExaggerated = "factuality.exaggerated-claim";
constexpr const char* kSensitive = "factuality.sensitive-content";
constexpr const char* kCopy = "readability.selling-point-copy";
constexpr const char* kRepetition = "readability.repetition";
constexpr const char* kBroken = "readability.broken-text";

// ---- the appendix, Figure 6: three real rejected texts (the <i> tags of the paper stripped) ----

const std::vector<std::string> kFigure6Points1 = {"course synchronization", "Smart Eye Care Mode", "BBK",
                                                  "Elementary to High School"};
const std::string kFigure6Copy1 = "BBK Course Synchronization Blue Light Protection Elementary to High School";
const std::vector<std::string> kFigure6Points2 = {"Original Flavor", "Engnice", "age 6 month and up",
                                                  "teeth grinding function", "Infant and Toddler Standards", "48g",
                                                  "Baby Rice Crackers"};
const std::string kFigure6Copy2 =
    "Original Flavor Engnice age 6 month and up teeth grinding function Infant and Toddler Standards 48g Baby Rice "
    "Crackers";
const std::vector<std::string> kFigure6Points3 = {"Resists Discoloration", "useful sealant", "Yuhong",
                                                  "Mold-Resistant Sealant", "Kitchen & Bathroom Toilet",
                                                  "multiple color specification"};
const std::string kFigure6Copy3 =
    "Yuhong Mold-Resistant Sealant Permanently Resists Discoloration Kitchen & Bathroom Toilet Sealant";

}  // namespace

TEST(PrecheckFigure6, BlueLightProtectionIsAWordTheSellingPointsDoNotHave) {
    const auto report = check(kFigure6Copy1, kFigure6Points1);
    EXPECT_EQ(flaggedChecks(report), std::vector<std::string>{kUnsupported});
    const auto* flag = findFlag(report, kUnsupported);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(flag->criterion, Criterion::Factuality);
    ASSERT_EQ(flag->spans.size(), 1u);
    EXPECT_EQ(flag->spans[0].begin, 27u);
    EXPECT_EQ(flag->spans[0].end, 48u);
    EXPECT_EQ(flag->spans[0].text, "Blue Light Protection");
    EXPECT_EQ(flag->measures.at("unsupported_words"), 3);
    EXPECT_EQ(flag->measures.at("words"), 10);
    expectSpansPointIntoCopy(report, kFigure6Copy1);
}

TEST(PrecheckFigure6, TheSellingPointsInOrderAreADirectCopy) {
    const auto report = check(kFigure6Copy2, kFigure6Points2);
    EXPECT_EQ(flaggedChecks(report), std::vector<std::string>{kCopy});
    const auto* flag = findFlag(report, kCopy);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(flag->criterion, Criterion::Readability);
    EXPECT_EQ(flag->measures.at("coverage"), 1.0);
    EXPECT_EQ(flag->measures.at("word_share"), 1.0);
    EXPECT_EQ(flag->measures.at("in_order"), 1.0);
    EXPECT_EQ(spanTexts(*flag), kFigure6Points2);
    EXPECT_NE(flag->message.find("in their order"), std::string::npos) << flag->message;
    expectSpansPointIntoCopy(report, kFigure6Copy2);
}

TEST(PrecheckFigure6, PermanentlyIsAnExaggeratedClaim) {
    const auto report = check(kFigure6Copy3, kFigure6Points3);
    const auto* flag = findFlag(report, kExaggerated);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(flag->criterion, Criterion::Factuality);
    ASSERT_EQ(flag->spans.size(), 1u);
    EXPECT_EQ(flag->spans[0].begin, 30u);
    EXPECT_EQ(flag->spans[0].text, "Permanently");
    // Also a word the selling points lack; but not a copy of them nor a repetition.
    const auto* unsupported = findFlag(report, kUnsupported);
    ASSERT_NE(unsupported, nullptr);
    EXPECT_EQ(spanTexts(*unsupported), std::vector<std::string>{"Permanently"});
    EXPECT_EQ(findFlag(report, kCopy), nullptr);
    EXPECT_EQ(findFlag(report, kRepetition), nullptr);
    EXPECT_EQ(findFlag(report, kBroken), nullptr);
    expectSpansPointIntoCopy(report, kFigure6Copy3);
}

// ---- factuality.unsupported-words ----

TEST(PrecheckUnsupportedWords, FlagsAWordMissingFromTheSellingPointsByItsBytes) {
    const std::string copy = "Leak-proof titanium lid";
    const auto report = check(copy, {"leak-proof lid", "double-wall stainless steel"});
    const auto* flag = findFlag(report, kUnsupported);
    ASSERT_NE(flag, nullptr);
    ASSERT_EQ(flag->spans.size(), 1u);
    EXPECT_EQ(flag->spans[0].begin, 11u);
    EXPECT_EQ(flag->spans[0].end, 19u);
    EXPECT_EQ(flag->spans[0].text, "titanium");
    EXPECT_EQ(flag->measures.at("unsupported_words"), 1);
    EXPECT_EQ(flag->measures.at("words"), 4);
    EXPECT_DOUBLE_EQ(flag->measures.at("unsupported_share"), 0.25);
    EXPECT_EQ(flag->message, "1 of 4 words is not in the selling points: \"titanium\".");
}

TEST(PrecheckUnsupportedWords, CaseAndSeparatorsDoNotMatter) {
    const auto report =
        check("LEAK-PROOF【Lid】, Double Wall / STAINLESS steel!", {"leak-proof lid", "double-wall stainless steel"});
    EXPECT_FALSE(flagged(report, kUnsupported));
}

TEST(PrecheckUnsupportedWords, GlueWordsOfTheStopListAreFree) {
    const auto report = check("Stainless steel lid with a double wall for the commute, and 的",
                              {"leak-proof lid", "double-wall stainless steel"});
    const auto* flag = findFlag(report, kUnsupported);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), std::vector<std::string>{"commute"});
    EXPECT_EQ(flag->measures.at("words"), 6);  // stainless steel lid double wall commute
}

TEST(PrecheckUnsupportedWords, TheStopListIsTheDataFile) {
    DataCopy data;
    data.write("stopwords_en.txt", "# only this one\nplus\n");
    const auto settings = review::loadTextPrecheckSettings(data.dir.string());
    const auto report = check("Lid plus steel with a wall", {"lid", "steel", "wall"}, settings);
    const auto* flag = findFlag(report, kUnsupported);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"with a"}));
}

TEST(PrecheckUnsupportedWords, ChineseIsMatchedAsPartsOfTheSellingPoints) {
    const std::vector<std::string> points = {"超长续航", "5000mAh大电池"};
    EXPECT_FALSE(flagged(check("续航超长的5000mAh大电池", points), kUnsupported));  // 的 is a particle
    const std::string copy = "5000mAh大电池防蓝光";
    const auto report = check(copy, points);
    const auto* flag = findFlag(report, kUnsupported);
    ASSERT_NE(flag, nullptr);
    ASSERT_EQ(flag->spans.size(), 1u);
    EXPECT_EQ(flag->spans[0].text, "防蓝光");
    EXPECT_EQ(flag->spans[0].begin, std::string("5000mAh大电池").size());
    EXPECT_EQ(flag->spans[0].end, copy.size());
    EXPECT_EQ(flag->measures.at("unsupported_words"), 3);  // each CJK character counts as a word
    expectSpansPointIntoCopy(report, copy);
}

TEST(PrecheckUnsupportedWords, ASingleChineseCharacterMustBeAWholeSellingPointWord) {
    // 大 occurs in 大电池, but alone it is not a selling point's word: 大容量 is a new claim.
    const auto report = check("大容量电池", {"大电池"});
    const auto* flag = findFlag(report, kUnsupported);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), std::vector<std::string>{"大容量"});
    EXPECT_FALSE(flagged(check("大", {"大", "电池"}), kUnsupported));
}

TEST(PrecheckUnsupportedWords, StrengthGrowsWithTheShareOfUnsupportedWords) {
    const std::vector<std::string> points = {"red wine glass set"};
    const auto few = check("red wine glass set crystal", points);
    const auto many = check("red crystal goblet made in Italy", points);
    ASSERT_NE(findFlag(few, kUnsupported), nullptr);
    ASSERT_NE(findFlag(many, kUnsupported), nullptr);
    EXPECT_LT(findFlag(few, kUnsupported)->strength, findFlag(many, kUnsupported)->strength);
    EXPECT_GE(findFlag(few, kUnsupported)->strength, 0.5);
    EXPECT_LE(findFlag(many, kUnsupported)->strength, 1.0);
}

TEST(PrecheckUnsupportedWords, DoesNotRunWithoutSellingPoints) {
    const auto report = check("Anything at all", {"", "  "});
    EXPECT_EQ(findFlag(report, kUnsupported), nullptr);
    EXPECT_EQ(std::count(report.checksRun.begin(), report.checksRun.end(), kUnsupported), 0);
    EXPECT_EQ(std::count(report.checksRun.begin(), report.checksRun.end(), kCopy), 0);
}

// ---- factuality.exaggerated-claim ----

TEST(PrecheckExaggeratedClaims, FindsEnglishSuperlativesAndAbsolutes) {
    const std::string copy = "No.1 sealant, 100% waterproof, guaranteed to never crack - the best!";
    const auto report = check(copy, {"sealant", "waterproof"});
    const auto* flag = findFlag(report, kExaggerated);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"No.1", "100%", "guaranteed", "never", "best"}));
    EXPECT_EQ(flag->spans[0].begin, 0u);
    EXPECT_EQ(flag->measures.at("claims"), 5);
    expectSpansPointIntoCopy(report, copy);
}

TEST(PrecheckExaggeratedClaims, NeedsWordBoundariesInEnglish) {
    const auto report = check("Bestow a perfectionist No.10 gift, nevertheless", {"gift"});
    EXPECT_EQ(findFlag(report, kExaggerated), nullptr);
}

TEST(PrecheckExaggeratedClaims, FindsChineseAbsolutesAnywhere) {
    const std::string copy = "全网第一，永久保色，最好的密封胶";
    const auto report = check(copy, {"密封胶", "保色"});
    const auto* flag = findFlag(report, kExaggerated);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"第一", "永久", "最"}));
    EXPECT_EQ(flag->spans[0].begin, std::string("全网").size());
    expectSpansPointIntoCopy(report, copy);
}

TEST(PrecheckExaggeratedClaims, AClaimTheSellingPointsMakeIsNotFlagged) {
    EXPECT_FALSE(flagged(check("100% cotton tee", {"100% cotton", "tee"}), kExaggerated));
    EXPECT_FALSE(flagged(check("永久保修", {"永久保修"}), kExaggerated));
    const auto report = check("Permanently soft 100% cotton", {"100% cotton", "soft"});
    const auto* flag = findFlag(report, kExaggerated);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), std::vector<std::string>{"Permanently"});
    EXPECT_EQ(flag->measures.at("claims_in_selling_points"), 1);
}

TEST(PrecheckExaggeratedClaims, NothingToFlagInPlainCopy) {
    EXPECT_FALSE(flagged(check("Soft cotton tee for summer", {"cotton", "tee"}), kExaggerated));
    EXPECT_FALSE(flagged(check("柔软纯棉T恤", {"纯棉"}), kExaggerated));
}

// ---- factuality.sensitive-content ----

TEST(PrecheckSensitiveContent, FindsSensitiveTermsInEitherLanguage) {
    const std::string copy = "Casino night gambling kit 赌博套装";
    const auto report = check(copy, {"kit"});
    const auto* flag = findFlag(report, kSensitive);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(flag->criterion, Criterion::Factuality);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"Casino", "gambling", "赌博"}));
    EXPECT_GE(flag->strength, 0.9);
    expectSpansPointIntoCopy(report, copy);
}

TEST(PrecheckSensitiveContent, FlagsEvenWhatTheSellingPointsSay) {
    EXPECT_TRUE(flagged(check("Casino chips", {"casino chips"}), kSensitive));
}

TEST(PrecheckSensitiveContent, HarmlessLookalikesAreNotFlagged) {
    const auto report = check("Gore-Tex jacket with flame retardant lining, bath bomb gift", {"jacket"});
    EXPECT_EQ(findFlag(report, kSensitive), nullptr);
}

// ---- readability.selling-point-copy ----

TEST(PrecheckSellingPointCopy, AReorderedCopyIsStillACopy) {
    const auto report = check("Baby Rice Crackers 48g Original Flavor Engnice age 6 month and up teeth grinding function "
                              "Infant and Toddler Standards",
                              kFigure6Points2);
    const auto* flag = findFlag(report, kCopy);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(flag->measures.at("in_order"), 0.0);
    EXPECT_NE(flag->message.find("reordered"), std::string::npos) << flag->message;
    EXPECT_EQ(flag->spans.front().text, "Baby Rice Crackers");
}

TEST(PrecheckSellingPointCopy, ChineseSellingPointsWrittenTogether) {
    const std::vector<std::string> points = {"超长续航", "大电池", "快充"};
    const auto report = check("大电池超长续航快充", points);
    const auto* flag = findFlag(report, kCopy);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(flag->measures.at("selling_points_covered"), 3);
    // Written as copy: new words (安心) make it more than the selling points.
    EXPECT_FALSE(flagged(check("超长续航大电池，快充更安心", points), kCopy));
}

TEST(PrecheckSellingPointCopy, CopyThatLeavesOutSellingPointsOrAddsWordsIsNotACopy) {
    EXPECT_FALSE(flagged(check(kFigure6Copy1, kFigure6Points1), kCopy));  // 3 of 4, and new words
    EXPECT_FALSE(flagged(check(kFigure6Copy3, kFigure6Points3), kCopy));  // 4 of 6
    EXPECT_FALSE(flagged(check("Original Flavor Baby Rice Crackers", kFigure6Points2), kCopy));
}

TEST(PrecheckSellingPointCopy, ThresholdsComeFromTheDataFile) {
    DataCopy data;
    data.write("text_checks.json", R"({"selling_point_copy": {"min_word_share": 0.9, "min_coverage": 0.25}})");
    const auto settings = review::loadTextPrecheckSettings(data.dir.string());
    EXPECT_DOUBLE_EQ(settings.copyMinCoverage, 0.25);
    EXPECT_EQ(settings.repetitionMinCjkChars, 3);  // absent: the default
    EXPECT_TRUE(flagged(check("Original Flavor Baby Rice Crackers", kFigure6Points2, settings), kCopy));
}

// ---- readability.repetition ----

TEST(PrecheckRepetition, ASellingPointWrittenTwice) {
    const std::string copy = "BBK course synchronization, BBK";
    const auto report = check(copy, {"BBK", "course synchronization"});
    const auto* flag = findFlag(report, kRepetition);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(flag->criterion, Criterion::Readability);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"BBK", "BBK"}));
    EXPECT_EQ(flag->spans[1].begin, 28u);
    EXPECT_EQ(flag->measures.at("selling_point_repeats"), 1);
    EXPECT_NE(flag->message.find("selling point \"BBK\" 2 times"), std::string::npos) << flag->message;
}

TEST(PrecheckRepetition, APhraseOfTwoWordsWrittenTwice) {
    const std::string copy = "Fast Charging phone with fast charging";
    const auto report = check(copy, {"fast charging", "phone"});
    const auto* flag = findFlag(report, kRepetition);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"Fast Charging", "fast charging"}));
    expectSpansPointIntoCopy(report, copy);
}

TEST(PrecheckRepetition, OneRepeatedWordOrGlueIsNotSevere) {
    EXPECT_FALSE(flagged(check(kFigure6Copy3, kFigure6Points3), kRepetition));  // "Sealant" twice
    EXPECT_FALSE(flagged(check("lid with a seal and with a strap", {"lid", "seal", "strap"}), kRepetition));
    EXPECT_FALSE(flagged(check("续航好，续航久", {"超长续航"}), kRepetition));  // two characters
}

TEST(PrecheckRepetition, AChineseRunOfThreeCharactersWrittenTwice) {
    const std::string copy = "超长续航，超长续航大电池";
    const auto report = check(copy, {"超长续航", "大电池"});
    const auto* flag = findFlag(report, kRepetition);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"超长续航", "超长续航"}));
    EXPECT_EQ(flag->spans[1].begin, std::string("超长续航，").size());
    const auto stutter = check("哈哈哈哈哈哈", {"哈哈"});
    ASSERT_NE(findFlag(stutter, kRepetition), nullptr);
}

TEST(PrecheckRepetition, TheLongestRepeatIsReportedOnce) {
    const auto report = check("red wine glass, red wine glass", {"glass"});
    const auto* flag = findFlag(report, kRepetition);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"red wine glass", "red wine glass"}));
    EXPECT_EQ(flag->measures.at("repeats"), 1);
}

TEST(PrecheckRepetition, ALongLoopIsReportedAsAFewRepeatsWithShortQuotes) {
    std::string copy;
    for (int i = 0; i < 600; ++i) copy += (i ? " word" : "word") + std::to_string(i % 40);
    const auto report = check(copy, {"word0"});
    const auto* flag = findFlag(report, kRepetition);
    ASSERT_NE(flag, nullptr);
    EXPECT_LE(flag->measures.at("repeats"), 3);
    EXPECT_EQ(flag->measures.at("most_occurrences"), 15);
    EXPECT_LT(flag->message.size(), 200u) << flag->message;
    EXPECT_NE(flag->message.find("…\" 15 times"), std::string::npos) << flag->message;
    expectSpansPointIntoCopy(report, copy);
}

// ---- readability.broken-text ----

TEST(PrecheckBrokenText, AnEmptyCopy) {
    for (const std::string copy : {"", "   ", " ，。 "}) {
        const auto report = check(copy, {"lid"});
        const auto* flag = findFlag(report, kBroken);
        ASSERT_NE(flag, nullptr) << "'" << copy << "'";
        EXPECT_EQ(flag->strength, 1.0);
        EXPECT_EQ(flag->measures.at("empty"), 1);
    }
}

TEST(PrecheckBrokenText, UnbalancedBrackets) {
    const std::string copy = "【超长续航 大电池 (快充";
    const auto report = check(copy, {"超长续航", "大电池", "快充"});
    const auto* flag = findFlag(report, kBroken);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), (std::vector<std::string>{"【", "("}));
    EXPECT_EQ(flag->spans[0].begin, 0u);
    EXPECT_EQ(flag->spans[0].end, 3u);
    EXPECT_EQ(flag->measures.at("unbalanced_brackets"), 2);
    EXPECT_TRUE(flagged(check("lid (seal]", {"lid", "seal"}), kBroken));
    EXPECT_FALSE(
        flagged(check("【超长续航】大电池（快充）[new] (lid)", {"超长续航", "大电池", "快充", "new", "lid"}), kBroken));
}

TEST(PrecheckBrokenText, ADanglingSeparatorAtTheEnd) {
    const auto report = check("Leak-proof lid,", {"leak-proof lid"});
    const auto* flag = findFlag(report, kBroken);
    ASSERT_NE(flag, nullptr);
    ASSERT_EQ(flag->spans.size(), 1u);
    EXPECT_EQ(flag->spans[0].begin, 14u);
    EXPECT_EQ(flag->spans[0].text, ",");
    EXPECT_TRUE(flagged(check("超长续航、", {"超长续航"}), kBroken));
    EXPECT_FALSE(flagged(check("Leak-proof lid!", {"leak-proof lid"}), kBroken));
    EXPECT_FALSE(flagged(check("超长续航。", {"超长续航"}), kBroken));
}

TEST(PrecheckBrokenText, ReplacementCharactersAndBytesThatAreNotUtf8) {
    const std::string replaced = "Leak\xEF\xBF\xBDproof lid";
    const auto replacedReport = check(replaced, {"leak", "proof", "lid"});
    const auto* flag = findFlag(replacedReport, kBroken);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(flag->measures.at("replacement_characters"), 1);
    EXPECT_EQ(flag->spans[0].begin, 4u);
    EXPECT_EQ(flag->spans[0].end, 7u);
    const std::string cut = "超长续\xE8\x88";  // 航 cut after two of its three bytes
    const auto report = check(cut, {"超长续航"});
    const auto* cutFlag = findFlag(report, kBroken);
    ASSERT_NE(cutFlag, nullptr);
    EXPECT_EQ(cutFlag->measures.at("invalid_bytes"), 2);
    EXPECT_EQ(cutFlag->spans[0].begin, 9u);
    EXPECT_EQ(cutFlag->spans[0].end, 11u);
}

TEST(PrecheckBrokenText, ACopyCutOffMidWord) {
    const std::vector<std::string> points = {"Kitchen & Bathroom Toilet"};
    const std::string copy = "Kitchen Bathroom Toil";
    const auto report = check(copy, points);
    const auto* flag = findFlag(report, kBroken);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), std::vector<std::string>{"Toil"});
    EXPECT_EQ(flag->measures.at("cut_off_words"), 1);
    EXPECT_FALSE(flagged(check("Kitchen Bathroom Toilet", points), kBroken));
    EXPECT_FALSE(flagged(check("Kitchen Bathroom Toil.", points), kBroken));  // ended on purpose
}

TEST(PrecheckBrokenText, TwoAlphabetsInOneWord) {
    const std::string copy = "Mold-Resistant S\xD0\xB5" "alant";  // a Cyrillic е in Sealant
    const auto report = check(copy, {"Mold-Resistant Sealant"});
    const auto* flag = findFlag(report, kBroken);
    ASSERT_NE(flag, nullptr);
    EXPECT_EQ(spanTexts(*flag), std::vector<std::string>{"S\xD0\xB5" "alant"});
    EXPECT_EQ(flag->measures.at("mixed_script_words"), 1);
    EXPECT_FALSE(flagged(check("iPhone手机壳 5μm", {"iPhone手机壳", "5μm"}), kBroken));
}

// ---- the report ----

TEST(PrecheckReportShape, EveryTextCheckRunsOnACopyAndNoneWithout) {
    const auto report = check("Leak-proof lid", {"leak-proof lid", "stainless steel", "keeps tea hot"});
    EXPECT_TRUE(report.flags.empty());
    EXPECT_EQ(report.checksRun, (std::vector<std::string>{kUnsupported, kExaggerated, kSensitive, kCopy, kRepetition,
                                                          kBroken}));
    PrecheckInput noCopy;
    noCopy.sellingPoints = {"lid"};
    EXPECT_TRUE(review::runTextPrechecks(noCopy, shippedSettings()).checksRun.empty());
}

TEST(PrecheckReportShape, CriterionNamesRoundTrip) {
    for (const auto c : {Criterion::SizeMismatch, Criterion::ShapeHallucination, Criterion::SpaceMismatch,
                         Criterion::VisualPerception, Criterion::Factuality, Criterion::Readability}) {
        EXPECT_EQ(adgen::parseCriterion(adgen::toString(c)), c);
    }
    EXPECT_EQ(adgen::toString(Criterion::SpaceMismatch), "space-mismatch");
    EXPECT_EQ(adgen::parseCriterion("Shape hallucination"), Criterion::ShapeHallucination);
    EXPECT_EQ(adgen::parseCriterion("visual_perception"), Criterion::VisualPerception);
    EXPECT_EQ(adgen::parseCriterion("grammar"), std::nullopt);
    EXPECT_TRUE(adgen::isImageCriterion(Criterion::SizeMismatch));
    EXPECT_TRUE(adgen::isImageCriterion(Criterion::VisualPerception));
    EXPECT_FALSE(adgen::isImageCriterion(Criterion::Factuality));
    EXPECT_FALSE(adgen::isImageCriterion(Criterion::Readability));
}

TEST(PrecheckReportShape, JsonCarriesFlagsSpansMeasuresAndTheChecksRun) {
    const auto report = check(kFigure6Copy3, kFigure6Points3);
    const auto json = nlohmann::json::parse(adgen::precheckReportToJson(report));
    ASSERT_TRUE(json.is_object());
    EXPECT_EQ(json.size(), 2u);
    EXPECT_EQ(json["checks_run"].size(), 6u);
    ASSERT_EQ(json["flags"].size(), report.flags.size());
    const auto& flag = json["flags"][0];
    for (const char* key : {"criterion", "check", "message", "strength", "spans", "regions", "measures"})
        EXPECT_TRUE(flag.contains(key)) << key;
    EXPECT_EQ(flag.size(), 7u);
    EXPECT_EQ(flag["criterion"], "factuality");
    EXPECT_EQ(flag["check"], report.flags[0].check);
    EXPECT_TRUE(flag["regions"].is_array());
    EXPECT_TRUE(flag["measures"].is_object());
    EXPECT_EQ(flag["spans"][0], (nlohmann::json{{"begin", 30}, {"end", 41}, {"text", "Permanently"}}));
}

TEST(PrecheckReportShape, JsonSurvivesCopyThatIsNotUtf8) {
    const auto report = check("lid \xE8\x88", {"lid"});
    ASSERT_FALSE(report.flags.empty());
    EXPECT_NO_THROW(EXPECT_TRUE(nlohmann::json::parse(adgen::precheckReportToJson(report)).is_object()));
}

TEST(PrecheckReportShape, RunPrechecksPutsTheStrongestEvidenceFirst) {
    PrecheckInput input = textInput(kFigure6Copy3 + " casino", kFigure6Points3);
    const auto report = adgen::runPrechecks(input);
    ASSERT_GE(report.flags.size(), 3u);
    EXPECT_EQ(report.flags[0].check, kSensitive);
    for (size_t i = 1; i < report.flags.size(); ++i) EXPECT_GE(report.flags[i - 1].strength, report.flags[i].strength);
    for (const char* id : {kUnsupported, kExaggerated, kSensitive, kCopy, kRepetition, kBroken})
        EXPECT_EQ(std::count(report.checksRun.begin(), report.checksRun.end(), id), 1) << id;
}

// ---- word lists and their folder ----

TEST(PrecheckWordLists, CommentsBlankLinesAndByteOrderMarkAreSkipped) {
    DataCopy data;
    data.write("list.txt", "\xEF\xBB\xBF# a comment\n\n  best  \r\n最\n# another\n100%");
    EXPECT_EQ(review::readWordList((data.dir / "list.txt").string()), (std::vector<std::string>{"best", "最", "100%"}));
    EXPECT_NE(errorOf([&] { review::readWordList((data.dir / "missing.txt").string()); }).find("missing.txt"),
              std::string::npos);
}

TEST(PrecheckWordLists, AMissingListOrABadThresholdNamesTheFile) {
    DataCopy data;
    std::filesystem::remove(data.dir / "sensitive_zh.txt");
    EXPECT_NE(errorOf([&] { review::loadTextPrecheckSettings(data.dir.string()); }).find("sensitive_zh.txt"),
              std::string::npos);
    DataCopy other;
    other.write("text_checks.json", R"({"selling_point_copy": {"min_coverage": 2}})");
    const auto message = errorOf([&] { review::loadTextPrecheckSettings(other.dir.string()); });
    EXPECT_NE(message.find("selling_point_copy.min_coverage must be a number from 0"), std::string::npos) << message;
}

TEST(PrecheckWordLists, PhraseEntriesMatchWithWildcardsAndFlexibleSpaces) {
    review::PhraseList list({"guarantee*", "top rated", "#1", "最"});
    const std::string text = "GUARANTEED top   rated #1 最佳 guaranteeing";
    std::vector<std::string> found;
    for (const auto& match : list.find(text)) found.push_back(text.substr(match.begin, match.end - match.begin));
    EXPECT_EQ(found, (std::vector<std::string>{"GUARANTEED", "top   rated", "#1", "最", "guaranteeing"}));
    EXPECT_TRUE(list.find("#10 toprated").empty());
}

TEST(PrecheckWordLists, TheDataFolderCanBeSetAndAWrongOneIsNamed) {
    ASSERT_EQ(::setenv("ADGEN_PRECHECKS_DIR", kSourcePrechecks.c_str(), 1), 0);
    EXPECT_EQ(review::precheckDataDirectory(), kSourcePrechecks);
    ASSERT_EQ(::setenv("ADGEN_PRECHECKS_DIR", "/nonexistent/prechecks", 1), 0);
    const auto message = errorOf([] { review::precheckDataDirectory(); });
    ::unsetenv("ADGEN_PRECHECKS_DIR");
    EXPECT_NE(message.find("/nonexistent/prechecks"), std::string::npos) << message;
    EXPECT_NO_THROW((void)review::precheckDataDirectory());  // the source tree's, in a build
}
