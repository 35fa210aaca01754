#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bleu.h"

// ROUGE-L as the paper's evaluation computes it: rouge_l_zh of deep-learning-metrics, which calls
// the `rouge` package (pltrdy, 1.0.1) as Rouge().get_scores(" ".join(reference_tokens),
// " ".join(candidate_tokens))[0]["rouge-l"]["f"] -- the reference in the hypothesis slot, which is
// harmless because this F is symmetric -- takes the best reference, multiplies by 100 and rounds
// with NumPy (the value is an np.float64 by then).
//
// The package's quirks, all reproduced:
//  * text is cut into "sentences" on every '.', so "3.5mm" is two sentences; pieces that are empty
//    are dropped, but a piece of only whitespace stays, as one empty word;
//  * words are whitespace-separated (str.split()), so space tokens vanish;
//  * summary-level LCS with `exclusive=True`: word counts are counts of DISTINCT words, and the
//    "union LCS" is the set of distinct words on the LCS (one particular LCS, chosen by the
//    package's back-tracking order) of every (candidate sentence, reference sentence) pair;
//  * F = 2 * (P * R) / (P + R + 1e-8), so a perfect match scores 0.99999999..., not 1;
//  * no sentence on either side (empty text, or only dots) raises, and the caller's try/except
//    turns the sample's score into 0. With several references, one failing reference fails all.
// Not reproduced: the package's LCS back-tracking is recursive, so a sentence pair with more than
// about 980 words in total exceeds Python's recursion limit and also scores 0 there.
namespace adgen::metrics {

// Rouge().get_scores(hypothesis, reference)[0]["rouge-l"]["f"]; nullopt where it raises.
std::optional<double> pltrdyRougeLF(const std::string& hypothesis, const std::string& reference);

// rouge_l_zh's number for one candidate, in 0..100; nullopt where it raises (the evaluation script
// records 0 then).
std::optional<double> rougeLZh(const TokenList& candidate,
                               const std::vector<TokenList>& references);

}  // namespace adgen::metrics
