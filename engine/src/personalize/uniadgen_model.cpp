#include "personalize/uniadgen_model.h"

#include "adgen/error.h"

namespace adgen::personalize {
namespace {

UniAdGenConfig requireSection(const model::ModelConfig& config, const std::string& origin) {
    auto section = readUniAdGenConfig(config, origin);
    if (!section)
        throw Error("The model config " + origin + " has no \"uniadgen\" section, so the model cannot personalize.",
                    "Point AdGen at a Uni-AdGen model directory (e.g. the demo model, or one written by "
                    "tools/convert_uniadgen_checkpoint.py).");
    return *section;
}

nn::SimilarityMaskConfig maskConfig(const UniAdGenConfig& c, int64_t dim, int64_t tokensPerItem) {
    nn::SimilarityMaskConfig m;
    m.dim = dim;
    m.heads = c.preference.heads;
    m.ffDim = c.preference.ffDim;
    m.layers = c.preference.maskLayers;
    m.tokensPerItem = tokensPerItem;
    m.keepRate = c.preference.keepRate;
    return m;
}

nn::DualModalityFusionConfig fusionConfig(const UniAdGenConfig& c, int64_t dim) {
    nn::DualModalityFusionConfig f;
    f.dim = dim;
    f.heads = c.preference.heads;
    f.ffDim = c.preference.ffDim;
    f.layers = c.preference.fusionLayers;
    f.imageTokens = c.historyImageTokens;
    f.textTokens = c.historyTitleTokens;
    return f;
}

nn::ForegroundConfig foregroundConfig(const UniAdGenConfig& c, const model::ModelConfig& model) {
    const auto& s = c.foreground;
    nn::ForegroundConfig f;
    f.dim = model.language.hiddenSize;
    f.conditionLayers = s.conditionLayers;
    f.layerInterval = s.layerInterval;
    f.strength = s.strength;
    f.gridSize = model.generation.gridSize;
    // The control is read at 16 px per image token (384 for the 24 x 24 grid), whatever the VQ's
    // downsampling: the reference resizes it to grid x patch for DINOv2 (to_patch14).
    f.imageSize = model.generation.gridSize * 16;
    f.dinov2.hidden = s.dinoHidden;
    f.dinov2.layers = s.dinoLayers;
    f.dinov2.heads = s.dinoHeads;
    f.dinov2.mlp = s.dinoMlp;
    f.dinov2.patch = s.dinoPatch;
    f.dinov2.positionGrid = s.dinoPositionGrid;
    return f;
}

}  // namespace

bool UniAdGenModel::isPersonalized(const model::ModelConfig& config) {
    return config.raw.is_object() && config.raw.contains("uniadgen");
}

UniAdGenModel::UniAdGenModel(model::ModelConfig config, model::WeightStore& weights,
                             std::optional<text::Tokenizer> tokenizer)
    : UniAdGenModel(std::make_unique<model::JanusModel>(config, weights, std::move(tokenizer)),
                    requireSection(config, "(in memory)"), weights) {}

UniAdGenModel::UniAdGenModel(std::unique_ptr<model::JanusModel> janus, UniAdGenConfig config, model::WeightStore& weights)
    : janus_(std::move(janus)),
      config_(std::move(config)),
      visualMask_(weights, maskConfig(config_, janus_->config().language.hiddenSize, config_.historyImageTokens),
                  "visual_mask_generator."),
      textMask_(weights, maskConfig(config_, janus_->config().language.hiddenSize, config_.historyTitleTokens),
                "text_mask_generator."),
      fusion_(weights, fusionConfig(config_, janus_->config().language.hiddenSize), "dual_modality_fusion_encoder."),
      foreground_(weights, foregroundConfig(config_, janus_->config()), "language_model.model.") {
    if (!janus_->vq())
        throw Error("The Uni-AdGen model has no VQ image tokenizer weights (gen_vision_model.*); it needs them to read "
                        "the shopper's history images and to draw the ad.",
                    "Use complete weights: the Janus-Pro base with its gen_vision_model tensors.");
    if (const auto* tokenizer = janus_->tokenizer())
        prompts_ = std::make_unique<PromptLayout>(janus_->config(), config_, *tokenizer);
    janus_->updateLoadReport(weights);
}

std::unique_ptr<UniAdGenModel> UniAdGenModel::load(const std::filesystem::path& directory,
                                                   const model::JanusModel::LoadOptions& options) {
    auto config = model::loadModelConfig(directory);
    auto section = requireSection(config, (directory / "config.json").string());
    auto tokenizer = model::JanusModel::readTokenizer(directory, config);
    if (tokenizer) PromptLayout(config, section, *tokenizer);  // a missing history token fails before the weights load
    auto storeOptions = model::JanusModel::storeOptions(options);
    storeOptions.baseDirectory = config.baseDirectory;  // Janus-Pro under a converted Uni-AdGen checkpoint
    storeOptions.loraScale = section.loraScale();       // LoRA merged into q/k/v/o at load
    model::WeightStore weights(directory, storeOptions);
    auto janus = std::make_unique<model::JanusModel>(std::move(config), weights, std::move(tokenizer));
    janus->setDirectory(directory);
    std::unique_ptr<UniAdGenModel> model(new UniAdGenModel(std::move(janus), std::move(section), weights));
    if (options.progress) options.progress(1.0);
    return model;
}

const PromptLayout& UniAdGenModel::prompts() const {
    if (!prompts_)
        throw Error("The model directory " + janus_->directory().string() + " has no tokenizer.json.",
                    "Put the tokenizer.json (and added_tokens.json) that came with the weights into the model directory.");
    return *prompts_;
}

int64_t UniAdGenModel::parameterCount() const {
    return janus_->parameterCount() + visualMask_.parameterCount() + textMask_.parameterCount() +
           fusion_.parameterCount() + foreground_.parameterCount();
}

}  // namespace adgen::personalize
