#include "train/config_file.h"

#include "adgen/error.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace adgen::train {

model::ModelConfig readModelConfigFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error("The model config " + path + " cannot be read.", "Pass the demo model's config.json.");
    nlohmann::json json;
    try {
        json = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error("The model config " + path + " is not valid JSON (" + e.what() + ").", "Fix the file.");
    }
    return model::parseModelConfig(json, path);
}

}  // namespace adgen::train
