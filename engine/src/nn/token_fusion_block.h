#pragma once

#include "model/weight_store.h"

#include <torch/torch.h>

#include <string>

// The pieces Uni-AdGen's preference modules are built from (model-spec 2.6): the visual and text
// mask generators and the dual-modality fusion encoder all run the same post-norm transformer
// block over a flattened sequence of history tokens, with no attention mask.
//
// Dtypes: the tensors keep the WeightStore's dtype and every product runs in it; LayerNorm and
// softmax run in float32 and round back, as the reference does under bf16 autocast.

namespace adgen::nn {

// Linear(in -> out) with bias, loaded from `<key>.weight` [out, in] and `<key>.bias` [out].
struct Linear {
    torch::Tensor weight, bias;

    static Linear load(model::WeightStore& store, const std::string& key, int64_t in, int64_t out);
    torch::Tensor operator()(const torch::Tensor& x) const;
    int64_t parameterCount() const { return weight.numel() + bias.numel(); }
};

// LayerNorm over the last dimension, eps 1e-5 (torch's default, which the reference keeps).
struct LayerNorm {
    torch::Tensor weight, bias;

    static LayerNorm load(model::WeightStore& store, const std::string& key, int64_t dim);
    torch::Tensor operator()(const torch::Tensor& x) const;
    int64_t parameterCount() const { return weight.numel() + bias.numel(); }
};

// x * sigmoid(1.702 x), CLIP's cheap GELU approximation, which every preference module uses.
torch::Tensor quickGelu(const torch::Tensor& x);

// Linear(dim -> ffDim) -> QuickGELU -> Linear(ffDim -> dim): the reference's nn.Sequential, whose
// tensors are named `<key>.0.*` and `<key>.2.*` (index 1 is the activation).
struct QuickGeluMlp {
    Linear in, out;

    static QuickGeluMlp load(model::WeightStore& store, const std::string& key, int64_t dim, int64_t ffDim);
    torch::Tensor operator()(const torch::Tensor& x) const { return out(quickGelu(in(x))); }
    int64_t parameterCount() const { return in.parameterCount() + out.parameterCount(); }
};

// One per-item positional table [1, tableLength, D] stretched to `length` tokens the way the
// reference does it: its first `length` rows when the item is shorter, the table repeated end to
// end when it is longer. Returns [length, D].
torch::Tensor positionalRows(const torch::Tensor& table, int64_t length);

// Post-norm transformer block: x = LN1(x + Attention(x)); x = LN2(x + FF(x)). Attention has
// separate query/key/value/proj Linears with biases and scores QK^T / sqrt(headDim); FF is a
// QuickGeluMlp. Weights under `<prefix>attn.{query,key,value,proj}`, `<prefix>ff.{0,2}`,
// `<prefix>norm{1,2}` (prefix e.g. "visual_mask_generator.base_transformer.transformer_layers.0.").
class TokenFusionBlock {
public:
    TokenFusionBlock(model::WeightStore& store, const std::string& prefix, int64_t dim, int64_t heads, int64_t ffDim);

    // [B, S, D] -> [B, S, D]; every token attends to every token.
    torch::Tensor forward(const torch::Tensor& x) const;
    int64_t parameterCount() const;

private:
    torch::Tensor selfAttention(const torch::Tensor& x) const;

    int64_t heads_;
    // query, key and value stacked into one [3D, D] weight: one GEMM over the sequence instead of
    // three. Each output row is still the same dot products the separate Linears compute.
    torch::Tensor qkvWeight_, qkvBias_;
    Linear proj_;
    QuickGeluMlp ff_;
    LayerNorm norm1_, norm2_;
};

}  // namespace adgen::nn
