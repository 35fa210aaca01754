#include "personalize/uniadgen_config.h"

#include "model/config_fields.h"

#include "adgen/error.h"

namespace adgen::personalize {
namespace {

using nlohmann::json;
using model::field;
using model::kFixConfig;

[[noreturn]] void invalid(const std::string& origin, const std::string& what) {
    throw Error("The model config " + origin + " " + what, kFixConfig);
}

size_t occurrences(const std::string& text, const std::string& needle) {
    size_t count = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + needle.size())) ++count;
    return count;
}

void validate(const UniAdGenConfig& c, const std::string& origin, const model::ModelConfig& model) {
    const auto& language = model.language;
    const auto positive = [&](int64_t value, const char* name) {
        if (value <= 0) invalid(origin, std::string("gives uniadgen.") + name + " = " + std::to_string(value) + ", which must be positive.");
    };
    if (c.historyLength < 0) invalid(origin, "gives a negative uniadgen.history_length.");
    positive(c.historyTitleTokens, "history_title_tokens");
    positive(c.historyImageSize, "history_image_size");
    positive(c.productCanvas, "product_canvas");
    positive(c.maxTitleTokens, "max_title_tokens");
    // History images become VQ codes: one per patch of the VQ downsampling (16 for VQ-16).
    const int64_t patch = model.vq.downsampleFactor();
    const auto side = c.historyImageSize / patch;
    if (c.historyImageSize % patch != 0 || c.historyImageTokens != side * side)
        invalid(origin, "gives uniadgen.history_image_tokens = " + std::to_string(c.historyImageTokens) +
                            " for history images of " + std::to_string(c.historyImageSize) + " px; the VQ tokenizer makes (size / " +
                            std::to_string(patch) + ")^2 codes of an image whose size is a multiple of " +
                            std::to_string(patch) + ".");
    for (const char* slot : {"{TP}", "{IP}"})
        if (occurrences(c.instructionTemplate, slot) != 1)
            invalid(origin, std::string("has an instruction_template without exactly one ") + slot +
                                " (where the history titles and images go).");
    const auto& p = c.preference;
    positive(p.heads, "preference.heads");
    positive(p.ffDim, "preference.ff_dim");
    positive(p.maskLayers, "preference.mask_layers");
    positive(p.fusionLayers, "preference.fusion_layers");
    if (language.hiddenSize % p.heads != 0)
        invalid(origin, "gives uniadgen.preference.heads = " + std::to_string(p.heads) +
                            ", which does not divide the hidden size " + std::to_string(language.hiddenSize) + ".");
    if (!(p.keepRate > 0.0 && p.keepRate <= 1.0))
        invalid(origin, "gives uniadgen.preference.keep_rate = " + std::to_string(p.keepRate) + "; it must be in (0, 1].");
    const auto& f = c.foreground;
    positive(f.conditionLayers, "foreground.condition_layers");
    positive(f.layerInterval, "foreground.layer_interval");
    if ((f.conditionLayers - 1) * f.layerInterval >= language.numLayers)
        invalid(origin, "has " + std::to_string(f.conditionLayers) + " condition layers every " +
                            std::to_string(f.layerInterval) + " decoder layers, but the decoder has only " +
                            std::to_string(language.numLayers) + " layers.");
    positive(f.dinoHidden, "foreground.dinov2.hidden_size");
    positive(f.dinoLayers, "foreground.dinov2.num_layers");
    positive(f.dinoHeads, "foreground.dinov2.num_heads");
    positive(f.dinoMlp, "foreground.dinov2.mlp_size");
    positive(f.dinoPatch, "foreground.dinov2.patch_size");
    positive(f.dinoPositionGrid, "foreground.dinov2.position_grid");
    if (f.dinoHidden % f.dinoHeads != 0) invalid(origin, "gives DINOv2 heads that do not divide its hidden size.");
    if (c.loraRank < 0) invalid(origin, "gives a negative uniadgen.lora.rank.");
}

}  // namespace

