#include "api/ad_session.h"

#include "adgen/error.h"
#include "generate/factual_words.h"
#include "personalize/history_sampling.h"
#include "personalize/personalized_generation.h"
#include "personalize/product_inputs.h"
#include "personalize/title_stream.h"
#include "text/streaming_decoder.h"

#include <cmath>
#include <functional>
#include <optional>

namespace adgen::api {
namespace {

bool blank(const std::string& text) { return text.find_first_not_of(" \t\r\n") == std::string::npos; }

void checkOptionalNonNegative(const std::optional<double>& value, const char* what) {
    if (value && !(*value >= 0))
        throw Error(std::string("The ") + what + " is negative.", std::string("Use 0 (greedy) or a positive ") + what + ".");
}

void validate(const AdRequest& r) {
    if (r.variants < 1 || r.variants > 8)
        throw Error("An ad generation asks for " + std::to_string(r.variants) + " variants.", "Ask for 1 to 8 variants.");
    if (r.product.empty())
        throw Error("The brief has no product image.", "Load the product's transparent cut-out (PNG with alpha).");
    if (r.product.pixels.size() != static_cast<size_t>(r.product.width) * static_cast<size_t>(r.product.height) * 4)
        throw Error("The product image's pixel buffer does not match its size.", "Decode the image again.");
    if (!(r.maxRatio > 0 && r.maxRatio <= 1))
        throw Error("The product's largest relative size (max ratio) is " + std::to_string(r.maxRatio) + ".",
                    "Use a value above 0 and at most 1 (1 keeps the product's own size).");
    bool anyPoint = false;
    for (const auto& p : r.sellingPoints) anyPoint = anyPoint || !blank(p);
    if (!anyPoint)
        throw Error("The brief has no selling points, so the model has nothing to write the ad copy from.",
                    "Add the product's selling points (one per line or separated by commas).");
    if (r.factualCopy && generate::sellingPointWords(r.sellingPoints).empty())
        throw Error("Factual copy mode is on but the selling points have no words, only punctuation, so no word would be allowed.",
                    "Write the selling points in words, or switch factual copy off.");
    if (r.historyLength < -1)
        throw Error("The history length is " + std::to_string(r.historyLength) + ".",
                    "Use 0 (no personalization) or more, or -1 for the model's own length.");
    for (size_t i = 0; i < r.history.size(); ++i) {
        const auto& click = r.history[i];
        const auto at = "Shopper click " + std::to_string(i + 1);
        if (click.image.empty() ||
            click.image.pixels.size() != static_cast<size_t>(click.image.width) * static_cast<size_t>(click.image.height) * 4)
            throw Error(at + " (\"" + click.title + "\") has no usable image.", "Give every click its product image, or remove it.");
        if (click.similarity && !std::isfinite(*click.similarity))
            throw Error(at + " has a similarity that is not a number.", "Use a finite similarity, or leave it out.");
    }
    checkOptionalNonNegative(r.titleTemperature, "title temperature");
    checkOptionalNonNegative(r.imageTemperature, "image temperature");
    if (r.cfgWeight && !std::isfinite(*r.cfgWeight))
        throw Error("The CFG weight is not a number.", "Use a CFG weight such as 5.");
    if (r.maxTitleTokens < 0)
        throw Error("The title may have at most " + std::to_string(r.maxTitleTokens) + " tokens.",
                    "Use a positive limit, or 0 for the model's own.");
}

image::Image8 toImage8(const RgbaImage& rgba) {
    image::Image8 out;
    out.width = rgba.width;
    out.height = rgba.height;
    out.channels = 4;
    out.data = rgba.pixels;
    return out;
}

RgbImage toRgbImage(const image::Image8& rgb) {
    return RgbImage{rgb.width, rgb.height, rgb.data};
}

std::string joinSellingPoints(const std::vector<std::string>& points) {
    std::string out;
    for (const auto& p : points) {
        if (blank(p)) continue;
        if (!out.empty()) out += ", ";
        out += p;
    }
    return out;
}

// Which clicks condition the ad (one choice for all variants, so they differ by seed alone).
std::vector<int> chooseHistory(const personalize::UniAdGenModel& model, const AdRequest& r,
                               std::vector<std::string>& warnings) {
    personalize::HistoryCandidates candidates;
    candidates.productTitle = r.originalTitle;
    candidates.targetTitle = r.targetTitles;
    size_t given = 0;
    for (const auto& click : r.history) {
        candidates.titles.push_back(click.title);
        given += click.similarity ? 1 : 0;
    }
    if (given == r.history.size()) {
        for (const auto& click : r.history) candidates.similarity.push_back(*click.similarity);
    } else if (given > 0) {
        for (const auto& click : r.history)
            candidates.similarity.push_back(click.similarity ? *click.similarity
                                                             : personalize::titleSimilarity(r.originalTitle, click.title));
        warnings.push_back(std::to_string(r.history.size() - given) + " of " + std::to_string(r.history.size()) +
                           " clicks had no similarity; AdGen's title similarity was used for them.");
    }
    const int length = r.historyLength >= 0 ? r.historyLength : static_cast<int>(model.config().historyLength);
    const auto strategy = r.sampling == HistorySampling::Random        ? personalize::HistoryStrategy::Random
                          : r.sampling == HistorySampling::MostSimilar ? personalize::HistoryStrategy::MostSimilar
                                                                       : personalize::HistoryStrategy::Pss;
    return personalize::selectHistory(candidates, length, strategy, r.samplingSeed, &warnings);
}

personalize::HistoryFeatures historyFeatures(const personalize::UniAdGenModel& model, const AdRequest& r,
                                             const std::vector<int>& chosen, HistoryPictureCache& pictures) {
    if (chosen.empty()) return {};
    std::vector<const RgbaImage*> images;
    std::vector<std::string> titles;
    for (const int i : chosen) {
        const auto& click = r.history[static_cast<size_t>(i)];
        images.push_back(&click.image);
        titles.push_back(click.title);
    }
    const auto prepared = pictures.getAll(images, static_cast<int>(model.config().historyImageSize));
    return personalize::encodeHistory(model, torch::stack(prepared), titles);
}

// Streams each variant's title as the designer should read it: token -> UTF-8 -> between the markers.
class TitleDeltas {
public:
    TitleDeltas(const personalize::UniAdGenModel& model, int variants, uint64_t id, const EventCallback& emit)
        : id_(id), emit_(emit) {
        for (int v = 0; v < variants; ++v) {
            decoders_.push_back(std::make_unique<text::StreamingDecoder>(*model.janus().tokenizer()));
            titles_.emplace_back(model.config());
        }
    }
    void push(int v, int64_t token) {
        auto delta = titles_[static_cast<size_t>(v)].push(decoders_[static_cast<size_t>(v)]->push(static_cast<int32_t>(token)));
        if (delta.empty()) return;
        auto e = event(GenerationEvent::Type::TextDelta, id_, v);
        e.text = std::move(delta);
        emit_(e);
    }

private:
    uint64_t id_;
    const EventCallback& emit_;
    std::vector<std::unique_ptr<text::StreamingDecoder>> decoders_;
    std::vector<personalize::TitleStream> titles_;
};

void runAd(const personalize::UniAdGenModel& model, const nn::CodeColourPreview* colours, HistoryPictureCache& pictures,
           uint64_t id, const AdRequest& r, const JobControl& control, const EventCallback& emit) {
    const auto& janus = model.janus();
    const auto& defaults = janus.config().defaults;
    model.prompts();  // fails early, with its own message, when the model has no tokenizer

    GenerationEvent selected = event(GenerationEvent::Type::HistorySelected, id);
    selected.historyUsed = chooseHistory(model, r, selected.warnings);
    emit(selected);

    const auto product = toImage8(r.product);
    const int controlSize = static_cast<int>(model.foreground().config().imageSize);

    personalize::PersonalizedRequest request;
    request.brief = {joinSellingPoints(r.sellingPoints), r.originalTitle};
    // Made when stage 2 needs them, so the first title token does not wait for them.
    std::optional<personalize::ProductInputs> inputs;
    const auto productInputs = [&]() -> const personalize::ProductInputs& {
        if (!inputs) inputs = personalize::prepareProduct(product, r.maxRatio, controlSize);
        return *inputs;
    };
    request.control = [&] { return productInputs().control; };
    request.history = historyFeatures(model, r, selected.historyUsed, pictures);
    request.stage2Mode = r.stage2 ? (*r.stage2 == Stage2Prompt::TrainConsistent ? personalize::Stage2Mode::TrainConsistent
                                                                                 : personalize::Stage2Mode::Released)
                                  : model.config().stage2Mode;
    request.seeds = completeSeeds(r.seeds, r.variants);
    request.cfgWeight = r.cfgWeight.value_or(defaults.cfgWeight);
    request.titleSampling = {r.titleTemperature.value_or(defaults.textTemperature), r.titleTopK.value_or(defaults.textTopK),
                             r.titleTopP.value_or(defaults.textTopP)};
    request.imageSampling = {r.imageTemperature.value_or(defaults.imageTemperature), r.imageTopK.value_or(defaults.imageTopK),
                             r.imageTopP.value_or(defaults.imageTopP)};
    request.maxTitleTokens = r.maxTitleTokens > 0 ? r.maxTitleTokens : model.config().maxTitleTokens;
    request.fixedTitles = r.fixedTitles;
    request.factualCopy = r.factualCopy;

    CancelWatch stopped(control, id, r.variants, emit);
    TitleDeltas titles(model, r.variants, id, emit);
    ImageStepReporter imageSteps(janus, colours, id, r.variants, r.previewEveryRows, emit);
    bool writing = false;
    personalize::PersonalizedCallbacks callbacks;
    callbacks.onTitleToken = [&](int v, int64_t token) {
        if (!writing) emit(phaseEvent(id, Phase::Text));
        writing = true;
        titles.push(v, token);
    };
    callbacks.onTitlesDone = [&] { emit(phaseEvent(id, Phase::Prefill)); };
    callbacks.onImageStep = std::ref(imageSteps);
    callbacks.stopped = std::ref(stopped);

    emit(phaseEvent(id, Phase::Prefill));
    const auto variants = personalize::generatePersonalized(model, request, callbacks);

    emit(phaseEvent(id, Phase::Decoding));
    const auto grid = janus.config().generation.gridSize;
    torch::Tensor transAlpha;  // at the decoded image's size, made on first use
    for (int v = 0; v < r.variants; ++v) {
        if (stopped(v)) continue;
        const auto& variant = variants[static_cast<size_t>(v)];
        auto e = event(GenerationEvent::Type::VariantDone, id, v);
        e.seed = request.seeds[static_cast<size_t>(v)];
        e.text = variant.title;
        e.historyUsed = selected.historyUsed;
        e.tokens.assign(variant.imageTokens.data_ptr<int64_t>(), variant.imageTokens.data_ptr<int64_t>() + variant.imageTokens.numel());
        const auto decoded = janus.vq()->decode(variant.imageTokens.view({1, grid, grid}).to(janus.device()))[0].to(torch::kCPU, torch::kFloat32);
        e.image = toRgbImage(personalize::toRgb8(decoded));  // truncated as the reference saves it
        if (!transAlpha.defined())
            transAlpha = decoded.size(1) == controlSize ? productInputs().transAlpha
                                                        : personalize::prepareProduct(product, r.maxRatio, static_cast<int>(decoded.size(1))).transAlpha;
        e.fusionImage = toRgbImage(personalize::fuseProduct(decoded, transAlpha));
        emit(e);
    }
}

}  // namespace

void runAdGeneration(const personalize::UniAdGenModel& model, const nn::CodeColourPreview* colours,
                     HistoryPictureCache& pictures, uint64_t id, const AdRequest& request, const JobControl& control,
                     const EventCallback& emit) {
    runReportingErrors(id, control, emit, [&] {
        validate(request);
        runAd(model, colours, pictures, id, request, control, emit);
    });
}

void describePersonalization(const personalize::UniAdGenModel& model, ModelInfo& info) {
    info.personalized = true;
    info.parameterCount = model.parameterCount();
    info.historyLength = model.config().historyLength;
    info.stage2Mode = personalize::toString(model.config().stage2Mode);
}

}  // namespace adgen::api
