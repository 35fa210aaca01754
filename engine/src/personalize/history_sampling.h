#pragma once

// Choosing which of a shopper's clicked products (history) condition the generation: Uni-AdGen's
// Product Similarity Sampling (PSS, model-spec 2.4) reproduced index for index, its random mode,
// and a deterministic top-k alternative; plus the title similarity we use when a record has no
// precomputed `text_similarity`.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace adgen::personalize {

enum class HistoryStrategy {
    Pss,          // weighted sampling without replacement by similarity (the reference's default)
    Random,       // random.seed(seed); random.sample(range(n), k) (the reference's 'random' mode)
    MostSimilar   // the k most similar titles, deterministic
};

struct HistoryCandidates {
    std::vector<std::string> titles;   // history_titles
    std::vector<double> similarity;    // text_similarity, index-aligned with titles; empty: computed
                                       // from productTitle with titleSimilarity
    std::vector<std::string> images;   // history_images; empty: not checked
    std::optional<std::string> targetTitle;  // gt_title_cn as one string: history titles equal to it
                                             // are swapped out (PSS, MostSimilar); none: no filter
    std::string productTitle;          // sku_title_cn, for the similarities when none are given
};

// The indices (into titles/images) of the k history items to use, in order.
// * Pss: random.seed(seed) and np.random.seed(seed), then weighted_random_sampling exactly: weights
//   shifted by |min| + 1e-6 when min <= 0 and normalised (NumPy's pairwise sum); k <= n: NumPy's
//   choice(n, k, replace=False, p); n < k: all n in order, then choice(n, k - n, ...); then each
//   pick whose title equals targetTitle is replaced by random.choice of the unpicked non-duplicates
//   (n != k) or by a copy of a random non-duplicate pick (n == k). Where the reference cannot draw
//   (k - n > n) we keep drawing rounds of at most n from the same generator until k are filled
//   (the first round is the reference's). The seed must be below 2**32 (NumPy's limit).
// * Random: random.sample(range(n), min(k, n)) with random.seed(seed); k > n gives all n in a
//   random order. No duplicate filter (the reference's random mode has none).
// * MostSimilar: sorted by similarity, highest first, ties by lower index; titles equal to
//   targetTitle go after all others (so they are picked only if nothing else is left, like PSS
//   swaps them out); k > n gives all n.
// n == 0 or k == 0 gives an empty selection. Lists of different lengths (titles, similarity when
// given, images when given) are cut to the shortest, as the reference does; each such cut, and
// similarities computed because none were given, adds a sentence to `warnings` if it is not null.
// Errors (adgen::Error): k < 0, a non-finite similarity, a seed too large for PSS, or weights
// NumPy would refuse.
std::vector<int> selectHistory(const HistoryCandidates& candidates, int k, HistoryStrategy strategy,
                               uint64_t seed = 42, std::vector<std::string>* warnings = nullptr);

// Our text similarity for titles (the reference used text2vec-base-chinese embeddings, which we do
// not ship): cosine similarity of bags of unigrams and bigrams of text units. Units: each CJK (or
// other non-alphabetic-script) character on its own; runs of Latin, Greek, Cyrillic letters and
// digits as one lower-cased word (full-width ASCII read as ASCII); spaces separate words,
// punctuation and symbols separate units and also break bigrams. Identical texts give 1, texts without units 0 (unless
// identical), and the result is symmetric and in [0, 1]. See docs/formats.md, "History similarity".
double titleSimilarity(const std::string& a, const std::string& b);

// titleSimilarity(target, title) for every title.
std::vector<double> computeSimilarities(const std::string& target, const std::vector<std::string>& titles);

}  // namespace adgen::personalize
