#pragma once

#include "model/model_config.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace adgen::personalize {

// Which stage-2 (image) prompt to build (model-spec 2.5).
enum class Stage2Mode {
    Released,        // as the released inference code: word list 'None', no EOS / <begin_of_image>
                     // when the brief has selling points (a positional-argument slip in the original)
    TrainConsistent  // as training built it: the real word list, then EOS and <begin_of_image>
};
std::string toString(Stage2Mode mode);
std::optional<Stage2Mode> stage2ModeFromString(const std::string& text);

// Token names of the preference placeholders; ids come from the tokenizer (+ added_tokens.json).
struct PlaceholderTokens {
    std::string titlePlaceholder = "<title_placeholder>";
    std::string beginOfHistoryTitle = "<begin_of_history_title>";
    std::string endOfHistoryTitle = "<end_of_history_title>";
    std::string imagePlaceholder = "<image_placeholder>";
    // <begin_of_image> / <end_of_image> are the model's own (ModelConfig::tokens).
};

// Multimodal Preference Extraction (model-spec 2.6): two similarity-mask transformers and the
// dual-modality fusion encoder, all at the LLM width.
struct PreferenceConfig {
    int64_t heads = 16;
    int64_t ffDim = 0;  // 0: 4 x the LLM hidden size, as released
    int64_t maskLayers = 2;
    int64_t fusionLayers = 4;
    double keepRate = 0.4;
};

// Foreground perception (model-spec 2.8): DINOv2-small on the white-background product, adapter
// MLP, cap_proj and the condition layers added to the residual stream during image steps.
struct ForegroundSettings {
    int64_t conditionLayers = 5;
    int64_t layerInterval = 6;
    double strength = 1.5;  // at inference (training used 1.0)
    int64_t dinoHidden = 384;
    int64_t dinoLayers = 12;
    int64_t dinoHeads = 6;
    int64_t dinoMlp = 1536;
    int64_t dinoPatch = 14;
    int64_t dinoPositionGrid = 37;  // 518 / 14: the table the checkpoint stores, interpolated at run time
};

// The "uniadgen" section of config.json: everything that turns a Janus model into a personalized
// ad generator. Defaults are the released Uni-AdGen (Janus-Pro-7B) settings.
struct UniAdGenConfig {
    int64_t historyLength = 10;        // history items per prompt (PSS picks them)
    int64_t historyTitleTokens = 30;   // slots per history title
    int64_t historyImageTokens = 64;   // slots per history image (VQ codes of a historyImageSize^2 image)
    int64_t historyImageSize = 128;
    int64_t productCanvas = 512;       // the loader's forced resize before the model size
    std::string instructionTemplate;   // with {W} word list, {TP} title slots, {S} original title, {IP} image slots
    std::string negativePrompt;
    Stage2Mode stage2Mode = Stage2Mode::Released;
    std::string titleOpen = "<prompt>";   // stage 1 writes "<prompt>TITLE</prompt>" (plain text, not tokens)
    std::string titleClose = "</prompt>";
    int64_t maxTitleTokens = 512;
    PlaceholderTokens tokens;
    PreferenceConfig preference;
    ForegroundSettings foreground;
    int64_t loraRank = 16;   // LoRA on q/k/v/o, merged at load with alpha / rank
    double loraAlpha = 32;

    double loraScale() const { return loraRank > 0 ? loraAlpha / static_cast<double>(loraRank) : 0.0; }
};

// The released template (model-spec 2.5), typo "produce" included: the weights were trained on it.
const std::string& releasedInstructionTemplate();
const std::string& releasedNegativePrompt();

// The "uniadgen" section of a parsed config.json, or nothing when the model is a plain Janus one.
// Checked against the decoder it drives. Throws adgen::Error naming the field.
// `model.raw` holds the parsed config.json; `origin` names it in errors.
std::optional<UniAdGenConfig> readUniAdGenConfig(const model::ModelConfig& model, const std::string& origin);
nlohmann::json toJson(const UniAdGenConfig& config);

}  // namespace adgen::personalize
