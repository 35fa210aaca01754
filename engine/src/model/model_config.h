#pragma once

#include "nn/vq_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>

namespace adgen::model {

// The LLaMA decoder of the unified model (DeepSeek-LLM base, model-spec 1.2).
struct LanguageConfig {
    int64_t hiddenSize = 4096;
    int64_t numLayers = 30;
    int64_t numHeads = 32;
    int64_t numKvHeads = 32;
    int64_t headDim = 128;
    int64_t intermediateSize = 11008;
    int64_t vocabSize = 102400;
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    int64_t maxPositions = 16384;
};

// The image-generation adapters around the decoder (model-spec 1.4).
struct GenerationConfig {
    int64_t imageTokenSize = 16384;  // gen_embed rows = gen_head outputs = VQ codebook size
    int64_t codeDim = 8;             // gen_embed width
    int64_t imageTokenEmbed = 4096;  // gen_head hidden width (= hidden size in Janus-Pro)
    int64_t gridSize = 24;           // image tokens per side
    int64_t imageTokens() const { return gridSize * gridSize; }
};

// Special tokens by their text; ids are looked up in the tokenizer at load time, never
// hard-coded, because the 1B and 7B tokenizers (and ours) number them differently.
struct TokenNames {
    std::string bos = "<｜begin▁of▁sentence｜>";
    std::string eos = "<｜end▁of▁sentence｜>";
    std::string pad = "<｜▁pad▁｜>";
    std::string beginOfImage = "<begin_of_image>";
    std::string endOfImage = "<end_of_image>";
};

// DeepSeek SFT conversation template (model-spec 1.6).
struct ChatTemplate {
    std::string userRole = "<|User|>";
    std::string assistantRole = "<|Assistant|>";
    std::string separator = "\n\n";
    std::string endOfTurn = "<｜end▁of▁sentence｜>";
    std::string systemPrompt;
};

// Sampling defaults the model ships with (Janus: CFG 5, T 1, full softmax; text: top-k 50).
struct SamplingDefaults {
    double cfgWeight = 5.0;
    double imageTemperature = 1.0;
    int64_t imageTopK = 0;
    double imageTopP = 1.0;
    double textTemperature = 1.0;
    int64_t textTopK = 50;
    double textTopP = 1.0;
    int64_t maxNewTokens = 512;
};

// Everything the engine needs to know about a model directory, whichever of the three accepted
// config.json kinds it came from (design.md "Configs are data").
struct ModelConfig {
    enum class Kind {
        AdGen,       // ours: "format": "adgen-model"
        JanusHub,    // a Janus-Pro directory as published: "model_type": "multi_modality"
        HfJanus,     // a Hugging Face converted one: "model_type": "janus"
    };

    Kind kind = Kind::AdGen;
    std::string name;
    std::string family = "janus-pro";
    LanguageConfig language;
    GenerationConfig generation;
    nn::VqConfig vq;
    TokenNames tokens;
    ChatTemplate chat;
    SamplingDefaults defaults;
    nlohmann::json raw;  // the whole file, for sections later stages read (Uni-AdGen)
    // Set when config.json names a "base_model" directory whose config and weights this model
    // builds on; the base's config gives every section this file does not.
    std::filesystem::path baseDirectory;
};

std::string kindName(ModelConfig::Kind kind);

// Reads `directory`/config.json. Throws adgen::Error naming the file, the field and the fix.
ModelConfig loadModelConfig(const std::filesystem::path& directory);
// The same from JSON text already in memory; `origin` names it in errors.
ModelConfig parseModelConfig(const nlohmann::json& json, const std::string& origin);
// Writes a config in our own schema (used by the converters and by tests).
nlohmann::json toJson(const ModelConfig& config);

}  // namespace adgen::model
