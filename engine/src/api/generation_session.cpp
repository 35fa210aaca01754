#include "api/generation_session.h"

#include "adgen/error.h"
#include "generate/factual_constraint.h"
#include "generate/image_generation.h"
#include "generate/prompt_batch.h"
#include "generate/text_generation.h"
#include "text/streaming_decoder.h"

#include <chrono>
#include <functional>
#include <random>

namespace adgen::api {
namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

// Throughput and ETA of one generation, reported as Stats events.
class Meter {
public:
    explicit Meter(int64_t totalSteps) : total_(totalSteps), start_(Clock::now()) {}
    void step() {
        if (done_ == 0) {
            firstToken_ = Clock::now();
            ttftMs_ = msSince(start_);
        }
        ++done_;
    }
    double secondsPerStep() const {
        return done_ > 1 ? msSince(firstToken_) / 1000.0 / static_cast<double>(done_ - 1) : 0.0;
    }
    GenerationEvent stats(uint64_t id) const {
        GenerationEvent e;
        e.type = GenerationEvent::Type::Stats;
        e.generation = id;
        e.stepsDone = done_;
        e.stepsTotal = total_;
        e.timeToFirstTokenMs = ttftMs_;
        const double seconds = done_ > 1 ? msSince(firstToken_) / 1000.0 : 0.0;
        e.tokensPerSecond = seconds > 0 ? static_cast<double>(done_ - 1) / seconds : 0.0;
        e.etaSeconds = e.tokensPerSecond > 0 ? static_cast<double>(total_ - done_) / e.tokensPerSecond : 0.0;
        return e;
    }

private:
    int64_t total_;
    int64_t done_ = 0;
    Clock::time_point start_;
    Clock::time_point firstToken_;
    double ttftMs_ = 0;
};

// When to decode a progressive preview: every k finished rows, or automatically as often as keeps
// decoding under a tenth of the time (a full decode costs seconds on a CPU, milliseconds on a GPU).
class PreviewCadence {
public:
    explicit PreviewCadence(int everyRows) : everyRows_(everyRows) {}
    bool due(int64_t rowsDone, double secondsPerRow) const {
        if (everyRows_ < 0) return false;
        if (everyRows_ > 0) return rowsDone % everyRows_ == 0;
        if (lastDecodeSeconds_ < 0) return true;  // the first row: measure what a preview costs
        return static_cast<double>(rowsDone - lastRow_) * secondsPerRow * 0.1 >= lastDecodeSeconds_;
    }
    void done(int64_t row, double decodeSeconds) {
        lastRow_ = row;
        lastDecodeSeconds_ = decodeSeconds;
    }

private:
    int everyRows_;
    int64_t lastRow_ = 0;
    double lastDecodeSeconds_ = -1;
};

GenerationEvent event(GenerationEvent::Type type, uint64_t id, int variant = -1) {
    GenerationEvent e;
    e.type = type;
    e.generation = id;
    e.variant = variant;
    return e;
}

GenerationEvent phaseEvent(uint64_t id, Phase phase) {
    auto e = event(GenerationEvent::Type::Phase, id);
    e.phase = phase;
    return e;
}

RgbImage toImage(const torch::Tensor& rgb8) {  // [H, W, 3] uint8
    const auto t = rgb8.contiguous().to(torch::kCPU);
    RgbImage img;
    img.height = static_cast<int>(t.size(0));
    img.width = static_cast<int>(t.size(1));
    const auto* p = t.data_ptr<uint8_t>();
    img.pixels.assign(p, p + t.numel());
    return img;
}

std::vector<uint64_t> seedsFor(const GenerationRequest& r) {
    std::vector<uint64_t> seeds = r.seeds;
    std::random_device device;
    while (static_cast<int>(seeds.size()) < r.variants)
        seeds.push_back((static_cast<uint64_t>(device()) << 32) ^ device());
    seeds.resize(static_cast<size_t>(r.variants));
    return seeds;
}

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

// Answers the generation loops' "is this variant stopped?" from the job's cancel flags, and
// reports each cancelled variant once.
class CancelWatch {
public:
    CancelWatch(const JobControl& control, uint64_t id, int variants, const EventCallback& emit)
        : control_(control), id_(id), reported_(static_cast<size_t>(variants), false), emit_(emit) {}

