#pragma once

#include "model/weight_store.h"
#include "nn/dinov2.h"

#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace adgen::nn {

// Uni-AdGen's foreground perception (model-spec 2.8). The defaults are the released 7B model's,
// hard-coded in its modified LlamaModel; only `dim` has none (4096 for Janus-Pro-7B).
struct ForegroundConfig {
    int64_t dim = 0;               // the LLM hidden size
    int64_t conditionLayers = 5;   // condition_layers.0 .. 4
    int64_t layerInterval = 6;     // decoder layers 0, 6, 12, ... receive injections
    double strength = 1.5;         // scale of an injection at inference (applied by the decoder hook)
    int64_t imageSize = 384;       // the control image's side; must be gridSize * 16
    int64_t gridSize = 24;         // image tokens per side (576 tokens)
    Dinov2Config dinov2;
};

// newMLP2 of the reference: Linear (no bias) -> GELU (tanh approximation) -> Linear (no bias).
struct TanhGeluMlp {
    torch::Tensor w1, w2;  // [hidden, in], [out, hidden]

    static TanhGeluMlp load(model::WeightStore& w, const std::string& key, int64_t in, int64_t hidden, int64_t out);
    torch::Tensor operator()(const torch::Tensor& x) const;
    int64_t parameterCount() const { return w1.numel() + w2.numel(); }
};

// The control image (the transparent product on a canvas, in [-1,1]) -> the tokens added to the
// decoder's hidden states while it generates the image: DINOv2-small features of the control,
// projected to the LLM width by `adapter_mlp` and `condition_mlp.cap_proj`, then one more MLP per
// injection point (`condition_layers.k`).
//
// Computed once per generation: the reference recomputes it at every image step with identical
// results. Injecting is the decoder's job: before decoder layer `layer`, for
// k = injectionIndexForLayer(layer), at image step i >= 1 both CFG rows of batch item b get
// strength * layerInjections(tokens)[k][b, i - 1] added to their last position (nothing at i = 0).
class ForegroundCondition {
public:
    // Weights under `prefix` (`adapter.model.*` DINOv2, `adapter_mlp.*`, `condition_mlp.cap_proj.*`,
    // `condition_layers.K.*`). `condition_mlp.uncond_embedding` (a zero buffer for training-time
    // dropout) and `condition_projection.*` (built but never used or saved by the reference) are not
    // loaded; when a file has them they are marked ignored in the WeightStore, not unexpected.
    // Throws adgen::Error for a config it cannot build (dim unset, imageSize != gridSize * 16).
    ForegroundCondition(model::WeightStore& weights, const ForegroundConfig& config,
                        const std::string& prefix = "language_model.model.");

    // control [B, 3, imageSize, imageSize] in [-1,1] (no ImageNet normalisation) ->
    // condition tokens [B, gridSize^2, dim] =
    // cap_proj(adapter_mlp(dinov2(nearest_resize(control, gridSize * patch))[:, 1:])).
    // Throws adgen::Error for another shape.
    torch::Tensor conditionTokens(const torch::Tensor& control) const;

    // [k] = condition_layers[k](conditionTokens), [B, gridSize^2, dim] each, k < conditionLayers;
    // not yet multiplied by `strength`.
    std::vector<torch::Tensor> layerInjections(const torch::Tensor& conditionTokens) const;

    // k when decoder layer `layer` receives injection k (layer % layerInterval == 0 and
    // layer / layerInterval < conditionLayers), else nothing.
    std::optional<int64_t> injectionIndexForLayer(int64_t layer) const;

    // The control resized to `size` x `size` with PyTorch's legacy 'nearest' (source index
    // floor(dst * in / out), in fp32 as ATen computes it), as the reference's `to_patch14` does for
    // canny/seg controls.
    static torch::Tensor nearestResize(const torch::Tensor& images, int64_t size);

    const ForegroundConfig& config() const { return config_; }
    const Dinov2Encoder& dinov2() const { return dinov2_; }
    // Every tensor taken, DINOv2 included (the mask token counts).
    int64_t parameterCount() const;

private:
    ForegroundConfig config_;
    Dinov2Encoder dinov2_;
    TanhGeluMlp adapterMlp_;
    TanhGeluMlp capProj_;
    std::vector<TanhGeluMlp> conditionLayers_;
};

}  // namespace adgen::nn
