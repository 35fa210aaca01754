#include "generate/image_generation.h"

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
    std::vector<int> active(static_cast<size_t>(variantCount));
    std::vector<at::Generator> generators;
    for (int v = 0; v < variantCount; ++v) {
        active[static_cast<size_t>(v)] = v;
        generators.push_back(makeGenerator(options.seeds[static_cast<size_t>(v)]));
    }

    auto cache = decoder.makeCache(2 * variantCount, prompt.embeds.size(1) + gridTokens);
    auto hidden = decoder.forward(prompt.embeds, cache, prompt.valid, options.prefillHook);
    auto last = hidden.select(1, hidden.size(1) - 1);  // [rows, hidden]

    for (int64_t step = 0; step < steps; ++step) {
        // Drop stopped variants (both rows of each pair) before spending a step on them.
        std::vector<int64_t> keepRows;
        std::vector<int> stillActive;
        std::vector<at::Generator> stillGenerators;
        for (size_t i = 0; i < active.size(); ++i) {
            if (stopped && stopped(active[i])) continue;
            keepRows.push_back(static_cast<int64_t>(2 * i));
            keepRows.push_back(static_cast<int64_t>(2 * i + 1));
            stillActive.push_back(active[i]);
            stillGenerators.push_back(generators[i]);
        }
        if (stillActive.empty()) break;
        if (stillActive.size() != active.size()) {
            const auto index = torch::tensor(keepRows, torch::kInt64);
            cache.keepRows(index);
            last = last.index_select(0, index.to(last.device()));
            active = std::move(stillActive);
            generators = std::move(stillGenerators);
        }

        const auto logits = adapters.imageLogits(last);  // [2A, codes], float32
        const auto guided = guidedLogits(logits.slice(0, 0, logits.size(0), 2), logits.slice(0, 1, logits.size(0), 2),
                                         options.cfgWeight);
        const auto tokens = sampleTokens(guided, options.sampling, generators);  // [A] CPU
        for (size_t i = 0; i < active.size(); ++i)
            result[active[i]][step] = tokens[static_cast<int64_t>(i)];
        if (onStep) onStep(ImageStep{step, active, tokens});
        if (step + 1 == steps) break;

        // Each drawn token goes to both rows of its pair.
        const auto pairTokens = tokens.repeat_interleave(2).view({-1, 1}).to(model.device());
        const auto inputs = adapters.embedImageTokens(pairTokens);
        const auto valid = torch::ones({inputs.size(0), 1}, torch::TensorOptions().dtype(torch::kBool).device(model.device()));
        hidden = decoder.forward(inputs, cache, valid, options.stepHook);
        last = hidden.select(1, 0);
    }
    return result;
}

}  // namespace adgen::generate
