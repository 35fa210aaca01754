#include "review/copy_text.h"

#include "src/generate/factual_words.h"
#include "src/generate/utf8_text.h"

#include <algorithm>

namespace adgen::review {

std::string asciiLower(std::string text) {
    for (auto& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return text;
}

std::vector<CopyToken> tokenizeCopy(const std::string& text) {
    std::vector<CopyToken> tokens;
    for (const auto& word : generate::splitFactualWords(text)) {
        if (!word.cjk) {
            tokens.push_back({asciiLower(word.text), word.begin, word.begin + word.text.size(), false});
            continue;
        }
        for (size_t i = 0; i < word.text.size();) {
            const size_t start = i;
            generate::nextCodePoint(word.text, i);
            tokens.push_back({word.text.substr(start, i - start), word.begin + start, word.begin + i, true});
        }
    }
    return tokens;
}

bool isSeparator(const std::string& character) {
    // A character factual copy mode splits away entirely is one of its separators; asking it keeps
    // one list (FactualConstraint::separators(), whose header needs torch) for every reader.
    return !character.empty() && generate::splitFactualWords(character).empty();
}

bool isWordCharacter(char32_t codePoint, const std::string& character) {
    if (codePoint < 0x80) {
        return (codePoint >= 'a' && codePoint <= 'z') || (codePoint >= 'A' && codePoint <= 'Z') ||
               (codePoint >= '0' && codePoint <= '9');
    }
    return !generate::isCjk(codePoint) && !isSeparator(character);
}

std::vector<Utf8Char> decodeUtf8(const std::string& text) {
    std::vector<Utf8Char> chars;
    for (size_t i = 0; i < text.size();) {
        const auto b = static_cast<unsigned char>(text[i]);
        const size_t len = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 0;
        bool valid = len > 0 && i + len <= text.size();
        char32_t cp = 0;
        if (valid) {
            cp = len == 1 ? b : (b & (0x7F >> len));
            for (size_t k = 1; k < len && valid; ++k) {
                const auto c = static_cast<unsigned char>(text[i + k]);
                if ((c & 0xC0) != 0x80) valid = false;
                cp = (cp << 6) | (c & 0x3F);
            }
            // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
            const char32_t least = len == 2 ? 0x80 : len == 3 ? 0x800 : len == 4 ? 0x10000 : 0;
            if (valid && (cp < least || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)) valid = false;
        }
        if (!valid) {
            chars.push_back({0xFFFD, i, i + 1, false});
            ++i;
            continue;
        }
        chars.push_back({cp, i, i + len, true});
        i += len;
    }
    return chars;
}

}  // namespace adgen::review
