#include "review/text_prechecks.h"

#include "adgen/error.h"
#include "data/json_file.h"
#include "review/precheck_data.h"
#include "review/text_checks.h"

#include <mutex>
#include <optional>

namespace adgen::review {
namespace {

constexpr const char* kThresholdsFile = "text_checks.json";

std::string formatNumber(double value) { return nlohmann::json(value).dump(); }

// A number in `section`.`field` of text_checks.json, within [low, high]; `fallback` when absent.
double thresholdNumber(const nlohmann::json& root, const std::string& path, const char* section, const char* field,
                       double fallback, double low, double high) {
    if (!root.contains(section)) return fallback;
    const auto& part = root.at(section);
    const std::string name = std::string(section) + "." + field;
    if (!part.is_object()) throw Error(path + ": \"" + section + "\" is not an object.", "Write it as {\"field\": value}.");
    if (!part.contains(field)) return fallback;
    const auto& value = part.at(field);
    if (!value.is_number() || value.get<double>() < low || value.get<double>() > high) {
        throw Error(path + ": " + name + " must be a number from " + formatNumber(low) + " to " +
                        formatNumber(high) + ".",
                    "Fix the value, or remove it to use the default " + formatNumber(fallback) + ".");
    }
    return value.get<double>();
}

std::vector<std::string> readLists(const std::string& directory, const std::vector<const char*>& names) {
    std::vector<std::string> entries;
    for (const char* name : names) {
        auto list = readWordList(precheckDataFile(directory, name));
        entries.insert(entries.end(), list.begin(), list.end());
    }
    return entries;
}

}  // namespace

TextPrecheckSettings loadTextPrecheckSettings(const std::string& directory) {
    TextPrecheckSettings settings;
    for (const auto& word : readLists(directory, {"stopwords_en.txt", "stopwords_zh.txt"}))
        settings.stopWords.insert(asciiLower(word));
    settings.exaggerated = PhraseList(readLists(directory, {"exaggerated_en.txt", "exaggerated_zh.txt"}));
    settings.sensitive = PhraseList(readLists(directory, {"sensitive_en.txt", "sensitive_zh.txt"}));

    const std::string path = precheckDataFile(directory, kThresholdsFile);
    const auto root = data::parseJsonText(data::readTextFile(path, "Pre-check thresholds file"), path,
                                          "Fix the JSON syntax (docs/formats.md, \"Pre-check word lists\").");
    if (!root.is_object()) throw Error(path + " is not a JSON object.", "See docs/formats.md, \"Pre-check word lists\".");
    settings.copyMinWordShare =
        thresholdNumber(root, path, "selling_point_copy", "min_word_share", settings.copyMinWordShare, 0.0, 1.0);
    settings.copyMinCoverage =
        thresholdNumber(root, path, "selling_point_copy", "min_coverage", settings.copyMinCoverage, 0.0, 1.0);
    settings.repetitionMinLatinWords = static_cast<int>(
        thresholdNumber(root, path, "repetition", "min_latin_words", settings.repetitionMinLatinWords, 1, 32));
    settings.repetitionMinCjkChars = static_cast<int>(
        thresholdNumber(root, path, "repetition", "min_cjk_chars", settings.repetitionMinCjkChars, 1, 32));
    return settings;
}

const TextPrecheckSettings& defaultTextPrecheckSettings() {
    static std::mutex mutex;
    static std::optional<TextPrecheckSettings> settings;
    std::lock_guard<std::mutex> lock(mutex);
    if (!settings) settings = loadTextPrecheckSettings(precheckDataDirectory());
    return *settings;
}

PrecheckReport runTextPrechecks(const PrecheckInput& input, const TextPrecheckSettings& settings) {
    PrecheckReport report;
    if (!input.copy) return report;
    const CopyAnalysis copy = analyseCopy(*input.copy, input.sellingPoints, settings);
    const bool haveSellingPoints = !copy.sellingPoints.empty();
    const auto run = [&](const char* id, std::optional<PrecheckFlag> flag) {
        report.checksRun.push_back(id);
        if (flag) report.flags.push_back(std::move(*flag));
    };
    // Without selling points there is nothing to hold the copy's words against, nor to copy.
    if (haveSellingPoints) run(kUnsupportedWordsCheck, checkUnsupportedWords(copy));
    run(kExaggeratedClaimCheck, checkExaggeratedClaims(copy, settings));
    run(kSensitiveContentCheck, checkSensitiveContent(copy, settings));
    if (haveSellingPoints) run(kSellingPointCopyCheck, checkSellingPointCopy(copy, settings));
    run(kRepetitionCheck, checkRepetition(copy, settings));
    run(kBrokenTextCheck, checkBrokenText(copy));
    return report;
}

}  // namespace adgen::review

namespace adgen {

PrecheckReport runTextPrechecks(const PrecheckInput& input) {
    return review::runTextPrechecks(input, review::defaultTextPrecheckSettings());
}

}  // namespace adgen
