#include "bleu.h"

#include <adgen/error.h>

#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <map>
#include <unordered_map>

#include "python_float.h"

namespace adgen::metrics {

namespace {

constexpr int kMaxOrder = 4;
constexpr double kWeight = 0.25;

using NGram = std::array<int, kMaxOrder>;  // token ids, unused tail slots -1
using NGramCounts = std::map<NGram, long>;

NGramCounts countNGrams(const std::vector<int>& ids, int order) {
    NGramCounts counts;
    if (ids.size() < static_cast<size_t>(order))
        return counts;
    for (size_t start = 0; start + static_cast<size_t>(order) <= ids.size(); ++start) {
        NGram gram;
        gram.fill(-1);
        for (int k = 0; k < order; ++k)
            gram[static_cast<size_t>(k)] = ids[start + static_cast<size_t>(k)];
        ++counts[gram];
    }
    return counts;
}

// A numerator/denominator pair, unreduced like NLTK's Fraction(..., _normalize=False).
struct Precision {
    long matches = 0;
    long total = 0;
};

Precision modifiedPrecision(const std::vector<int>& hypothesis,
                            const std::vector<std::vector<int>>& references, int order) {
    const NGramCounts counts = countNGrams(hypothesis, order);
    std::map<NGram, long> largestInAReference;
    for (const auto& reference : references) {
        const NGramCounts referenceCounts = countNGrams(reference, order);
        for (const auto& entry : counts) {
            const NGram& gram = entry.first;
            const auto found = referenceCounts.find(gram);
            const long inReference = found == referenceCounts.end() ? 0 : found->second;
            long& largest = largestInAReference[gram];
            largest = std::max(largest, inReference);
        }
    }
    Precision precision;
    long hypothesisNGrams = 0;
    for (const auto& [gram, count] : counts) {
        precision.matches += std::min(count, largestInAReference[gram]);
        hypothesisNGrams += count;
    }
    precision.total = std::max(1L, hypothesisNGrams);  // NLTK avoids a zero denominator
    return precision;
}

}  // namespace

double nltkCorpusBleu4(const TokenList& hypothesis, const std::vector<TokenList>& references) {
    if (references.empty()) {
        throw Error("BLEU needs at least one reference.", "Pass the reference title(s).");
    }
    // Tokens become ids so n-grams compare as small integer arrays.
    std::unordered_map<std::string, int> ids;
    const auto toIds = [&ids](const TokenList& tokens) {
        std::vector<int> out;
        out.reserve(tokens.size());
        for (const auto& token : tokens) {
            out.push_back(ids.emplace(token, static_cast<int>(ids.size())).first->second);
        }
        return out;
    };
    const std::vector<int> hypothesisIds = toIds(hypothesis);
    std::vector<std::vector<int>> referenceIds;
    for (const auto& reference : references)
        referenceIds.push_back(toIds(reference));

    std::array<Precision, kMaxOrder> precisions;
    for (int order = 1; order <= kMaxOrder; ++order) {
        precisions[static_cast<size_t>(order - 1)] =
            modifiedPrecision(hypothesisIds, referenceIds, order);
    }

    // closest_ref_length: the smallest |ref - hyp|, the shorter reference on a tie.
    const long hypothesisLength = static_cast<long>(hypothesis.size());
    long closest = static_cast<long>(references.front().size());
    for (const auto& reference : references) {
        const long length = static_cast<long>(reference.size());
        const long distance = std::labs(length - hypothesisLength);
        const long bestDistance = std::labs(closest - hypothesisLength);
        if (distance < bestDistance || (distance == bestDistance && length < closest)) {
            closest = length;
        }
    }

    if (precisions[0].matches == 0)
        return 0.0;

    double brevityPenalty = 1.0;
    if (hypothesisLength <= closest) {
        // (hypothesisLength == 0 cannot get here: no hypothesis means no unigram match.)
        brevityPenalty =
            std::exp(1.0 - static_cast<double>(closest) / static_cast<double>(hypothesisLength));
    }

    std::vector<double> weightedLogs;
    for (const Precision& p : precisions) {
        // method0: a precision with no match is replaced by the smallest normal double.
        const double value = p.matches != 0
                                 ? static_cast<double>(p.matches) / static_cast<double>(p.total)
                                 : DBL_MIN;
        weightedLogs.push_back(kWeight * std::log(value));
    }
    return brevityPenalty * std::exp(exactSum(weightedLogs));
}

double bleuZh(const TokenList& hypothesis, const std::vector<TokenList>& references) {
    return roundLikePython(nltkCorpusBleu4(hypothesis, references) * 100.0, 6);
}

}  // namespace adgen::metrics
