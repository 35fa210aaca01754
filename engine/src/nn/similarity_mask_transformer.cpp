#include "nn/similarity_mask_transformer.h"

#include "adgen/error.h"
#include "io/safetensors.h"

#include <string>

namespace adgen::nn {
namespace {

constexpr double kCosineEps = 1e-8;  // F.normalize's eps in the reference

std::string name(const std::string& prefix) {
    return prefix.empty() ? std::string("the similarity-mask transformer") : prefix.substr(0, prefix.size() - 1);
}

void checkConfig(const SimilarityMaskConfig& c, const std::string& module) {
    const auto bad = [&](const std::string& what) {
        throw Error("The " + module + " config is invalid: " + what + ".",
                    "Use the sizes of the checkpoint (Uni-AdGen: heads 16, ffDim 4*dim, 2 layers, 64 tokens per "
                    "image or 30 per title, keep rate 0.4).");
    };
    if (c.dim <= 0 || c.heads <= 0 || c.ffDim <= 0 || c.layers < 0 || c.tokensPerItem <= 0)
        bad("dim, heads, ffDim and tokensPerItem must be positive and layers not negative");
    if (c.dim % c.heads != 0)
        bad("dim " + std::to_string(c.dim) + " is not a multiple of heads " + std::to_string(c.heads));
    if (!(c.keepRate >= 0.0 && c.keepRate <= 1.0)) bad("keepRate " + std::to_string(c.keepRate) + " is outside [0, 1]");
    if (!(c.temperature > 0.0)) bad("temperature " + std::to_string(c.temperature) + " is not positive");
}

// Per-token cosine as the reference computes it: both sides scaled by max(|v|, eps), then the dot.
torch::Tensor cosinePerToken(const torch::Tensor& a, const torch::Tensor& b) {
    const auto unit = [](const torch::Tensor& v) {
        return v / v.norm(2, {-1}, /*keepdim=*/true).clamp_min(kCosineEps);
    };
    return (unit(a) * unit(b)).sum(-1);
}

}  // namespace

SimilarityMaskTransformer::SimilarityMaskTransformer(model::WeightStore& w, const SimilarityMaskConfig& config,
                                                     const std::string& prefix)
    : config_(config), prefix_(prefix) {
    checkConfig(config_, name(prefix_));
    const auto D = config_.dim;
    const auto base = prefix_ + "base_transformer.";
    positions_ = w.take(base + "pos_encoding", {1, config_.tokensPerItem, D});
    layers_.reserve(static_cast<size_t>(config_.layers));
    for (int64_t i = 0; i < config_.layers; ++i)
        layers_.emplace_back(w, base + "transformer_layers." + std::to_string(i) + ".", D, config_.heads,
                             config_.ffDim);
    outputProjection_ = Linear::load(w, prefix_ + "similarity_mask_layer.output_projection", D, D);
    outputNorm_ = LayerNorm::load(w, prefix_ + "similarity_mask_layer.layer_norm", D);
}

int64_t SimilarityMaskTransformer::keptCount(int64_t tokens) const {
    return static_cast<int64_t>(config_.keepRate * static_cast<double>(tokens));
}

void SimilarityMaskTransformer::checkInputs(const torch::Tensor& x, const torch::Tensor& noise) const {
    const auto module = name(prefix_);
    if (x.dim() != 4 || x.size(3) != config_.dim)
        throw Error("The " + module + " got history tokens of shape " + io::shapeString(x.sizes().vec()) +
                        "; it needs [batch, items, tokens per item, " + std::to_string(config_.dim) + "].",
                    "Embed every history item to the model's hidden size and stack them per user.");
    const std::vector<int64_t> noiseShape{x.size(0), x.size(1) * x.size(2)};
    if (noise.sizes().vec() != noiseShape)
        throw Error("The " + module + " got Gumbel noise of shape " + io::shapeString(noise.sizes().vec()) +
                        " for history tokens of shape " + io::shapeString(x.sizes().vec()) + "; it needs " +
                        io::shapeString(noiseShape) + ".",
                    "Draw one value per history token with drawGumbelNoise(batch, items * tokens per item, ...).");
}

torch::Tensor SimilarityMaskTransformer::drawGumbelNoise(int64_t rows, int64_t tokens, at::Generator generator,
                                                         torch::TensorOptions options) {
    return torch::empty({rows, tokens}, options).exponential_(1.0, generator).log().neg();
}

torch::Tensor SimilarityMaskTransformer::keepMask(const torch::Tensor& transformed, const torch::Tensor& input,
                                                  const torch::Tensor& noise) const {
    const auto f32 = torch::kFloat32;
    // The reference's gumbel_softmax(similarity, tau): softmax((s + g) / tau), ranked by top-k.
    // Ranking the probabilities rather than s + g matters only where rounding makes them tie,
    // and then we break the tie as the reference does.
    const auto similarity = cosinePerToken(transformed.to(f32), input.to(f32));
    const auto logits = (similarity + noise.to(similarity.options())) / config_.temperature;
    const auto probabilities = torch::softmax(logits, -1);
    const auto kept = std::get<1>(probabilities.topk(keptCount(similarity.size(1)), /*dim=*/1));
    const auto hard = torch::zeros_like(probabilities).scatter_(1, kept, 1.0);
    // The reference's straight-through form hard + p - p: exactly 0 where dropped, and within one
    // float32 rounding of 1 where kept (1 + p rounds before p comes off again). Kept as is for parity.
    return hard + probabilities - probabilities;
}

torch::Tensor SimilarityMaskTransformer::forward(const torch::Tensor& x, const torch::Tensor& gumbelNoise) const {
    torch::Tensor unused;
    return forward(x, gumbelNoise, unused);
}

torch::Tensor SimilarityMaskTransformer::forward(const torch::Tensor& x, const torch::Tensor& gumbelNoise,
                                                 torch::Tensor& keptTokens) const {
    checkInputs(x, gumbelNoise);
    const auto B = x.size(0);
    const auto N = x.size(1);
    const auto T = x.size(2);
    const auto D = x.size(3);
    const auto input = x.to(positions_.scalar_type());
    if (input.numel() == 0) {  // no history (N = 0): nothing to attend to, nothing to keep
        keptTokens = torch::zeros({B, N, T}, torch::TensorOptions().dtype(torch::kBool).device(x.device()));
        return torch::empty({B, N, T, D}, input.options());
    }
    // Every item gets the same positional rows; then all N*T tokens form one sequence.
    auto hidden = (input + positionalRows(positions_, T)).reshape({B, N * T, D});
    for (const auto& layer : layers_) hidden = layer.forward(hidden);

    const auto flatInput = input.reshape({B, N * T, D});
    const auto mask = keepMask(hidden, flatInput, gumbelNoise);
    keptTokens = (mask > 0.5).view({B, N, T});
    const auto masked = hidden * mask.unsqueeze(-1).to(hidden.scalar_type());
    return outputNorm_(outputProjection_(masked) + masked).view({B, N, T, D});
}

int64_t SimilarityMaskTransformer::parameterCount() const {
    int64_t n = positions_.numel() + outputProjection_.parameterCount() + outputNorm_.parameterCount();
    for (const auto& layer : layers_) n += layer.parameterCount();
    return n;
}

}  // namespace adgen::nn
