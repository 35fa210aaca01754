// The Uni-AdGen prompt sequences (model-spec 2.5), checked token by token against the segment
// table of the spec: each segment is encoded on its own (special tokens split the text, so this
// is what encoding the whole string must give) and the segments are concatenated.

#include "error_message.h"
#include "personalize/prompt_layout.h"
#include "uniadgen_test_support.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace adgen {
namespace {

using personalize::PromptLayout;
using personalize::Stage2Mode;

class PromptLayoutTest : public ::testing::Test {
protected:
    PromptLayoutTest()
        : config(testing::tinyUniAdGenModelConfig()),
          uni(*personalize::readUniAdGenConfig(config, "test")),
          tokenizer(testing::tinyUniAdGenTokenizer()),
          layout(config, uni, tokenizer) {}

    int64_t id(const std::string& token) const { return *tokenizer.tokenId(token); }

    // Appends the ids of plain text (no BOS).
    void text(std::vector<int64_t>& out, const std::string& s) const {
        for (auto t : tokenizer.encode(s, false)) out.push_back(t);
    }
    void repeat(std::vector<int64_t>& out, int64_t token, int64_t times) const { out.insert(out.end(), times, token); }

    // Segments 1-9 of the spec table for a prompt with `wordList` in the template.
    std::vector<int64_t> userTurn(const std::string& wordList) const {
        std::vector<int64_t> ids{id("<｜begin▁of▁sentence｜>"), id("<|User|>")};
        text(ids, ": Generate an engaging title using only the words from the word list '" + wordList +
                      "' in similar style to the history title set '");
        for (int i = 0; i < 3; ++i) {
            ids.push_back(id("<begin_of_history_title>"));
            repeat(ids, id("<title_placeholder>"), 5);
            ids.push_back(id("<end_of_history_title>"));
        }
        text(ids, "', and based on the original title 'Steel bottle 500ml', create a promising product marketing "
                  "image for the produce in the image in similar style to history image set ");
        for (int i = 0; i < 3; ++i) {
            ids.push_back(id("<begin_of_image>"));
            repeat(ids, id("<image_placeholder>"), 4);
            ids.push_back(id("<end_of_image>"));
        }
        text(ids, ". (Directly provide the title and prompt without preface explanation)\n\n");
        ids.push_back(id("<|Assistant|>"));
        return ids;
    }

