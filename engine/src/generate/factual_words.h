#pragma once

// Factual copy mode's words at the text level (docs/formats.md, "Factual copy mode"): the same
// separators and the same Latin / CJK split as FactualConstraint, for checking a finished text
// rather than steering decoding token by token. `adgen eval` / `adgen metrics` use it for the
// selling-point-only share (docs/formats.md, "Metrics files"). Plain C++, no torch.

#include <string>
#include <vector>

namespace adgen::generate {

struct FactualWord {
    std::string text;
    bool cjk = false;  // made of CJK characters (Han, kana, Hangul); otherwise "Latin" (anything else)
    size_t begin = 0;  // byte offset of the word in the text it was split from (the pre-checks' evidence spans)
};

// The words of `text`: maximal runs of characters that are not separators
// (FactualConstraint::separators(), plus tab, line feed and carriage return), split where a CJK
// character meets a non-CJK one ("5000mAh大电池" gives "5000mAh" and "大电池"). In text order,
// repeats kept. Bytes that are not valid UTF-8 count as one non-CJK character each.
std::vector<FactualWord> splitFactualWords(const std::string& text);

// The distinct words of the selling points, in order of first appearance (`begin` is the offset
// in the selling point the word first appears in): what
// FactualConstraint::words() lists for the same selling points.
std::vector<FactualWord> sellingPointWords(const std::vector<std::string>& sellingPoints);

// True when `title` has at least one word and every word of it is made of selling-point words as
// the docs define them: a non-CJK word equals a non-CJK selling-point word ignoring ASCII case
// (Latin words may not fuse: "redwine" is not "red" + "wine"); a CJK word is one CJK
// selling-point word or several written together ("超长续航大电池"). Separators anywhere and in
// any number are free. A title with no words (empty, or separators only) is false.
//
// Against the decoder (FactualConstraint::permits): the docs' rule is case-insensitive, while the
// decoder only writes a word as in the selling point, lower case, Capitalised or UPPER case, so
// this check also accepts "rEd"; tab and line feeds separate words here and are not in the
// decoder's language. The other way round, the decoder lets a word that ends in anything but an
// ASCII letter or digit touch the next one ("café" + "noir", "100%" + "off"), which the docs' rule
// (and this check) does not, and it permits an empty copy.
bool usesOnlySellingPointWords(const std::string& title, const std::vector<std::string>& sellingPoints);

}  // namespace adgen::generate
