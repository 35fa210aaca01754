// adgen inspect-model: what a model directory holds and whether AdGen can run it.

#include "adgen/model_commands.h"
#include "api/ad_session.h"
#include "api/generation_session.h"
#include "cli/cli_args.h"
#include "model/janus_model.h"

#include <nlohmann/json.hpp>

#include <cstdio>

namespace adgen::cli {

int inspectModelCommand(const std::vector<std::string>& argv) {
    try {
        const CliArgs args(argv, {}, {"json"});
        if (args.positional().size() != 1) {
            std::fputs("usage: adgen inspect-model [--json] MODEL_DIR\n", stderr);
            return 2;
        }
        model::JanusModel::LoadOptions options;
        options.strict = false;  // survey: report every missing or mismatched tensor at once
        torch::NoGradGuard noGrad;
        const auto& directory = args.positional()[0];
        // A Uni-AdGen model loads its preference and foreground modules too, so their tensors are
        // checked rather than reported as unexpected.
        std::unique_ptr<personalize::UniAdGenModel> personalized;
        std::unique_ptr<model::JanusModel> plain;
        if (personalize::UniAdGenModel::isPersonalized(model::loadModelConfig(directory)))
            personalized = personalize::UniAdGenModel::load(directory, options);
        else
            plain = model::JanusModel::load(directory, options);
        const auto* model = personalized ? &personalized->janus() : plain.get();
        auto info = api::describe(*model, Device::Cpu, DType::Float32);
        if (personalized) api::describePersonalization(*personalized, info);
        const auto& c = model->config();
        const bool complete = info.missingKeys.empty() && info.shapeMismatches.empty();

        nlohmann::json j = {
            {"directory", info.directory},
            {"name", info.name},
            {"config_kind", info.configKind},
            {"weights_layout", info.hfLayout ? "hf" : "janus"},
            {"parameters", info.parameterCount},
            {"stored_dtypes", info.storedDtypeCounts},
            {"config", model::toJson(c)},
            {"tokenizer", info.hasTokenizer ? nlohmann::json{{"tokens", model->tokenizer()->size()},
                                                             {"bos", model->tokenIds().bos},
                                                             {"eos", model->tokenIds().eos},
                                                             {"pad", model->tokenIds().pad},
                                                             {"begin_of_image", model->tokenIds().beginOfImage}}
                                            : nlohmann::json(nullptr)},
            {"image_decoder", info.hasImageDecoder},
            {"image_size", info.imageSize},
            {"missing_keys", info.missingKeys},
            {"shape_mismatches", info.shapeMismatches},
            {"unexpected_keys", info.unexpectedKeys},
            {"ignored_keys", info.ignoredKeyCount},
            {"complete", complete},
            {"personalized", info.personalized},
        };
        if (personalized) j["uniadgen"] = personalize::toJson(personalized->config());
        if (args.flag("json")) {
            std::printf("%s\n", j.dump(2).c_str());
            return complete ? 0 : 1;
        }
        const auto& l = c.language;
        std::printf("model       %s (%s config, %s key layout)\n", info.name.c_str(), info.configKind.c_str(),
                    info.hfLayout ? "Hugging Face" : "Janus");
        std::printf("parameters  %.1f M (generation path: decoder, adapters, VQ%s)\n", static_cast<double>(info.parameterCount) / 1e6,
                    personalized ? ", preference and foreground modules" : "");
        std::printf("stored      ");
        for (const auto& [dtype, count] : info.storedDtypeCounts) std::printf("%s %.1f M  ", dtype.c_str(), static_cast<double>(count) / 1e6);
        std::printf("\ndecoder     %lld layers, hidden %lld, heads %lld/%lld kv, MLP %lld, vocab %lld\n",
                    static_cast<long long>(l.numLayers), static_cast<long long>(l.hiddenSize),
                    static_cast<long long>(l.numHeads), static_cast<long long>(l.numKvHeads),
                    static_cast<long long>(l.intermediateSize), static_cast<long long>(l.vocabSize));
        std::printf("image       %lld codes, %lldx%lld grid, %s\n", static_cast<long long>(c.generation.imageTokenSize),
                    static_cast<long long>(c.generation.gridSize), static_cast<long long>(c.generation.gridSize),
                    info.hasImageDecoder ? (std::to_string(info.imageSize) + " px VQ decoder").c_str() : "no VQ decoder");
        if (personalized)
            std::printf("personal    Uni-AdGen: %lld history items, %s stage-2 prompt\n",
                        static_cast<long long>(info.historyLength), info.stage2Mode.c_str());
        std::printf("tokenizer   %s\n", info.hasTokenizer ? (std::to_string(model->tokenizer()->size()) + " tokens").c_str() : "none");
        std::printf("missing     %zu\n", info.missingKeys.size());
        for (const auto& k : info.missingKeys) std::printf("  %s\n", k.c_str());
        std::printf("mismatched  %zu\n", info.shapeMismatches.size());
        for (const auto& k : info.shapeMismatches) std::printf("  %s\n", k.c_str());
        std::printf("unexpected  %zu\n", info.unexpectedKeys.size());
        for (const auto& k : info.unexpectedKeys) std::printf("  %s\n", k.c_str());
        std::printf("ignored     %zu (understanding tower, never run)\n", info.ignoredKeyCount);
        std::printf("%s\n", complete ? "complete: the model can be loaded" : "INCOMPLETE: loading it will fail");
        return complete ? 0 : 1;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen inspect-model: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
