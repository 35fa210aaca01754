#pragma once

#include "model/janus_model.h"
#include "nn/dual_modality_fusion.h"
#include "nn/foreground_condition.h"
#include "nn/similarity_mask_transformer.h"
#include "personalize/prompt_layout.h"
#include "personalize/uniadgen_config.h"

#include <filesystem>
#include <memory>

namespace adgen::personalize {

// A Janus model with Uni-AdGen's parts on top (model-spec 2): the preference modules that turn a
// shopper's history into prompt embeddings, and the foreground perception that steers the image
// towards the product. The same class runs the released Uni-AdGen weights and our demo model;
// config.json's "uniadgen" section says which sizes.
class UniAdGenModel {
public:
    // Reads a model directory whose config.json has a "uniadgen" section. Throws adgen::Error for a
    // bad directory (naming the file, key or field) and model::LoadCancelled when cancelled.
    static std::unique_ptr<UniAdGenModel> load(const std::filesystem::path& directory,
                                               const model::JanusModel::LoadOptions& options);
    // Whether a parsed config.json describes a Uni-AdGen model.
    static bool isPersonalized(const model::ModelConfig& config);

    // From a config (with its "uniadgen" section in `config.raw`) and weights already set up.
    UniAdGenModel(model::ModelConfig config, model::WeightStore& weights, std::optional<text::Tokenizer> tokenizer);

    const model::JanusModel& janus() const { return *janus_; }
    const UniAdGenConfig& config() const { return config_; }
    // Needs the tokenizer: throws adgen::Error when the model directory had none.
    const PromptLayout& prompts() const;
    const nn::SimilarityMaskTransformer& visualMask() const { return visualMask_; }
    const nn::SimilarityMaskTransformer& textMask() const { return textMask_; }
    const nn::DualModalityFusionEncoder& fusion() const { return fusion_; }
    const nn::ForegroundCondition& foreground() const { return foreground_; }
    int64_t parameterCount() const;

private:
    UniAdGenModel(std::unique_ptr<model::JanusModel> janus, UniAdGenConfig config, model::WeightStore& weights);

    std::unique_ptr<model::JanusModel> janus_;
    UniAdGenConfig config_;
    nn::SimilarityMaskTransformer visualMask_;
    nn::SimilarityMaskTransformer textMask_;
    nn::DualModalityFusionEncoder fusion_;
    nn::ForegroundCondition foreground_;
    std::unique_ptr<PromptLayout> prompts_;
};

}  // namespace adgen::personalize
