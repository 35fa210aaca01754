#include "byte_level.h"

#include "utf8.h"

namespace adgen::text {

const ByteLevel& ByteLevel::instance() {
    static const ByteLevel table;
    return table;
}

ByteLevel::ByteLevel() {
    charToByte_.fill(-1);
    const auto printable = [](int b) {
        return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
    };
    int next = 256;
    for (int b = 0; b < 256; ++b) {
        const char32_t cp = printable(b) ? static_cast<char32_t>(b) : static_cast<char32_t>(next++);
        utf8::append(byteToChar_[b], cp);
        charToByte_[cp] = static_cast<short>(b);
    }
}

std::string ByteLevel::encode(std::string_view bytes) const {
    std::string out;
    encodeAppend(bytes, out);
    return out;
}

void ByteLevel::encodeAppend(std::string_view bytes, std::string& out) const {
    out.reserve(out.size() + bytes.size() * 2);
    for (const char c : bytes) out += byteToChar_[static_cast<unsigned char>(c)];
}

bool ByteLevel::decodeAppend(std::string_view text, std::string& out) const {
    const size_t original = out.size();
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t length = utf8::validSequenceAt(text, pos);
        const char32_t cp = length == 0 ? 0xFFFFFFFF : utf8::decodeAt(text, pos, length);
        if (cp >= charToByte_.size() || charToByte_[cp] < 0) {
            out.resize(original);
            return false;
        }
        out += static_cast<char>(charToByte_[cp]);
        pos += length;
    }
    return true;
}

}  // namespace adgen::text
