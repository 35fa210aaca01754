#include "generate/text_generation.h"

#include "generate/active_variants.h"

#include <algorithm>

namespace adgen::generate {

std::vector<std::vector<int64_t>> generateText(const model::JanusModel& model, const PaddedIds& prompt,
                                               const TextGenerationOptions& options,
                                               const std::function<void(int variant, int64_t token)>& onToken,
                                               const VariantStopped& stopped) {
    torch::NoGradGuard noGrad;
    const auto device = model.device();
    return generateText(model, PromptEmbeddings{model.decoder().embed(prompt.ids.to(device)), prompt.valid.to(device)},
                        options, onToken, stopped);
}

std::vector<std::vector<int64_t>> generateText(const model::JanusModel& model, const PromptEmbeddings& prompt,
                                               const TextGenerationOptions& options,
                                               const std::function<void(int variant, int64_t token)>& onToken,
                                               const VariantStopped& stopped) {
    torch::NoGradGuard noGrad;
    const auto& decoder = model.decoder();
    const auto variantCount = static_cast<int>(prompt.embeds.size(0));
    std::vector<std::vector<int64_t>> out(static_cast<size_t>(variantCount));
    ActiveVariants active(options.seeds, variantCount, /*rowsPerVariant=*/1);
    std::vector<bool> finished(static_cast<size_t>(variantCount), false);

    const auto device = model.device();
    auto cache = decoder.makeCache(variantCount, prompt.embeds.size(1) + options.maxNewTokens);
    auto hidden = decoder.forward(prompt.embeds, cache, prompt.valid);
    auto last = hidden.select(1, hidden.size(1) - 1);

    for (int64_t step = 0; step < options.maxNewTokens; ++step) {
        const auto stop = [&](int v) { return finished[static_cast<size_t>(v)] || (stopped && stopped(v)); };
        if (!active.prune(stop, cache, last)) break;

        const auto logits = decoder.textLogits(last);  // [A, vocab]
        torch::Tensor allowed;
        if (options.constraint) {
            std::vector<torch::Tensor> rows;
            for (int v : active.variants()) rows.push_back(options.constraint->allowed(v));
            allowed = torch::stack(rows);
        }
        const auto tokens = sampleTokens(logits, options.sampling, active.generators(), allowed);
        const auto& variants = active.variants();
        for (size_t i = 0; i < variants.size(); ++i) {
            const int v = variants[i];
            const auto token = tokens[static_cast<int64_t>(i)].item<int64_t>();
            if (std::find(options.stopIds.begin(), options.stopIds.end(), token) != options.stopIds.end()) {
                finished[static_cast<size_t>(v)] = true;
                continue;
            }
            out[static_cast<size_t>(v)].push_back(token);
            if (options.constraint) options.constraint->accept(v, token);
            if (onToken) onToken(v, token);
        }
        if (options.onStep) options.onStep(step);
        if (step + 1 == options.maxNewTokens) break;
        const auto inputs = decoder.embed(tokens.view({-1, 1}).to(device));
        const auto valid = torch::ones({inputs.size(0), 1}, torch::TensorOptions().dtype(torch::kBool).device(device));
        hidden = decoder.forward(inputs, cache, valid);
        last = hidden.select(1, 0);
    }
    return out;
}

}  // namespace adgen::generate