    bool operator()(int v) {
        if (!control_.cancelled.load() && !(control_.cancelledVariants.load() >> v & 1u)) return false;
        if (!reported_[static_cast<size_t>(v)]) {
            reported_[static_cast<size_t>(v)] = true;
            emit_(event(GenerationEvent::Type::Cancelled, id_, v));
        }
        return true;
    }

private:
    const JobControl& control_;
    uint64_t id_;
    std::vector<bool> reported_;
    const EventCallback& emit_;
};

void runText(const model::JanusModel& model, uint64_t id, const GenerationRequest& r, const JobControl& control,
             const EventCallback& emit) {
    const auto& defaults = model.config().defaults;
    const auto ids = promptIds(model, r, "");
    const auto seeds = seedsFor(r);
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
    options.seeds = seedsFor(r);

    const auto grid = model.config().generation.gridSize;
    const auto steps = grid * grid;
    const auto* vq = model.vq();
    CancelWatch stopped(control, id, r.variants, emit);
    // Codes drawn so far, per variant, for partial-decode previews.
    auto drawn = torch::zeros({r.variants, steps}, torch::kInt64);
    Meter meter(steps);
    PreviewCadence previews(r.previewEveryRows);

    emit(phaseEvent(id, Phase::Prefill));
    const auto onStep = [&](const generate::ImageStep& s) {
        if (s.step == 0) emit(phaseEvent(id, Phase::Image));
        meter.step();
        for (size_t i = 0; i < s.variants.size(); ++i) {
            const int v = s.variants[i];
            const auto code = s.tokens[static_cast<int64_t>(i)].item<int64_t>();
            drawn[v][s.step] = code;
            auto e = event(GenerationEvent::Type::ImageToken, id, v);
            e.row = static_cast<int>(s.step / grid);
            e.col = static_cast<int>(s.step % grid);
            e.code = code;
            if (colours) {
                const auto* rgb = colours->table().data_ptr<uint8_t>() + 3 * code;
                std::copy(rgb, rgb + 3, e.colour);
            }
            emit(e);
        }
        emit(meter.stats(id));
        const bool rowDone = (s.step + 1) % grid == 0;
        const auto rowsDone = (s.step + 1) / grid;
        if (vq && rowDone && rowsDone < grid && previews.due(rowsDone, meter.secondsPerStep() * static_cast<double>(grid))) {
            const auto start = Clock::now();
            for (size_t i = 0; i < s.variants.size(); ++i) {
                const int v = s.variants[i];
                const auto codes = drawn[v].view({1, grid, grid}).to(model.device());
                const auto decoded = vq->decodePartial(codes, s.step + 1);
                auto e = event(GenerationEvent::Type::Preview, id, v);
                e.image = toImage(nn::VqModel::toRgb8(decoded)[0]);
                emit(e);
            }
            previews.done(rowsDone, msSince(start) / 1000.0);
        }
    };

    generate::ImagePrompt prompt{model.decoder().embed(padded.ids.to(model.device())), padded.valid.to(model.device())};
    const auto result = generate::generateImageTokens(model, prompt, options, onStep, std::ref(stopped));

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
    try {
        torch::NoGradGuard noGrad;
        validate(model, request);
        if (request.mode == GenerationMode::Text)
            runText(model, id, request, control, emit);
        else
            runImage(model, colours, id, request, control, emit);
        if (control.cancelled.load())
            emit(event(GenerationEvent::Type::Cancelled, id, -1));
        else {
            emit(phaseEvent(id, Phase::Finished));
            emit(event(GenerationEvent::Type::Done, id));
        }
    } catch (const Error& e) {
        auto ev = event(GenerationEvent::Type::Error, id);
        ev.error = e.problem();
        ev.errorFix = e.fix();
        emit(ev);
    } catch (const std::exception& e) {
        auto ev = event(GenerationEvent::Type::Error, id);
        ev.error = std::string("The generation failed: ") + e.what();
        ev.errorFix = "Try again with fewer variants or a shorter prompt; if it persists, report it with the model used.";
        emit(ev);
    }
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
    return info;
}

}  // namespace adgen::api
