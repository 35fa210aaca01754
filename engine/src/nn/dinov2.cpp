#include "nn/dinov2.h"

#include "adgen/error.h"

namespace adgen::nn {

Dinov2Encoder::Dinov2Encoder(model::WeightStore& w, const Dinov2Config& c, const std::string& prefix) : config_(c) {
    if (c.hidden <= 0 || c.heads <= 0 || c.hidden % c.heads != 0)
        throw Error("The DINOv2 config has hidden size " + std::to_string(c.hidden) + " and " +
                        std::to_string(c.heads) + " heads; the hidden size must be a positive multiple of the heads.",
                    "Fix the DINOv2 part of the model config.");
    const auto D = c.hidden;
    const auto e = prefix + "embeddings.";
    clsToken_ = w.take(e + "cls_token", {1, 1, D});
    (void)w.take(e + "mask_token", {1, D});  // masked pre-training only; taken so it is not "unexpected"
    positionEmbeddings_ = w.take(e + "position_embeddings", {1, 1 + c.positionGrid * c.positionGrid, D});
    patchEmbedding_ = vit::PatchEmbedding::load(w, e + "patch_embeddings.projection", c.channels, D, c.patch);

    for (int64_t i = 0; i < c.layers; ++i) {
        const auto l = prefix + "encoder.layer." + std::to_string(i) + ".";
        const auto a = l + "attention.attention.";
        const auto q = vit::Linear::load(w, a + "query", D, D);
        const auto k = vit::Linear::load(w, a + "key", D, D);
        const auto v = vit::Linear::load(w, a + "value", D, D);
        vit::Block b;
        b.norm1 = vit::LayerNorm::load(w, l + "norm1", D, c.lnEps);
        b.qkv = {at::cat({q.weight, k.weight, v.weight}), at::cat({q.bias, k.bias, v.bias})};
        b.proj = vit::Linear::load(w, l + "attention.output.dense", D, D);
        if (c.layerScale) b.layerScale1 = w.take(l + "layer_scale1.lambda1", {D});
        b.norm2 = vit::LayerNorm::load(w, l + "norm2", D, c.lnEps);
        b.fc1 = vit::Linear::load(w, l + "mlp.fc1", D, c.mlp);
        b.fc2 = vit::Linear::load(w, l + "mlp.fc2", c.mlp, D);
        if (c.layerScale) b.layerScale2 = w.take(l + "layer_scale2.lambda1", {D});
        b.heads = c.heads;
        blocks_.push_back(std::move(b));
    }
    finalNorm_ = vit::LayerNorm::load(w, prefix + "layernorm", D, c.lnEps);

    const auto perBlock = 4 * (D * D + D) + 4 * D + 2 * D * c.mlp + c.mlp + D + (c.layerScale ? 2 * D : 0);
    parameterCount_ = clsToken_.numel() + D + positionEmbeddings_.numel() + patchEmbedding_.weight.numel() + D +
                      c.layers * perBlock + 2 * D;
}

torch::Tensor Dinov2Encoder::forward(const torch::Tensor& pixels) const {
    if (pixels.dim() != 4 || pixels.size(1) != config_.channels)
        throw Error("DINOv2 needs images as [batch, " + std::to_string(config_.channels) +
                        ", height, width], but got a tensor of shape " + io::shapeString(pixels.sizes().vec()) + ".",
                    "Pass a batch of images with " + std::to_string(config_.channels) + " channels.");
    const auto x = pixels.to(clsToken_.options());
    const auto patches = patchEmbedding_(x);
    auto h = at::cat({clsToken_.expand({x.size(0), 1, config_.hidden}), patches}, 1);
    h = h + vit::positionEmbeddingsFor(positionEmbeddings_, x.size(2), x.size(3), config_.patch);
    for (const auto& block : blocks_) h = block(h);
    return finalNorm_(h);
}

}  // namespace adgen::nn