const std::string& releasedInstructionTemplate() {
    static const std::string text =
        "Generate an engaging title using only the words from the word list '{W}' in similar style to the history "
        "title set '{TP}', and based on the original title '{S}', create a promising product marketing image for the "
        "produce in the image in similar style to history image set {IP}. (Directly provide the title and prompt "
        "without preface explanation)";
    return text;
}

const std::string& releasedNegativePrompt() {
    static const std::string text =
        "low quality, jpeg artifacts, ugly, duplicate, morbid, mutilated, extra fingers, mutated hands, poorly drawn "
        "hands, poorly drawn face, mutation, deformed, blurry, dehydrated, bad anatomy, bad proportions, extra limbs, "
        "cloned face, disfigured, gross proportions, malformed limbs, missing arms, missing legs, extra arms, extra "
        "legs, fused fingers, too many fingers.";
    return text;
}

std::string toString(Stage2Mode mode) { return mode == Stage2Mode::Released ? "released" : "train-consistent"; }

std::optional<Stage2Mode> stage2ModeFromString(const std::string& text) {
    if (text == "released") return Stage2Mode::Released;
    if (text == "train-consistent") return Stage2Mode::TrainConsistent;
    return std::nullopt;
}

std::optional<UniAdGenConfig> readUniAdGenConfig(const model::ModelConfig& model, const std::string& origin) {
    const auto& config = model.raw;
    const auto& language = model.language;
    if (!config.is_object() || !config.contains("uniadgen")) return std::nullopt;
    const auto& j = config.at("uniadgen");
    if (!j.is_object()) invalid(origin, "has a \"uniadgen\" field that is not an object.");
    const std::string s = "uniadgen.";
    UniAdGenConfig c;
    c.instructionTemplate = releasedInstructionTemplate();
    c.negativePrompt = releasedNegativePrompt();
    c.preference.ffDim = 4 * language.hiddenSize;
    c.historyLength = field<int64_t>(j, "history_length", c.historyLength, origin, s);
    c.historyTitleTokens = field<int64_t>(j, "history_title_tokens", c.historyTitleTokens, origin, s);
    c.historyImageTokens = field<int64_t>(j, "history_image_tokens", c.historyImageTokens, origin, s);
    c.historyImageSize = field<int64_t>(j, "history_image_size", c.historyImageSize, origin, s);
    c.productCanvas = field<int64_t>(j, "product_canvas", c.productCanvas, origin, s);
    c.instructionTemplate = field<std::string>(j, "instruction_template", c.instructionTemplate, origin, s);
    c.negativePrompt = field<std::string>(j, "negative_prompt", c.negativePrompt, origin, s);
    const auto mode = field<std::string>(j, "stage2_mode", toString(c.stage2Mode), origin, s);
    if (const auto parsed = stage2ModeFromString(mode)) c.stage2Mode = *parsed;
    else invalid(origin, "gives uniadgen.stage2_mode = \"" + mode + "\"; use \"released\" or \"train-consistent\".");
    c.titleOpen = field<std::string>(j, "title_open", c.titleOpen, origin, s);
    c.titleClose = field<std::string>(j, "title_close", c.titleClose, origin, s);
    c.maxTitleTokens = field<int64_t>(j, "max_title_tokens", c.maxTitleTokens, origin, s);

    const auto tokens = j.value("tokens", json::object());
    auto& t = c.tokens;
    t.titlePlaceholder = field<std::string>(tokens, "title_placeholder", t.titlePlaceholder, origin, s + "tokens.");
    t.beginOfHistoryTitle = field<std::string>(tokens, "begin_of_history_title", t.beginOfHistoryTitle, origin, s + "tokens.");
    t.endOfHistoryTitle = field<std::string>(tokens, "end_of_history_title", t.endOfHistoryTitle, origin, s + "tokens.");
    t.imagePlaceholder = field<std::string>(tokens, "image_placeholder", t.imagePlaceholder, origin, s + "tokens.");

    const auto preference = j.value("preference", json::object());
    auto& p = c.preference;
    const auto ps = s + "preference.";
    p.heads = field<int64_t>(preference, "heads", p.heads, origin, ps);
    p.ffDim = field<int64_t>(preference, "ff_dim", p.ffDim, origin, ps);
    p.maskLayers = field<int64_t>(preference, "mask_layers", p.maskLayers, origin, ps);
    p.fusionLayers = field<int64_t>(preference, "fusion_layers", p.fusionLayers, origin, ps);
    p.keepRate = field<double>(preference, "keep_rate", p.keepRate, origin, ps);

    const auto foreground = j.value("foreground", json::object());
    auto& f = c.foreground;
    const auto fs = s + "foreground.";
    f.conditionLayers = field<int64_t>(foreground, "condition_layers", f.conditionLayers, origin, fs);
    f.layerInterval = field<int64_t>(foreground, "layer_interval", f.layerInterval, origin, fs);
    f.strength = field<double>(foreground, "strength", f.strength, origin, fs);
    const auto dino = foreground.value("dinov2", json::object());
    const auto ds = fs + "dinov2.";
    f.dinoHidden = field<int64_t>(dino, "hidden_size", f.dinoHidden, origin, ds);
    f.dinoLayers = field<int64_t>(dino, "num_layers", f.dinoLayers, origin, ds);
    f.dinoHeads = field<int64_t>(dino, "num_heads", f.dinoHeads, origin, ds);
    f.dinoMlp = field<int64_t>(dino, "mlp_size", f.dinoMlp, origin, ds);
    f.dinoPatch = field<int64_t>(dino, "patch_size", f.dinoPatch, origin, ds);
    f.dinoPositionGrid = field<int64_t>(dino, "position_grid", f.dinoPositionGrid, origin, ds);

    const auto lora = j.value("lora", json::object());
    c.loraRank = field<int64_t>(lora, "rank", c.loraRank, origin, s + "lora.");
    c.loraAlpha = field<double>(lora, "alpha", c.loraAlpha, origin, s + "lora.");

    validate(c, origin, model);
    return c;
}

