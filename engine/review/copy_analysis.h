#pragma once

// What every text check needs to know about one copy against its selling points, worked out once:
// its tokens, which of them the selling points support, and the selling points as token keys.

#include "adgen/prechecks.h"
#include "review/copy_text.h"
#include "review/text_prechecks.h"

#include <set>
#include <string>
#include <vector>

namespace adgen::review {

enum class Support {
    SellingPoint,  // a selling-point word (Latin), or part of a stretch of a selling point (CJK)
    StopWord,      // a glue word of the stop-word lists
    Unsupported,   // neither: a word the selling points do not have
};

struct CopyAnalysis {
    std::string copy;
    std::vector<std::string> sellingPoints;  // the brief's, blank ones dropped
    std::vector<CopyToken> tokens;           // tokenizeCopy(copy)
    std::vector<Support> support;            // per token
    std::vector<std::vector<std::string>> sellingPointKeys;  // per selling point, its token keys
    std::set<std::string> sellingPointLatinWords;             // ASCII-lower-cased
    std::vector<std::string> sellingPointCjkWords;            // factual copy mode's CJK words
};

// Latin tokens: a selling-point word ignoring ASCII case, else a stop word, else unsupported. CJK
// runs: covered by stretches that are a selling-point CJK word, a part of one at least two
// characters long, or a stop word, leaving as few characters uncovered as possible; the uncovered
// characters are unsupported.
CopyAnalysis analyseCopy(const std::string& copy, const std::vector<std::string>& sellingPoints,
                         const TextPrecheckSettings& settings);

// An evidence span of the copy, its text filled in.
EvidenceSpan spanOf(const std::string& copy, size_t begin, size_t end);

// `text` in double quotes, cut after 40 bytes (with "…") so a message stays readable.
std::string quote(const std::string& text);

// `"a", "b" and "c"`, at most `limit` quoted items, then "and N more".
std::string quoteList(const std::vector<std::string>& items, size_t limit = 5);

// `share` as a whole percentage ("91 %").
std::string percent(double share);

}  // namespace adgen::review
