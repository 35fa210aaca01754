#include "generate/factual_words.h"
#include "generate/utf8_text.h"

#include "generate/factual_constraint.h"  // FactualConstraint::separators(): one list for both

#include <algorithm>
#include <cstdint>
#include <set>

namespace adgen::generate {
namespace {

std::string asciiLower(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

// True when `run` is one or more of `words` written together.
bool isConcatenation(const std::string& run, const std::vector<std::string>& words) {
    std::vector<bool> reachable(run.size() + 1, false);
    reachable[0] = true;
    for (size_t at = 0; at < run.size(); ++at) {
        if (!reachable[at]) continue;
        for (const auto& word : words)
            if (!word.empty() && run.compare(at, word.size(), word) == 0) reachable[at + word.size()] = true;
    }
    return reachable[run.size()];
}

}  // namespace

std::vector<FactualWord> splitFactualWords(const std::string& text) {
    const auto& separators = FactualConstraint::separators();
    std::vector<FactualWord> words;
    FactualWord word;
    const auto flush = [&] {
        if (!word.text.empty()) words.push_back(word);
        word = {};
    };
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        const char32_t cp = nextCodePoint(text, i);
        const std::string ch = text.substr(start, i - start);
        if (cp == '\t' || cp == '\n' || cp == '\r' ||
            std::find(separators.begin(), separators.end(), ch) != separators.end()) {
            flush();
            continue;
        }
        const bool cjk = isCjk(cp);
        if (!word.text.empty() && cjk != word.cjk) flush();
        if (word.text.empty()) word.begin = start;
        word.cjk = cjk;
        word.text += ch;
    }
    flush();
    return words;
}

std::vector<FactualWord> sellingPointWords(const std::vector<std::string>& sellingPoints) {
    std::vector<FactualWord> out;
    for (const auto& point : sellingPoints)
        for (auto& word : splitFactualWords(point))
            if (std::none_of(out.begin(), out.end(), [&](const FactualWord& w) { return w.text == word.text; }))
                out.push_back(std::move(word));
    return out;
}

bool usesOnlySellingPointWords(const std::string& title, const std::vector<std::string>& sellingPoints) {
    std::set<std::string> latin;  // ASCII-lower-cased
    std::vector<std::string> cjk;
    for (const auto& word : sellingPointWords(sellingPoints)) {
        if (word.cjk) cjk.push_back(word.text);
        else latin.insert(asciiLower(word.text));
    }
    const auto words = splitFactualWords(title);
    if (words.empty()) return false;
    return std::all_of(words.begin(), words.end(), [&](const FactualWord& word) {
        return word.cjk ? isConcatenation(word.text, cjk) : latin.count(asciiLower(word.text)) > 0;
    });
}

}  // namespace adgen::generate
