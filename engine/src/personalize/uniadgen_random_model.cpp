#include "personalize/uniadgen_random_model.h"

#include "adgen/error.h"
#include "io/safetensors.h"
#include "personalize/uniadgen_model.h"

#include <fstream>

namespace adgen::personalize {

void writeRandomUniAdGenModel(const std::filesystem::path& directory, const model::ModelConfig& config,
                              const std::filesystem::path& tokenizerJson, uint64_t seed) {
    namespace fs = std::filesystem;
    torch::NoGradGuard noGrad;
    const auto section = readUniAdGenConfig(config, "the config");
    if (!section)
        throw Error("The config has no \"uniadgen\" section.", "Add one, or write a plain Janus model instead.");

    std::optional<text::Tokenizer> tokenizer;
    nlohmann::json addedTokens = nlohmann::json::object();
    if (!tokenizerJson.empty()) {
        if (!fs::exists(tokenizerJson))
            throw Error("The tokenizer " + tokenizerJson.string() + " does not exist.", "Pass an existing tokenizer.json.");
        tokenizer = text::Tokenizer::fromFile(tokenizerJson);
        // The reference adds these at run time, in this order, after the tokenizer's own tokens.
        for (const auto* name : {&section->tokens.titlePlaceholder, &section->tokens.beginOfHistoryTitle,
                                 &section->tokens.endOfHistoryTitle, &section->tokens.imagePlaceholder}) {
            if (tokenizer->tokenId(*name)) continue;
            addedTokens[*name] = tokenizer->addToken(*name, /*special=*/true);
        }
        if (tokenizer->size() > config.language.vocabSize)
            throw Error("The tokenizer with the history tokens has " + std::to_string(tokenizer->size()) +
                            " ids, more than the model's vocabulary of " + std::to_string(config.language.vocabSize) + ".",
                        "Raise language.vocab_size in the config to at least " + std::to_string(tokenizer->size()) + ".");
    }

    model::WeightStore::Options options;
    options.randomFill = true;
    options.randomSeed = seed;
    model::WeightStore weights(std::map<std::string, torch::Tensor>{}, options);
    weights.keepTakenTensors(true);
    // Building the model asks for every tensor with its exact shape; the store makes them up.
    const UniAdGenModel model(config, weights, std::move(tokenizer));

    fs::create_directories(directory);
    std::vector<std::pair<std::string, torch::Tensor>> tensors(weights.takenTensors().begin(), weights.takenTensors().end());
    io::saveSafetensors(directory / "model.safetensors", tensors,
                        {{"format", "pt"}, {"adgen_random_seed", std::to_string(seed)}});
    auto json = model::toJson(config);
    json["uniadgen"] = config.raw.at("uniadgen");
    std::ofstream(directory / "config.json") << json.dump(2) << "\n";
    if (!tokenizerJson.empty()) {
        fs::copy_file(tokenizerJson, directory / "tokenizer.json", fs::copy_options::overwrite_existing);
        if (!addedTokens.empty()) std::ofstream(directory / "added_tokens.json") << addedTokens.dump(2) << "\n";
    }
}

}  // namespace adgen::personalize
