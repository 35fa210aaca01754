#pragma once

#include "model/weight_store.h"
#include "nn/vision_transformer_blocks.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace adgen::nn {

// The PBS metric's encoder (model-spec 4.1); the defaults are `vit_base_with_compress`: ViT-B/16.
struct VitCompressConfig {
    int64_t embed = 768;
    int64_t depth = 12;
    int64_t heads = 12;
    int64_t mlp = 3072;  // 4 x embed
    int64_t patch = 16;
    int64_t imageSize = 224;  // the learned position table covers (224/16)^2 patches plus CLS
    int64_t compressDim = 64;
    int64_t channels = 3;
    double lnEps = 1e-6;
    double batchNormEps = 1e-5;
};

// VisionTransformerWithCompress in eval mode: the DINO-style ViT (patch conv, CLS token, learned
// position table, pre-norm blocks with a fused qkv projection, final norm), read out at the CLS
// token through `compress_layer` = Linear(embed -> compressDim, no bias) and a BatchNorm1d without
// affine parameters, which at eval is (x - running_mean) / sqrt(running_var + 1e-5). Weights under
// `prefix` with the reference's names (`patch_embed.proj`, `blocks.N.attn.qkv`, `norm`,
// `compress_layer.{0,1}` ...), as tools/convert_pbs_checkpoint.py writes them.
class VitCompress {
public:
    VitCompress(model::WeightStore& weights, const VitCompressConfig& config, const std::string& prefix = "");

    // pixels [N, channels, H, W], ImageNet-normalised -> features [N, compressDim] (float32).
    // Other sizes than imageSize interpolate the position table as the reference does.
    torch::Tensor forward(const torch::Tensor& pixels) const;

    const VitCompressConfig& config() const { return config_; }

private:
    VitCompressConfig config_;
    vit::PatchEmbedding patchEmbedding_;
    torch::Tensor clsToken_;     // [1, 1, embed]
    torch::Tensor positionTable_;  // [1, 1 + (imageSize/patch)^2, embed]
    std::vector<vit::Block> blocks_;
    vit::LayerNorm finalNorm_;
    torch::Tensor compress_;     // [compressDim, embed]
    torch::Tensor runningMean_;  // [compressDim]
    torch::Tensor runningVar_;   // [compressDim]
};

}  // namespace adgen::nn
