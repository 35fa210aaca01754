#pragma once

// The UTF-8 and CJK rules factual copy mode shares between its decoder constraint and its text check.

#include <cstddef>
#include <cstdint>
#include <string>

namespace adgen::generate {

// Decodes one code point starting at s[i] and advances i; an invalid lead byte counts as one byte.
inline char32_t nextCodePoint(const std::string& s, size_t& i) {
    const auto b = static_cast<uint8_t>(s[i]);
    int len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
    if (i + static_cast<size_t>(len) > s.size()) len = 1;
    char32_t cp = len == 1 ? b : (b & (0x7F >> len));
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<uint8_t>(s[i + static_cast<size_t>(k)]) & 0x3F);
    i += static_cast<size_t>(len);
    return cp;
}

// CJK unified ideographs (with extension A, B..), compatibility ideographs, hiragana and
// katakana, Hangul syllables: the scripts whose words may touch.
inline bool isCjk(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0x20000 && cp <= 0x2FA1F);
}

}  // namespace adgen::generate
