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
//
// With a `terminator`, the copy ends with that text instead of right before a stop token: a
// personalized ad's title is written as TITLE</prompt> then EOS, and the closing marker is plain
// text that the tokenizer splits into several tokens. The terminator's bytes may then start at any
// word boundary (those of "</prompt>" may also be separators and a word, so both readings stay
// open until the bytes decide), the stop tokens are allowed only once the whole terminator is
// written, and after it nothing else is. It is matched byte for byte.
class FactualConstraint : public TokenConstraint {
public:
    FactualConstraint(const text::Tokenizer& tokenizer, const std::vector<std::string>& sellingPoints,
                      std::vector<int64_t> stopIds, int variants, int64_t vocabSize, std::string terminator = {});

    torch::Tensor allowed(int variant) const override;
    void accept(int variant, int64_t token) override;

    // Tokens of `variant` up to its last word boundary: a copy cut off by the token limit in the
    // middle of a word is trimmed back to whole words. With a terminator: all tokens once it is
    // complete; before that, a boundary reached while the terminator is partly written does not
    // count, so a copy cut off inside the terminator is trimmed back to the words before it.
    size_t completeLength(int variant) const { return boundaryLength_[static_cast<size_t>(variant)]; }
    // True once `variant` has written the whole terminator (never without one).
    bool terminated(int variant) const { return closed(states_[static_cast<size_t>(variant)]); }

    // The words the copy may use, as the selling points spell them, for display and tests.
    const std::vector<std::string>& words() const { return words_; }
    // True when `text` is a complete allowed copy, without the terminator (used by tests and the
    // review pre-checks).
    bool permits(const std::string& text) const;

    static const std::vector<std::string>& separators();

private:
    struct Node {
        int32_t next[256];
        bool terminal = false;
        bool endsLatin = false;     // the piece ending here ends with an ASCII letter or digit
        bool inTerminator = false;  // on the terminator's own chain of nodes
        bool closes = false;        // the whole terminator has been read: the copy is complete
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
    bool closed(const StateSet& states) const;
    bool insideTerminator(const StateSet& states) const;

    const text::Tokenizer& tokenizer_;
    std::vector<Node> nodes_;
    std::vector<std::string> words_;
    std::vector<int64_t> stopIds_;
    int64_t vocabSize_;
    int32_t terminatorStart_ = -1;  // the node whose transitions begin the terminator; -1: none
    std::vector<StateSet> states_;  // per variant
    std::vector<size_t> accepted_;  // tokens accepted, per variant
    std::vector<size_t> boundaryLength_;
};

}  // namespace adgen::generate
