// Factual copy mode's language: words of the selling points joined by separators.

#include "generate/factual_constraint.h"
#include "tiny_model.h"

#include <gtest/gtest.h>

namespace adgen {
namespace {

class Factual : public ::testing::Test {
protected:
    text::Tokenizer tokenizer = text::Tokenizer::fromFile(testing::tinyTokenizerJson());
    generate::FactualConstraint make(const std::vector<std::string>& points) {
        return generate::FactualConstraint(tokenizer, points, {*tokenizer.eosId()}, 1, 768);
    }
};

TEST_F(Factual, WordsAreSplitOnSeparatorsAndWhereLatinMeetsCjk) {
    const auto c = make({"5000mAh大电池, Waterproof", "超长续航（48小时）"});
    EXPECT_EQ(c.words(), (std::vector<std::string>{"5000mAh", "大电池", "Waterproof", "超长续航", "48", "小时"}));
}

TEST_F(Factual, PermitsReorderedWordsWithSeparatorsAndBrackets) {
    const auto c = make({"red wine", "超长续航", "5000mAh"});
    EXPECT_TRUE(c.permits("Red wine, 5000mAh【超长续航】"));
    EXPECT_TRUE(c.permits("超长续航超长续航 wine"));
    EXPECT_TRUE(c.permits("wine"));
}

TEST_F(Factual, RejectsWordsThatAreNotInTheSellingPoints) {
    const auto c = make({"red wine", "超长续航"});
    EXPECT_FALSE(c.permits("best red wine"));
    EXPECT_FALSE(c.permits("超长"));      // a prefix of a word is not a word
    EXPECT_FALSE(c.permits("redwine"));   // Latin words may not fuse into a new word
    EXPECT_FALSE(c.permits("red wine\n"));
    EXPECT_FALSE(c.permits("rEd wine"));  // only as written, lower, Capitalised or UPPER case
    EXPECT_TRUE(c.permits("RED Wine 超长续航"));
}

TEST_F(Factual, AllowsExactlyTheTokensThatKeepTheCopyOnTrack) {
    auto c = make({"waterproof"});
    const auto allowed = c.allowed(0);
    for (int32_t id = 0; id < tokenizer.size(); ++id) {
        const auto& bytes = tokenizer.tokenBytes(id);
        const bool prefixOfAllowed = !tokenizer.isSpecial(id) && !bytes.empty() &&
                                     std::string("waterproof").rfind(bytes, 0) == 0;
        const bool separator = bytes == " " || bytes == "," || bytes == "!";
        if (prefixOfAllowed || separator) {
            EXPECT_TRUE(allowed[id].item<bool>()) << "'" << bytes << "'";
        }
        if (bytes.find('x') != std::string::npos || bytes.find('z') != std::string::npos) {
            EXPECT_FALSE(allowed[id].item<bool>()) << "'" << bytes << "'";
        }
    }
}

TEST_F(Factual, TheStopTokenIsAllowedOnlyBetweenWords) {
    auto c = make({"waterproof"});
    const auto eos = *tokenizer.eosId();
    EXPECT_TRUE(c.allowed(0)[eos].item<bool>());  // an empty copy may end
    const auto w = tokenizer.encode("water", false);
    for (auto t : w) c.accept(0, t);
    EXPECT_FALSE(c.allowed(0)[eos].item<bool>());
    EXPECT_EQ(c.completeLength(0), 0u);
    for (auto t : tokenizer.encode("proof", false)) c.accept(0, t);
    EXPECT_TRUE(c.allowed(0)[eos].item<bool>());
    EXPECT_EQ(c.completeLength(0), w.size() + tokenizer.encode("proof", false).size());
}

}  // namespace
}  // namespace adgen
