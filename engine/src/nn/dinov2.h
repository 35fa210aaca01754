#pragma once

#include "model/weight_store.h"
#include "nn/vision_transformer_blocks.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace adgen::nn {

// DINOv2 as Hugging Face transformers 4.38.2's Dinov2Model builds it (the version Uni-AdGen pins);
// the defaults are dinov2-small's config.json.
struct Dinov2Config {
    int64_t hidden = 384;
    int64_t layers = 12;
    int64_t heads = 6;
    int64_t mlp = 1536;
    int64_t patch = 14;
    int64_t channels = 3;
    int64_t positionGrid = 37;  // the table covers 37 x 37 patches (image_size 518) plus CLS: 1370 rows
    double lnEps = 1e-6;
    bool layerScale = true;     // layer_scale{1,2}.lambda1 after attention and MLP
};

// The DINOv2 image encoder: patch conv, CLS token, position embeddings (interpolated the 4.38.2
// way, see positionEmbeddingsFor), pre-norm blocks with layer scale, final layernorm. Weights under
// `prefix` with HF names (`embeddings.*`, `encoder.layer.N.*`, `layernorm.*`); query/key/value are
// fused at load into one projection.
class Dinov2Encoder {
public:
    // Takes every tensor with its exact shape (a wrong one throws adgen::Error naming the key),
    // including `embeddings.mask_token`, which only masked pre-training uses.
    Dinov2Encoder(model::WeightStore& weights, const Dinov2Config& config, const std::string& prefix);

    // pixels [B, channels, H, W] (any size; H and W rounded down to whole patches) ->
    // last_hidden_state [B, 1 + (H/patch)*(W/patch), hidden], CLS first. Computed in the weights'
    // dtype; throws adgen::Error for a wrong rank or channel count.
    torch::Tensor forward(const torch::Tensor& pixels) const;

    const Dinov2Config& config() const { return config_; }
    int64_t parameterCount() const { return parameterCount_; }

private:
    Dinov2Config config_;
    torch::Tensor clsToken_;            // [1, 1, hidden]
    torch::Tensor positionEmbeddings_;  // [1, 1 + grid^2, hidden]
    vit::PatchEmbedding patchEmbedding_;
    std::vector<vit::Block> blocks_;
    vit::LayerNorm finalNorm_;
    int64_t parameterCount_ = 0;
};

}  // namespace adgen::nn
