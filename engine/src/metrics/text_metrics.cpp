#include <adgen/pad1m.h>
#include <adgen/text_metrics.h>

#include <utility>

#include "bleu.h"
#include "jieba_segmenter.h"
#include "python_str.h"
#include "rouge_l.h"
#include "text_metrics_tokens.h"

namespace adgen {

struct TextMetrics::Impl {
    metrics::JiebaSegmenter segmenter;
};

TextMetricSummary summarizeTitleScores(const std::vector<TitleScores>& scores) {
    TextMetricSummary summary;
    summary.count = scores.size();
    if (scores.empty())
        return summary;
    // sum(list) / len(list) in Python 3.11: plain left-to-right double additions.
    double bleuSum = 0;
    double rougeSum = 0;
    for (const TitleScores& s : scores) {
        bleuSum += s.bleu4;
        rougeSum += s.rougeL;
    }
    summary.meanBleu4 = bleuSum / static_cast<double>(scores.size());
    summary.meanRougeL = rougeSum / static_cast<double>(scores.size());
    return summary;
}

std::vector<std::string> referenceTitles(const std::string& reference, ReferenceMode mode) {
    if (mode == ReferenceMode::Concatenated)
        return {reference};
    const std::string separator = kTitleSplit;
    std::vector<std::string> titles;
    size_t start = 0;
    while (true) {
        const size_t found = reference.find(separator, start);
        const size_t end = found == std::string::npos ? reference.size() : found;
        std::string piece = reference.substr(start, end - start);
        if (!metrics::isBlank(piece))
            titles.push_back(std::move(piece));
        if (found == std::string::npos)
            break;
        start = found + separator.size();
    }
    if (titles.empty())
        titles.push_back(reference);
    return titles;
}

TextMetrics::TextMetrics(const std::filesystem::path& jiebaDictionary)
    : impl_(std::make_shared<const Impl>(Impl{metrics::JiebaSegmenter::load(jiebaDictionary)})) {}

TextMetrics::~TextMetrics() = default;
TextMetrics::TextMetrics(const TextMetrics&) = default;
TextMetrics& TextMetrics::operator=(const TextMetrics&) = default;
TextMetrics::TextMetrics(TextMetrics&&) noexcept = default;
TextMetrics& TextMetrics::operator=(TextMetrics&&) noexcept = default;

std::filesystem::path TextMetrics::defaultDictionaryPath() {
    return metrics::JiebaSegmenter::defaultDictionaryPath();
}

const std::filesystem::path& TextMetrics::dictionaryPath() const {
    return impl_->segmenter.dictionaryPath();
}

std::vector<std::string> TextMetrics::segment(const std::string& text) const {
    std::vector<std::string> words;
    for (const std::u32string& word : impl_->segmenter.cut(metrics::decodeUtf8(text, "The text"))) {
        words.push_back(metrics::encodeUtf8(word));
    }
    return words;
}

std::vector<std::string> TextMetrics::tokens(const std::string& text) const {
    return metrics::metricTokens(impl_->segmenter.cut(metrics::decodeUtf8(text, "The text")));
}

TitleScores TextMetrics::score(const std::string& prediction, const std::string& reference,
                               ReferenceMode mode) const {
    const auto tokensOf = [this](const std::string& text, const char* what) {
        return metrics::metricTokens(impl_->segmenter.cut(metrics::decodeUtf8(text, what)));
    };
    const metrics::TokenList candidate = tokensOf(prediction, "The predicted title");
    std::vector<metrics::TokenList> references;
    for (const std::string& title : referenceTitles(reference, mode)) {
        references.push_back(tokensOf(title, "The reference title"));
    }
    TitleScores scores;
    scores.bleu4 = metrics::bleuZh(candidate, references);
    scores.rougeL = metrics::rougeLZh(candidate, references).value_or(0.0);
    return scores;
}

}  // namespace adgen
