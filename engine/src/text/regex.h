#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace adgen::text {

// A compiled PCRE2 pattern for the tokenizer's pre-tokenizer and added-token rules.
//
// Hugging Face tokenizers run these patterns with Oniguruma (Ruby syntax): Unicode classes
// (\p{L}, \p{N}), \s and \w over all of Unicode, look-ahead, and ^/$ as line anchors. PCRE2 in
// UTF + UCP + MULTILINE mode with LF newlines reads the same patterns the same way; it is
// JIT-compiled where the library supports it, since pre-tokenization dominates encode time.
// Subjects must be valid UTF-8 (the caller repairs input once, so no check is repeated here).
class Regex {
public:
    using Range = std::pair<size_t, size_t>;  // [begin, end) in bytes

    // Throws std::invalid_argument with PCRE2's message and the character offset of the error.
    explicit Regex(const std::string& pattern);
    ~Regex();
    Regex(Regex&& other) noexcept;
    Regex& operator=(Regex&& other) noexcept;
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    // The first match starting at or after `start` (look-behind may see text before it).
    bool search(std::string_view text, size_t start, Range& match) const;

    // Every non-overlapping match, left to right, stepping past empty matches the way the Rust
    // `onig` crate's iterator does (an empty match right where the previous match ended is
    // skipped), so patterns that can match nothing split exactly as in the reference.
    std::vector<Range> findAll(std::string_view text) const;

    // The pattern that matches `literal` verbatim (for Split's {"String": ...} patterns).
    static std::string escape(std::string_view literal);

    const std::string& pattern() const { return pattern_; }

private:
    struct Code;
    std::string pattern_;
    std::unique_ptr<Code> code_;
};

}  // namespace adgen::text
