#pragma once

#include <string>
#include <vector>

// BLEU-4 as the paper's evaluation computes it: bleu_zh(references=[[...]], candidates=[...],
// use_jieba=True, model_name='nltk') of deep-learning-metrics, i.e. NLTK 3.8
// corpus_bleu([references], [hypothesis], weights=(0.25,)*4) for a single hypothesis with no
// smoothing (SmoothingFunction.method0), times 100, rounded to 6 decimals by Python's round().
namespace adgen::metrics {

using TokenList = std::vector<std::string>;

// NLTK's value in [0, 1]: modified (clipped) n-gram precisions for n = 1..4 against the
// references (each n-gram's count clipped to its largest count in any one reference), the
// brevity penalty against the reference length closest to the hypothesis length (the shorter on
// a tie), geometric mean through math.fsum of 0.25 * log(p_n). No unigram match gives exactly 0;
// a zero precision of a higher order counts as sys.float_info.min (so the result is ~1e-77..1e-154,
// not 0). `references` must not be empty.
double nltkCorpusBleu4(const TokenList& hypothesis, const std::vector<TokenList>& references);

// bleu_zh's number: round(nltkCorpusBleu4(...) * 100, 6), in 0..100.
double bleuZh(const TokenList& hypothesis, const std::vector<TokenList>& references);

}  // namespace adgen::metrics
