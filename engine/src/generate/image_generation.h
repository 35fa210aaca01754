#pragma once

#include "generate/sampler.h"
#include "model/janus_model.h"

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace adgen::generate {

struct ImageGenerationOptions {
    double cfgWeight = 5.0;
    SamplingParams sampling;
    std::vector<uint64_t> seeds;  // one per variant; their count is the number of variants
    nn::LayerHook prefillHook;    // residual-stream hooks (Uni-AdGen's foreground condition)
    nn::LayerHook stepHook;
    int64_t maxSteps = 0;         // 0 = the whole grid; fewer for benchmarks that time a subset
};

// The prompt as decoder inputs, two rows per variant in Janus' interleaved order
// [cond 0, uncond 0, cond 1, uncond 1, ...]: embeds [2V, T, hidden], valid [2V, T] bool.
struct ImagePrompt {
    torch::Tensor embeds;
    torch::Tensor valid;
};

// Reported after every image-token step: the tokens just drawn for the variants still running.
struct ImageStep {
    int64_t step = 0;             // 0 .. tokens-1, raster order
    std::vector<int> variants;    // which variants `tokens` belongs to
    torch::Tensor tokens;         // [variants.size()] int64, CPU
};

// Asked before every step; a variant for which it answers true stops at once.
using VariantStopped = std::function<bool(int variant)>;

// The Janus text-to-image loop (model-spec 1.7): prefill, then per step gen_head on the last
// position, CFG, sampling per variant with its own generator, and gen_embed + gen_aligner of the
// drawn token fed to both rows of its pair. Returns [V, gridSize^2] int64 on the CPU; a stopped
// variant keeps -1 from the step where it stopped.
torch::Tensor generateImageTokens(const model::JanusModel& model, const ImagePrompt& prompt,
                                  const ImageGenerationOptions& options,
                                  const std::function<void(const ImageStep&)>& onStep,
                                  const VariantStopped& stopped);

}  // namespace adgen::generate
