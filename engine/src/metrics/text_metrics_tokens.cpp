#include "text_metrics_tokens.h"

#include <algorithm>

#include "python_str.h"

namespace adgen::metrics {

bool holdsCjkForMetrics(std::u32string_view word) {
    return std::any_of(word.begin(), word.end(),
                       [](char32_t c) { return c >= 0x4E00 && c <= 0x9FA5; });
}

std::vector<std::string> metricTokens(const std::vector<std::u32string>& jiebaWords) {
    std::vector<std::string> tokens;
    tokens.reserve(jiebaWords.size() * 2);
    for (const std::u32string& word : jiebaWords) {
        const std::u32string lowered = pythonLower(word);
        if (holdsCjkForMetrics(lowered)) {
            // list(word): one token per code point, whatever the character.
            for (char32_t c : lowered)
                tokens.push_back(encodeUtf8(std::u32string_view(&c, 1)));
        } else {
            tokens.push_back(encodeUtf8(lowered));
        }
    }
    return tokens;
}

}  // namespace adgen::metrics
