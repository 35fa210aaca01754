#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace adgen::text {

class Normalizer;

// One entry of tokenizer.json's "added_tokens" (or one added at run time).
struct AddedToken {
    std::string content;
    int32_t id = -1;
    bool special = false;     // skipped by decode(skipSpecialTokens)
    bool lstrip = false;      // swallows whitespace before it
    bool rstrip = false;      // swallows whitespace after it
    bool singleWord = false;  // only matches when not inside a word
    bool normalized = false;  // matched in normalized text instead of raw text
};

// Added tokens and the way they carve up input before anything else runs: an added token's text
// always becomes that token, never BPE pieces. Matching follows the Rust tokenizers crate: tokens
// with normalized=false are found in the raw text first, then tokens with normalized=true in the
// normalized remainder; at each position the longest token wins, scanning left to right
// without overlaps, and the lstrip/rstrip/single_word flags are applied to each match.
class AddedVocabulary {
public:
    // Inserts or replaces the token with the same content; call rebuild() afterwards.
    void add(const AddedToken& token);
    // Prepares matching; `normalizer` turns normalized=true contents into what they match.
    void rebuild(const Normalizer& normalizer);

    std::optional<int32_t> idOf(std::string_view content) const;
    const AddedToken* byId(int32_t id) const;
    const std::vector<AddedToken>& tokens() const { return tokens_; }

    // A run of input: an added token (id >= 0) or text for the normalizer / model (id < 0).
    struct Segment {
        std::string_view text;
        int32_t id;
    };
    // Splits `text` on the tokens whose `normalized` flag equals `normalizedPass`.
    void split(std::string_view text, bool normalizedPass, std::vector<Segment>& out) const;

private:
    // A byte trie over token contents, walked from every start position for the longest match.
    struct Trie {
        struct Node {
            std::vector<std::pair<unsigned char, int>> children;
            int token = -1;  // index into tokens_
        };
        std::vector<Node> nodes{Node{}};
        bool firstByte[256] = {};
        void insert(const std::string& key, int token);
        // Longest key starting at text[pos]: its length and token index, or {0, -1}.
        std::pair<size_t, int> longestAt(std::string_view text, size_t pos) const;
    };

    std::vector<AddedToken> tokens_;
    std::unordered_map<std::string, size_t> byContent_;
    std::unordered_map<int32_t, size_t> byId_;
    Trie raw_;
    Trie normalized_;
};

}  // namespace adgen::text
