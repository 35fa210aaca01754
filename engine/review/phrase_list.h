#pragma once

// A list of words and phrases found in copy text (the exaggerated-claim and sensitive-content word
// lists). Matching ignores ASCII case; an entry that begins (ends) with an ASCII letter or digit
// needs a word boundary there, so "best" is not found in "bestow" while "最" is found anywhere; a
// space in an entry matches any run of white space; an entry ending in '*' also takes the rest of
// the word ("guarantee*" finds "Guaranteed"). docs/formats.md, "Pre-check word lists".

#include <cstddef>
#include <string>
#include <vector>

namespace adgen::review {

struct PhraseMatch {
    size_t begin = 0;  // bytes of the text
    size_t end = 0;
    std::string entry;  // the list entry that matched, as written in the list
};

class PhraseList {
public:
    PhraseList() = default;
    explicit PhraseList(const std::vector<std::string>& entries);

    void add(const std::string& entry);
    bool empty() const { return entries_.empty(); }
    size_t size() const { return entries_.size(); }

    // Every match in `text`, left to right, not overlapping: where several entries match at one
    // place the longest match wins, and a match starting inside an earlier one is dropped.
    std::vector<PhraseMatch> find(const std::string& text) const;

    // Whether `entry`'s pattern (an entry of this list) matches anywhere in `text`.
    static bool entryOccursIn(const std::string& entry, const std::string& text);

private:
    struct Entry {
        std::string written;  // as in the list
        std::string pattern;  // lower-cased, without the trailing '*'
        bool wildcard = false;
        bool boundaryBefore = false;
        bool boundaryAfter = false;
    };
    static Entry compile(const std::string& written);
    // The end of a match of `entry` starting at byte `at` of `lowered` (the text lower-cased), or 0.
    static size_t matchAt(const Entry& entry, const std::string& text, const std::string& lowered, size_t at);

    std::vector<Entry> entries_;
};

}  // namespace adgen::review
