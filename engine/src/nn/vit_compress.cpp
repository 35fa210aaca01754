#include "nn/vit_compress.h"

#include "adgen/error.h"

namespace adgen::nn {

VitCompress::VitCompress(model::WeightStore& w, const VitCompressConfig& c, const std::string& prefix) : config_(c) {
    if (c.embed <= 0 || c.heads <= 0 || c.embed % c.heads != 0 || c.patch <= 0 || c.imageSize < c.patch)
        throw Error("The PBS encoder config (embed " + std::to_string(c.embed) + ", heads " + std::to_string(c.heads) +
                        ", patch " + std::to_string(c.patch) + ", image size " + std::to_string(c.imageSize) +
                        ") cannot be built: embed must be a multiple of heads and the image at least one patch.",
                    "Re-create config.json with tools/convert_pbs_checkpoint.py.");
    const auto E = c.embed;
    const auto grid = c.imageSize / c.patch;
    patchEmbedding_ = vit::PatchEmbedding::load(w, prefix + "patch_embed.proj", c.channels, E, c.patch);
    clsToken_ = w.take(prefix + "cls_token", {1, 1, E});
    positionTable_ = w.take(prefix + "pos_embed", {1, 1 + grid * grid, E});
    for (int64_t i = 0; i < c.depth; ++i) {
        const auto b = prefix + "blocks." + std::to_string(i) + ".";
        vit::Block block;
        block.norm1 = vit::LayerNorm::load(w, b + "norm1", E, c.lnEps);
        block.qkv = vit::Linear::load(w, b + "attn.qkv", E, 3 * E);
        block.proj = vit::Linear::load(w, b + "attn.proj", E, E);
        block.norm2 = vit::LayerNorm::load(w, b + "norm2", E, c.lnEps);
        block.fc1 = vit::Linear::load(w, b + "mlp.fc1", E, c.mlp);
        block.fc2 = vit::Linear::load(w, b + "mlp.fc2", c.mlp, E);
        block.heads = c.heads;
        blocks_.push_back(std::move(block));
    }
    finalNorm_ = vit::LayerNorm::load(w, prefix + "norm", E, c.lnEps);
    compress_ = w.take(prefix + "compress_layer.0.weight", {c.compressDim, E});
    runningMean_ = w.take(prefix + "compress_layer.1.running_mean", {c.compressDim});
    runningVar_ = w.take(prefix + "compress_layer.1.running_var", {c.compressDim});
    // A training counter of the BatchNorm, meaningless at eval; taken so it is not "unexpected".
    if (w.has(prefix + "compress_layer.1.num_batches_tracked")) (void)w.take(prefix + "compress_layer.1.num_batches_tracked", {});
}

torch::Tensor VitCompress::forward(const torch::Tensor& pixels) const {
    if (pixels.dim() != 4 || pixels.size(1) != config_.channels)
        throw Error("The PBS encoder needs images as [batch, " + std::to_string(config_.channels) +
                        ", height, width], but got a tensor of shape " + io::shapeString(pixels.sizes().vec()) + ".",
                    "Pass a batch of preprocessed RGB images.");
    const auto x = pixels.to(clsToken_.options());
    auto h = at::cat({clsToken_.expand({x.size(0), 1, config_.embed}), patchEmbedding_(x)}, 1);
    h = h + vit::positionEmbeddingsFor(positionTable_, x.size(2), x.size(3), config_.patch);
    for (const auto& block : blocks_) h = block(h);
    const auto cls = finalNorm_(h).select(1, 0);
    const auto features = at::batch_norm(at::linear(cls, compress_), {}, {}, runningMean_, runningVar_,
                                         /*training=*/false, /*momentum=*/0.0, config_.batchNormEps,
                                         /*cudnn_enabled=*/false);
    return features.to(torch::kFloat32);
}

}  // namespace adgen::nn
