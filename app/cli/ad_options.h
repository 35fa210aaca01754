#pragma once

// The options of a personalized ad that `adgen personalize` and `adgen eval` share.

#include "adgen/engine.h"
#include "cli/cli_args.h"

#include <set>
#include <string>

namespace adgen::cli {

// Option names read by applyAdOptions, for CliArgs.
const std::set<std::string>& adOptionNames();
// Usage lines for them.
extern const char* const kAdOptionsUsage;

// --history-length N, --sampling pss|random|most-similar, --sampling-seed S, --stage2
// released|train-consistent, --cfg W, --title-temperature T, --title-top-k K, --image-temperature T,
// --max-title-tokens N, --max-ratio R; unset options keep the request's values (the model's defaults).
void applyAdOptions(const CliArgs& args, AdRequest& request);

}  // namespace adgen::cli
