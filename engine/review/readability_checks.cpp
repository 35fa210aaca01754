// The readability checks: the copy is the selling points put together, a selling point or a phrase
// repeated, broken or cut-off text (the paper's appendix 1.2, "Readability").

#include "review/text_checks.h"

#include "src/generate/utf8_text.h"

#include <algorithm>
#include <map>

namespace adgen::review {
namespace {

PrecheckFlag makeFlag(const char* check, std::string message, double strength) {
    PrecheckFlag flag;
    flag.criterion = Criterion::Readability;
    flag.check = check;
    flag.message = std::move(message);
    flag.strength = std::clamp(strength, 0.0, 1.0);
    return flag;
}

std::vector<std::string> keysOf(const std::vector<CopyToken>& tokens) {
    std::vector<std::string> keys;
    for (const auto& token : tokens) keys.push_back(token.key);
    return keys;
}

// Start indexes of `needle` in `haystack`, not overlapping, left to right.
std::vector<size_t> occurrences(const std::vector<std::string>& haystack, const std::vector<std::string>& needle) {
    std::vector<size_t> starts;
    if (needle.empty() || needle.size() > haystack.size()) return starts;
    for (size_t i = 0; i + needle.size() <= haystack.size();) {
        if (std::equal(needle.begin(), needle.end(), haystack.begin() + static_cast<std::ptrdiff_t>(i))) {
            starts.push_back(i);
            i += needle.size();
        } else {
            ++i;
        }
    }
    return starts;
}

// ---- readability.repetition ----

struct Repeat {
    std::string text;        // the first occurrence as written
    bool sellingPoint = false;
    size_t length = 0;       // in tokens
    std::vector<size_t> starts;
};

// Whether tokens [start, start + length) make a stretch long enough to count as a repetition:
// each part measured against its own minimum, a mixed stretch adding up the fractions.
bool longEnough(const CopyAnalysis& copy, size_t start, size_t length, const TextPrecheckSettings& settings) {
    double weight = 0;
    bool content = false;
    for (size_t i = start; i < start + length; ++i) {
        weight += copy.tokens[i].cjk ? 1.0 / std::max(1, settings.repetitionMinCjkChars)
                                     : 1.0 / std::max(1, settings.repetitionMinLatinWords);
        if (copy.support[i] != Support::StopWord) content = true;
    }
    return content && weight >= 1.0 - 1e-9;
}

}  // namespace

std::optional<PrecheckFlag> checkSellingPointCopy(const CopyAnalysis& copy, const TextPrecheckSettings& settings) {
    size_t pointWords = 0;
    size_t words = 0;
    for (const auto support : copy.support) {
        if (support == Support::StopWord) continue;
        ++words;
        if (support == Support::SellingPoint) ++pointWords;
    }
    if (words == 0 || copy.sellingPointKeys.empty()) return std::nullopt;
    const auto keys = keysOf(copy.tokens);
    std::vector<EvidenceSpan> spans;
    std::vector<size_t> firstStarts;  // of the covered selling points, in selling-point order
    for (const auto& point : copy.sellingPointKeys) {
        const auto found = occurrences(keys, point);
        if (found.empty()) continue;
        const size_t start = found.front();
        firstStarts.push_back(start);
        spans.push_back(spanOf(copy.copy, copy.tokens[start].begin, copy.tokens[start + point.size() - 1].end));
    }
    const double wordShare = static_cast<double>(pointWords) / static_cast<double>(words);
    const double coverage = static_cast<double>(firstStarts.size()) / static_cast<double>(copy.sellingPointKeys.size());
    if (wordShare < settings.copyMinWordShare || coverage < settings.copyMinCoverage) return std::nullopt;
    const bool inOrder = std::is_sorted(firstStarts.begin(), firstStarts.end());
    std::sort(spans.begin(), spans.end(), [](const EvidenceSpan& a, const EvidenceSpan& b) { return a.begin < b.begin; });
    auto flag = makeFlag(kSellingPointCopyCheck,
                         std::string("The copy is the selling points put together") +
                             (inOrder ? " in their order" : ", reordered") + ": " + std::to_string(firstStarts.size()) +
                             " of " + std::to_string(copy.sellingPointKeys.size()) +
                             (firstStarts.size() == 1 ? " appears" : " appear") + " whole and " +
                             percent(wordShare) + " of its words are selling-point words.",
                         wordShare * coverage);
    flag.spans = std::move(spans);
    flag.measures = {{"word_share", wordShare},
                     {"coverage", coverage},
                     {"selling_points", static_cast<double>(copy.sellingPointKeys.size())},
                     {"selling_points_covered", static_cast<double>(firstStarts.size())},
                     {"in_order", inOrder ? 1.0 : 0.0}};
    return flag;
}

std::optional<PrecheckFlag> checkRepetition(const CopyAnalysis& copy, const TextPrecheckSettings& settings) {
    const auto keys = keysOf(copy.tokens);
    const size_t n = keys.size();
    std::vector<bool> covered(n, false);  // tokens inside a repeat already reported
    std::vector<Repeat> repeats;
    const auto record = [&](Repeat repeat) {
        for (const size_t s : repeat.starts)
            for (size_t k = s; k < s + repeat.length; ++k) covered[k] = true;
        repeats.push_back(std::move(repeat));
    };
    const auto textOf = [&](size_t start, size_t length) {
        return copy.copy.substr(copy.tokens[start].begin, copy.tokens[start + length - 1].end - copy.tokens[start].begin);
    };
    // Occurrences at least half outside the repeats already reported: a stretch that merely shifts a
    // reported one by a word ("b c d" of a repeated "a b c d e") is not news.
    const auto freshOccurrences = [&](const std::vector<size_t>& starts, size_t length) {
        return std::count_if(starts.begin(), starts.end(), [&](size_t s) {
            const auto uncovered = std::count(covered.begin() + static_cast<std::ptrdiff_t>(s),
                                              covered.begin() + static_cast<std::ptrdiff_t>(s + length), false);
            return static_cast<size_t>(uncovered) * 2 >= length;
        });
    };
    // Longest first, so a stretch inside a longer repeat is not reported again: at each length, a
    // selling point written twice (however short: "BBK ... BBK"), then any stretch long enough.
    constexpr size_t kLongest = 32;
    for (size_t length = n / 2; length >= 1; --length) {
        for (const auto& point : copy.sellingPointKeys) {
            if (point.size() != length) continue;
            const auto starts = occurrences(keys, point);
            if (starts.size() < 2) continue;
            const auto first = copy.support.begin() + static_cast<std::ptrdiff_t>(starts.front());
            const auto last = first + static_cast<std::ptrdiff_t>(length);
            if (std::all_of(first, last, [](Support s) { return s == Support::StopWord; })) continue;
            if (freshOccurrences(starts, length) < 2) continue;
            record({textOf(starts.front(), length), true, length, starts});
        }
        if (length > kLongest) continue;
        std::map<std::vector<std::string>, std::vector<size_t>> byText;
        std::vector<std::vector<std::string>> order;  // first appearance
        for (size_t i = 0; i + length <= n; ++i) {
            std::vector<std::string> gram(keys.begin() + static_cast<std::ptrdiff_t>(i),
                                          keys.begin() + static_cast<std::ptrdiff_t>(i + length));
            auto& starts = byText[gram];
            if (starts.empty()) order.push_back(gram);
            if (starts.empty() || starts.back() + length <= i) starts.push_back(i);
        }
        for (const auto& gram : order) {
            const auto& starts = byText[gram];
            if (starts.size() < 2 || !longEnough(copy, starts.front(), length, settings)) continue;
            if (freshOccurrences(starts, length) < 2) continue;
            record({textOf(starts.front(), length), false, length, starts});
        }
    }
    if (repeats.empty()) return std::nullopt;

    std::vector<EvidenceSpan> spans;
    std::vector<std::string> described;
    double extraTokens = 0;
    size_t most = 0;
    size_t pointRepeats = 0;
    for (const auto& repeat : repeats) {
        for (const size_t s : repeat.starts)
            spans.push_back(spanOf(copy.copy, copy.tokens[s].begin, copy.tokens[s + repeat.length - 1].end));
        described.push_back((repeat.sellingPoint ? "selling point " : "") + quote(repeat.text) + " " +
                            std::to_string(repeat.starts.size()) + " times");
        extraTokens += static_cast<double>((repeat.starts.size() - 1) * repeat.length);
        most = std::max(most, repeat.starts.size());
        if (repeat.sellingPoint) ++pointRepeats;
    }
    std::sort(spans.begin(), spans.end(), [](const EvidenceSpan& a, const EvidenceSpan& b) { return a.begin < b.begin; });
    std::string list;
    for (size_t i = 0; i < described.size() && i < 5; ++i) list += (i ? ", " : "") + described[i];
    if (described.size() > 5) list += " and " + std::to_string(described.size() - 5) + " more";
    const double share = std::min(1.0, extraTokens / static_cast<double>(n));
    auto flag = makeFlag(kRepetitionCheck, "Repeated in the copy: " + list + ".", 0.4 + share);
    flag.spans = std::move(spans);
    flag.measures = {{"repeats", static_cast<double>(repeats.size())},
                     {"selling_point_repeats", static_cast<double>(pointRepeats)},
                     {"most_occurrences", static_cast<double>(most)},
                     {"repeated_share", share}};
    return flag;
}

// ---- readability.broken-text ----

namespace {

struct BracketPair {
    char32_t open;
    char32_t close;
};
constexpr BracketPair kBrackets[] = {
    {U'(', U')'}, {U'[', U']'}, {U'{', U'}'}, {U'（', U'）'}, {U'【', U'】'}, {U'《', U'》'},
    {U'「', U'」'}, {U'『', U'』'}, {U'〔', U'〕'}, {U'“', U'”'},
};

// Separators a finished copy does not end with: they join something to what should follow.
bool danglesAtEnd(char32_t c) {
    switch (c) {
        case U',': case U'，': case U'、': case U';': case U'；': case U':': case U'：': case U'-': case U'–':
        case U'—': case U'/': case U'|': case U'｜': case U'&': case U'+': case U'·': case U'~': case U'～':
            return true;
        default:
            return false;
    }
}

// Separators a copy does not start with.
bool danglesAtStart(char32_t c) {
    switch (c) {
        case U',': case U'，': case U'、': case U';': case U'；': case U':': case U'：': case U'|': case U'｜':
        case U'&': case U'+': case U'·': case U'/':
            return true;
        default:
            return false;
    }
}

bool isSpace(char32_t c) { return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'　'; }

// The alphabets a single word should not mix: a model that writes "Sеalant" with a Cyrillic "е"
// has garbled it. CJK, kana and Hangul are not listed: Chinese copy mixes them with Latin on purpose
// ("iPhone手机壳"), and μ and Ω are unit signs, not Greek words.
enum class Script { None, Latin, Greek, Cyrillic, Hebrew, Arabic, Thai, Devanagari };
Script scriptOf(char32_t c) {
    if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
        (c >= 0x1E00 && c <= 0x1EFF))
        return Script::Latin;
    if (c == U'μ' || c == U'Ω') return Script::None;
    if (c >= 0x370 && c <= 0x3FF) return Script::Greek;
    if (c >= 0x400 && c <= 0x52F) return Script::Cyrillic;
    if (c >= 0x590 && c <= 0x5FF) return Script::Hebrew;
    if (c >= 0x600 && c <= 0x6FF) return Script::Arabic;
    if (c >= 0xE00 && c <= 0xE7F) return Script::Thai;
    if (c >= 0x900 && c <= 0x97F) return Script::Devanagari;
    return Script::None;
}

struct Problem {
    EvidenceSpan span;
    std::string what;
    double strength = 0;
};

}  // namespace

