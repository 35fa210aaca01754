#pragma once

#include "model/model_config.h"

#include <cstdint>
#include <filesystem>

namespace adgen::personalize {

// Writes a Uni-AdGen model directory with random weights (seeded) for `config`, whose `raw` holds
// the "uniadgen" section: config.json with that section, model.safetensors with every tensor the
// model reads (Janus, preference modules, foreground perception), a copy of `tokenizerJson` and,
// for the history placeholder tokens it lacks, added_tokens.json giving them the ids Uni-AdGen's
// processor would. For tests, benchmarks and `adgen init-random-model`. Throws adgen::Error when
// the section is invalid, the tokenizer is missing or the vocabulary is too small for the added
// tokens.
void writeRandomUniAdGenModel(const std::filesystem::path& directory, const model::ModelConfig& config,
                              const std::filesystem::path& tokenizerJson, uint64_t seed);

}  // namespace adgen::personalize
