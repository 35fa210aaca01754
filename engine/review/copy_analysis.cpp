#include "review/copy_analysis.h"

#include "src/generate/factual_words.h"

#include <algorithm>
#include <cmath>

namespace adgen::review {
namespace {

// A selling point without a word (empty, or separators only) can neither support nor be copied.
bool blank(const std::string& text) { return tokenizeCopy(text).empty(); }

// Marks the characters [first, last) of one CJK run of the copy (consecutive CJK tokens of one
// word): the fewest characters left unsupported, then the longest stretches first.
void supportCjkRun(const std::vector<CopyToken>& tokens, size_t first, size_t last, const std::set<std::string>& stretches,
                   const std::set<std::string>& singles, const std::set<std::string>& stopWords,
                   std::vector<Support>& support) {
    const size_t n = last - first;
    std::vector<size_t> cost(n + 1, 0);    // fewest unsupported characters from i to the run's end
    std::vector<size_t> step(n + 1, 0);    // length of the stretch chosen at i (0: i unsupported)
    std::vector<Support> kind(n + 1, Support::Unsupported);
    for (size_t i = n; i-- > 0;) {
        cost[i] = cost[i + 1] + 1;
        step[i] = 0;
        kind[i] = Support::Unsupported;
        std::string stretch;
        std::vector<std::string> prefixes;  // stretch of length k + 1 at prefixes[k]
        for (size_t j = i; j < n; ++j) {
            stretch += tokens[first + j].key;
            prefixes.push_back(stretch);
        }
        for (size_t len = n - i; len >= 1; --len) {
            const std::string& s = prefixes[len - 1];
            const bool sellingPoint = len >= 2 ? stretches.count(s) > 0 : singles.count(s) > 0;
            const bool stop = !sellingPoint && stopWords.count(s) > 0;
            if ((sellingPoint || stop) && cost[i + len] < cost[i]) {
                cost[i] = cost[i + len];
                step[i] = len;
                kind[i] = sellingPoint ? Support::SellingPoint : Support::StopWord;
            }
        }
    }
    for (size_t i = 0; i < n;) {
        if (step[i] == 0) {
            support[first + i] = Support::Unsupported;
            ++i;
            continue;
        }
        for (size_t k = 0; k < step[i]; ++k) support[first + i + k] = kind[i];
        i += step[i];
    }
}

}  // namespace

CopyAnalysis analyseCopy(const std::string& copy, const std::vector<std::string>& sellingPoints,
                         const TextPrecheckSettings& settings) {
    CopyAnalysis a;
    a.copy = copy;
    for (const auto& point : sellingPoints)
        if (!blank(point)) a.sellingPoints.push_back(point);
    a.tokens = tokenizeCopy(copy);
    for (const auto& point : a.sellingPoints) {
        std::vector<std::string> keys;
        for (const auto& token : tokenizeCopy(point)) keys.push_back(token.key);
        a.sellingPointKeys.push_back(std::move(keys));
    }
    std::set<std::string> stretches;  // parts of selling-point CJK words at least two characters long
    std::set<std::string> singles;    // selling-point CJK words of one character
    for (const auto& word : generate::sellingPointWords(a.sellingPoints)) {
        if (!word.cjk) {
            a.sellingPointLatinWords.insert(asciiLower(word.text));
            continue;
        }
        a.sellingPointCjkWords.push_back(word.text);
        std::vector<size_t> starts;  // character starts, plus the end
        for (const auto& token : tokenizeCopy(word.text)) starts.push_back(token.begin);
        starts.push_back(word.text.size());
        const size_t chars = starts.size() - 1;
        if (chars == 1) singles.insert(word.text);
        for (size_t i = 0; i < chars; ++i)
            for (size_t j = i + 2; j <= chars; ++j) stretches.insert(word.text.substr(starts[i], starts[j] - starts[i]));
    }

    a.support.assign(a.tokens.size(), Support::Unsupported);
    for (size_t i = 0; i < a.tokens.size();) {
        const auto& token = a.tokens[i];
        if (!token.cjk) {
            a.support[i] = a.sellingPointLatinWords.count(token.key) ? Support::SellingPoint
                           : settings.stopWords.count(token.key)     ? Support::StopWord
                                                                     : Support::Unsupported;
            ++i;
            continue;
        }
        size_t last = i + 1;  // the run: CJK characters written together
        while (last < a.tokens.size() && a.tokens[last].cjk && a.tokens[last].begin == a.tokens[last - 1].end) ++last;
        supportCjkRun(a.tokens, i, last, stretches, singles, settings.stopWords, a.support);
        i = last;
    }
    return a;
}

EvidenceSpan spanOf(const std::string& copy, size_t begin, size_t end) {
    EvidenceSpan span;
    span.begin = begin;
    span.end = end;
    span.text = copy.substr(begin, end - begin);
    return span;
}

std::string quote(const std::string& text) {
    // A long text is cut (at a character boundary) so the message stays short; the span has it all.
    constexpr size_t kLongest = 40;
    if (text.size() <= kLongest) return "\"" + text + "\"";
    size_t cut = kLongest;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return "\"" + text.substr(0, cut) + "…\"";
}

std::string quoteList(const std::vector<std::string>& items, size_t limit) {
    std::string out;
    const size_t shown = std::min(items.size(), limit);
    for (size_t i = 0; i < shown; ++i) {
        if (i > 0) out += (i + 1 == shown && shown == items.size()) ? " and " : ", ";
        out += quote(items[i]);
    }
    if (items.size() > shown) out += " and " + std::to_string(items.size() - shown) + " more";
    return out;
}

std::string percent(double share) { return std::to_string(static_cast<int>(std::lround(share * 100.0))) + " %"; }

}  // namespace adgen::review