json toJson(const UniAdGenConfig& c) {
    const auto& f = c.foreground;
    return json{
        {"history_length", c.historyLength},
        {"history_title_tokens", c.historyTitleTokens},
        {"history_image_tokens", c.historyImageTokens},
        {"history_image_size", c.historyImageSize},
        {"product_canvas", c.productCanvas},
        {"instruction_template", c.instructionTemplate},
        {"negative_prompt", c.negativePrompt},
        {"stage2_mode", toString(c.stage2Mode)},
        {"title_open", c.titleOpen},
        {"title_close", c.titleClose},
        {"max_title_tokens", c.maxTitleTokens},
        {"tokens",
         {{"title_placeholder", c.tokens.titlePlaceholder},
          {"begin_of_history_title", c.tokens.beginOfHistoryTitle},
          {"end_of_history_title", c.tokens.endOfHistoryTitle},
          {"image_placeholder", c.tokens.imagePlaceholder}}},
        {"preference",
         {{"heads", c.preference.heads},
          {"ff_dim", c.preference.ffDim},
          {"mask_layers", c.preference.maskLayers},
          {"fusion_layers", c.preference.fusionLayers},
          {"keep_rate", c.preference.keepRate}}},
        {"foreground",
         {{"condition_layers", f.conditionLayers},
          {"layer_interval", f.layerInterval},
          {"strength", f.strength},
          {"dinov2",
           {{"hidden_size", f.dinoHidden},
            {"num_layers", f.dinoLayers},
            {"num_heads", f.dinoHeads},
            {"mlp_size", f.dinoMlp},
            {"patch_size", f.dinoPatch},
            {"position_grid", f.dinoPositionGrid}}}}},
        {"lora", {{"rank", c.loraRank}, {"alpha", c.loraAlpha}}},
    };
}

}  // namespace adgen::personalize
