#pragma once

#include <string>

namespace adgen::cli {

// `adgen bench --model DIR` for a Uni-AdGen model: time to the first copy token and to the full ad
// through the Engine API, median of `runs` after a warm-up. Returns the exit code.
int benchAdModel(const std::string& directory, int runs, int threads, bool json);

}  // namespace adgen::cli
