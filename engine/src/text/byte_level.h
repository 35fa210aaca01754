#pragma once

#include <array>
#include <string>
#include <string_view>

namespace adgen::text {

// GPT-2's reversible byte <-> character table, used by byte-level BPE (ByteLevel pre-tokenizer and
// decoder). Every byte gets a printable character so that vocabularies and merges are plain text:
// the 188 printable Latin-1 bytes map to themselves, the other 68 (controls, space, NBSP, soft
// hyphen) to U+0100.. in byte order, so that a space shows up as "Ġ" and a newline as "Ċ".
class ByteLevel {
public:
    static const ByteLevel& instance();

    // The UTF-8 text of the characters standing for each byte of `bytes`.
    std::string encode(std::string_view bytes) const;
    void encodeAppend(std::string_view bytes, std::string& out) const;

    // Back to bytes. Returns false (and leaves `out` as it was) when some character of
    // `text` is not in the table, so callers can fall back to the text itself as Hugging Face
    // decoders do for tokens that are not byte-level.
    bool decodeAppend(std::string_view text, std::string& out) const;

    // The character standing for byte `b`, as UTF-8.
    const std::string& charFor(unsigned char b) const { return byteToChar_[b]; }

private:
    ByteLevel();
    std::array<std::string, 256> byteToChar_;
    std::array<short, 512> charToByte_{};  // code point -> byte, -1 if none (all are < U+0144)
};

}  // namespace adgen::text
