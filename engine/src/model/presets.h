#pragma once

#include "model/model_config.h"

#include <optional>
#include <string>
#include <vector>

namespace adgen::model {

// Built-in configs at the released shapes (model-spec 1.2, performance.md 0), for benchmarks with
// random weights and for checks against real checkpoints: "janus-pro-1b", "janus-pro-7b".
std::optional<ModelConfig> presetConfig(const std::string& name);
std::vector<std::string> presetNames();

}  // namespace adgen::model
