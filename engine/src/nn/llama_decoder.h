#pragma once

#include "model/model_config.h"
#include "model/weight_store.h"
#include "nn/kv_cache.h"

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace adgen::nn {

// Called with the residual stream right before decoder layer `layer` runs; it may modify it in
// place. Uni-AdGen adds its foreground condition here (model-spec 2.8).
using LayerHook = std::function<void(int64_t layer, torch::Tensor& hidden)>;

// The LLaMA decoder of Janus-Pro (model-spec 1.2): token embedding, pre-norm layers with
// rotate-half RoPE, multi-head attention (grouped-query when kv heads < heads), SwiGLU MLP,
// final RMSNorm, and the separate text lm_head.
class LlamaDecoder {
public:
    LlamaDecoder(model::WeightStore& weights, const model::LanguageConfig& config,
                 const std::string& prefix = "language_model.");

    const model::LanguageConfig& config() const { return config_; }
    torch::TensorOptions options() const { return embedTokens_.options(); }

    // [rows, T] int64 token ids -> [rows, T, hidden] embeddings.
    torch::Tensor embed(const torch::Tensor& ids) const;

    // A cache for `rows` sequences of up to `capacity` positions.
    KvCache makeCache(int64_t rows, int64_t capacity) const;

    // Runs `inputs` [rows, T, hidden] after what `cache` already holds and returns the final
    // normalised hidden states [rows, T, hidden]. `inputValid` [rows, T] (bool) is false for
    // left padding: those positions are never attended to, and the real tokens of a row get
    // positions 0, 1, 2... whatever padding precedes them.
    torch::Tensor forward(const torch::Tensor& inputs, KvCache& cache, const torch::Tensor& inputValid,
                          const LayerHook& hook = {}) const;

    // Text logits for hidden states: [..., hidden] -> [..., vocab] (float32).
    torch::Tensor textLogits(const torch::Tensor& hidden) const;

    int64_t parameterCount() const;

private:
    struct Layer {
        torch::Tensor inputNorm;
        torch::Tensor qkv;  // q, k and v projections stacked: one GEMM instead of three
        torch::Tensor out;
        torch::Tensor postNorm;
        torch::Tensor gateUp;  // gate and up projections stacked
        torch::Tensor down;
    };

    torch::Tensor rmsNorm(const torch::Tensor& x, const torch::Tensor& weight) const;
    torch::Tensor attention(const Layer& layer, const torch::Tensor& x, KvCache& cache, int64_t layerIndex,
                            int64_t first, const torch::Tensor& cos, const torch::Tensor& sin,
                            const torch::Tensor& keep) const;

    model::LanguageConfig config_;
    torch::Tensor embedTokens_;
    std::vector<Layer> layers_;
    torch::Tensor finalNorm_;
    torch::Tensor lmHead_;
    torch::Tensor ropeCos_;  // [maxPositions, headDim] float32
    torch::Tensor ropeSin_;
};

}  // namespace adgen::nn
