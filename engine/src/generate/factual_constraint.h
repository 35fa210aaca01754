#pragma once

#include "generate/text_generation.h"
#include "text/tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace adgen::generate {

// Factual copy mode: the copy may only consist of words of the selling points, joined by
// separators (spaces, punctuation, brackets), so it cannot state anything the selling points do
// not (the paper's factuality reject criterion).
//
// A "word" is a maximal run of non-separator characters of a selling point, split where Latin
// letters/digits meet CJK characters ("5000mAh大电池" gives "5000mAh" and "大电池"). A Latin word
// may be written as in the selling point, in lower case, Capitalised or in UPPER case, and two
// Latin words may not touch without a separator, so "red" + "wine" cannot form "redwine". CJK words may touch, as Chinese is written without spaces.
//
// The allowed texts form a regular language; the constraint runs its automaton over the bytes of
// each vocabulary token, so a token is allowed exactly when the text stays a prefix of an
// allowed copy. The stop tokens are allowed only at a word boundary.
class FactualConstraint : public TokenConstraint {
public:
    FactualConstraint(const text::Tokenizer& tokenizer, const std::vector<std::string>& sellingPoints,
                      std::vector<int64_t> stopIds, int variants, int64_t vocabSize);

    torch::Tensor allowed(int variant) const override;
    void accept(int variant, int64_t token) override;

    // Tokens of `variant` up to its last word boundary: a copy cut off by the token limit in the
    // middle of a word is trimmed back to whole words.
    size_t completeLength(int variant) const { return boundaryLength_[static_cast<size_t>(variant)]; }

    // The words the copy may use, as the selling points spell them, for display and tests.
    const std::vector<std::string>& words() const { return words_; }
    // True when `text` is a complete allowed copy (used by tests and the review pre-checks).
    bool permits(const std::string& text) const;

    static const std::vector<std::string>& separators();

private:
    struct Node {
        int32_t next[256];
        bool terminal = false;
        bool endsLatin = false;  // the piece ending here ends with an ASCII letter or digit
        Node();
    };
    // A state is a node index; kBoundary* are the two between-piece states.
    static constexpr int32_t kBoundary = -1;
    static constexpr int32_t kBoundaryAfterLatin = -2;
    using StateSet = std::vector<int32_t>;

    void addPiece(const std::string& piece);
    StateSet step(const StateSet& states, uint8_t byte) const;
    StateSet run(StateSet states, const std::string& bytes) const;
    bool atBoundary(const StateSet& states) const;

    const text::Tokenizer& tokenizer_;
    std::vector<Node> nodes_;
    std::vector<std::string> words_;
    std::vector<int64_t> stopIds_;
    int64_t vocabSize_;
    std::vector<StateSet> states_;  // per variant
    std::vector<size_t> accepted_;  // tokens accepted, per variant
    std::vector<size_t> boundaryLength_;
};

}  // namespace adgen::generate