std::optional<PrecheckFlag> checkBrokenText(const CopyAnalysis& copy) {
    const std::string& text = copy.copy;
    const auto chars = decodeUtf8(text);
    const auto bytes = [&](const Utf8Char& c) { return text.substr(c.begin, c.end - c.begin); };
    std::vector<Problem> problems;
    std::map<std::string, double> measures;
    const auto count = [&](const std::string& name) { measures[name] += 1; };

    if (copy.tokens.empty()) {
        const bool empty = std::all_of(chars.begin(), chars.end(), [](const Utf8Char& c) { return isSpace(c.codePoint); });
        problems.push_back({spanOf(text, 0, text.size()), empty ? "the copy is empty" : "the copy has no words", 1.0});
        count("empty");
    }

    // Bytes that are not UTF-8 (a character cut in two by the decoder) and U+FFFD, the mark an
    // earlier decoder left for them. Runs of them are one problem.
    for (size_t i = 0; i < chars.size();) {
        if (chars[i].valid && chars[i].codePoint != 0xFFFD) {
            ++i;
            continue;
        }
        const bool invalid = !chars[i].valid;
        size_t j = i;
        while (j < chars.size() && chars[j].valid == !invalid && chars[j].codePoint == 0xFFFD) ++j;
        problems.push_back({spanOf(text, chars[i].begin, chars[j - 1].end),
                            invalid ? "bytes that are not UTF-8" : "replacement characters (U+FFFD)", 0.9});
        measures[invalid ? "invalid_bytes" : "replacement_characters"] += static_cast<double>(j - i);
        i = j;
    }

    // Brackets without their partner.
    std::vector<size_t> open;  // indexes into chars
    std::vector<size_t> unmatched;
    for (size_t i = 0; i < chars.size(); ++i) {
        for (const auto& pair : kBrackets) {
            if (chars[i].codePoint == pair.open) {
                open.push_back(i);
                break;
            }
            if (chars[i].codePoint == pair.close) {
                if (!open.empty() && chars[open.back()].codePoint == pair.open) open.pop_back();
                else unmatched.push_back(i);
                break;
            }
        }
    }
    unmatched.insert(unmatched.end(), open.begin(), open.end());
    std::sort(unmatched.begin(), unmatched.end());
    for (const size_t i : unmatched) {
        problems.push_back({spanOf(text, chars[i].begin, chars[i].end), "an unbalanced bracket " + bytes(chars[i]), 0.7});
        count("unbalanced_brackets");
    }

    // A separator left hanging at either end.
    size_t first = 0;
    while (first < chars.size() && isSpace(chars[first].codePoint)) ++first;
    size_t last = chars.size();
    while (last > first && isSpace(chars[last - 1].codePoint)) --last;
    const bool startDangles = first < last && chars[first].valid && danglesAtStart(chars[first].codePoint);
    if (startDangles) {
        problems.push_back({spanOf(text, chars[first].begin, chars[first].end),
                            "a dangling separator " + bytes(chars[first]) + " at the start", 0.5});
        count("dangling_separators");
    }
    if (first < last && !(startDangles && last - 1 == first) && chars[last - 1].valid &&
        danglesAtEnd(chars[last - 1].codePoint)) {
        problems.push_back({spanOf(text, chars[last - 1].begin, chars[last - 1].end),
                            "a dangling separator " + bytes(chars[last - 1]) + " at the end", 0.5});
        count("dangling_separators");
    }

    // Cut off mid-word: the copy ends in a Latin word the selling points do not have but one of
    // their words begins with ("... Bathroom Toil" against "Toilet").
    if (!copy.tokens.empty()) {
        const auto& tail = copy.tokens.back();
        const bool endsThere = last > 0 && chars[last - 1].end == tail.end;
        if (endsThere && !tail.cjk && copy.support.back() == Support::Unsupported) {
            const auto& words = copy.sellingPointLatinWords;
            const bool prefix = std::any_of(words.begin(), words.end(), [&](const std::string& word) {
                return word.size() > tail.key.size() && word.compare(0, tail.key.size(), tail.key) == 0;
            });
            if (prefix) {
                const auto span = spanOf(text, tail.begin, tail.end);
                problems.push_back({span, "cut off mid-word (" + quote(span.text) + ")", 0.7});
                count("cut_off_words");
            }
        }
    }

    // Scripts mixed inside one word.
    for (size_t i = 0; i < chars.size();) {
        if (!chars[i].valid || isSpace(chars[i].codePoint) || isSeparator(bytes(chars[i]))) {
            ++i;
            continue;
        }
        size_t j = i;
        Script seen = Script::None;
        bool mixed = false;
        while (j < chars.size() && chars[j].valid && !isSpace(chars[j].codePoint) && !isSeparator(bytes(chars[j]))) {
            const Script s = scriptOf(chars[j].codePoint);
            if (s != Script::None) {
                if (seen != Script::None && s != seen) mixed = true;
                seen = s;
            }
            ++j;
        }
        if (mixed) {
            problems.push_back({spanOf(text, chars[i].begin, chars[j - 1].end),
                                "letters of two alphabets in one word (" +
                                    quote(text.substr(chars[i].begin, chars[j - 1].end - chars[i].begin)) + ")", 0.6});
            count("mixed_script_words");
        }
        i = std::max(j, i + 1);
    }

    if (problems.empty()) return std::nullopt;
    std::sort(problems.begin(), problems.end(),
              [](const Problem& a, const Problem& b) { return a.span.begin < b.span.begin; });
    double strength = 0;
    std::string message = "Broken text: ";
    for (size_t i = 0; i < problems.size(); ++i) {
        strength = std::max(strength, problems[i].strength);
        if (i < 5) message += (i ? "; " : "") + problems[i].what;
    }
    if (problems.size() > 5) message += " and " + std::to_string(problems.size() - 5) + " more";
    message += ".";
    auto flag = makeFlag(kBrokenTextCheck, message, strength + 0.1 * static_cast<double>(problems.size() - 1));
    for (auto& problem : problems) flag.spans.push_back(std::move(problem.span));
    flag.measures = std::move(measures);
    flag.measures["problems"] = static_cast<double>(problems.size());
    return flag;
}

}  // namespace adgen::review
