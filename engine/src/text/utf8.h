#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// UTF-8 helpers shared by the tokenizer pieces. Text reaching the regex engine must be valid
// UTF-8 (PCRE2 is used with its validity check off, for speed), and decoded bytes coming out of
// byte-level tokens are arbitrary, so both directions need a lossy repair that matches Rust's
// String::from_utf8_lossy, the function the Hugging Face decoders end with.
namespace adgen::text::utf8 {

// Length of the sequence a lead byte announces (1..4), or 0 for a byte that cannot start one.
int sequenceLength(unsigned char lead);

// Length of the valid sequence at text[pos], or 0 when the bytes there are not one (overlong
// forms, surrogates and code points above U+10FFFF are invalid, as in the Unicode standard).
size_t validSequenceAt(std::string_view text, size_t pos);

// Decodes the valid sequence at text[pos] (call validSequenceAt first).
char32_t decodeAt(std::string_view text, size_t pos, size_t length);

void append(std::string& out, char32_t codePoint);

bool isValid(std::string_view text);

// Replaces every maximal invalid subsequence with U+FFFD, the "substitution of maximal subparts"
// practice of the Unicode standard (what from_utf8_lossy and TextDecoder do).
std::string repairLossy(std::string_view text);

// Bytes at the end of `text` that could still become a valid character when more bytes arrive:
// 0 when the text ends on a character boundary or on bytes that can never complete.
size_t incompleteTailLength(std::string_view text);

// Unicode White_Space (Rust's char::is_whitespace), used by added tokens' lstrip/rstrip.
bool isWhitespace(char32_t codePoint);

}  // namespace adgen::text::utf8
