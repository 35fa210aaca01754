#pragma once

#include <string>
#include <string_view>
#include <vector>

// The pieces of Python's `str` behaviour that the reference text metrics (jieba, the
// deep-learning-metrics wrappers, pltrdy rouge) depend on. Python strings are sequences of code
// points, so everything that indexes or classifies characters here works on char32_t, and UTF-8
// only at the edges.
namespace adgen::metrics {

// Decodes UTF-8 into code points. Invalid UTF-8 is an adgen::Error naming `what` (the reference
// scripts read JSON, where such text cannot occur, so there is no faithful lossy answer).
std::u32string decodeUtf8(std::string_view text, std::string_view what);
std::string encodeUtf8(std::u32string_view text);

// str.isspace() for one character; also what `\s` matches in a Python str regex and where
// str.split() / str.strip() cut (Py_UNICODE_ISSPACE: the Unicode White_Space characters plus
// U+001C..U+001F, which Python counts as separators).
bool isPythonWhitespace(char32_t c);

// str.lower(): Python 3.11's full lowercase mapping (Unicode 14.0) for every code point, including
// the one mapping that grows (U+0130 -> "i" U+0307). Not reproduced: the context-dependent Greek
// final sigma (a capital sigma that ends a word lowercases to U+03C2 in Python). It cannot occur in
// the metric tokens: jieba emits every character outside its Han/ASCII blocks, Greek letters
// included, as a token of its own, and a lone U+03A3 lowercases to U+03C3 in Python too.
std::u32string pythonLower(std::u32string_view text);

// str.split() without arguments: runs of whitespace separate, leading and trailing ones vanish.
std::vector<std::string> pythonWhitespaceSplit(std::string_view utf8);

// Whether str.strip() of the text would be empty.
bool isBlank(std::string_view utf8);

}  // namespace adgen::metrics
