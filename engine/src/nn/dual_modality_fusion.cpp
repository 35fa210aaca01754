#include "nn/dual_modality_fusion.h"

#include "adgen/error.h"
#include "io/safetensors.h"

#include <string>

namespace adgen::nn {
namespace {

constexpr int64_t kImageModality = 0;
constexpr int64_t kTextModality = 1;

void checkConfig(const DualModalityFusionConfig& c) {
    const auto bad = [](const std::string& what) {
        throw Error("The dual-modality fusion encoder config is invalid: " + what + ".",
                    "Use the sizes of the checkpoint (Uni-AdGen: heads 16, ffDim 4*dim, 4 layers, 64 image and "
                    "30 title tokens per item).");
    };
    if (c.dim <= 0 || c.heads <= 0 || c.ffDim <= 0 || c.layers < 0 || c.imageTokens <= 0 || c.textTokens <= 0)
        bad("dim, heads, ffDim, imageTokens and textTokens must be positive and layers not negative");
    if (c.dim % c.heads != 0)
        bad("dim " + std::to_string(c.dim) + " is not a multiple of heads " + std::to_string(c.heads));
}

}  // namespace

DualModalityFusionEncoder::DualModalityFusionEncoder(model::WeightStore& w, const DualModalityFusionConfig& config,
                                                     const std::string& prefix)
    : config_(config), prefix_(prefix) {
    checkConfig(config_);
    const auto D = config_.dim;
    imagePositions_ = w.take(prefix_ + "image_pos_encoding", {1, config_.imageTokens, D});
    textPositions_ = w.take(prefix_ + "text_pos_encoding", {1, config_.textTokens, D});
    modalityRows_ = w.take(prefix_ + "modality_embeddings.weight", {2, D});
    inputProjection_ = QuickGeluMlp::load(w, prefix_ + "proj", D, config_.ffDim);
    layers_.reserve(static_cast<size_t>(config_.layers));
    for (int64_t i = 0; i < config_.layers; ++i)
        layers_.emplace_back(w, prefix_ + "cross_modal_layers." + std::to_string(i) + ".", D, config_.heads,
                             config_.ffDim);
    finalNorm_ = LayerNorm::load(w, prefix_ + "final_norm", D);
    outputProjection_ = Linear::load(w, prefix_ + "output_proj", D, D);
}

void DualModalityFusionEncoder::checkInputs(const torch::Tensor& image, const torch::Tensor& text) const {
    const auto D = std::to_string(config_.dim);
    for (const auto* side : {&image, &text}) {
        if (side->dim() != 4 || side->size(3) != config_.dim)
            throw Error("The dual-modality fusion encoder got " + std::string(side == &image ? "image" : "title") +
                            " tokens of shape " + io::shapeString(side->sizes().vec()) +
                            "; it needs [batch, items, tokens per item, " + D + "].",
                        "Pass the mask generators' outputs, one row per user.");
    }
    if (image.size(0) != text.size(0))
        throw Error("The dual-modality fusion encoder got image tokens for " + std::to_string(image.size(0)) +
                        " users but title tokens for " + std::to_string(text.size(0)) + " (shapes " +
                        io::shapeString(image.sizes().vec()) + " and " + io::shapeString(text.sizes().vec()) + ").",
                    "Give both modalities the same batch: one row per user, in the same order.");
}

torch::Tensor DualModalityFusionEncoder::embedItems(const torch::Tensor& tokens, const torch::Tensor& positions,
                                                    int64_t modality) const {
    const auto B = tokens.size(0);
    const auto N = tokens.size(1);
    const auto T = tokens.size(2);
    const auto x = tokens.to(positions.scalar_type()) + positionalRows(positions, T) + modalityRows_[modality];
    return inputProjection_(x).reshape({B, N * T, config_.dim});
}

std::pair<torch::Tensor, torch::Tensor> DualModalityFusionEncoder::forward(const torch::Tensor& image,
                                                                           const torch::Tensor& text) const {
    checkInputs(image, text);
    const auto images = embedItems(image, imagePositions_, kImageModality);
    const auto titles = embedItems(text, textPositions_, kTextModality);
    const auto imageLength = images.size(1);
    auto x = torch::cat({images, titles}, 1);
    if (x.numel() == 0) return {images, titles};
    for (const auto& layer : layers_) x = layer.forward(x);
    const auto fused = outputProjection_(finalNorm_(x));
    return {fused.narrow(1, 0, imageLength).contiguous(),
            fused.narrow(1, imageLength, fused.size(1) - imageLength).contiguous()};
}

int64_t DualModalityFusionEncoder::parameterCount() const {
    int64_t n = imagePositions_.numel() + textPositions_.numel() + modalityRows_.numel() +
                inputProjection_.parameterCount() + finalNorm_.parameterCount() + outputProjection_.parameterCount();
    for (const auto& layer : layers_) n += layer.parameterCount();
    return n;
}

}  // namespace adgen::nn
