#pragma once

#include "model/model_config.h"
#include "model/weight_store.h"

#include <torch/torch.h>

namespace adgen::nn {

// Linear -> exact GELU -> Linear, the `mlp_gelu` depth-2 projector Janus uses for gen_aligner and
// (with other names) for gen_head.
struct TwoLayerMlp {
    torch::Tensor w1, b1, w2, b2;
    torch::Tensor operator()(const torch::Tensor& x) const;
    int64_t parameterCount() const { return w1.numel() + b1.numel() + w2.numel() + b2.numel(); }
};

// The image side of the unified model (model-spec 1.4): image token ids enter the decoder through
// gen_embed + gen_aligner and leave it through gen_head.
class GenerationAdapters {
public:
    GenerationAdapters(model::WeightStore& weights, const model::GenerationConfig& config, int64_t hiddenSize);

    // [rows, T] image token ids -> [rows, T, hidden] decoder inputs.
    torch::Tensor embedImageTokens(const torch::Tensor& ids) const;
    // [..., hidden] hidden states -> [..., imageTokenSize] logits (float32).
    torch::Tensor imageLogits(const torch::Tensor& hidden) const;

    // The raw 8-d code embeddings (Uni-AdGen feeds history-image codes through them too).
    const torch::Tensor& codeEmbeddings() const { return genEmbed_; }
    const TwoLayerMlp& aligner() const { return aligner_; }
    int64_t parameterCount() const { return genEmbed_.numel() + aligner_.parameterCount() + head_.parameterCount(); }

private:
    torch::Tensor genEmbed_;
    TwoLayerMlp aligner_;
    TwoLayerMlp head_;
};

}  // namespace adgen::nn
