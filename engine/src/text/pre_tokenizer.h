#pragma once

#include <nlohmann/json_fwd.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "regex.h"

namespace adgen::text {

// The "pre_tokenizer" of a tokenizer.json: cuts normalized text into the pieces BPE encodes one
// by one (merges never cross a piece boundary). Implements what byte-level BPE files use:
// Sequence, Split (Regex or String pattern, every SplitDelimiterBehavior, invert), Digits and
// ByteLevel (add_prefix_space, use_regex with GPT-2's pattern). Split semantics follow the Rust
// tokenizers crate: the pattern's matches and the gaps between them cover the piece, the
// behaviour decides how they become new pieces, and empty pieces are dropped.
class PreTokenizer {
public:
    static PreTokenizer fromJson(const nlohmann::json& spec, const std::string& where);

    // Appends the pieces of `text` (valid UTF-8) to `pieces`. After a ByteLevel step the pieces
    // are in the byte-level alphabet, ready for the vocabulary.
    void split(std::string_view text, std::vector<std::string>& pieces) const;

    // Whether some step maps bytes to the byte-level alphabet.
    bool byteLevel() const { return byteLevel_; }

private:
    enum class Behavior { Removed, Isolated, MergedWithPrevious, MergedWithNext, Contiguous };
    enum class Kind { Split, ByteLevel };
    struct Step {
        Kind kind = Kind::Split;
        std::shared_ptr<const Regex> regex;  // null for a ByteLevel step with use_regex off
        Behavior behavior = Behavior::Isolated;
        bool invert = false;
        bool addPrefixSpace = false;
    };

    static void addSteps(const nlohmann::json& spec, const std::string& where, PreTokenizer& out);
    static void splitPiece(const Step& step, const std::string& piece,
                           std::vector<std::string>& out);

    std::vector<Step> steps_;
    bool byteLevel_ = false;
};

}  // namespace adgen::text
