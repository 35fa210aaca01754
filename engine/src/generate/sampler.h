#pragma once

#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace adgen::generate {

struct SamplingParams {
    double temperature = 1.0;  // 0 = greedy (argmax)
    int64_t topK = 0;          // 0 = no top-k cut
    double topP = 1.0;         // 1 = no nucleus cut
};

// Classifier-free guidance: uncond + w * (cond - uncond). w = 1 gives the conditional logits.
torch::Tensor guidedLogits(const torch::Tensor& cond, const torch::Tensor& uncond, double weight);

// One generator per variant, seeded, so a variant's draws depend on its seed only, not on which
// other variants share the batch.
at::Generator makeGenerator(uint64_t seed);

// Draws one token per row of `logits` [rows, V] (float32), row r with generators[r].
// `allowed` (optional, [rows, V] bool) removes tokens before temperature/top-k/top-p.
torch::Tensor sampleTokens(const torch::Tensor& logits, const SamplingParams& params,
                           std::vector<at::Generator>& generators, const torch::Tensor& allowed = {});

}  // namespace adgen::generate
