#pragma once

// The text half of the pre-checks (factuality, readability) with its settings: the word lists and
// thresholds of resources/prechecks/ (docs/formats.md, "Pre-check word lists"). The public entry
// point is adgen::runTextPrechecks (adgen/prechecks.h), which uses defaultTextPrecheckSettings();
// tests and tools pass their own settings here.

#include "adgen/prechecks.h"
#include "review/phrase_list.h"

#include <set>
#include <string>

namespace adgen::review {

// The stable ids of the text checks, in the order they run.
inline constexpr const char* kUnsupportedWordsCheck = "factuality.unsupported-words";
inline constexpr const char* kExaggeratedClaimCheck = "factuality.exaggerated-claim";
inline constexpr const char* kSensitiveContentCheck = "factuality.sensitive-content";
inline constexpr const char* kSellingPointCopyCheck = "readability.selling-point-copy";
inline constexpr const char* kRepetitionCheck = "readability.repetition";
inline constexpr const char* kBrokenTextCheck = "readability.broken-text";

struct TextPrecheckSettings {
    // Glue words ("and", "with", 的): never unsupported, never a repetition on their own. Latin
    // entries ASCII-lower-cased; CJK entries are one or more characters.
    std::set<std::string> stopWords;
    PhraseList exaggerated;  // factuality.exaggerated-claim
    PhraseList sensitive;    // factuality.sensitive-content
    // readability.selling-point-copy: flagged when at least this share of the copy's words are
    // selling-point words and at least this share of the selling points appear whole in it.
    double copyMinWordShare = 0.9;
    double copyMinCoverage = 0.8;
    // readability.repetition: the shortest repeated stretch that counts, in Latin words or CJK
    // characters (a mixed stretch counts each part against its own minimum).
    int repetitionMinLatinWords = 2;
    int repetitionMinCjkChars = 3;
};

// Reads stopwords_en.txt, stopwords_zh.txt, exaggerated_en.txt, exaggerated_zh.txt,
// sensitive_en.txt, sensitive_zh.txt and text_checks.json from `directory`. Throws adgen::Error
// naming the file (and field) that is missing or wrong.
TextPrecheckSettings loadTextPrecheckSettings(const std::string& directory);

// The settings of precheckDataDirectory(), read once per process (a failed read is retried).
const TextPrecheckSettings& defaultTextPrecheckSettings();

PrecheckReport runTextPrechecks(const PrecheckInput& input, const TextPrecheckSettings& settings);

}  // namespace adgen::review
