#include "model/random_model.h"

#include "adgen/error.h"
#include "io/safetensors.h"
#include "model/janus_model.h"

#include <fstream>

namespace adgen::model {

void writeRandomModel(const std::filesystem::path& directory, const ModelConfig& config,
                      const std::filesystem::path& tokenizerJson, uint64_t seed) {
    namespace fs = std::filesystem;
    torch::NoGradGuard noGrad;
    WeightStore::Options options;
    options.randomFill = true;
    options.randomSeed = seed;
    WeightStore weights(std::map<std::string, torch::Tensor>{}, options);
    weights.keepTakenTensors(true);
    // Building the model asks for every tensor with its exact shape; the store makes them up.
    JanusModel model(config, weights, std::nullopt);

    fs::create_directories(directory);
    std::vector<std::pair<std::string, torch::Tensor>> tensors(weights.takenTensors().begin(),
                                                               weights.takenTensors().end());
    io::saveSafetensors(directory / "model.safetensors", tensors, {{"format", "pt"}, {"adgen_random_seed", std::to_string(seed)}});
    std::ofstream(directory / "config.json") << toJson(config).dump(2) << "\n";
    if (!tokenizerJson.empty()) {
        if (!fs::exists(tokenizerJson))
            throw Error("The tokenizer " + tokenizerJson.string() + " does not exist.", "Pass an existing tokenizer.json.");
        fs::copy_file(tokenizerJson, directory / "tokenizer.json", fs::copy_options::overwrite_existing);
    }
}

}  // namespace adgen::model
