// adgen init-random-model: a model directory with random weights at any shape (a preset or a
// config.json), for tests, demos of the pipeline and benchmarks on machines without weights. A
// config with a "uniadgen" section gives a personalized (Uni-AdGen) model.

#include "adgen/model_commands.h"
#include "cli/cli_args.h"
#include "model/presets.h"
#include "model/random_model.h"
#include "personalize/uniadgen_model.h"
#include "personalize/uniadgen_random_model.h"

#include <cstdio>
#include <fstream>

namespace adgen::cli {

int initRandomModelCommand(const std::vector<std::string>& argv) {
    try {
        const CliArgs args(argv, {"preset", "config", "tokenizer", "out", "seed"}, {});
        const auto out = args.value("out");
        if (!out || (!args.value("preset") && !args.value("config"))) {
            std::fputs("usage: adgen init-random-model (--preset janus-pro-1b|janus-pro-7b | --config CONFIG.json)\n"
                       "                              [--tokenizer tokenizer.json] [--seed N] --out DIR\n",
                       stderr);
            return 2;
        }
        model::ModelConfig config;
        if (const auto preset = args.value("preset")) {
            const auto found = model::presetConfig(*preset);
            if (!found) throw UsageError("Unknown preset '" + *preset + "'.");
            config = *found;
        } else {
            std::ifstream in(*args.value("config"));
            if (!in) throw UsageError("Cannot read " + *args.value("config") + ".");
            config = model::parseModelConfig(nlohmann::json::parse(in), *args.value("config"));
        }
        const auto seed = static_cast<uint64_t>(args.integer("seed", 0));
        const bool personalized = personalize::UniAdGenModel::isPersonalized(config);
        if (personalized)
            personalize::writeRandomUniAdGenModel(*out, config, args.value("tokenizer", ""), seed);
        else
            model::writeRandomModel(*out, config, args.value("tokenizer", ""), seed);
        std::printf("wrote a random %s%s model to %s\n", personalized ? "Uni-AdGen " : "", config.name.c_str(), out->c_str());
        return 0;
    } catch (const nlohmann::json::exception& e) {
        std::fprintf(stderr, "adgen init-random-model: the config is not valid JSON (%s)\n", e.what());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen init-random-model: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
