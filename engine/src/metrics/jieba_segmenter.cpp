#include "jieba_segmenter.h"

#include <adgen/error.h>

#include <cmath>
#include <cstdlib>
#include <utility>

namespace adgen::metrics {

namespace {

const char* const kDebianJiebaDirectory = "/usr/lib/python3/dist-packages/jieba";

// One edge of the DAG: the word sentence[start..end] and the frequency the route scores it with.
struct DagEdge {
    size_t end;      // index of the word's last character
    int64_t weight;  // FREQ.get(word) or 1
};

}  // namespace

bool isJiebaBlockCharacter(char32_t c) {
    if (isJiebaHan(c))
        return true;
    if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9'))
        return true;
    switch (c) {
        case U'+':
        case U'#':
        case U'&':
        case U'.':
        case U'_':
        case U'%':
        case U'-':
            return true;
        default:
            return false;
    }
}

std::filesystem::path JiebaSegmenter::defaultDictionaryPath() {
    const char* fromEnvironment = std::getenv("ADGEN_JIEBA_DICT");
    if (fromEnvironment && *fromEnvironment)
        return fromEnvironment;
    return std::filesystem::path(kDebianJiebaDirectory) / "dict.txt";
}

JiebaSegmenter::JiebaSegmenter(std::filesystem::path dictionaryPath,
                               std::shared_ptr<const JiebaDictionary> dictionary,
                               std::shared_ptr<const JiebaHmm> hmm)
    : dictionaryPath_(std::move(dictionaryPath)),
      dictionary_(std::move(dictionary)),
      hmm_(std::move(hmm)) {}

JiebaSegmenter JiebaSegmenter::load(const std::filesystem::path& dictionaryFile) {
    const std::filesystem::path path =
        dictionaryFile.empty() ? defaultDictionaryPath() : dictionaryFile;
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) {
        throw Error("The jieba dictionary " + path.string() +
                        " does not exist; the text metrics (BLEU-4, ROUGE-L) segment titles "
                        "with it.",
                    "Install python3-jieba (scripts/setup) or set ADGEN_JIEBA_DICT to a jieba "
                    "dict.txt.");
    }
    auto dictionary = std::make_shared<const JiebaDictionary>(JiebaDictionary::load(path));

    std::filesystem::path finalseg = path.parent_path() / "finalseg";
    if (!std::filesystem::is_regular_file(finalseg / "prob_emit.py", error)) {
        finalseg = std::filesystem::path(kDebianJiebaDirectory) / "finalseg";
    }
    auto hmm = std::make_shared<const JiebaHmm>(JiebaHmm::load(finalseg));
    return JiebaSegmenter(path, std::move(dictionary), std::move(hmm));
}

std::vector<std::u32string> JiebaSegmenter::cut(std::u32string_view text) const {
    std::vector<std::u32string> words;
    size_t pos = 0;
    while (pos < text.size()) {
        if (isJiebaBlockCharacter(text[pos])) {
            size_t end = pos;
            while (end < text.size() && isJiebaBlockCharacter(text[end]))
                ++end;
            cutBlock(text.substr(pos, end - pos), words);
            pos = end;
        } else if (text[pos] == U'\r' && pos + 1 < text.size() && text[pos + 1] == U'\n') {
            // re_skip_default is (\r\n|\s): a Windows line break is one token.
            words.emplace_back(U"\r\n");
            pos += 2;
        } else {
            // Whitespace is a token by itself and so is every other character outside the blocks.
            words.emplace_back(1, text[pos]);
            ++pos;
        }
    }
    return words;
}

void JiebaSegmenter::flushSingles(std::u32string_view singles,
                                  std::vector<std::u32string>& words) const {
    if (singles.empty())
        return;
    if (singles.size() == 1) {
        words.emplace_back(singles);
    } else if (dictionary_->frequency(singles) == 0) {
        // Characters the route left alone that are no word together: let the HMM group them.
        hmm_->cut(singles, words);
    } else {
        // A dictionary word the route still split: jieba keeps its characters apart.
        for (char32_t c : singles)
            words.emplace_back(1, c);
    }
}

void JiebaSegmenter::cutBlock(std::u32string_view block, std::vector<std::u32string>& words) const {
    const size_t n = block.size();

    // get_DAG: the ends of all dictionary words starting at k (the character alone if none).
    std::vector<std::vector<DagEdge>> dag(n);
    for (size_t k = 0; k < n; ++k) {
        JiebaDictionary::Node node = JiebaDictionary::kRoot;
        for (size_t i = k; i < n; ++i) {
            node = dictionary_->child(node, block[i]);
            if (node == JiebaDictionary::kAbsent)
                break;
            if (const int64_t frequency = dictionary_->frequency(node); frequency != 0) {
                dag[k].push_back({i, frequency});
            }
        }
        // The lone character has no non-zero frequency here, so the route weighs it as 1.
        if (dag[k].empty())
            dag[k].push_back({k, 1});
    }

    // calc: route[idx] = max over the DAG's edges of (log(freq) - log(total) + route[end + 1],
    // end), evaluated in Python's order; equal scores go to the longer word (the larger end).
    std::vector<std::pair<double, size_t>> route(n + 1, {0.0, 0});
    const double logTotal = dictionary_->logTotal();
    for (size_t idx = n; idx-- > 0;) {
        bool first = true;
        std::pair<double, size_t> best{0.0, 0};
        for (const DagEdge& edge : dag[idx]) {
            const double score =
                std::log(static_cast<double>(edge.weight)) - logTotal + route[edge.end + 1].first;
            if (first || score > best.first || (score == best.first && edge.end > best.second)) {
                best = {score, edge.end};
                first = false;
            }
        }
        route[idx] = best;
    }

    // __cut_DAG: walk the route; consecutive single characters collect in a buffer that is
    // resolved (flushSingles) before the next longer word and at the end.
    size_t singlesStart = 0;
    size_t singlesLength = 0;
    size_t x = 0;
    while (x < n) {
        const size_t y = route[x].second + 1;
        if (y - x == 1) {
            if (singlesLength == 0)
                singlesStart = x;
            ++singlesLength;
        } else {
            flushSingles(block.substr(singlesStart, singlesLength), words);
            singlesLength = 0;
            words.emplace_back(block.substr(x, y - x));
        }
        x = y;
    }
    flushSingles(block.substr(singlesStart, singlesLength), words);
}

}  // namespace adgen::metrics
