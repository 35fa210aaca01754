#include "utf8.h"

namespace adgen::text::utf8 {

int sequenceLength(unsigned char lead) {
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return 2;
    if (lead >= 0xE0 && lead <= 0xEF) return 3;
    if (lead >= 0xF0 && lead <= 0xF4) return 4;
    return 0;
}

namespace {

// Allowed range of the second byte for a lead byte (Table 3-7 of the Unicode standard); the
// narrower ranges are what rule out overlong forms, surrogates and values above U+10FFFF.
bool secondByteAllowed(unsigned char lead, unsigned char second) {
    switch (lead) {
        case 0xE0:
            return second >= 0xA0 && second <= 0xBF;
        case 0xED:
            return second >= 0x80 && second <= 0x9F;
        case 0xF0:
            return second >= 0x90 && second <= 0xBF;
        case 0xF4:
            return second >= 0x80 && second <= 0x8F;
        default:
            return second >= 0x80 && second <= 0xBF;
    }
}

bool isContinuation(unsigned char byte) {
    return (byte & 0xC0) == 0x80;
}

// How many bytes starting at pos form the longest prefix of a valid sequence (at least 1 when
// the lead byte is a valid lead); `complete` says whether that prefix is a whole sequence.
size_t validPrefixAt(std::string_view text, size_t pos, bool& complete) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    const int length = sequenceLength(lead);
    complete = false;
    if (length == 0) return 0;
    if (length == 1) {
        complete = true;
        return 1;
    }
    size_t have = 1;
    while (have < static_cast<size_t>(length) && pos + have < text.size()) {
        const auto byte = static_cast<unsigned char>(text[pos + have]);
        const bool ok = have == 1 ? secondByteAllowed(lead, byte) : isContinuation(byte);
        if (!ok) return have;
        ++have;
    }
    complete = have == static_cast<size_t>(length);
    return have;
}

}  // namespace

size_t validSequenceAt(std::string_view text, size_t pos) {
    bool complete = false;
    const size_t have = validPrefixAt(text, pos, complete);
    return complete ? have : 0;
}

char32_t decodeAt(std::string_view text, size_t pos, size_t length) {
    const auto byte = [&](size_t i) {
        return static_cast<char32_t>(static_cast<unsigned char>(text[pos + i]));
    };
    switch (length) {
        case 1:
            return byte(0);
        case 2:
            return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
        case 3:
            return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
        default:
            return ((byte(0) & 0x07) << 18) | ((byte(1) & 0x3F) << 12) | ((byte(2) & 0x3F) << 6) |
                   (byte(3) & 0x3F);
    }
}

void append(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool isValid(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size()) {
        if (static_cast<unsigned char>(text[pos]) < 0x80) {
            ++pos;
            continue;
        }
        const size_t length = validSequenceAt(text, pos);
        if (length == 0) return false;
        pos += length;
    }
    return true;
}

std::string repairLossy(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        bool complete = false;
        const size_t have = validPrefixAt(text, pos, complete);
        if (complete) {
            out.append(text.substr(pos, have));
            pos += have;
        } else {
            // A maximal invalid subpart: a valid-looking prefix cut short, or one bad byte.
            out += "\xEF\xBF\xBD";
            pos += have == 0 ? 1 : have;
        }
    }
    return out;
}

size_t incompleteTailLength(std::string_view text) {
    // Only the last three bytes can belong to an unfinished four-byte sequence.
    const size_t first = text.size() > 3 ? text.size() - 3 : 0;
    for (size_t pos = text.size(); pos-- > first;) {
        const auto byte = static_cast<unsigned char>(text[pos]);
        if (isContinuation(byte)) continue;
        bool complete = false;
        const size_t have = validPrefixAt(text, pos, complete);
        // Unfinished only if every byte up to the end belongs to a valid prefix.
        return (!complete && have > 0 && pos + have == text.size()) ? have : 0;
    }
    return 0;
}

bool isWhitespace(char32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
           cp == 0x205F || cp == 0x3000;
}

}  // namespace adgen::text::utf8
