#include "generate/sampler.h"

#include <ATen/CPUGeneratorImpl.h>

#include <limits>

namespace adgen::generate {

torch::Tensor guidedLogits(const torch::Tensor& cond, const torch::Tensor& uncond, double weight) {
    return uncond + weight * (cond - uncond);
}

at::Generator makeGenerator(uint64_t seed) { return at::make_generator<at::CPUGeneratorImpl>(seed); }

torch::Tensor sampleTokens(const torch::Tensor& logitsIn, const SamplingParams& params,
                           std::vector<at::Generator>& generators, const torch::Tensor& allowed) {
    // Sampling runs on the CPU: [rows, V] floats are small next to a decoder step, and CPU
    // generators give the same draws on every device.
    auto logits = logitsIn.to(torch::kCPU, torch::kFloat32).clone();
    const float lowest = -std::numeric_limits<float>::infinity();
    if (allowed.defined()) logits.masked_fill_(allowed.to(torch::kCPU).logical_not(), lowest);
    const auto rows = logits.size(0);
    if (params.temperature <= 0.0) return logits.argmax(-1);

    logits /= params.temperature;
    if (params.topK > 0 && params.topK < logits.size(1)) {
        const auto kth = std::get<0>(logits.topk(params.topK, -1)).narrow(1, params.topK - 1, 1);
        logits.masked_fill_(logits < kth, lowest);
    }
    if (params.topP < 1.0) {
        auto [sorted, order] = logits.sort(-1, /*descending=*/true);
        const auto probs = sorted.softmax(-1);
        // Drop a token when the tokens ranked above it already reach top-p; the best one stays.
        const auto before = probs.cumsum(-1) - probs;
        const auto drop = before > params.topP;
        logits.scatter_(1, order, sorted.masked_fill(drop, lowest));
    }
    const auto probs = logits.softmax(-1);
    auto tokens = torch::empty({rows}, torch::kInt64);
    for (int64_t r = 0; r < rows; ++r)
        tokens[r] = at::multinomial(probs[r], 1, false, generators[static_cast<size_t>(r)]).item<int64_t>();
    return tokens;
}

}  // namespace adgen::generate
