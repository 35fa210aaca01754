#include "personalize/history_sampling.h"

#include "adgen/error.h"
#include "personalize/numpy_random.h"
#include "personalize/python_random.h"
#include "text/utf8.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <string_view>

namespace adgen::personalize {
namespace {

// ---------------------------------------------------------------------------------------------
// Selection

struct Prepared {
    size_t count = 0;
    std::vector<double> similarity;  // `count` entries when the strategy needs them
};

Prepared prepare(const HistoryCandidates& c, HistoryStrategy strategy, std::vector<std::string>* warnings) {
    const bool needsSimilarity = strategy != HistoryStrategy::Random;
    Prepared p;
    p.similarity = c.similarity;
    if (needsSimilarity && p.similarity.empty() && !c.titles.empty()) {
        p.similarity = computeSimilarities(c.productTitle, c.titles);
        if (warnings) {
            warnings->push_back(c.productTitle.empty()
                                    ? "The history has no similarity scores and the product has no title: every "
                                      "history item is weighted the same."
                                    : "The history has no similarity scores: computed them from the titles.");
        }
    }
    p.count = c.titles.size();
    if (!c.images.empty()) p.count = std::min(p.count, c.images.size());
    if (needsSimilarity) p.count = std::min(p.count, p.similarity.size());
    const bool cut = p.count != c.titles.size() || (!c.images.empty() && p.count != c.images.size()) ||
                     (needsSimilarity && p.count != p.similarity.size());
    if (cut && warnings) {
        warnings->push_back("The history lists differ in length (" + std::to_string(c.titles.size()) + " titles, " +
                            std::to_string(c.images.size()) + " images, " + std::to_string(c.similarity.size()) +
                            " similarities): using the first " + std::to_string(p.count) + ".");
    }
    if (needsSimilarity) {
        p.similarity.resize(p.count);
        for (size_t i = 0; i < p.count; ++i) {
            if (!std::isfinite(p.similarity[i])) {
                throw Error("History similarity " + std::to_string(i) + " is not a finite number.",
                            "Recompute text_similarity for this record, or leave it out to compute it.");
            }
        }
    }
    return p;
}

bool isDuplicate(const HistoryCandidates& c, size_t index) {
    return c.targetTitle && c.titles[index] == *c.targetTitle;
}

std::vector<int> selectPss(const HistoryCandidates& c, const Prepared& p, int k, uint64_t seed) {
    if (seed > std::numeric_limits<uint32_t>::max()) {
        throw Error("The history sampling seed " + std::to_string(seed) + " is above 2**32 - 1.",
                    "Use a seed below 4294967296 (NumPy's legacy generator takes no larger one).");
    }
    // Both global generators are re-seeded per record in the reference.
    PythonRandom python(seed);
    NumpyRandomState numpy(static_cast<uint32_t>(seed));
    const auto n = static_cast<int64_t>(p.count);

    std::vector<double> weights = p.similarity;
    const double lowest = *std::min_element(weights.begin(), weights.end());
    if (lowest <= 0) {
        for (double& w : weights) w = w + std::fabs(lowest) + 1e-6;
    }
    const double total = numpySum(weights);
    for (double& w : weights) w = w / total;

    std::vector<int64_t> picks;
    if (n < k) {
        picks.resize(static_cast<size_t>(n));
        std::iota(picks.begin(), picks.end(), 0);
        // The reference makes one draw of k - n; it cannot when k - n > n, so more rounds follow.
        while (static_cast<int64_t>(picks.size()) < k) {
            const int64_t round = std::min<int64_t>(n, k - static_cast<int64_t>(picks.size()));
            const auto more = numpy.choiceWithoutReplacement(n, round, weights);
            picks.insert(picks.end(), more.begin(), more.end());
        }
    } else {
        picks = numpy.choiceWithoutReplacement(n, k, weights);
    }

    std::vector<size_t> duplicates, kept;
    for (size_t i = 0; i < picks.size(); ++i) {
        (isDuplicate(c, static_cast<size_t>(picks[i])) ? duplicates : kept).push_back(i);
    }
    if (!duplicates.empty()) {
        if (n == k) {
            // Nothing unpicked to swap in: copy a random non-duplicate pick.
            if (!kept.empty()) {
                for (const size_t position : duplicates) {
                    picks[position] = picks[kept[python.choiceIndex(kept.size())]];
                }
            }
        } else {
            std::vector<int64_t> available;
            for (int64_t i = 0; i < n; ++i) {
                if (!isDuplicate(c, static_cast<size_t>(i)) &&
                    std::find(picks.begin(), picks.end(), i) == picks.end()) {
                    available.push_back(i);
                }
            }
            for (const size_t position : duplicates) {
                if (available.empty()) break;
                const size_t chosen = python.choiceIndex(available.size());
                picks[position] = available[chosen];
                available.erase(available.begin() + static_cast<std::ptrdiff_t>(chosen));
            }
        }
    }
    return std::vector<int>(picks.begin(), picks.end());
}

std::vector<int> selectMostSimilar(const HistoryCandidates& c, const Prepared& p, int k) {
    std::vector<int> order(p.count);
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const bool duplicateA = isDuplicate(c, static_cast<size_t>(a));
        const bool duplicateB = isDuplicate(c, static_cast<size_t>(b));
        if (duplicateA != duplicateB) return duplicateB;
        return p.similarity[static_cast<size_t>(a)] > p.similarity[static_cast<size_t>(b)];
    });
    order.resize(std::min(order.size(), static_cast<size_t>(k)));
    return order;
}

