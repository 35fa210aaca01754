#include "nn/token_fusion_block.h"

#include "nn/projection.h"

#include <torch/version.h>

#include <cmath>

namespace adgen::nn {
namespace {

constexpr double kLayerNormEps = 1e-5;
constexpr double kQuickGeluSlope = 1.702;

}  // namespace

Linear Linear::load(model::WeightStore& store, const std::string& key, int64_t in, int64_t out) {
    return {store.take(key + ".weight", {out, in}), store.take(key + ".bias", {out})};
}

torch::Tensor Linear::operator()(const torch::Tensor& x) const {
    if (x.numel() == 0) {  // project() sizes its work by rows; an empty history has none
        auto sizes = x.sizes().vec();
        sizes.back() = weight.size(0);
        return torch::empty(sizes, x.options());
    }
    return project(x, weight, bias);
}

LayerNorm LayerNorm::load(model::WeightStore& store, const std::string& key, int64_t dim) {
    return {store.take(key + ".weight", {dim}), store.take(key + ".bias", {dim})};
}

torch::Tensor LayerNorm::operator()(const torch::Tensor& x) const {
    const auto f32 = torch::kFloat32;
    return at::layer_norm(x.to(f32), {x.size(-1)}, weight.to(f32), bias.to(f32), kLayerNormEps)
        .to(x.scalar_type());
}

torch::Tensor quickGelu(const torch::Tensor& x) { return x * torch::sigmoid(kQuickGeluSlope * x); }

QuickGeluMlp QuickGeluMlp::load(model::WeightStore& store, const std::string& key, int64_t dim, int64_t ffDim) {
    return {Linear::load(store, key + ".0", dim, ffDim), Linear::load(store, key + ".2", ffDim, dim)};
}

torch::Tensor positionalRows(const torch::Tensor& table, int64_t length) {
    const auto rows = table.size(1);
    const auto flat = table.select(0, 0);  // [rows, D]
    if (length <= rows) return flat.narrow(0, 0, length);
    const auto copies = (length + rows - 1) / rows;
    return flat.repeat({copies, 1}).narrow(0, 0, length);
}

TokenFusionBlock::TokenFusionBlock(model::WeightStore& store, const std::string& prefix, int64_t dim,
                                   int64_t heads, int64_t ffDim)
    : heads_(heads) {
    const auto query = Linear::load(store, prefix + "attn.query", dim, dim);
    const auto key = Linear::load(store, prefix + "attn.key", dim, dim);
    const auto value = Linear::load(store, prefix + "attn.value", dim, dim);
    qkvWeight_ = torch::cat({query.weight, key.weight, value.weight}, 0);
    qkvBias_ = torch::cat({query.bias, key.bias, value.bias}, 0);
    proj_ = Linear::load(store, prefix + "attn.proj", dim, dim);
    ff_ = QuickGeluMlp::load(store, prefix + "ff", dim, ffDim);
    norm1_ = LayerNorm::load(store, prefix + "norm1", dim);
    norm2_ = LayerNorm::load(store, prefix + "norm2", dim);
}

torch::Tensor TokenFusionBlock::selfAttention(const torch::Tensor& x) const {
    const auto batch = x.size(0);
    const auto tokens = x.size(1);
    const auto dim = x.size(2);
    const auto headDim = dim / heads_;
    // [B, S, 3D] -> [3, B, heads, S, headDim]
    const auto qkv =
        project(x, qkvWeight_, qkvBias_).view({batch, tokens, 3, heads_, headDim}).permute({2, 0, 3, 1, 4});
    const auto q = qkv[0];
    const auto k = qkv[1];
    const auto v = qkv[2];
#if TORCH_VERSION_MAJOR >= 2
    const auto mixed = at::scaled_dot_product_attention(q, k, v);
#else
    // The reference divides by sqrt(headDim) (rather than multiplying by its inverse) and, under
    // autocast, takes the softmax in float32.
    const auto scores =
        torch::matmul(q, k.transpose(-2, -1)).to(torch::kFloat32) / std::sqrt(static_cast<double>(headDim));
    const auto mixed = torch::matmul(torch::softmax(scores, -1).to(x.scalar_type()), v);
#endif
    return proj_(mixed.transpose(1, 2).reshape({batch, tokens, dim}));
}

torch::Tensor TokenFusionBlock::forward(const torch::Tensor& x) const {
    if (x.numel() == 0) return x;
    const auto attended = norm1_(x + selfAttention(x));
    return norm2_(attended + ff_(attended));
}

int64_t TokenFusionBlock::parameterCount() const {
    return qkvWeight_.numel() + qkvBias_.numel() + proj_.parameterCount() + ff_.parameterCount() +
           norm1_.parameterCount() + norm2_.parameterCount();
}

}  // namespace adgen::nn
