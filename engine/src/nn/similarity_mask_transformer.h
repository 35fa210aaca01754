#pragma once

#include "model/weight_store.h"
#include "nn/token_fusion_block.h"

#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <string>
#include <vector>

namespace adgen::nn {

struct SimilarityMaskConfig {
    int64_t dim = 0;            // D, the language model's hidden size
    int64_t heads = 0;          // 16 in Uni-AdGen
    int64_t ffDim = 0;          // 4 D
    int64_t layers = 0;         // 2
    int64_t tokensPerItem = 0;  // rows of the positional table: 64 per image, 30 per title
    double keepRate = 0.4;      // fraction of the N*T history tokens that survive the mask
    double temperature = 1.0;   // of the Gumbel softmax
};

// Uni-AdGen's visual_mask_generator / text_mask_generator (model-spec 2.6 b, c): the reference's
// TransformerWithSimilarityMask around a MultimodalTokenFusionEncoder.
//
// All N*T tokens of a user's history (N items of T tokens, one positional table shared by every
// item) go through `layers` TokenFusionBlocks as one sequence. Each token is then scored by the
// cosine between what came out and what went in, Gumbel noise is added, and only the int(keepRate
// * N*T) highest-scoring tokens keep their features; the rest are zeroed. Finally
// LN(output_projection(masked) + masked), so every dropped token comes out as LN(b_out).
//
// Weights under `<prefix>base_transformer.{pos_encoding, transformer_layers.<i>.*}` and
// `<prefix>similarity_mask_layer.{output_projection, layer_norm}.*`.
class SimilarityMaskTransformer {
public:
    // prefix e.g. "visual_mask_generator." or "text_mask_generator.". Throws adgen::Error for a
    // config that cannot describe a model (dim not a multiple of heads, ...) and, in a strict
    // store, for a missing or wrongly shaped tensor (naming the key).
    SimilarityMaskTransformer(model::WeightStore& weights, const SimilarityMaskConfig& config,
                              const std::string& prefix);

    // x [B, N, T, D] and Gumbel noise [B, N*T] (-log E, E ~ Exp(1); see drawGumbelNoise) ->
    // [B, N, T, D] in the weights' dtype. The noise is an argument so that the caller owns the
    // randomness (the reference draws it from torch's global generator) and tests can replay the
    // reference's draws. N may be 0 (no history): the result is then empty. T need not equal
    // tokensPerItem: the positional table is cut or repeated as the reference does.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& gumbelNoise) const;
    // As above; `keptTokens` receives which tokens survived the mask, [B, N, T] bool.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& gumbelNoise, torch::Tensor& keptTokens) const;

    // Noise [rows, tokens] drawn exactly as torch.nn.functional.gumbel_softmax draws it
    // (-empty.exponential_().log()), from `generator`: with a CPU generator seeded like
    // torch.manual_seed(s) it reproduces the reference's CPU draws bit for bit.
    static torch::Tensor drawGumbelNoise(int64_t rows, int64_t tokens, at::Generator generator,
                                         torch::TensorOptions options);

    // int(keepRate * tokens), truncated as Python's int() does.
    int64_t keptCount(int64_t tokens) const;
    const SimilarityMaskConfig& config() const { return config_; }
    int64_t parameterCount() const;

private:
    void checkInputs(const torch::Tensor& x, const torch::Tensor& gumbelNoise) const;
    // [B, S] 0/1 mask (as float32, see the .cpp) over the tokens that survive.
    torch::Tensor keepMask(const torch::Tensor& transformed, const torch::Tensor& input,
                           const torch::Tensor& noise) const;

    SimilarityMaskConfig config_;
    std::string prefix_;
    torch::Tensor positions_;  // [1, tokensPerItem, D]
    std::vector<TokenFusionBlock> layers_;
    Linear outputProjection_;
    LayerNorm outputNorm_;
};

}  // namespace adgen::nn
