#pragma once

#include "model/weight_store.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>

// The pieces the two vision transformers we run have in common: DINOv2-small (Uni-AdGen's
// foreground perception, model-spec 2.8) and the PBS metric's ViT-B/16 (model-spec 4.1). Both are
// pre-norm ViTs with exact-GELU MLPs and a CLS token; they differ in key names, layer scale and what
// they read out, which stays in their own files. The networks are static, so these are plain
// structs of tensors calling ATen directly, as in vq_blocks.h. Their own namespace keeps them apart
// from the preference modules' Linear/LayerNorm (post-norm, eps 1e-5).

namespace adgen::nn::vit {

// y = x W^T (+ b).
struct Linear {
    torch::Tensor weight;  // [out, in]
    torch::Tensor bias;    // [out]; undefined for a layer without bias

    static Linear load(model::WeightStore& w, const std::string& key, int64_t in, int64_t out, bool withBias = true);
    torch::Tensor operator()(const torch::Tensor& x) const { return at::linear(x, weight, bias); }
};

struct LayerNorm {
    torch::Tensor weight, bias;  // [dim]
    double eps = 1e-6;

    static LayerNorm load(model::WeightStore& w, const std::string& key, int64_t dim, double eps);
    torch::Tensor operator()(const torch::Tensor& x) const;
};

// A conv with kernel = stride = patch: pixels [B, C, H, W] -> tokens [B, (H/p)*(W/p), dim] in raster
// order (sizes rounded down, as the strided conv does).
struct PatchEmbedding {
    torch::Tensor weight;  // [dim, C, p, p]
    torch::Tensor bias;    // [dim]
    int64_t patch = 16;

    static PatchEmbedding load(model::WeightStore& w, const std::string& key, int64_t channels, int64_t dim, int64_t patch);
    torch::Tensor operator()(const torch::Tensor& pixels) const;
};

// x += s1 * proj(attention(norm1(x))); x += s2 * fc2(gelu(fc1(norm2(x)))), with s1 = s2 = 1 when
// the model has no layer scale. Attention is full (no mask), softmax(q k^T / sqrt(d)) v per head.
struct Block {
    LayerNorm norm1;
    Linear qkv;  // [3*dim, dim]: the query rows, then the key rows, then the value rows
    Linear proj;
    torch::Tensor layerScale1;  // [dim]; undefined without layer scale
    LayerNorm norm2;
    Linear fc1, fc2;
    torch::Tensor layerScale2;
    int64_t heads = 1;

    torch::Tensor operator()(const torch::Tensor& x) const;
};

// The position embeddings for an input of pixelHeight x pixelWidth, from a learned table
// [1, 1 + n*n, dim] for an n x n patch grid (row 0 is the CLS position), the way DINO does it and
// Hugging Face transformers 4.38.2's Dinov2 copied it: the table is used as is when the input has
// n*n patches and is square; otherwise the n x n grid is resized by PyTorch bicubic (A = -0.75,
// align_corners=False) in fp32 with scale factor (rows + 0.1) / n (rows = pixelHeight / patch, and
// the same for columns), so a source coordinate is (dst + 0.5) * n / (rows + 0.1) - 0.5, not
// (dst + 0.5) * n / rows - 0.5. Returns [1, 1 + rows*cols, dim] in the table's dtype.
torch::Tensor positionEmbeddingsFor(const torch::Tensor& table, int64_t pixelHeight, int64_t pixelWidth, int64_t patch);

}  // namespace adgen::nn::vit
