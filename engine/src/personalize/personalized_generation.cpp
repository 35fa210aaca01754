#include "personalize/personalized_generation.h"

#include "generate/factual_constraint.h"
#include "generate/prompt_batch.h"
#include "generate/text_generation.h"

#include "adgen/error.h"

#include <algorithm>
#include <memory>

namespace adgen::personalize {
namespace {

// Rows of embeddings of different lengths, left-padded to one batch. Padding positions hold the
// pad token's embedding (never attended to).
generate::PromptEmbeddings leftPadEmbeddings(const std::vector<torch::Tensor>& rows, const torch::Tensor& padEmbedding) {
    int64_t length = 0;
    for (const auto& r : rows) length = std::max(length, r.size(0));
    std::vector<torch::Tensor> padded, valid;
    for (const auto& r : rows) {
        const auto pad = length - r.size(0);
        padded.push_back(torch::cat({padEmbedding.expand({pad, r.size(1)}), r}));
        auto v = torch::ones({length}, torch::TensorOptions().dtype(torch::kBool).device(r.device()));
        v.slice(0, 0, pad).fill_(false);
        valid.push_back(v);
    }
    return {torch::stack(padded), torch::stack(valid)};
}

// `close`: end the title with the closing marker the model did not write.
std::string decodeTitle(const UniAdGenModel& model, const std::vector<int64_t>& ids, bool close = false) {
    const std::vector<int32_t> ids32(ids.begin(), ids.end());
    auto text = model.janus().tokenizer()->decode(ids32, /*skipSpecialTokens=*/false);
    if (close) text += model.config().titleClose;
    return titleSection(text, model.config());
}

}  // namespace

std::vector<torch::Tensor> foregroundInjections(const UniAdGenModel& model, const torch::Tensor& control) {
    torch::NoGradGuard noGrad;
    const auto& janus = model.janus();
    const auto tokens = model.foreground().conditionTokens(control.unsqueeze(0).to(janus.decoder().options()));
    auto layers = model.foreground().layerInjections(tokens);
    for (auto& l : layers) l = (l.squeeze(0) * model.config().foreground.strength).contiguous();
    return layers;
}

std::vector<PersonalizedVariant> generatePersonalized(const UniAdGenModel& model, const PersonalizedRequest& request,
                                                      const PersonalizedCallbacks& callbacks) {
    torch::NoGradGuard noGrad;
    const auto& janus = model.janus();
    const auto& prompts = model.prompts();
    const auto variantCount = static_cast<int>(request.seeds.size());
    if (variantCount == 0) return {};
    const auto historyCount = request.history.count();
    std::vector<PersonalizedVariant> out(static_cast<size_t>(variantCount));
    // The Gumbel masks draw from a generator of their own per variant, so a variant's title and
    // image depend on its seed alone.
    std::vector<at::Generator> maskGenerators;
    for (const auto seed : request.seeds) maskGenerators.push_back(generate::makeGenerator(seed));
    const auto fixed = [&](int v) -> const std::optional<std::string>& {
        static const std::optional<std::string> none;
        return static_cast<size_t>(v) < request.fixedTitles.size() ? request.fixedTitles[static_cast<size_t>(v)] : none;
    };

    // Stage 1: the title, for the variants that have none yet.
    std::vector<int> writing;
    for (int v = 0; v < variantCount; ++v) {
        if (fixed(v)) out[static_cast<size_t>(v)].titleSection = model.config().titleOpen + *fixed(v) + model.config().titleClose;
        else writing.push_back(v);
    }
    if (!writing.empty()) {
        const auto ids = prompts.stage1(request.brief, historyCount);
        std::vector<torch::Tensor> rows;
        std::vector<uint64_t> seeds;
        for (int v : writing) {
            rows.push_back(promptEmbeddings(model, ids, request.history, maskGenerators[static_cast<size_t>(v)],
                                            &out[static_cast<size_t>(v)].stage1Trace));
            seeds.push_back(request.seeds[static_cast<size_t>(v)]);
        }
        const auto padEmbedding = janus.decoder().embed(torch::tensor({prompts.ids().pad}).view({1, 1}).to(janus.device())).view({1, -1});
        generate::TextGenerationOptions options;
        options.sampling = request.titleSampling;
        options.maxNewTokens = request.maxTitleTokens;
        options.stopIds = {prompts.ids().eos};
        options.seeds = seeds;
        // One constraint over the rows written (row i is variant writing[i]).
        std::unique_ptr<generate::FactualConstraint> factual;
        if (request.factualCopy) {
            factual = std::make_unique<generate::FactualConstraint>(
                *janus.tokenizer(), std::vector<std::string>{request.brief.wordList}, options.stopIds,
                static_cast<int>(writing.size()), janus.config().language.vocabSize, model.config().titleClose);
            options.constraint = factual.get();
        }
        const auto titles = generate::generateText(
            janus, leftPadEmbeddings(rows, padEmbedding), options,
            [&](int row, int64_t token) {
                if (callbacks.onTitleToken) callbacks.onTitleToken(writing[static_cast<size_t>(row)], token);
            },
            [&](int row) { return callbacks.stopped && callbacks.stopped(writing[static_cast<size_t>(row)]); });
        for (size_t i = 0; i < writing.size(); ++i) {
            auto& variant = out[static_cast<size_t>(writing[i])];
            variant.titleIds = titles[i];
            // A factual title cut off by maxTitleTokens keeps its whole words (as text mode's copy)
            // instead of becoming empty for want of the closing marker.
            const bool cutOff = factual && !factual->terminated(static_cast<int>(i));
            if (factual) variant.titleIds.resize(factual->completeLength(static_cast<int>(i)));
            variant.titleSection = decodeTitle(model, variant.titleIds, cutOff);
        }
    }
    for (auto& variant : out) variant.title = titleFromSection(variant.titleSection, model.config());
    if (callbacks.onTitlesDone) callbacks.onTitlesDone();

    // Stage 2: the image, conditional rows from each variant's title, unconditional rows from
    // the negative prompt, interleaved [c0, u0, c1, u1, ...] and left-padded to one length.
    const auto negative = janus.decoder().embed(torch::tensor(prompts.negative()).view({1, -1}).to(janus.device())).squeeze(0);
    std::vector<torch::Tensor> rows;
    for (int v = 0; v < variantCount; ++v) {
        auto& variant = out[static_cast<size_t>(v)];
        const auto ids = prompts.stage2(request.brief, historyCount, variant.titleSection, request.stage2Mode);
        rows.push_back(promptEmbeddings(model, ids, request.history, maskGenerators[static_cast<size_t>(v)], &variant.stage2Trace));
        rows.push_back(negative);
    }
    const auto padEmbedding = janus.decoder().embed(torch::tensor({prompts.ids().pad}).view({1, 1}).to(janus.device())).view({1, -1});
    const auto injections = foregroundInjections(model, request.control());
    const auto& foreground = model.foreground();

    generate::ImageGenerationOptions options;
    options.cfgWeight = request.cfgWeight;
    options.sampling = request.imageSampling;
    options.seeds = request.seeds;
    options.maxSteps = request.maxImageSteps;
    // Image step i >= 1 feeds token i-1; the reference adds condition position i-1 there, to both
    // rows of every pair. The prefill gets nothing.
    options.stepHook = [&](int64_t token, const std::vector<int>&, int64_t layer, torch::Tensor& hidden) {
        if (const auto k = foreground.injectionIndexForLayer(layer))
            hidden.add_(injections[static_cast<size_t>(*k)][token].to(hidden.dtype()));
    };
    const auto tokens = generate::generateImageTokens(janus, leftPadEmbeddings(rows, padEmbedding), options,
                                                      callbacks.onImageStep, callbacks.stopped);
    for (int v = 0; v < variantCount; ++v) out[static_cast<size_t>(v)].imageTokens = tokens[v].clone();
    return out;
}

}  // namespace adgen::personalize
