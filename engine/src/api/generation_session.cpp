#include "api/generation_session.h"

#include "adgen/error.h"
#include "generate/factual_constraint.h"
#include "generate/image_generation.h"
#include "generate/prompt_batch.h"
#include "generate/text_generation.h"
#include "text/streaming_decoder.h"

#include <functional>

namespace adgen::api {
namespace {

std::vector<int64_t> promptIds(const model::JanusModel& model, const GenerationRequest& r, const std::string& suffix) {
    if (!r.promptIds.empty()) return r.promptIds;
    const auto* tokenizer = model.tokenizer();
    if (!tokenizer)
        throw Error("The model in " + model.directory().string() + " has no tokenizer.json, so it cannot read a text prompt.",
                    "Add the model's tokenizer.json to its directory, or pass token ids.");
    if (r.prompt.find_first_not_of(" \t\r\n") == std::string::npos)
        throw Error("The prompt is empty.", "Write what the model should generate.");
    const auto ids = tokenizer->encode(model.chatPrompt(r.prompt) + suffix, true);
    return {ids.begin(), ids.end()};
}

void validate(const model::JanusModel& model, const GenerationRequest& r) {
    if (r.variants < 1 || r.variants > 8)
        throw Error("A generation asks for " + std::to_string(r.variants) + " variants.", "Ask for 1 to 8 variants.");
    if (r.mode == GenerationMode::Text && r.maxNewTokens < 1)
        throw Error("A text generation asks for at most " + std::to_string(r.maxNewTokens) + " new tokens.",
                    "Ask for at least one token.");
    if (r.factualCopy && r.sellingPoints.empty())
        throw Error("Factual copy mode is on but there are no selling points, so no word would be allowed.",
                    "Add the product's selling points, or switch factual copy off.");
    if (r.factualCopy && !model.tokenizer())
        throw Error("Factual copy mode needs the model's tokenizer.json.", "Add it to the model directory.");
    if (r.temperature && *r.temperature < 0)
        throw Error("The temperature is negative.", "Use 0 (greedy) or a positive temperature.");
    for (auto id : r.promptIds)
        if (id < 0 || id >= model.config().language.vocabSize)
            throw Error("Prompt token id " + std::to_string(id) + " is outside the model's vocabulary (0.." +
                            std::to_string(model.config().language.vocabSize - 1) + ").",
                        "Pass ids the model's tokenizer produced.");
}

void runText(const model::JanusModel& model, uint64_t id, const GenerationRequest& r, const JobControl& control,
             const EventCallback& emit) {
    const auto& defaults = model.config().defaults;
    const auto ids = promptIds(model, r, "");
    const auto seeds = completeSeeds(r.seeds, r.variants);
    std::vector<std::vector<int64_t>> rows(static_cast<size_t>(r.variants), ids);
    const auto padded = generate::leftPad(rows, std::max<int64_t>(model.tokenIds().pad, 0));

    generate::TextGenerationOptions options;
    options.sampling = {r.temperature.value_or(defaults.textTemperature), r.topK.value_or(defaults.textTopK),
                        r.topP.value_or(defaults.textTopP)};
    options.maxNewTokens = r.maxNewTokens;
    if (model.tokenIds().eos >= 0) options.stopIds.push_back(model.tokenIds().eos);
    options.seeds = seeds;
    std::unique_ptr<generate::FactualConstraint> constraint;
    if (r.factualCopy) {
        constraint = std::make_unique<generate::FactualConstraint>(*model.tokenizer(), r.sellingPoints, options.stopIds,
                                                                   r.variants, model.config().language.vocabSize);
        options.constraint = constraint.get();
    }

    std::vector<std::unique_ptr<text::StreamingDecoder>> decoders;
    if (model.tokenizer())
        for (int v = 0; v < r.variants; ++v) decoders.push_back(std::make_unique<text::StreamingDecoder>(*model.tokenizer()));
    CancelWatch stopped(control, id, r.variants, emit);
    Meter meter(r.maxNewTokens);
    options.onStep = [&](int64_t) {
        meter.step();
        emit(meter.stats(id));
    };

    emit(phaseEvent(id, Phase::Prefill));
    bool textPhase = false;
    const auto onToken = [&](int v, int64_t token) {
        if (!textPhase) {
            emit(phaseEvent(id, Phase::Text));
            textPhase = true;
        }
        if (!decoders.empty()) {
            auto delta = decoders[static_cast<size_t>(v)]->push(static_cast<int32_t>(token));
            if (!delta.empty()) {
                auto e = event(GenerationEvent::Type::TextDelta, id, v);
                e.text = std::move(delta);
                emit(e);
            }
        }
    };
    const auto out = generate::generateText(model, padded, options, onToken, std::ref(stopped));

    for (int v = 0; v < r.variants; ++v) {
        if (stopped(v)) continue;
        auto e = event(GenerationEvent::Type::VariantDone, id, v);
        e.seed = seeds[static_cast<size_t>(v)];
        e.tokens = out[static_cast<size_t>(v)];
        if (constraint) e.tokens.resize(constraint->completeLength(v));
        if (model.tokenizer()) {
            std::vector<int32_t> ids32(e.tokens.begin(), e.tokens.end());
            e.text = model.tokenizer()->decode(ids32);
            auto rest = decoders[static_cast<size_t>(v)]->flush();
            if (!rest.empty()) {
                auto d = event(GenerationEvent::Type::TextDelta, id, v);
                d.text = rest;
                emit(d);
            }
        }
        emit(e);
    }
}

void runImage(const model::JanusModel& model, const nn::CodeColourPreview* colours, uint64_t id,
              const GenerationRequest& r, const JobControl& control, const EventCallback& emit) {
    const auto& defaults = model.config().defaults;
    const auto& tokens = model.config().tokens;
    auto cond = promptIds(model, r, r.promptIds.empty() ? tokens.beginOfImage : "");
    if (model.tokenIds().pad < 0 && r.promptIds.empty())
        throw Error("The tokenizer has no pad token for the unconditional prompt.", "Check config.json \"tokens\".");
    const auto uncond = generate::unconditionalIds(cond, std::max<int64_t>(model.tokenIds().pad, 0));
    std::vector<std::vector<int64_t>> rows;
    for (int v = 0; v < r.variants; ++v) {
        rows.push_back(cond);
        rows.push_back(uncond);
    }
    const auto padded = generate::leftPad(rows, 0);

    generate::ImageGenerationOptions options;
    options.cfgWeight = r.cfgWeight.value_or(defaults.cfgWeight);
    options.sampling = {r.temperature.value_or(defaults.imageTemperature), r.topK.value_or(defaults.imageTopK),
                        r.topP.value_or(defaults.imageTopP)};
    options.seeds = completeSeeds(r.seeds, r.variants);

    const auto grid = model.config().generation.gridSize;
    const auto* vq = model.vq();
    CancelWatch stopped(control, id, r.variants, emit);
    ImageStepReporter onStep(model, colours, id, r.variants, r.previewEveryRows, emit);

    emit(phaseEvent(id, Phase::Prefill));
    generate::ImagePrompt prompt{model.decoder().embed(padded.ids.to(model.device())), padded.valid.to(model.device())};
    const auto result = generate::generateImageTokens(model, prompt, options, std::ref(onStep), std::ref(stopped));

    emit(phaseEvent(id, Phase::Decoding));
    for (int v = 0; v < r.variants; ++v) {
        if (stopped(v)) continue;
        auto e = event(GenerationEvent::Type::VariantDone, id, v);
        e.seed = options.seeds[static_cast<size_t>(v)];
        const auto row = result[v];
        e.tokens.assign(row.data_ptr<int64_t>(), row.data_ptr<int64_t>() + row.numel());
        if (vq) {
            torch::NoGradGuard noGrad;
            const auto decoded = vq->decode(row.view({1, grid, grid}).to(model.device()));
            e.image = toImage(nn::VqModel::toRgb8(decoded)[0]);
        }
        emit(e);
    }
}

}  // namespace

void runGeneration(const model::JanusModel& model, const nn::CodeColourPreview* colours, uint64_t id,
                   const GenerationRequest& request, const JobControl& control, const EventCallback& emit) {
    runReportingErrors(id, control, emit, [&] {
        validate(model, request);
        if (request.mode == GenerationMode::Text)
            runText(model, id, request, control, emit);
        else
            runImage(model, colours, id, request, control, emit);
    });
}

ModelInfo describe(const model::JanusModel& model, Device device, DType dtype) {
    const auto& c = model.config();
    ModelInfo info;
    info.directory = model.directory().string();
    info.name = c.name.empty() ? model.directory().filename().string() : c.name;
    info.family = c.family;
    info.configKind = model::kindName(c.kind);
    info.device = device;
    info.dtype = dtype;
    info.parameterCount = model.parameterCount();
    info.hiddenSize = c.language.hiddenSize;
    info.layers = c.language.numLayers;
    info.heads = c.language.numHeads;
    info.kvHeads = c.language.numKvHeads;
    info.vocabSize = c.language.vocabSize;
    info.imageTokenSize = c.generation.imageTokenSize;
    info.gridSize = c.generation.gridSize;
    info.hasImageDecoder = model.vq() != nullptr;
    info.imageSize = info.hasImageDecoder ? c.generation.gridSize * c.vq.downsampleFactor() : 0;
    info.hasTokenizer = model.tokenizer() != nullptr;
    const auto& report = model.loadReport();
    info.missingKeys = report.missingKeys;
    for (const auto& m : report.shapeMismatches)
        info.shapeMismatches.push_back(m.key + ": expected " + io::shapeString(m.expected) + ", found " +
                                       io::shapeString(m.found));
    info.unexpectedKeys = report.unexpectedKeys;
    info.ignoredKeyCount = report.ignoredKeyCount;
    info.storedDtypeCounts = report.storedDtypeCounts;
    info.hfLayout = report.hfLayout;
    info.cfgWeightDefault = c.defaults.cfgWeight;
    info.imageTemperatureDefault = c.defaults.imageTemperature;
    info.textTemperatureDefault = c.defaults.textTemperature;
    return info;
}

}  // namespace adgen::api
