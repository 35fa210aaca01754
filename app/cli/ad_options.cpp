#include "cli/ad_options.h"

namespace adgen::cli {

const std::set<std::string>& adOptionNames() {
    static const std::set<std::string> names = {"history-length",    "sampling",        "sampling-seed", "stage2",
                                                "cfg",               "title-temperature", "title-top-k",   "image-temperature",
                                                "max-title-tokens",  "max-ratio"};
    return names;
}

const char* const kAdOptionsUsage =
    "  [--history-length N] [--sampling pss|random|most-similar] [--sampling-seed S]\n"
    "  [--stage2 released|train-consistent] [--cfg W] [--title-temperature T] [--title-top-k K]\n"
    "  [--image-temperature T] [--max-title-tokens N] [--max-ratio R]\n"
    "  [--device cpu|cuda] [--dtype float32|bfloat16|float16] [--threads N]\n";

void applyAdOptions(const CliArgs& args, AdRequest& request) {
    if (args.value("history-length")) request.historyLength = static_cast<int>(args.integer("history-length", -1));
    if (const auto sampling = args.value("sampling")) {
        const auto parsed = parseHistorySampling(*sampling);
        if (!parsed) throw UsageError("--sampling is pss, random or most-similar, not '" + *sampling + "'.");
        request.sampling = *parsed;
    }
    request.samplingSeed = static_cast<uint64_t>(args.integer("sampling-seed", static_cast<int64_t>(request.samplingSeed)));
    if (const auto stage2 = args.value("stage2")) {
        const auto parsed = parseStage2Prompt(*stage2);
        if (!parsed) throw UsageError("--stage2 is released or train-consistent, not '" + *stage2 + "'.");
        request.stage2 = *parsed;
    }
    if (const auto cfg = args.optionalNumber("cfg")) request.cfgWeight = cfg;
    if (const auto t = args.optionalNumber("title-temperature")) request.titleTemperature = t;
    if (args.value("title-top-k")) request.titleTopK = args.integer("title-top-k", 50);
    if (const auto t = args.optionalNumber("image-temperature")) request.imageTemperature = t;
    request.maxTitleTokens = args.integer("max-title-tokens", request.maxTitleTokens);
    request.maxRatio = args.number("max-ratio", request.maxRatio);
}

}  // namespace adgen::cli
