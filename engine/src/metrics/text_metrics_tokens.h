#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jieba_segmenter.h"

// The tokens BLEU and ROUGE-L count, as `cut_sentence(text, lowercase=True)` of the
// deep-learning-metrics wrappers (bleu_zh.py, rouge_zh.py) makes them: jieba's words, each
// lowercased like Python's str.lower(), and every word holding a character in U+4E00..U+9FA5 cut
// into its single characters. Everything else (Latin words, numbers, punctuation, spaces) stays a
// token as jieba made it.
namespace adgen::metrics {

// Whether the reference's `re.search(r'[\u4e00-\u9fa5]', word)` finds a character. Note the range
// is narrower than jieba's Han (U+9FD5): words of U+9FA6..U+9FD5 characters alone stay whole.
bool holdsCjkForMetrics(std::u32string_view word);

// cut_sentence(text) on jieba's words (UTF-8 tokens).
std::vector<std::string> metricTokens(const std::vector<std::u32string>& jiebaWords);

}  // namespace adgen::metrics