// ---------------------------------------------------------------------------------------------
// Title similarity

bool inRange(char32_t c, char32_t first, char32_t last) { return c >= first && c <= last; }

// Letters and digits of alphabetic scripts: they form words.
bool isWordCharacter(char32_t c) {
    if (inRange(c, U'0', U'9') || inRange(c, U'a', U'z') || inRange(c, U'A', U'Z')) return true;
    if (inRange(c, 0xC0, 0x24F)) return c != 0xD7 && c != 0xF7;  // Latin-1 letters, Latin Extended
    return inRange(c, 0x370, 0x3FF) || inRange(c, 0x400, 0x4FF);  // Greek, Cyrillic
}

// Punctuation, symbols, controls and emoji: they separate units, break bigrams and are not units.
bool isSeparator(char32_t c) {
    if (c < 0xC0) return true;  // ASCII non-alphanumerics (alphanumerics are caught first), Latin-1 signs
    if (c == 0xD7 || c == 0xF7 || text::utf8::isWhitespace(c)) return true;
    return inRange(c, 0x2000, 0x2BFF)      // general punctuation .. arrows, math, shapes, dingbats
           || inRange(c, 0x2E00, 0x2E7F)   // supplemental punctuation
           || inRange(c, 0x3000, 0x303F)   // CJK symbols and punctuation
           || inRange(c, 0xFE00, 0xFE0F)   // variation selectors
           || inRange(c, 0xFE30, 0xFE6F)   // CJK compatibility and small form punctuation
           || inRange(c, 0xFF00, 0xFF0F) || inRange(c, 0xFF1A, 0xFF20) || inRange(c, 0xFF3B, 0xFF40) ||
           inRange(c, 0xFF5B, 0xFF65)      // full-width and half-width punctuation
           || c == 0xFFFD                  // undecodable bytes
           || inRange(c, 0x1F000, 0x1FAFF);  // emoji and pictographs
}

char32_t simpleLower(char32_t c) {
    if (inRange(c, U'A', U'Z')) return c + 32;
    if (inRange(c, 0xC0, 0xDE) && c != 0xD7) return c + 32;
    if (inRange(c, 0x391, 0x3A9) && c != 0x3A2) return c + 32;  // Greek capitals
    if (inRange(c, 0x410, 0x42F)) return c + 32;                 // Cyrillic capitals
    if (inRange(c, 0x400, 0x40F)) return c + 80;
    return c;
}

// Full-width ASCII (common in Chinese product titles) read as ASCII.
char32_t foldWidth(char32_t c) { return inRange(c, 0xFF01, 0xFF5E) ? c - 0xFEE0 : c; }

