#pragma once

#include "generate/prompt_batch.h"
#include "generate/sampler.h"
#include "model/janus_model.h"

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace adgen::generate {

// Runs before every decoder layer of an image step (not the prefill) on the residual stream of
// the rows still running, [2A, 1, hidden] in pair order, and may change it in place. `token` is
// the index of the image token being fed (0 = the first one drawn), `variants` the variants the
// pairs of rows belong to.
using ImageStepHook =
    std::function<void(int64_t token, const std::vector<int>& variants, int64_t layer, torch::Tensor& hidden)>;

struct ImageGenerationOptions {
    double cfgWeight = 5.0;
    SamplingParams sampling;
    std::vector<uint64_t> seeds;  // one per variant; their count is the number of variants
    ImageStepHook stepHook;       // Uni-AdGen's foreground condition; none during the prefill
    int64_t maxSteps = 0;         // 0 = the whole grid; fewer for benchmarks that time a subset
};

// The prompt as decoder inputs, two rows per variant in Janus' interleaved order
// [cond 0, uncond 0, cond 1, uncond 1, ...]: embeds [2V, T, hidden], valid [2V, T] bool.
using ImagePrompt = PromptEmbeddings;

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
