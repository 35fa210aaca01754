#include "unicode_nfc.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <vector>

#include "utf8.h"

namespace adgen::text::unicode_nfc {

namespace {

struct CombiningClass {
    char32_t cp;
    uint8_t ccc;
};
struct Decomposition {
    char32_t cp, first, second;  // second == 0: singleton
};
struct Composition {
    char32_t first, second, composite;
};

#include "unicode_nfc_tables.inc"

// Hangul syllables are algorithmic (Unicode 3.12).
constexpr char32_t kSBase = 0xAC00, kLBase = 0x1100, kVBase = 0x1161, kTBase = 0x11A7;
constexpr char32_t kLCount = 19, kVCount = 21, kTCount = 28, kNCount = kVCount * kTCount,
                   kSCount = kLCount * kNCount;

uint8_t combiningClass(char32_t cp) {
    if (cp < 0x300) return 0;
    const auto it = std::lower_bound(std::begin(kCombiningClasses), std::end(kCombiningClasses), cp,
                                     [](const CombiningClass& e, char32_t v) { return e.cp < v; });
    return (it != std::end(kCombiningClasses) && it->cp == cp) ? it->ccc : 0;
}

void decompose(char32_t cp, std::vector<char32_t>& out) {
    if (cp >= kSBase && cp < kSBase + kSCount) {
        const char32_t index = cp - kSBase;
        out.push_back(kLBase + index / kNCount);
        out.push_back(kVBase + (index % kNCount) / kTCount);
        if (index % kTCount != 0) out.push_back(kTBase + index % kTCount);
        return;
    }
    if (cp >= 0xC0) {
        const auto it =
            std::lower_bound(std::begin(kDecompositions), std::end(kDecompositions), cp,
                             [](const Decomposition& e, char32_t v) { return e.cp < v; });
        if (it != std::end(kDecompositions) && it->cp == cp) {
            decompose(it->first, out);
            if (it->second != 0) decompose(it->second, out);
            return;
        }
    }
    out.push_back(cp);
}

// The primary composite of a starter and a following character, or 0.
char32_t compose(char32_t first, char32_t second) {
    if (first >= kLBase && first < kLBase + kLCount && second >= kVBase &&
        second < kVBase + kVCount) {
        return kSBase + ((first - kLBase) * kVCount + (second - kVBase)) * kTCount;
    }
    if (first >= kSBase && first < kSBase + kSCount && (first - kSBase) % kTCount == 0 &&
        second > kTBase && second < kTBase + kTCount) {
        return first + (second - kTBase);
    }
    const auto it = std::lower_bound(
        std::begin(kCompositions), std::end(kCompositions), std::make_pair(first, second),
        [](const Composition& e, const std::pair<char32_t, char32_t>& v) {
            return e.first < v.first || (e.first == v.first && e.second < v.second);
        });
    if (it != std::end(kCompositions) && it->first == first && it->second == second) {
        return it->composite;
    }
    return 0;
}

}  // namespace

std::string normalize(std::string_view text) {
    // Below U+0300 nothing decomposes into, or composes with, anything else: the common case
    // of ASCII and Latin-1 text is already normalized.
    bool simple = true;
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0xCC) {
            simple = false;
            break;
        }
    }
    if (simple) return std::string(text);

    std::vector<char32_t> chars;
    chars.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t length = utf8::validSequenceAt(text, pos);
        decompose(length == 0 ? 0xFFFD : utf8::decodeAt(text, pos, length), chars);
        pos += length == 0 ? 1 : length;
    }
    // Canonical ordering: a stable sort of each run of non-starters by combining class.
    for (size_t i = 0; i < chars.size();) {
        if (combiningClass(chars[i]) == 0) {
            ++i;
            continue;
        }
        size_t end = i;
        while (end < chars.size() && combiningClass(chars[end]) != 0) ++end;
        std::stable_sort(
            chars.begin() + static_cast<std::ptrdiff_t>(i),
            chars.begin() + static_cast<std::ptrdiff_t>(end),
            [](char32_t a, char32_t b) { return combiningClass(a) < combiningClass(b); });
        i = end;
    }
    // Canonical composition: each character joins the last starter unless a character in
    // between has the same or a higher combining class (or is itself a starter).
    std::vector<char32_t> out;
    out.reserve(chars.size());
    size_t starter = std::string::npos;
    int lastClass = -1;
    for (const char32_t cp : chars) {
        const int cls = combiningClass(cp);
        if (starter != std::string::npos) {
            const bool blocked = lastClass != -1 && (lastClass == 0 || lastClass >= cls);
            if (!blocked) {
                const char32_t composite = compose(out[starter], cp);
                if (composite != 0) {
                    out[starter] = composite;
                    continue;
                }
            }
        }
        if (cls == 0) {
            starter = out.size();
            lastClass = -1;
        } else {
            lastClass = cls;
        }
        out.push_back(cp);
    }
    std::string result;
    result.reserve(text.size());
    for (const char32_t cp : out) utf8::append(result, cp);
    return result;
}

}  // namespace adgen::text::unicode_nfc
