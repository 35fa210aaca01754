#pragma once

// The copy as the text pre-checks see it: UTF-8 code points, word characters, and tokens (Latin
// words and single CJK characters) with their byte ranges, on top of factual copy mode's word
// rules (src/generate/factual_words.h) so "a word of the selling points" means the same thing in
// the decoder, the metrics and the pre-checks.

#include <cstddef>
#include <string>
#include <vector>

namespace adgen::review {

// One token of a text: a Latin word (factual copy mode's non-CJK word, ASCII-lower-cased) or one
// CJK character. `begin`/`end` are its bytes in the text.
struct CopyToken {
    std::string key;  // what is compared: the lower-cased word, or the character
    size_t begin = 0;
    size_t end = 0;
    bool cjk = false;
};

// Factual copy mode's words of `text`, each Latin word one token and each CJK run split into its
// characters, in text order.
std::vector<CopyToken> tokenizeCopy(const std::string& text);

// ASCII letters lower-cased, everything else as it is.
std::string asciiLower(std::string text);

// True for the separators of factual copy mode (FactualConstraint::separators()) and tab, line
// feed and carriage return, given as the UTF-8 bytes of one character.
bool isSeparator(const std::string& character);

// A character that can be part of a Latin word for boundary purposes: an ASCII letter or digit, or
// any non-ASCII character that is neither CJK nor a separator ("é", "ß", "д").
bool isWordCharacter(char32_t codePoint, const std::string& character);

// One decoded character: its code point and bytes. Invalid UTF-8 (a stray continuation byte, a
// truncated or malformed sequence) is one byte with `valid` false and code point U+FFFD.
struct Utf8Char {
    char32_t codePoint = 0;
    size_t begin = 0;
    size_t end = 0;
    bool valid = true;
};
std::vector<Utf8Char> decodeUtf8(const std::string& text);

}  // namespace adgen::review
