#pragma once

// The text checks, one function each (the ids are in text_prechecks.h). Each returns its flag, or
// nothing when the copy passes it.

#include "review/copy_analysis.h"

#include <optional>

namespace adgen::review {

// factuality_checks.cpp
std::optional<PrecheckFlag> checkUnsupportedWords(const CopyAnalysis& copy);
std::optional<PrecheckFlag> checkExaggeratedClaims(const CopyAnalysis& copy, const TextPrecheckSettings& settings);
std::optional<PrecheckFlag> checkSensitiveContent(const CopyAnalysis& copy, const TextPrecheckSettings& settings);

// readability_checks.cpp
std::optional<PrecheckFlag> checkSellingPointCopy(const CopyAnalysis& copy, const TextPrecheckSettings& settings);
std::optional<PrecheckFlag> checkRepetition(const CopyAnalysis& copy, const TextPrecheckSettings& settings);
std::optional<PrecheckFlag> checkBrokenText(const CopyAnalysis& copy);

}  // namespace adgen::review
