#include "generate/text_generation.h"

#include <algorithm>

namespace adgen::generate {

std::vector<std::vector<int64_t>> generateText(const model::JanusModel& model, const PaddedIds& prompt,
                                               const TextGenerationOptions& options,
                                               const std::function<void(int variant, int64_t token)>& onToken,
                                               const VariantStopped& stopped) {
    torch::NoGradGuard noGrad;
    const auto& decoder = model.decoder();
    const auto variantCount = static_cast<int>(prompt.ids.size(0));
    std::vector<std::vector<int64_t>> out(static_cast<size_t>(variantCount));
    std::vector<int> active;
    std::vector<at::Generator> generators;
    for (int v = 0; v < variantCount; ++v) {
        active.push_back(v);
        const auto seed = static_cast<size_t>(v) < options.seeds.size() ? options.seeds[static_cast<size_t>(v)] : 0;
        generators.push_back(makeGenerator(seed));
    }
    std::vector<bool> finished(static_cast<size_t>(variantCount), false);

    const auto device = model.device();
    auto cache = decoder.makeCache(variantCount, prompt.ids.size(1) + options.maxNewTokens);
    auto hidden = decoder.forward(decoder.embed(prompt.ids.to(device)), cache, prompt.valid.to(device));
    auto last = hidden.select(1, hidden.size(1) - 1);

    for (int64_t step = 0; step < options.maxNewTokens; ++step) {
        std::vector<int64_t> keep;
        std::vector<int> stillActive;
        std::vector<at::Generator> stillGenerators;
        for (size_t i = 0; i < active.size(); ++i) {
            const int v = active[i];
            if (finished[static_cast<size_t>(v)] || (stopped && stopped(v))) continue;
            keep.push_back(static_cast<int64_t>(i));
            stillActive.push_back(v);
            stillGenerators.push_back(generators[i]);
        }
        if (stillActive.empty()) break;
        if (stillActive.size() != active.size()) {
            const auto index = torch::tensor(keep, torch::kInt64);
            cache.keepRows(index);
            last = last.index_select(0, index.to(last.device()));
            active = std::move(stillActive);
            generators = std::move(stillGenerators);
        }

        const auto logits = decoder.textLogits(last);  // [A, vocab]
        torch::Tensor allowed;
        if (options.constraint) {
            std::vector<torch::Tensor> rows;
            for (int v : active) rows.push_back(options.constraint->allowed(v));
            allowed = torch::stack(rows);
        }
        const auto tokens = sampleTokens(logits, options.sampling, generators, allowed);
        for (size_t i = 0; i < active.size(); ++i) {
            const int v = active[i];
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
