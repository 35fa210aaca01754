#include "pre_tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <stdexcept>
#include <utility>

#include "byte_level.h"
#include "json_access.h"

namespace adgen::text {

namespace {

// GPT-2's pattern, applied by ByteLevel when use_regex is true: contractions, letters, numbers,
// other symbols (each optionally after one space), and whitespace not followed by non-space.
constexpr const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

const char* kFixUnsupported =
    "Use the model's original byte-level BPE tokenizer.json (Janus-Pro, DeepSeek, LLaMA 3 or "
    "Qwen), or report the model so support can be added.";

std::shared_ptr<const Regex> compile(const std::string& pattern, const std::string& where) {
    try {
        return std::make_shared<const Regex>(pattern);
    } catch (const std::invalid_argument& e) {
        throw Error("the pattern of \"" + where + "\" is not a valid regular expression (" +
                        e.what() + ").",
                    json_access::kFixCorrupt);
    }
}

}  // namespace

PreTokenizer PreTokenizer::fromJson(const nlohmann::json& spec, const std::string& where) {
    PreTokenizer result;
    if (!spec.is_null()) addSteps(spec, where, result);
    return result;
}

void PreTokenizer::addSteps(const nlohmann::json& spec, const std::string& where,
                            PreTokenizer& out) {
    const std::string type = json_access::typeOf(spec, where);
    if (type == "Sequence") {
        const nlohmann::json& list = json_access::member(spec, "pretokenizers", where);
        if (!list.is_array()) json_access::wrongType(where + ".pretokenizers", "a list", list);
        for (size_t i = 0; i < list.size(); ++i) {
            addSteps(list[i], where + ".pretokenizers[" + std::to_string(i) + "]", out);
        }
        return;
    }
    Step step;
    if (type == "Split") {
        const nlohmann::json& pattern = json_access::member(spec, "pattern", where);
        if (pattern.is_object() && pattern.contains("Regex") && pattern["Regex"].is_string()) {
            step.regex = compile(pattern["Regex"].get<std::string>(), where + ".pattern.Regex");
        } else if (pattern.is_object() && pattern.contains("String") &&
                   pattern["String"].is_string()) {
            step.regex = compile(Regex::escape(pattern["String"].get<std::string>()),
                                 where + ".pattern.String");
        } else {
            json_access::wrongType(where + ".pattern", "{\"Regex\": ...} or {\"String\": ...}",
                                   pattern);
        }
        const std::string behavior = json_access::stringOr(spec, "behavior", where, "Isolated");
        static const std::pair<const char*, Behavior> kBehaviors[] = {
            {"Removed", Behavior::Removed},
            {"Isolated", Behavior::Isolated},
            {"MergedWithPrevious", Behavior::MergedWithPrevious},
            {"MergedWithNext", Behavior::MergedWithNext},
            {"Contiguous", Behavior::Contiguous}};
        bool known = false;
        for (const auto& [name, value] : kBehaviors) {
            if (behavior == name) {
                step.behavior = value;
                known = true;
            }
        }
        if (!known) {
            throw Error("\"" + where + ".behavior\" is \"" + behavior +
                            "\", which is not a split behaviour (Removed, Isolated, "
                            "MergedWithPrevious, MergedWithNext, Contiguous).",
                        json_access::kFixCorrupt);
        }
        step.invert = json_access::boolOr(spec, "invert", where, false);
    } else if (type == "Digits") {
        // Every numeric character its own piece, or runs of them (Rust's char::is_numeric is
        // the general categories Nd, Nl and No, i.e. \p{N}).
        const bool individual = json_access::boolOr(spec, "individual_digits", where, false);
        step.regex = compile(individual ? R"(\p{N})" : R"(\p{N}+)", where);
    } else if (type == "ByteLevel") {
        step.kind = Kind::ByteLevel;
        step.addPrefixSpace = json_access::boolOr(spec, "add_prefix_space", where, true);
        if (json_access::boolOr(spec, "use_regex", where, true)) {
            step.regex = compile(kGpt2Pattern, where);
        }
        out.byteLevel_ = true;
    } else {
        throw Error("pre-tokenizer \"" + type + "\" (in \"" + where +
                        "\") is not supported; AdGen's tokenizer implements Sequence, Split, "
                        "Digits and ByteLevel.",
                    kFixUnsupported);
    }
    out.steps_.push_back(std::move(step));
}

void PreTokenizer::split(std::string_view text, std::vector<std::string>& pieces) const {
    std::vector<std::string> current;
    current.emplace_back(text);
    std::vector<std::string> next;
    for (const Step& step : steps_) {
        next.clear();
        for (const std::string& piece : current) splitPiece(step, piece, next);
        current.swap(next);
    }
    for (std::string& piece : current) {
        if (!piece.empty()) pieces.push_back(std::move(piece));
    }
}

void PreTokenizer::splitPiece(const Step& step, const std::string& input,
                              std::vector<std::string>& out) {
    std::string prefixed;
    const std::string* piece = &input;
    if (step.kind == Kind::ByteLevel && step.addPrefixSpace && !input.empty() && input[0] != ' ') {
        prefixed = " " + input;
        piece = &prefixed;
    }
    const std::string_view text(*piece);

    // The pattern's matches and the gaps between them, covering the whole piece, in order.
    std::vector<std::pair<Regex::Range, bool>> parts;
    if (step.regex) {
        size_t previous = 0;
        for (const Regex::Range& match : step.regex->findAll(text)) {
            if (match.first != previous) parts.push_back({{previous, match.first}, false});
            parts.push_back({match, true});
            previous = match.second;
        }
        if (previous != text.size()) parts.push_back({{previous, text.size()}, false});
    } else {
        parts.push_back({{0, text.size()}, false});
    }
    const Behavior behavior = step.kind == Kind::ByteLevel ? Behavior::Isolated : step.behavior;
    if (step.invert) {
        for (auto& part : parts) part.second = !part.second;
    }

    // Apply the behaviour; the result's flag says "drop this range".
    std::vector<std::pair<Regex::Range, bool>> ranges;
    switch (behavior) {
        case Behavior::Isolated:
            for (const auto& part : parts) ranges.push_back({part.first, false});
            break;
        case Behavior::Removed:
            ranges = parts;
            break;
        case Behavior::MergedWithPrevious: {
            bool previousMatch = false;
            for (const auto& [range, isMatch] : parts) {
                if (isMatch && !previousMatch && !ranges.empty()) {
                    ranges.back().first.second = range.second;
                } else {
                    ranges.push_back({range, false});
                }
                previousMatch = isMatch;
            }
            break;
        }
        case Behavior::MergedWithNext: {
            bool previousMatch = false;
            for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
                const auto& [range, isMatch] = *it;
                if (isMatch && !previousMatch && !ranges.empty()) {
                    ranges.back().first.first = range.first;
                } else {
                    ranges.push_back({range, false});
                }
                previousMatch = isMatch;
            }
            std::reverse(ranges.begin(), ranges.end());
            break;
        }
        case Behavior::Contiguous: {
            bool previousMatch = false;
            for (const auto& [range, isMatch] : parts) {
                if (isMatch == previousMatch && !ranges.empty()) {
                    ranges.back().first.second = range.second;
                } else {
                    ranges.push_back({range, false});
                }
                previousMatch = isMatch;
            }
            break;
        }
    }

    const ByteLevel& bytes = ByteLevel::instance();
    for (const auto& [range, drop] : ranges) {
        if (drop || range.first == range.second) continue;
        const std::string_view slice = text.substr(range.first, range.second - range.first);
        if (step.kind == Kind::ByteLevel) {
            out.push_back(bytes.encode(slice));
        } else {
            out.emplace_back(slice);
        }
    }
}

}  // namespace adgen::text
