#pragma once

// The paper's text metrics for generated ad titles (model-spec 4.2): BLEU-4 and ROUGE-L F, both
// 0..100, computed exactly as the released evaluation (metrics_script.py with deep-learning-
// metrics' bleu_zh / rouge_l_zh, NLTK 3.8, pltrdy rouge 1.0.1, jieba 0.42.1) computes them, on
// tokens from a C++ reproduction of jieba.cut. Plain C++; the jieba dictionary is read at run time
// from Debian's python3-jieba.

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace adgen {

// How a ground-truth string that holds several titles joined by "<title_split>" (PAd1M's
// gt_title_cn) is used.
enum class ReferenceMode {
    Concatenated,  // the released scripts: the raw string, literal "<title_split>" pieces
                   // included, is ONE reference (the paper's numbers)
    SplitTitles,   // split on "<title_split>" into several references: NLTK multi-reference
                   // clipping for BLEU, the best reference for ROUGE-L. Blank pieces are dropped;
                   // if nothing is left the raw string is the one reference.
};

struct TitleScores {
    double bleu4 = 0;   // bleu_zh: round(100 * BLEU-4, 6), Python rounding
    double rougeL = 0;  // rouge_l_zh: 100 * ROUGE-L F rounded to 6 decimals the NumPy way; 0 where
                        // the reference raises (a prediction or reference with no text, see below)
};

// Arithmetic means over samples, as metrics_script.py averages (sequential sum / count, not
// rounded). count 0 gives means of 0.
struct TextMetricSummary {
    size_t count = 0;
    double meanBleu4 = 0;
    double meanRougeL = 0;
};

TextMetricSummary summarizeTitleScores(const std::vector<TitleScores>& scores);

// The references of `reference` under `mode` (one string for Concatenated).
std::vector<std::string> referenceTitles(const std::string& reference, ReferenceMode mode);

// Holds the loaded jieba dictionary and HMM tables (about 0.1 s of CPU to load, ~20 MB). Const
// use is thread-safe; copies share the loaded data.
class TextMetrics {
public:
    // `jiebaDictionary` empty: $ADGEN_JIEBA_DICT if set, else
    // /usr/lib/python3/dist-packages/jieba/dict.txt. A missing dictionary is an adgen::Error
    // saying to install python3-jieba (scripts/setup) or set ADGEN_JIEBA_DICT.
    explicit TextMetrics(const std::filesystem::path& jiebaDictionary = {});
    ~TextMetrics();
    TextMetrics(const TextMetrics&);
    TextMetrics& operator=(const TextMetrics&);
    TextMetrics(TextMetrics&&) noexcept;
    TextMetrics& operator=(TextMetrics&&) noexcept;

    // The dictionary the constructor resolved to when given no path.
    static std::filesystem::path defaultDictionaryPath();
    const std::filesystem::path& dictionaryPath() const;

    // list(jieba.cut(text)): jieba's words, original case. `text` must be valid UTF-8 (else
    // adgen::Error), as for every function below.
    std::vector<std::string> segment(const std::string& text) const;

    // cut_sentence(text): the tokens BLEU and ROUGE-L count. jieba's words lowercased like
    // Python's str.lower() (full Unicode 14 mapping: ASCII, full-width Latin, accented Latin,
    // Greek, Cyrillic, Roman numerals, ...), then every word holding a character in
    // U+4E00..U+9FA5 split into single characters. Space tokens are kept.
    std::vector<std::string> tokens(const std::string& text) const;

    // Both metrics of one predicted title against the ground-truth string. An empty prediction
    // scores 0 / 0 (ROUGE raises there in the reference and the script records 0).
    TitleScores score(const std::string& prediction, const std::string& reference,
                      ReferenceMode mode) const;

private:
    struct Impl;
    std::shared_ptr<const Impl> impl_;
};

}  // namespace adgen
