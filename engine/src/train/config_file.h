#pragma once

#include "model/model_config.h"

#include <string>

namespace adgen::train {

// A model config.json given by its path (the training commands take the file, not a model
// directory). Throws adgen::Error when it cannot be read, is not JSON or is not a valid config.
model::ModelConfig readModelConfigFile(const std::string& path);

}  // namespace adgen::train
