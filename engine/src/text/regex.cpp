#include "regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cctype>
#include <stdexcept>

#include "utf8.h"

namespace adgen::text {

struct Regex::Code {
    pcre2_code* code = nullptr;
    ~Code() { pcre2_code_free(code); }
};

namespace {

// One match-data block per thread, reused by every pattern: encode() is const and may run on
// several threads, and allocating per call would cost more than the short matches themselves.
// Only the whole-match pair is read, so a small ovector is enough (PCRE2 reports rc == 0 when
// capture groups do not fit, which still means "matched").
pcre2_match_data* threadMatchData() {
    struct Holder {
        pcre2_match_data* data = pcre2_match_data_create(16, nullptr);
        ~Holder() { pcre2_match_data_free(data); }
    };
    thread_local Holder holder;
    return holder.data;
}

}  // namespace

Regex::Regex(const std::string& pattern) : pattern_(pattern), code_(std::make_unique<Code>()) {
    pcre2_compile_context* context = pcre2_compile_context_create(nullptr);
    pcre2_set_newline(context, PCRE2_NEWLINE_LF);
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    code_->code =
        pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                      PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE, &errorCode, &errorOffset, context);
    pcre2_compile_context_free(context);
    if (code_->code == nullptr) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(errorCode, message, sizeof message);
        throw std::invalid_argument("regular expression error at byte " +
                                    std::to_string(errorOffset) + ": " +
                                    reinterpret_cast<const char*>(message));
    }
    // JIT is an optimisation only: where it is unavailable pcre2_match interprets the pattern.
    pcre2_jit_compile(code_->code, PCRE2_JIT_COMPLETE);
}

Regex::~Regex() = default;
Regex::Regex(Regex&& other) noexcept = default;
Regex& Regex::operator=(Regex&& other) noexcept = default;

bool Regex::search(std::string_view text, size_t start, Range& match) const {
    pcre2_match_data* data = threadMatchData();
    const int rc = pcre2_match(code_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(),
                               start, PCRE2_NO_UTF_CHECK, data, nullptr);
    if (rc < 0) {
        if (rc == PCRE2_ERROR_NOMATCH) return false;
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(rc, message, sizeof message);
        throw std::runtime_error(std::string("regular expression /") + pattern_ +
                                 "/ failed: " + reinterpret_cast<const char*>(message));
    }
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
    match = {ovector[0], ovector[1]};
    return true;
}

std::vector<Regex::Range> Regex::findAll(std::string_view text) const {
    std::vector<Range> matches;
    size_t searchFrom = 0;
    size_t previousEnd = std::string_view::npos;
    Range match;
    while (searchFrom <= text.size() && search(text, searchFrom, match)) {
        if (match.first == match.second && match.second == previousEnd) {
            if (searchFrom >= text.size()) break;
            const size_t step = utf8::validSequenceAt(text, searchFrom);
            searchFrom += step == 0 ? 1 : step;
            continue;
        }
        matches.push_back(match);
        searchFrom = match.second;
        previousEnd = match.second;
    }
    return matches;
}

std::string Regex::escape(std::string_view literal) {
    std::string out;
    out.reserve(literal.size() * 2);
    for (const char c : literal) {
        // Quoting every ASCII punctuation character is always allowed in PCRE2 and never
        // changes a literal's meaning; letters and digits must stay unquoted (\d, \1 ...).
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x80 && !std::isalnum(byte) && byte != ' ' && byte >= 0x21) out += '\\';
        out += c;
    }
    return out;
}

}  // namespace adgen::text
