#include "generate/image_generation.h"

#include "generate/active_variants.h"

#include "adgen/error.h"

#include <algorithm>

namespace adgen::generate {

torch::Tensor generateImageTokens(const model::JanusModel& model, const ImagePrompt& prompt,
                                  const ImageGenerationOptions& options,
                                  const std::function<void(const ImageStep&)>& onStep,
                                  const VariantStopped& stopped) {
    torch::NoGradGuard noGrad;
    const auto& decoder = model.decoder();
    const auto& adapters = model.adapters();
    const auto variantCount = static_cast<int>(options.seeds.size());
    const auto gridTokens = model.config().generation.imageTokens();
    const auto steps = options.maxSteps > 0 ? std::min(options.maxSteps, gridTokens) : gridTokens;
    if (prompt.embeds.size(0) != 2 * variantCount)
        throw Error("The image prompt has " + std::to_string(prompt.embeds.size(0)) + " rows for " +
                        std::to_string(variantCount) + " variants; it needs a conditional and an unconditional row each.",
                    "This is a bug in the caller; please report it.");

    auto result = torch::full({variantCount, gridTokens}, -1, torch::kInt64);
    ActiveVariants active(options.seeds, variantCount, /*rowsPerVariant=*/2);

    auto cache = decoder.makeCache(2 * variantCount, prompt.embeds.size(1) + gridTokens);
    auto hidden = decoder.forward(prompt.embeds, cache, prompt.valid);
    auto last = hidden.select(1, hidden.size(1) - 1);  // [rows, hidden]

    for (int64_t step = 0; step < steps; ++step) {
        // Drop stopped variants (both rows of each pair) before spending a step on them.
        if (!active.prune(stopped, cache, last)) break;

        const auto logits = adapters.imageLogits(last);  // [2A, codes], float32
        const auto guided = guidedLogits(logits.slice(0, 0, logits.size(0), 2), logits.slice(0, 1, logits.size(0), 2),
                                         options.cfgWeight);
        const auto tokens = sampleTokens(guided, options.sampling, active.generators());  // [A] CPU
        const auto& variants = active.variants();
        for (size_t i = 0; i < variants.size(); ++i) result[variants[i]][step] = tokens[static_cast<int64_t>(i)];
        if (onStep) onStep(ImageStep{step, variants, tokens});
        if (step + 1 == steps) break;

        // Each drawn token goes to both rows of its pair.
        const auto pairTokens = tokens.repeat_interleave(2).view({-1, 1}).to(model.device());
        const auto inputs = adapters.embedImageTokens(pairTokens);
        const auto valid = torch::ones({inputs.size(0), 1}, torch::TensorOptions().dtype(torch::kBool).device(model.device()));
        nn::LayerHook hook;
        if (options.stepHook)
            hook = [&](int64_t layer, torch::Tensor& h) { options.stepHook(step, variants, layer, h); };
        hidden = decoder.forward(inputs, cache, valid, hook);
        last = hidden.select(1, 0);
    }
    return result;
}

}  // namespace adgen::generate
