#pragma once

#include "model/weight_store.h"
#include "nn/token_fusion_block.h"

#include <torch/torch.h>

#include <string>
#include <utility>
#include <vector>

namespace adgen::nn {

struct DualModalityFusionConfig {
    int64_t dim = 0;          // D, the language model's hidden size
    int64_t heads = 0;        // 16 in Uni-AdGen
    int64_t ffDim = 0;        // 4 D
    int64_t layers = 0;       // 4
    int64_t imageTokens = 0;  // rows of the image positional table (64)
    int64_t textTokens = 0;   // rows of the title positional table (30)
};

// Uni-AdGen's dual_modality_fusion_encoder (model-spec 2.6 d), the reference's
// DualModalityTokenFusionEncoder: history image tokens and history title tokens, each with its own
// per-item positional table and a modality embedding (0 image, 1 text), go through one shared
// QuickGELU MLP, are joined (images first) and mixed by `layers` TokenFusionBlocks over the joint
// sequence, then final LayerNorm and output Linear.
//
// Weights under `<prefix>{image_pos_encoding, text_pos_encoding, modality_embeddings.weight,
// proj.{0,2}, cross_modal_layers.<i>.*, final_norm, output_proj}`.
class DualModalityFusionEncoder {
public:
    // prefix e.g. "dual_modality_fusion_encoder.". Throws adgen::Error for an impossible config and,
    // in a strict store, for a missing or wrongly shaped tensor (naming the key).
    DualModalityFusionEncoder(model::WeightStore& weights, const DualModalityFusionConfig& config,
                              const std::string& prefix);

    // image [B, Ni, Ti, D], text [B, Nt, Tt, D] -> {enhanced image [B, Ni*Ti, D], enhanced text
    // [B, Nt*Tt, D]}, item-major as the reference orders them, in the weights' dtype. Like the
    // reference, the two sides may hold different numbers of items (either may be 0) and items of
    // other lengths than the tables (cut or repeated); the batch sizes must agree.
    std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& image, const torch::Tensor& text) const;

    const DualModalityFusionConfig& config() const { return config_; }
    int64_t parameterCount() const;

private:
    void checkInputs(const torch::Tensor& image, const torch::Tensor& text) const;
    // tokens [B, N, T, D] + per-item positional rows + modality row -> [B, N*T, D]
    torch::Tensor embedItems(const torch::Tensor& tokens, const torch::Tensor& positions, int64_t modality) const;

    DualModalityFusionConfig config_;
    std::string prefix_;
    torch::Tensor imagePositions_;  // [1, imageTokens, D]
    torch::Tensor textPositions_;   // [1, textTokens, D]
    torch::Tensor modalityRows_;    // [2, D]
    QuickGeluMlp inputProjection_;
    std::vector<TokenFusionBlock> layers_;
    LayerNorm finalNorm_;
    Linear outputProjection_;
};

}  // namespace adgen::nn
