// Factual copy mode's language: words of the selling points joined by separators.

#include "generate/factual_constraint.h"
#include "tiny_model.h"

#include <gtest/gtest.h>

namespace adgen {
namespace {

class Factual : public ::testing::Test {
protected:
    text::Tokenizer tokenizer = text::Tokenizer::fromFile(testing::tinyTokenizerJson());
    generate::FactualConstraint make(const std::vector<std::string>& points, const std::string& terminator = {}) {
        return generate::FactualConstraint(tokenizer, points, {*tokenizer.eosId()}, 1, 768, terminator);
    }
    void write(generate::FactualConstraint& c, const std::string& text) {
        for (auto t : tokenizer.encode(text, false)) {
            ASSERT_TRUE(c.allowed(0)[t].item<bool>()) << "'" << tokenizer.tokenBytes(t) << "' of '" << text << "'";
            c.accept(0, t);
        }
    }
    // The token made of the single byte `c` (a byte-level vocabulary has one for every byte).
    int32_t byteToken(char c) const {
        for (int32_t id = 0; id < tokenizer.size(); ++id)
            if (!tokenizer.isSpecial(id) && tokenizer.tokenBytes(id) == std::string(1, c)) return id;
        return -1;
    }
    // The bytes of the tokens `allowed` has on, other than the stop token.
    std::vector<std::string> allowedTexts(const torch::Tensor& allowed) const {
        std::vector<std::string> out;
        for (int32_t id = 0; id < tokenizer.size(); ++id)
            if (id != *tokenizer.eosId() && allowed[id].item<bool>()) out.push_back(tokenizer.tokenBytes(id));
        return out;
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

// A personalized ad's title ends with the plain-text marker "</prompt>", then the stop token.
constexpr const char* kClose = "</prompt>";

TEST_F(Factual, WithATerminatorTheStopTokenWaitsForIt) {
    auto c = make({"waterproof"}, kClose);
    const auto eos = *tokenizer.eosId();
    EXPECT_FALSE(c.allowed(0)[eos].item<bool>());
    write(c, "waterproof");
    EXPECT_FALSE(c.allowed(0)[eos].item<bool>());  // a word boundary is not the end any more
    EXPECT_FALSE(c.terminated(0));
    EXPECT_TRUE(c.permits("waterproof"));          // the copy itself is checked without the marker
}

TEST_F(Factual, TheTerminatorMayStartOnlyAtAWordBoundary) {
    auto c = make({"waterproof"}, kClose);
    const auto open = byteToken('<');
    ASSERT_GE(open, 0);
    EXPECT_TRUE(c.allowed(0)[open].item<bool>());  // an empty title may close at once
    write(c, "water");
    EXPECT_FALSE(c.allowed(0)[open].item<bool>());  // not inside a word
    for (const auto& text : allowedTexts(c.allowed(0))) EXPECT_EQ(text.find('<'), std::string::npos) << text;
    write(c, "proof");
    EXPECT_TRUE(c.allowed(0)[open].item<bool>());
}

TEST_F(Factual, AfterTheWholeTerminatorOnlyTheStopTokenIsAllowed) {
    auto c = make({"waterproof"}, kClose);
    write(c, "waterproof");
    const auto before = tokenizer.encode("waterproof", false).size();
    const auto marker = tokenizer.encode(kClose, false);
    ASSERT_GT(marker.size(), 1u);  // the tokenizer splits the marker: the case this is for
    for (size_t i = 0; i < marker.size(); ++i) {
        EXPECT_FALSE(c.terminated(0));
        EXPECT_FALSE(c.allowed(0)[*tokenizer.eosId()].item<bool>()) << "after " << i << " marker tokens";
        ASSERT_TRUE(c.allowed(0)[marker[i]].item<bool>());
        c.accept(0, marker[i]);
    }
    EXPECT_TRUE(c.terminated(0));
    const auto allowed = c.allowed(0);
    EXPECT_TRUE(allowed[*tokenizer.eosId()].item<bool>());
    EXPECT_EQ(allowed.sum().item<int64_t>(), 1);
    EXPECT_EQ(c.completeLength(0), before + marker.size());  // the whole title, marker included
}

TEST_F(Factual, MarkerBytesSplitAcrossTokensAllowOnlyTheRestOfTheMarker) {
    auto c = make({"waterproof"}, kClose);
    write(c, "waterproof");
    const auto words = c.completeLength(0);
    for (char b : std::string("</pr")) {
        const auto t = byteToken(b);
        ASSERT_GE(t, 0) << b;
        ASSERT_TRUE(c.allowed(0)[t].item<bool>()) << b;
        c.accept(0, t);
    }
    // "<" and "/" are separators too, but no selling-point word starts with "pr": only the
    // marker's rest, whole or in pieces, may follow, and no stop token yet.
    for (const auto& text : allowedTexts(c.allowed(0))) EXPECT_EQ(std::string("ompt>").rfind(text, 0), 0u) << "'" << text << "'";
    EXPECT_TRUE(c.allowed(0)[byteToken('o')].item<bool>());
    EXPECT_FALSE(c.allowed(0)[*tokenizer.eosId()].item<bool>());
    // Cut off here, the title keeps its words: the boundary after "</" (as separators) does not
    // count while the marker is under way.
    EXPECT_EQ(c.completeLength(0), words);
    for (char b : std::string("ompt>")) c.accept(0, byteToken(b));
    EXPECT_TRUE(c.terminated(0));
}

TEST_F(Factual, TheMarkerAndSeparatorsWithAWordStayOpenUntilTheBytesDecide) {
    // "prompt" is a selling-point word here, so "</prompt" reads both as separators + word and as
    // most of the marker.
    auto c = make({"red", "prompt"}, kClose);
    write(c, "red</prompt");
    EXPECT_TRUE(c.allowed(0)[byteToken(' ')].item<bool>());  // the separators-and-word reading goes on
    EXPECT_TRUE(c.allowed(0)[byteToken('>')].item<bool>());  // or the marker closes
    EXPECT_FALSE(c.terminated(0));
    c.accept(0, byteToken('>'));
    EXPECT_TRUE(c.terminated(0));  // the marker wins: nothing but the stop token follows
    EXPECT_EQ(c.allowed(0).sum().item<int64_t>(), 1);
}

}  // namespace
}  // namespace adgen
