#include "nn/foreground_condition.h"

#include "adgen/error.h"

namespace adgen::nn {
namespace {

// The reference resizes the control to (side // 16) * 14: one DINOv2 patch per image token.
constexpr int64_t kImageTokenPixels = 16;

const ForegroundConfig& checked(const ForegroundConfig& c) {
    if (c.dim <= 0)
        throw Error("The foreground condition needs the LLM hidden size (ForegroundConfig::dim), which is unset.",
                    "Set it from the model config (4096 for Janus-Pro-7B).");
    if (c.gridSize <= 0 || c.imageSize != c.gridSize * kImageTokenPixels)
        throw Error("The foreground condition config has image size " + std::to_string(c.imageSize) +
                        " and grid size " + std::to_string(c.gridSize) +
                        "; the control image must have 16 pixels per image token.",
                    "Set imageSize to gridSize * 16 (384 for the 24x24 grid).");
    if (c.conditionLayers < 0 || c.layerInterval <= 0)
        throw Error("The foreground condition config has " + std::to_string(c.conditionLayers) +
                        " condition layers every " + std::to_string(c.layerInterval) + " decoder layers.",
                    "Use a non-negative number of condition layers and a positive interval (5 and 6).");
    return c;
}

}  // namespace

TanhGeluMlp TanhGeluMlp::load(model::WeightStore& w, const std::string& key, int64_t in, int64_t hidden, int64_t out) {
    return {w.take(key + ".newfc1.weight", {hidden, in}), w.take(key + ".newfc2.weight", {out, hidden})};
}

torch::Tensor TanhGeluMlp::operator()(const torch::Tensor& x) const {
    return at::linear(at::gelu(at::linear(x, w1), "tanh"), w2);
}

ForegroundCondition::ForegroundCondition(model::WeightStore& w, const ForegroundConfig& config,
                                         const std::string& prefix)
    : config_(checked(config)), dinov2_(w, config.dinov2, prefix + "adapter.model.") {
    const auto D = config_.dim;
    adapterMlp_ = TanhGeluMlp::load(w, prefix + "adapter_mlp", config_.dinov2.hidden, D, D);
    capProj_ = TanhGeluMlp::load(w, prefix + "condition_mlp.cap_proj", D, D, D);
    for (int64_t k = 0; k < config_.conditionLayers; ++k)
        conditionLayers_.push_back(TanhGeluMlp::load(w, prefix + "condition_layers." + std::to_string(k), D, D, D));
    // Present in some files, used by nothing at inference (see the header).
    w.ignorePrefix(prefix + "condition_mlp.uncond_embedding");
    w.ignorePrefix(prefix + "condition_projection.");
}

torch::Tensor ForegroundCondition::nearestResize(const torch::Tensor& images, int64_t size) {
    // No scale factors: ATen then uses in/out as the (float) scale, as F.interpolate(size=...) does.
    return at::upsample_nearest2d(images, {size, size});
}

torch::Tensor ForegroundCondition::conditionTokens(const torch::Tensor& control) const {
    const auto side = config_.imageSize;
    if (control.dim() != 4 || control.size(1) != 3 || control.size(2) != side || control.size(3) != side)
        throw Error("The foreground control image must be a tensor [batch, 3, " + std::to_string(side) + ", " +
                        std::to_string(side) + "] in [-1, 1], but has shape " +
                        io::shapeString(control.sizes().vec()) + ".",
                    "Render the product onto a " + std::to_string(side) + "x" + std::to_string(side) +
                        " RGB canvas scaled to [-1, 1].");
    const auto resized = nearestResize(control.to(torch::kFloat32), config_.gridSize * config_.dinov2.patch);
    const auto features = dinov2_.forward(resized).slice(1, 1);  // drop CLS
    return capProj_(adapterMlp_(features));
}

std::vector<torch::Tensor> ForegroundCondition::layerInjections(const torch::Tensor& conditionTokens) const {
    if (conditionTokens.dim() != 3 || conditionTokens.size(2) != config_.dim)
        throw Error("Condition tokens must be [batch, tokens, " + std::to_string(config_.dim) + "], but have shape " +
                        io::shapeString(conditionTokens.sizes().vec()) + ".",
                    "Pass what conditionTokens() returned.");
    std::vector<torch::Tensor> out;
    out.reserve(conditionLayers_.size());
    for (const auto& layer : conditionLayers_) out.push_back(layer(conditionTokens));
    return out;
}

int64_t ForegroundCondition::parameterCount() const {
    int64_t n = dinov2_.parameterCount() + adapterMlp_.parameterCount() + capProj_.parameterCount();
    for (const auto& layer : conditionLayers_) n += layer.parameterCount();
    return n;
}

std::optional<int64_t> ForegroundCondition::injectionIndexForLayer(int64_t layer) const {
    if (layer < 0 || layer % config_.layerInterval != 0) return std::nullopt;
    const auto k = layer / config_.layerInterval;
    if (k >= config_.conditionLayers) return std::nullopt;
    return k;
}

}  // namespace adgen::nn
