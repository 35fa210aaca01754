#include "rouge_l.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "python_float.h"
#include "python_str.h"

namespace adgen::metrics {

namespace {

using Sentence = std::vector<int>;  // word ids

// Interns words so that sentences compare and collect as integers.
class WordIds {
public:
    int of(const std::string& word) {
        return ids_.emplace(word, static_cast<int>(ids_.size())).first->second;
    }

private:
    std::unordered_map<std::string, int> ids_;
};

// Rouge._get_scores' preparation: [" ".join(s.split()) for s in text.split(".") if len(s) > 0],
// then each sentence split on " " into words (an all-whitespace piece is one empty word).
std::vector<Sentence> sentencesOf(const std::string& text, WordIds& ids) {
    std::vector<Sentence> sentences;
    size_t start = 0;
    while (start <= text.size()) {
        size_t dot = text.find('.', start);
        if (dot == std::string::npos)
            dot = text.size();
        const std::string_view piece(text.data() + start, dot - start);
        if (!piece.empty()) {
            Sentence sentence;
            for (const std::string& word : pythonWhitespaceSplit(piece))
                sentence.push_back(ids.of(word));
            if (sentence.empty())
                sentence.push_back(ids.of(std::string()));
            sentences.push_back(std::move(sentence));
        }
        start = dot + 1;
    }
    return sentences;
}

size_t distinctWordCount(const std::vector<Sentence>& sentences) {
    std::vector<int> words;
    for (const Sentence& sentence : sentences)
        words.insert(words.end(), sentence.begin(), sentence.end());
    std::sort(words.begin(), words.end());
    return static_cast<size_t>(std::unique(words.begin(), words.end()) - words.begin());
}

// The words of the LCS of x and y that the package's _recon_lcs reconstructs: from the table's
// corner, take matching words diagonally; otherwise step up when the cell above is strictly
// larger than the one to the left, else step left.
void addLcsWords(const Sentence& x, const Sentence& y, std::vector<int>& out) {
    const size_t n = x.size();
    const size_t m = y.size();
    std::vector<int> table((n + 1) * (m + 1), 0);
    const auto at = [&table, m](size_t i, size_t j) -> int& { return table[i * (m + 1) + j]; };
    for (size_t i = 1; i <= n; ++i) {
        for (size_t j = 1; j <= m; ++j) {
            at(i, j) =
                x[i - 1] == y[j - 1] ? at(i - 1, j - 1) + 1 : std::max(at(i - 1, j), at(i, j - 1));
        }
    }
    size_t i = n;
    size_t j = m;
    while (i > 0 && j > 0) {
        if (x[i - 1] == y[j - 1]) {
            out.push_back(x[i - 1]);
            --i;
            --j;
        } else if (at(i - 1, j) > at(i, j - 1)) {
            --i;
        } else {
            --j;
        }
    }
}

}  // namespace

std::optional<double> pltrdyRougeLF(const std::string& hypothesis, const std::string& reference) {
    WordIds ids;
    const std::vector<Sentence> evaluated = sentencesOf(hypothesis, ids);
    const std::vector<Sentence> referenceSentences = sentencesOf(reference, ids);
    // "Hypothesis is empty." / "Reference is empty." (raised by ROUGE-1, computed first).
    if (evaluated.empty() || referenceSentences.empty())
        return std::nullopt;

    const size_t m = distinctWordCount(referenceSentences);
    const size_t n = distinctWordCount(evaluated);

    // rouge_l_summary_level: _union_lcs(evaluated, r) for each reference sentence r, each call
    // adding the LCS words of (r, every evaluated sentence) to one running set.
    std::vector<int> unionWords;
    for (const Sentence& referenceSentence : referenceSentences) {
        for (const Sentence& evaluatedSentence : evaluated) {
            addLcsWords(referenceSentence, evaluatedSentence, unionWords);
        }
    }
    std::sort(unionWords.begin(), unionWords.end());
    const size_t llcs =
        static_cast<size_t>(std::unique(unionWords.begin(), unionWords.end()) - unionWords.begin());

    const double recall = static_cast<double>(llcs) / static_cast<double>(m);
    const double precision = static_cast<double>(llcs) / static_cast<double>(n);
    return 2.0 * ((precision * recall) / (precision + recall + 1e-8));
}

std::optional<double> rougeLZh(const TokenList& candidate,
                               const std::vector<TokenList>& references) {
    const auto joined = [](const TokenList& tokens) {
        std::string text;
        for (size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0)
                text.push_back(' ');
            text += tokens[i];
        }
        return text;
    };
    const std::string candidateText = joined(candidate);
    std::optional<double> best;
    for (const TokenList& reference : references) {
        const std::optional<double> f = pltrdyRougeLF(joined(reference), candidateText);
        if (!f)
            return std::nullopt;
        if (!best || *f > *best)
            best = f;
    }
    if (!best)
        return std::nullopt;  // no reference at all: max() of nothing raises too
    return roundLikeNumpy(*best * 100.0, 6);
}

}  // namespace adgen::metrics
