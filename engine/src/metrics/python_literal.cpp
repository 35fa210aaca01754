#include "python_literal.h"

#include <adgen/error.h>

#include <charconv>
#include <cstdint>

#include "text/utf8.h"

namespace adgen::metrics {

const PythonLiteral* PythonLiteral::find(std::u32string_view key) const {
    for (const auto& [itemKey, value] : items) {
        if (itemKey == key)
            return &value;
    }
    return nullptr;
}

namespace {

class LiteralParser {
public:
    LiteralParser(std::string_view source, size_t pos, const std::string& where)
        : source_(source), pos_(pos), where_(where) {}

    PythonLiteral parseValue() {
        skipSpace();
        if (peek() == '{')
            return parseDict();
        PythonLiteral number;
        number.number = parseNumber();
        return number;
    }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw Error(
            "Cannot read " + where_ + ": " + problem + " at offset " + std::to_string(pos_) + ".",
            "Reinstall python3-jieba (scripts/setup); the engine reads its finalseg "
            "probability tables as they are shipped.");
    }

    char peek() const { return pos_ < source_.size() ? source_[pos_] : '\0'; }

    void skipSpace() {
        while (pos_ < source_.size()) {
            const char c = source_[pos_];
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                ++pos_;
            } else if (c == '#') {
                while (pos_ < source_.size() && source_[pos_] != '\n')
                    ++pos_;
            } else {
                break;
            }
        }
    }

    void expect(char c) {
        skipSpace();
        if (peek() != c)
            fail(std::string("expected '") + c + "'");
        ++pos_;
    }

    PythonLiteral parseDict() {
        PythonLiteral dict;
        dict.isDict = true;
        expect('{');
        skipSpace();
        while (peek() != '}') {
            std::u32string key = parseString();
            expect(':');
            dict.items.emplace_back(std::move(key), parseValue());
            skipSpace();
            if (peek() == ',') {
                ++pos_;
                skipSpace();
            } else if (peek() != '}') {
                fail("expected ',' or '}'");
            }
        }
        ++pos_;
        return dict;
    }

    uint32_t parseHex(int digits) {
        if (pos_ + static_cast<size_t>(digits) > source_.size())
            fail("truncated escape");
        uint32_t value = 0;
        const auto [end, error] =
            std::from_chars(source_.data() + pos_, source_.data() + pos_ + digits, value, 16);
        if (error != std::errc() || end != source_.data() + pos_ + digits)
            fail("bad hex escape");
        pos_ += static_cast<size_t>(digits);
        return value;
    }

    std::u32string parseString() {
        skipSpace();
        // An optional u prefix (Python 2 era files carry it).
        if (peek() == 'u' || peek() == 'U')
            ++pos_;
        const char quote = peek();
        if (quote != '\'' && quote != '"')
            fail("expected a string key");
        ++pos_;
        std::u32string out;
        while (true) {
            if (pos_ >= source_.size())
                fail("unterminated string");
            const char c = source_[pos_];
            if (c == quote) {
                ++pos_;
                return out;
            }
            if (c == '\\') {
                ++pos_;
                const char kind = peek();
                ++pos_;
                switch (kind) {
                    case 'u':
                        out.push_back(parseHex(4));
                        break;
                    case 'U':
                        out.push_back(parseHex(8));
                        break;
                    case 'x':
                        out.push_back(parseHex(2));
                        break;
                    case 'n':
                        out.push_back(U'\n');
                        break;
                    case 't':
                        out.push_back(U'\t');
                        break;
                    case 'r':
                        out.push_back(U'\r');
                        break;
                    case '\\':
                    case '\'':
                    case '"':
                        out.push_back(static_cast<char32_t>(kind));
                        break;
                    default:
                        fail(std::string("unsupported escape \\") + kind);
                }
                continue;
            }
            const size_t length = text::utf8::validSequenceAt(source_, pos_);
            if (length == 0)
                fail("invalid UTF-8");
            out.push_back(text::utf8::decodeAt(source_, pos_, length));
            pos_ += length;
        }
    }

    double parseNumber() {
        skipSpace();
        bool negative = false;
        if (peek() == '+' || peek() == '-') {
            negative = peek() == '-';
            ++pos_;
        }
        double value = 0;
        // from_chars: exact (correctly rounded, like Python's float()) and locale-independent.
        const auto [end, error] =
            std::from_chars(source_.data() + pos_, source_.data() + source_.size(), value);
        if (error != std::errc())
            fail("expected a number");
        pos_ = static_cast<size_t>(end - source_.data());
        return negative ? -value : value;
    }

    std::string_view source_;
    size_t pos_;
    const std::string& where_;
};

}  // namespace

PythonLiteral parsePythonAssignment(std::string_view source, std::string_view name,
                                    const std::string& where) {
    size_t lineStart = 0;
    while (lineStart < source.size()) {
        size_t pos = lineStart;
        if (source.substr(pos, name.size()) == name) {
            pos += name.size();
            while (pos < source.size() && (source[pos] == ' ' || source[pos] == '\t'))
                ++pos;
            if (pos < source.size() && source[pos] == '=' &&
                (pos + 1 >= source.size() || source[pos + 1] != '=')) {
                return LiteralParser(source, pos + 1, where).parseValue();
            }
        }
        const size_t newline = source.find('\n', lineStart);
        if (newline == std::string_view::npos)
            break;
        lineStart = newline + 1;
    }
    throw Error("Cannot read " + where + ": no `" + std::string(name) + " = ...` assignment.",
                "Reinstall python3-jieba (scripts/setup); the engine reads its finalseg "
                "probability tables as they are shipped.");
}

}  // namespace adgen::metrics