    const personalize::BriefText brief{"leak-proof, steel, 12 hours", "Steel bottle 500ml"};
    const std::string title = "<prompt>Steel bottle, leak-proof</prompt>";
    model::ModelConfig config;
    personalize::UniAdGenConfig uni;
    text::Tokenizer tokenizer;
    PromptLayout layout;
};

TEST_F(PromptLayoutTest, Stage1EndsAtTheOpenedTitleWithTheRealWordList) {
    auto expected = userTurn(brief.wordList);
    text(expected, ": <prompt>");
    EXPECT_EQ(layout.stage1(brief, 3), expected);
}

TEST_F(PromptLayoutTest, ReleasedStage2QuotesNoneAndEndsAtTheClosedTitle) {
    auto expected = userTurn("None");
    text(expected, ": " + title);
    EXPECT_EQ(layout.stage2(brief, 3, title, Stage2Mode::Released), expected);
}

TEST_F(PromptLayoutTest, ReleasedStage2WithoutSellingPointsEndsWithEndOfTurnAndBeginOfImage) {
    const personalize::BriefText noPoints{"", brief.originalTitle};
    auto expected = userTurn("None");
    text(expected, ": " + title);
    expected.push_back(id("<｜end▁of▁sentence｜>"));
    expected.push_back(id("<begin_of_image>"));
    EXPECT_EQ(layout.stage2(noPoints, 3, title, Stage2Mode::Released), expected);
}

TEST_F(PromptLayoutTest, TrainConsistentStage2KeepsTheWordListAndEndsWithBeginOfImage) {
    auto expected = userTurn(brief.wordList);
    text(expected, ": " + title);
    expected.push_back(id("<｜end▁of▁sentence｜>"));
    expected.push_back(id("<begin_of_image>"));
    EXPECT_EQ(layout.stage2(brief, 3, title, Stage2Mode::TrainConsistent), expected);
}

TEST_F(PromptLayoutTest, TrainingSequenceIsStageOneThenItsTitleThenTheTrainConsistentImagePrompt) {
    const auto seq = layout.trainingSequence(brief, 3, "Steel bottle, leak-proof");
    const auto stage1 = layout.stage1(brief, 3);
    ASSERT_EQ(seq.titleBegin, stage1.size());
    EXPECT_TRUE(std::equal(stage1.begin(), stage1.end(), seq.ids.begin()));
    std::vector<int64_t> written;
    text(written, "Steel bottle, leak-proof</prompt>");
    written.push_back(id("<｜end▁of▁sentence｜>"));
    EXPECT_EQ(std::vector<int64_t>(seq.ids.begin() + static_cast<long>(seq.titleBegin),
                                   seq.ids.begin() + static_cast<long>(seq.titleEnd)),
              written);
    EXPECT_EQ(seq.ids.back(), id("<begin_of_image>"));
    EXPECT_EQ(seq.ids.size(), seq.titleEnd + 1);
    // What stage 2 builds at inference from the same title, in train-consistent mode.
    EXPECT_EQ(seq.ids, layout.stage2(brief, 3, title, Stage2Mode::TrainConsistent));
}

TEST_F(PromptLayoutTest, NegativeRowIsTheNegativePromptWithAnEmptyAnswer) {
    std::vector<int64_t> expected{id("<｜begin▁of▁sentence｜>"), id("<|User|>")};
    text(expected, ": " + personalize::releasedNegativePrompt() + "\n\n");
    expected.push_back(id("<|Assistant|>"));
    text(expected, ":");
    expected.push_back(id("<begin_of_image>"));
    EXPECT_EQ(layout.negative(), expected);
}

TEST_F(PromptLayoutTest, HistorySlotCountsFollowTheHistoryLength) {
    const auto ids = layout.stage1(brief, 2);
    const auto count = [&](const std::string& token) { return std::count(ids.begin(), ids.end(), id(token)); };
    EXPECT_EQ(count("<title_placeholder>"), 2 * 5);
    EXPECT_EQ(count("<image_placeholder>"), 2 * 4);
    EXPECT_EQ(count("<begin_of_history_title>"), 2);
    const auto none = layout.stage1(brief, 0);
    EXPECT_EQ(std::count(none.begin(), none.end(), id("<title_placeholder>")), 0);
    EXPECT_EQ(std::count(none.begin(), none.end(), id("<begin_of_image>")), 0);
}

TEST_F(PromptLayoutTest, HistoryTitlesArePaddedOrCutToTheirSlots) {
    const auto pad = id("<｜▁pad▁｜>");
    const auto shortTitle = layout.historyTitleSlots("mug");
    std::vector<int64_t> expected;
    text(expected, "mug");
    ASSERT_LT(expected.size(), 5u);
    expected.resize(5, pad);
    EXPECT_EQ(shortTitle, expected);
    EXPECT_EQ(layout.historyTitleSlots(""), std::vector<int64_t>(5, pad));
    std::vector<int64_t> longIds;
    text(longIds, "a very long history title about a red thermos bottle");
    ASSERT_GT(longIds.size(), 5u);
    EXPECT_EQ(layout.historyTitleSlots("a very long history title about a red thermos bottle"),
              std::vector<int64_t>(longIds.begin(), longIds.begin() + 5));
}

TEST_F(PromptLayoutTest, SlotLikeTextInsideTheBriefIsNotFilledTwice) {
    const personalize::BriefText tricky{"{S}", "{W} bottle"};
    EXPECT_NE(layout.instruction(tricky.wordList, tricky.originalTitle, 0).find("word list '{S}'"), std::string::npos);
    EXPECT_NE(layout.instruction(tricky.wordList, tricky.originalTitle, 0).find("original title '{W} bottle'"),
              std::string::npos);
}

TEST_F(PromptLayoutTest, TitleSectionCutsAfterTheFirstClose) {
    EXPECT_EQ(personalize::titleSection("Red mug</prompt> more</prompt>", uni), "<prompt>Red mug</prompt>");
    EXPECT_EQ(personalize::titleSection("never closed", uni), "<prompt></prompt>");
    EXPECT_EQ(personalize::titleFromSection("<prompt> Red mug </prompt>", uni), "Red mug");
    EXPECT_EQ(personalize::titleFromSection("<PROMPT>x</Prompt>", uni), "x");
    EXPECT_EQ(personalize::titleFromSection("<prompt></prompt>", uni), "");
    EXPECT_EQ(personalize::titleFromSection("say <prompt>x</prompt>", uni), "");
}

TEST_F(PromptLayoutTest, MissingHistoryTokenIsAnErrorNamingIt) {
    const auto plain = text::Tokenizer::fromFile(testing::tinyTokenizerJson());
    const auto message = errorOf([&] { PromptLayout bad(config, uni, plain); });
    EXPECT_NE(message.find("<title_placeholder>"), std::string::npos) << message;
    EXPECT_NE(message.find("added_tokens.json"), std::string::npos) << message;
}

}  // namespace
}  // namespace adgen
