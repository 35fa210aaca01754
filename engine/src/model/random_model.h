#pragma once

#include "model/model_config.h"

#include <cstdint>
#include <filesystem>

namespace adgen::model {

// Writes a complete model directory with random weights (seeded, scaled so activations stay
// O(1)) for `config`: config.json, model.safetensors and a copy of `tokenizerJson` when given.
// Used by tests, by `adgen init-random-model` and for benchmarks at real shapes.
void writeRandomModel(const std::filesystem::path& directory, const ModelConfig& config,
                      const std::filesystem::path& tokenizerJson, uint64_t seed);

}  // namespace adgen::model