// The text's units, with an empty string where a separator broke the sequence.
std::vector<std::string> textUnits(const std::string& raw) {
    const std::string textValue = text::utf8::repairLossy(raw);
    std::string_view view(textValue);
    std::vector<std::string> units;
    std::string word;
    const auto endWord = [&] {
        if (!word.empty()) units.push_back(std::move(word));
        word.clear();
    };
    for (size_t pos = 0; pos < view.size();) {
        const size_t length = text::utf8::validSequenceAt(view, pos);
        const char32_t c = foldWidth(text::utf8::decodeAt(view, pos, length));
        pos += length;
        if (isWordCharacter(c)) {
            text::utf8::append(word, simpleLower(c));
            continue;
        }
        endWord();
        if (text::utf8::isWhitespace(c)) continue;  // separates words, keeps them neighbours
        if (isSeparator(c)) {
            if (!units.empty() && !units.back().empty()) units.emplace_back();  // a break
            continue;
        }
        std::string single;
        text::utf8::append(single, c);
        units.push_back(std::move(single));
    }
    endWord();
    return units;
}

// Unigram and bigram counts; '\x1f' cannot occur inside a unit, so it joins bigrams unambiguously.
std::map<std::string, double> features(const std::string& textValue) {
    std::map<std::string, double> counts;
    const auto units = textUnits(textValue);
    for (size_t i = 0; i < units.size(); ++i) {
        if (units[i].empty()) continue;
        counts["1" + units[i]] += 1;
        if (i + 1 < units.size() && !units[i + 1].empty()) counts["2" + units[i] + '\x1f' + units[i + 1]] += 1;
    }
    return counts;
}

double squaredNorm(const std::map<std::string, double>& v) {
    double sum = 0;
    for (const auto& [key, count] : v) sum += count * count;
    return sum;
}

}  // namespace

std::vector<int> selectHistory(const HistoryCandidates& candidates, int k, HistoryStrategy strategy, uint64_t seed,
                               std::vector<std::string>* warnings) {
    if (k < 0) {
        throw Error("Cannot select " + std::to_string(k) + " history items.", "Ask for zero or more (Uni-AdGen uses 10).");
    }
    const Prepared prepared = prepare(candidates, strategy, warnings);
    if (k == 0 || prepared.count == 0) return {};
    switch (strategy) {
        case HistoryStrategy::Pss: return selectPss(candidates, prepared, k, seed);
        case HistoryStrategy::MostSimilar: return selectMostSimilar(candidates, prepared, k);
        case HistoryStrategy::Random: {
            PythonRandom python(seed);
            const auto n = static_cast<int64_t>(prepared.count);
            const auto picks = python.sampleRange(n, std::min<int64_t>(k, n));
            return std::vector<int>(picks.begin(), picks.end());
        }
    }
    return {};
}

double titleSimilarity(const std::string& a, const std::string& b) {
    if (a == b) return 1.0;
    const auto fa = features(a);
    const auto fb = features(b);
    const double normProduct = squaredNorm(fa) * squaredNorm(fb);
    if (normProduct == 0) return 0.0;
    double dot = 0;
    // Counts are integers, so the sum is exact whichever map is walked: the result is symmetric.
    const auto& small = fa.size() <= fb.size() ? fa : fb;
    const auto& large = fa.size() <= fb.size() ? fb : fa;
    for (const auto& [key, count] : small) {
        const auto found = large.find(key);
        if (found != large.end()) dot += count * found->second;
    }
    // dot / sqrt(|a|^2 |b|^2) rather than dot / (|a| |b|): exact for integer counts, so equal bags give 1.
    return std::min(1.0, dot / std::sqrt(normProduct));
}

std::vector<double> computeSimilarities(const std::string& target, const std::vector<std::string>& titles) {
    std::vector<double> out;
    out.reserve(titles.size());
    for (const auto& title : titles) out.push_back(titleSimilarity(target, title));
    return out;
}

}  // namespace adgen::personalize
