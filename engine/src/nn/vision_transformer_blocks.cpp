#include "nn/vision_transformer_blocks.h"

#include "adgen/error.h"

#include <torch/version.h>

#include <cmath>

namespace adgen::nn::vit {

Linear Linear::load(model::WeightStore& w, const std::string& key, int64_t in, int64_t out, bool withBias) {
    Linear l;
    l.weight = w.take(key + ".weight", {out, in});
    if (withBias) l.bias = w.take(key + ".bias", {out});
    return l;
}

LayerNorm LayerNorm::load(model::WeightStore& w, const std::string& key, int64_t dim, double eps) {
    return {w.take(key + ".weight", {dim}), w.take(key + ".bias", {dim}), eps};
}

torch::Tensor LayerNorm::operator()(const torch::Tensor& x) const {
    return at::layer_norm(x, {weight.size(0)}, weight, bias, eps);
}

PatchEmbedding PatchEmbedding::load(model::WeightStore& w, const std::string& key, int64_t channels, int64_t dim,
                                    int64_t patch) {
    return {w.take(key + ".weight", {dim, channels, patch, patch}), w.take(key + ".bias", {dim}), patch};
}

torch::Tensor PatchEmbedding::operator()(const torch::Tensor& pixels) const {
    return at::conv2d(pixels, weight, bias, {patch, patch}).flatten(2).transpose(1, 2);
}

namespace {

// q, k, v [B, heads, N, d] -> [B, heads, N, d]; every token sees every token.
torch::Tensor fullAttention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v) {
#if TORCH_VERSION_MAJOR >= 2
    return at::scaled_dot_product_attention(q, k, v);
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    return at::matmul(at::softmax(at::matmul(q, k.transpose(-1, -2)).mul_(scale), -1), v);
#endif
}

}  // namespace

torch::Tensor Block::operator()(const torch::Tensor& x) const {
    const auto B = x.size(0), N = x.size(1), C = x.size(2);
    const auto qkvAll = qkv(norm1(x)).view({B, N, 3, heads, C / heads}).permute({2, 0, 3, 1, 4});
    auto attended = proj(fullAttention(qkvAll[0], qkvAll[1], qkvAll[2]).transpose(1, 2).reshape({B, N, C}));
    if (layerScale1.defined()) attended.mul_(layerScale1);
    const auto h = x + attended;
    auto mlp = fc2(at::gelu(fc1(norm2(h))));
    if (layerScale2.defined()) mlp.mul_(layerScale2);
    return mlp.add_(h);
}

torch::Tensor positionEmbeddingsFor(const torch::Tensor& table, int64_t pixelHeight, int64_t pixelWidth, int64_t patch) {
    const auto positions = table.size(1) - 1;
    const auto side = static_cast<int64_t>(std::lround(std::sqrt(static_cast<double>(positions))));
    if (side * side != positions)
        throw Error("A position embedding table has " + std::to_string(positions) +
                        " patch positions, which is not a square grid.",
                    "Use a checkpoint of a square-grid vision transformer.");
    const auto rows = pixelHeight / patch, cols = pixelWidth / patch;
    // The reference compares pixel sizes here, not grid sizes: a non-square input whose grid happens
    // to match the table still goes through the (then slightly blurring) interpolation.
    if (rows * cols == positions && pixelHeight == pixelWidth) return table;

    const auto dim = table.size(2);
    const auto grid = table.slice(1, 1).reshape({1, side, side, dim}).permute({0, 3, 1, 2}).to(torch::kFloat32);
    // Scale factors rather than an output size: the kernel then maps coordinates with 1/scale, which
    // carries the +0.1 (`scale_factor` in F.interpolate with recompute_scale_factor unset). The
    // output size is floor(side * scale), as F.interpolate computes it.
    const double scaleH = (static_cast<double>(rows) + 0.1) / std::sqrt(static_cast<double>(positions));
    const double scaleW = (static_cast<double>(cols) + 0.1) / std::sqrt(static_cast<double>(positions));
    const auto outH = static_cast<int64_t>(std::floor(static_cast<double>(side) * scaleH));
    const auto outW = static_cast<int64_t>(std::floor(static_cast<double>(side) * scaleW));
    if (outH != rows || outW != cols)
        throw Error("Interpolating the " + std::to_string(side) + "x" + std::to_string(side) +
                        " position table to a " + std::to_string(rows) + "x" + std::to_string(cols) +
                        " patch grid gave " + std::to_string(outH) + "x" + std::to_string(outW) + ".",
                    "Use an input size whose patch grid the table can be interpolated to.");
    const auto resized = at::upsample_bicubic2d(grid, {outH, outW}, /*align_corners=*/false, scaleH, scaleW)
                             .to(table.scalar_type());
    return at::cat({table.slice(1, 0, 1), resized.permute({0, 2, 3, 1}).reshape({1, rows * cols, dim})}, 1);
}

}  // namespace adgen::nn::vit
