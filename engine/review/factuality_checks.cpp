// The factuality checks: words the selling points do not have, exaggerated or absolute claims,
// sensitive content (the paper's appendix 1.2, "Factuality").

#include "review/text_checks.h"

#include <algorithm>

namespace adgen::review {
namespace {

// Whether the bytes between two tokens only space them out (spaces and hyphens), so the two read as
// one phrase: "Blue Light Protection", "防蓝光".
bool onlySpacing(const std::string& copy, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i)
        if (copy[i] != ' ' && copy[i] != '-') return false;
    return true;
}

PrecheckFlag makeFlag(const char* check, std::string message, double strength) {
    PrecheckFlag flag;
    flag.criterion = Criterion::Factuality;
    flag.check = check;
    flag.message = std::move(message);
    flag.strength = std::clamp(strength, 0.0, 1.0);
    return flag;
}

std::vector<std::string> spanTexts(const std::vector<EvidenceSpan>& spans) {
    std::vector<std::string> texts;
    for (const auto& span : spans) texts.push_back(span.text);
    return texts;
}

}  // namespace

std::optional<PrecheckFlag> checkUnsupportedWords(const CopyAnalysis& copy) {
    std::vector<EvidenceSpan> spans;
    size_t unsupported = 0;
    size_t words = 0;
    size_t lastUnsupported = copy.tokens.size();  // index of the token that ended the last span
    for (size_t i = 0; i < copy.tokens.size(); ++i) {
        if (copy.support[i] == Support::StopWord) continue;
        ++words;
        if (copy.support[i] != Support::Unsupported) continue;
        ++unsupported;
        const auto& token = copy.tokens[i];
        const bool joins = !spans.empty() && lastUnsupported + 1 == i &&
                           onlySpacing(copy.copy, copy.tokens[lastUnsupported].end, token.begin);
        if (joins) spans.back() = spanOf(copy.copy, spans.back().begin, token.end);
        else spans.push_back(spanOf(copy.copy, token.begin, token.end));
        lastUnsupported = i;
    }
    if (unsupported == 0) return std::nullopt;
    const double share = static_cast<double>(unsupported) / static_cast<double>(words);
    auto flag = makeFlag(kUnsupportedWordsCheck,
                         std::to_string(unsupported) + " of " + std::to_string(words) + " words " +
                             (unsupported == 1 ? "is" : "are") + " not in the selling points: " +
                             quoteList(spanTexts(spans)) + ".",
                         // Any unsupported word is a reason to look; more of them, a stronger one.
                         0.5 + 0.5 * share);
    flag.spans = std::move(spans);
    flag.measures = {{"words", static_cast<double>(words)},
                     {"unsupported_words", static_cast<double>(unsupported)},
                     {"unsupported_share", share}};
    return flag;
}

std::optional<PrecheckFlag> checkExaggeratedClaims(const CopyAnalysis& copy, const TextPrecheckSettings& settings) {
    std::vector<EvidenceSpan> spans;
    size_t exempt = 0;
    for (const auto& match : settings.exaggerated.find(copy.copy)) {
        // The brief may make the claim itself ("100% cotton"): the copy repeating it adds nothing.
        const bool inSellingPoints = std::any_of(copy.sellingPoints.begin(), copy.sellingPoints.end(),
                                                 [&](const std::string& point) {
                                                     return PhraseList::entryOccursIn(match.entry, point);
                                                 });
        if (inSellingPoints) {
            ++exempt;
            continue;
        }
        spans.push_back(spanOf(copy.copy, match.begin, match.end));
    }
    if (spans.empty()) return std::nullopt;
    const size_t n = spans.size();
    auto flag = makeFlag(kExaggeratedClaimCheck,
                         std::string(n == 1 ? "An exaggerated or absolute claim" : "Exaggerated or absolute claims") +
                             " the selling points do not make: " + quoteList(spanTexts(spans)) + ".",
                         0.6 + 0.15 * static_cast<double>(n - 1));
    flag.spans = std::move(spans);
    flag.measures = {{"claims", static_cast<double>(n)}, {"claims_in_selling_points", static_cast<double>(exempt)}};
    return flag;
}

std::optional<PrecheckFlag> checkSensitiveContent(const CopyAnalysis& copy, const TextPrecheckSettings& settings) {
    std::vector<EvidenceSpan> spans;
    for (const auto& match : settings.sensitive.find(copy.copy)) spans.push_back(spanOf(copy.copy, match.begin, match.end));
    if (spans.empty()) return std::nullopt;
    const size_t n = spans.size();
    // Flagged even when a selling point says it: sensitive content is rejected wherever it comes from.
    auto flag = makeFlag(kSensitiveContentCheck,
                         std::string(n == 1 ? "A sensitive term" : "Sensitive terms") +
                             " (violence, pornography, drugs, gambling or discrimination): " +
                             quoteList(spanTexts(spans)) + ".",
                         0.9 + 0.05 * static_cast<double>(n - 1));
    flag.spans = std::move(spans);
    flag.measures = {{"terms", static_cast<double>(n)}};
    return flag;
}

}  // namespace adgen::review
