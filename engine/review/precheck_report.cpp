// The pre-check API's plumbing (adgen/prechecks.h): criterion names, running both halves, the JSON
// report of docs/formats.md, "Pre-check reports".

#include "adgen/prechecks.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace adgen {
namespace {

struct CriterionName {
    Criterion criterion;
    const char* name;
};
constexpr CriterionName kCriterionNames[] = {
    {Criterion::SizeMismatch, "size-mismatch"},       {Criterion::ShapeHallucination, "shape-hallucination"},
    {Criterion::SpaceMismatch, "space-mismatch"},     {Criterion::VisualPerception, "visual-perception"},
    {Criterion::Factuality, "factuality"},            {Criterion::Readability, "readability"},
};

}  // namespace

std::string toString(Criterion criterion) {
    for (const auto& entry : kCriterionNames)
        if (entry.criterion == criterion) return entry.name;
    return "unknown";
}

std::optional<Criterion> parseCriterion(const std::string& text) {
    // "Size mismatch", "size_mismatch" and "SIZE-MISMATCH" all name size-mismatch.
    std::string name;
    for (const char c : text) {
        if (c == '_' || c == ' ') name += '-';
        else name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    for (const auto& entry : kCriterionNames)
        if (name == entry.name) return entry.criterion;
    return std::nullopt;
}

bool isImageCriterion(Criterion criterion) {
    return criterion != Criterion::Factuality && criterion != Criterion::Readability;
}

PrecheckReport runPrechecks(const PrecheckInput& input) {
    PrecheckReport report = runTextPrechecks(input);
    PrecheckReport image = runImagePrechecks(input);
    report.flags.insert(report.flags.end(), std::make_move_iterator(image.flags.begin()),
                        std::make_move_iterator(image.flags.end()));
    report.checksRun.insert(report.checksRun.end(), image.checksRun.begin(), image.checksRun.end());
    // Strongest evidence first; equal strengths keep the checks' own order (text before image).
    std::stable_sort(report.flags.begin(), report.flags.end(),
                     [](const PrecheckFlag& a, const PrecheckFlag& b) { return a.strength > b.strength; });
    return report;
}

std::string precheckReportToJson(const PrecheckReport& report) {
    // ordered_json: the fields in the order docs/formats.md lists them, for people reading the report.
    using Json = nlohmann::ordered_json;
    Json flags = Json::array();
    for (const auto& flag : report.flags) {
        Json spans = Json::array();
        for (const auto& span : flag.spans) spans.push_back({{"begin", span.begin}, {"end", span.end}, {"text", span.text}});
        Json regions = Json::array();
        for (const auto& r : flag.regions)
            regions.push_back({{"x", r.x}, {"y", r.y}, {"width", r.width}, {"height", r.height}, {"label", r.label}});
        Json measures = Json::object();
        for (const auto& [name, value] : flag.measures) measures[name] = value;  // NaN would be written as null
        flags.push_back({{"criterion", toString(flag.criterion)},
                         {"check", flag.check},
                         {"message", flag.message},
                         {"strength", flag.strength},
                         {"spans", std::move(spans)},
                         {"regions", std::move(regions)},
                         {"measures", std::move(measures)}});
    }
    Json root = {{"flags", std::move(flags)}, {"checks_run", report.checksRun}};
    // Copy text cut by the generator may hold invalid UTF-8: replace it rather than fail to report it.
    return root.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace adgen
