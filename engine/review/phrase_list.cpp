#include "review/phrase_list.h"

#include "review/copy_text.h"
#include "src/generate/utf8_text.h"

#include <algorithm>

namespace adgen::review {
namespace {

bool isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// One white-space character at `at` (ASCII or the ideographic space): its length, else 0.
size_t spaceAt(const std::string& text, size_t at) {
    if (at >= text.size()) return 0;
    const char c = text[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    if (text.compare(at, 3, "\xE3\x80\x80") == 0) return 3;  // U+3000
    return 0;
}

// Whether the character that starts at byte `at` is a word character (false at the text's end).
bool wordCharacterAt(const std::string& text, size_t at) {
    if (at >= text.size()) return false;
    size_t next = at;
    const char32_t cp = generate::nextCodePoint(text, next);
    return isWordCharacter(cp, text.substr(at, next - at));
}

// Whether the character that ends right before byte `at` is a word character (false at 0).
bool wordCharacterBefore(const std::string& text, size_t at) {
    if (at == 0) return false;
    size_t start = at - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80 && at - start < 4) --start;
    size_t next = start;
    const char32_t cp = generate::nextCodePoint(text, next);
    if (next != at) return (static_cast<unsigned char>(text[at - 1]) & 0x80) != 0;  // a broken sequence
    return isWordCharacter(cp, text.substr(start, at - start));
}

}  // namespace

PhraseList::PhraseList(const std::vector<std::string>& entries) {
    for (const auto& entry : entries) add(entry);
}

PhraseList::Entry PhraseList::compile(const std::string& written) {
    Entry entry;
    entry.written = written;
    entry.pattern = asciiLower(written);
    if (entry.pattern.size() > 1 && entry.pattern.back() == '*') {
        entry.wildcard = true;
        entry.pattern.pop_back();
    }
    entry.boundaryBefore = !entry.pattern.empty() && isAsciiAlnum(entry.pattern.front());
    entry.boundaryAfter = !entry.wildcard && !entry.pattern.empty() && isAsciiAlnum(entry.pattern.back());
    return entry;
}

void PhraseList::add(const std::string& entry) {
    Entry compiled = compile(entry);
    if (!compiled.pattern.empty()) entries_.push_back(std::move(compiled));
}

size_t PhraseList::matchAt(const Entry& entry, const std::string& text, const std::string& lowered, size_t at) {
    if (entry.boundaryBefore && wordCharacterBefore(text, at)) return 0;
    size_t t = at;
    for (size_t p = 0; p < entry.pattern.size();) {
        if (entry.pattern[p] == ' ') {
            size_t n = spaceAt(lowered, t);
            if (n == 0) return 0;
            while (n > 0) {
                t += n;
                n = spaceAt(lowered, t);
            }
            while (p < entry.pattern.size() && entry.pattern[p] == ' ') ++p;
            continue;
        }
        if (t >= lowered.size() || lowered[t] != entry.pattern[p]) return 0;
        ++t;
        ++p;
    }
    if (entry.wildcard) {
        while (wordCharacterAt(text, t)) {
            size_t next = t;
            generate::nextCodePoint(text, next);
            t = next;
        }
    }
    if (entry.boundaryAfter && wordCharacterAt(text, t)) return 0;
    return t;
}

std::vector<PhraseMatch> PhraseList::find(const std::string& text) const {
    std::vector<PhraseMatch> matches;
    if (entries_.empty()) return matches;
    const std::string lowered = asciiLower(text);
    for (size_t at = 0; at < text.size();) {
        size_t bestEnd = 0;
        const Entry* best = nullptr;
        for (const auto& entry : entries_) {
            const size_t end = matchAt(entry, text, lowered, at);
            if (end > bestEnd) {
                bestEnd = end;
                best = &entry;
            }
        }
        if (best) {
            matches.push_back({at, bestEnd, best->written});
            at = bestEnd;
            continue;
        }
        generate::nextCodePoint(text, at);  // matches start at character boundaries only
    }
    return matches;
}

bool PhraseList::entryOccursIn(const std::string& entry, const std::string& text) {
    PhraseList list;
    list.add(entry);
    return !list.find(text).empty();
}

}  // namespace adgen::review
