#include "model/model_config.h"

#include "model/config_fields.h"

#include "adgen/error.h"

#include <fstream>

namespace adgen::model {
namespace {

using nlohmann::json;

void requirePositive(int64_t value, const std::string& name, const std::string& origin) {
    if (value <= 0)
        throw Error("The model config " + origin + " gives " + name + " = " + std::to_string(value) +
                        ", which must be positive.",
                    kFixConfig);
}

void validate(const ModelConfig& c, const std::string& origin) {
    const auto& l = c.language;
    requirePositive(l.hiddenSize, "language.hidden_size", origin);
    requirePositive(l.numLayers, "language.num_layers", origin);
    requirePositive(l.numHeads, "language.num_heads", origin);
    requirePositive(l.numKvHeads, "language.num_kv_heads", origin);
    requirePositive(l.headDim, "language.head_dim", origin);
    requirePositive(l.intermediateSize, "language.intermediate_size", origin);
    requirePositive(l.vocabSize, "language.vocab_size", origin);
    requirePositive(l.maxPositions, "language.max_position_embeddings", origin);
    requirePositive(c.generation.imageTokenSize, "generation.image_token_size", origin);
    requirePositive(c.generation.codeDim, "generation.code_dim", origin);
    requirePositive(c.generation.gridSize, "generation.grid_size", origin);
    if (l.numHeads % l.numKvHeads != 0)
        throw Error("The model config " + origin + " has " + std::to_string(l.numHeads) + " attention heads and " +
                        std::to_string(l.numKvHeads) + " key/value heads; the first must be a multiple of the second.",
                    kFixConfig);
    if (l.headDim % 2 != 0)
        throw Error("The model config " + origin + " has an odd head_dim (" + std::to_string(l.headDim) +
                        "); rotary embeddings need an even one.",
                    kFixConfig);
}

void readLanguage(LanguageConfig& l, const json& j, const std::string& origin, const std::string& s) {
    l.hiddenSize = field<int64_t>(j, "hidden_size", l.hiddenSize, origin, s);
    l.numLayers = field<int64_t>(j, "num_hidden_layers", l.numLayers, origin, s);
    l.numLayers = field<int64_t>(j, "num_layers", l.numLayers, origin, s);
    l.numHeads = field<int64_t>(j, "num_attention_heads", l.numHeads, origin, s);
    l.numHeads = field<int64_t>(j, "num_heads", l.numHeads, origin, s);
    l.numKvHeads = field<int64_t>(j, "num_key_value_heads", l.numHeads, origin, s);
    l.numKvHeads = field<int64_t>(j, "num_kv_heads", l.numKvHeads, origin, s);
    // Without head_dim, LLaMA splits hidden_size evenly over the heads. (A zero or negative head
    // count is reported by validate(); do not divide by it here.)
    const bool headDimGiven = j.is_object() && j.contains("head_dim") && !j.at("head_dim").is_null();
    if (!headDimGiven && l.hiddenSize > 0 && l.numHeads > 0 && l.hiddenSize % l.numHeads != 0)
        throw Error("The model config " + origin + " gives " + s + "hidden_size = " + std::to_string(l.hiddenSize) +
                        ", which is not a multiple of its " + std::to_string(l.numHeads) +
                        " attention heads, and no " + s + "head_dim.",
                    "Fix hidden_size or the number of heads, or give \"head_dim\" explicitly.");
    l.headDim = field<int64_t>(j, "head_dim", l.numHeads > 0 ? l.hiddenSize / l.numHeads : 0, origin, s);
    l.intermediateSize = field<int64_t>(j, "intermediate_size", l.intermediateSize, origin, s);
    l.vocabSize = field<int64_t>(j, "vocab_size", l.vocabSize, origin, s);
    l.rmsNormEps = field<double>(j, "rms_norm_eps", l.rmsNormEps, origin, s);
    l.ropeTheta = field<double>(j, "rope_theta", l.ropeTheta, origin, s);
    l.maxPositions = field<int64_t>(j, "max_position_embeddings", l.maxPositions, origin, s);
    if (j.contains("rope_scaling") && !j.at("rope_scaling").is_null())
        throw Error("The model config " + origin + " asks for RoPE scaling (" + j.at("rope_scaling").dump() +
                        "), which Janus models do not use and AdGen does not implement.",
                    "Remove \"rope_scaling\" if the model was trained without it.");
}

void readVq(nn::VqConfig& vq, const json& j, const std::string& origin, const std::string& s) {
    vq.codebookSize = field<int64_t>(j, "codebook_size", vq.codebookSize, origin, s);
    vq.codeDim = field<int64_t>(j, "code_dim", vq.codeDim, origin, s);
    vq.zChannels = field<int64_t>(j, "z_channels", vq.zChannels, origin, s);
    vq.baseChannels = field<int64_t>(j, "base_channels", vq.baseChannels, origin, s);
    vq.channelMultipliers = field<std::vector<int64_t>>(j, "channel_multipliers", vq.channelMultipliers, origin, s);
    vq.numResBlocks = field<int64_t>(j, "num_res_blocks", vq.numResBlocks, origin, s);
}

// config.json as published with Janus-Pro (sub-configs with "cls" and "params", model-spec 1.1).
ModelConfig fromJanusHub(const json& j, const std::string& origin) {
    ModelConfig c;
    c.kind = ModelConfig::Kind::JanusHub;
    c.name = field<std::string>(j, "_name_or_path", "janus-pro", origin, "");
    readLanguage(c.language, j.value("language_config", json::object()), origin, "language_config.");
    const auto params = [&](const char* key) {
        const auto& sub = j.value(key, json::object());
        return sub.is_object() ? sub.value("params", json::object()) : json::object();
    };
    const auto head = params("gen_head_config");
    c.generation.imageTokenSize = field<int64_t>(head, "image_token_size", 16384, origin, "gen_head_config.params.");
    c.generation.imageTokenEmbed =
        field<int64_t>(head, "image_token_embed", c.language.hiddenSize, origin, "gen_head_config.params.");
    const auto vision = params("gen_vision_config");
    c.generation.codeDim = field<int64_t>(vision, "n_embed", 8, origin, "gen_vision_config.params.");
    c.vq.codebookSize = field<int64_t>(vision, "image_token_size", c.generation.imageTokenSize, origin,
                                       "gen_vision_config.params.");
    c.vq.codeDim = c.generation.codeDim;
    c.generation.gridSize = 24;  // 384 px / patch 16, fixed by the released models
    return c;
}

// config.json of a Hugging Face converted model (JanusConfig, model-spec 7.1).
ModelConfig fromHfJanus(const json& j, const std::string& origin) {
    ModelConfig c;
    c.kind = ModelConfig::Kind::HfJanus;
    c.name = field<std::string>(j, "_name_or_path", "janus", origin, "");
    readLanguage(c.language, j.value("text_config", json::object()), origin, "text_config.");
    const auto vq = j.value("vq_config", json::object());
    const std::string s = "vq_config.";
    c.vq.codeDim = field<int64_t>(vq, "embed_dim", 8, origin, s);
    c.vq.codebookSize = field<int64_t>(vq, "num_embeddings", 16384, origin, s);
    c.vq.zChannels = field<int64_t>(vq, "latent_channels", 256, origin, s);
    c.vq.baseChannels = field<int64_t>(vq, "base_channels", 128, origin, s);
    c.vq.channelMultipliers = field<std::vector<int64_t>>(vq, "channel_multiplier", {1, 1, 2, 2, 4}, origin, s);
    c.vq.numResBlocks = field<int64_t>(vq, "num_res_blocks", 2, origin, s);
    c.generation.imageTokenSize = c.vq.codebookSize;
    c.generation.codeDim = c.vq.codeDim;
    c.generation.imageTokenEmbed = field<int64_t>(vq, "image_token_embed_dim", c.language.hiddenSize, origin, s);
    const auto vision = j.value("vision_config", json::object());
    const auto imageSize = field<int64_t>(vision, "image_size", 384, origin, "vision_config.");
    const auto patch = field<int64_t>(vision, "patch_size", 16, origin, "vision_config.");
    c.generation.gridSize = imageSize / std::max<int64_t>(patch, 1);
    return c;
}

ModelConfig fromAdGen(const json& j, const std::string& origin) {
    ModelConfig c;
    c.kind = ModelConfig::Kind::AdGen;
    const auto version = field<int64_t>(j, "version", 1, origin, "");
    if (version != 1)
        throw Error("The model config " + origin + " has version " + std::to_string(version) +
                        ", but this AdGen reads version 1.",
                    "Update AdGen Studio, or use a model made for this version.");
    c.name = field<std::string>(j, "name", "", origin, "");
    c.family = field<std::string>(j, "family", c.family, origin, "");
    if (!j.contains("language"))
        throw Error("The model config " + origin + " has no \"language\" section.", kFixConfig);
    readLanguage(c.language, j.at("language"), origin, "language.");
    const auto gen = j.value("generation", json::object());
    auto& g = c.generation;
    g.imageTokenSize = field<int64_t>(gen, "image_token_size", g.imageTokenSize, origin, "generation.");
    g.codeDim = field<int64_t>(gen, "code_dim", g.codeDim, origin, "generation.");
    g.imageTokenEmbed = field<int64_t>(gen, "image_token_embed", c.language.hiddenSize, origin, "generation.");
    g.gridSize = field<int64_t>(gen, "grid_size", g.gridSize, origin, "generation.");
    c.vq.codebookSize = g.imageTokenSize;
    c.vq.codeDim = g.codeDim;
    readVq(c.vq, j.value("vq", json::object()), origin, "vq.");

    const auto tokens = j.value("tokens", json::object());
    auto& t = c.tokens;
    t.bos = field<std::string>(tokens, "bos", t.bos, origin, "tokens.");
    t.eos = field<std::string>(tokens, "eos", t.eos, origin, "tokens.");
    t.pad = field<std::string>(tokens, "pad", t.pad, origin, "tokens.");
    t.beginOfImage = field<std::string>(tokens, "begin_of_image", t.beginOfImage, origin, "tokens.");
    t.endOfImage = field<std::string>(tokens, "end_of_image", t.endOfImage, origin, "tokens.");

    const auto chat = j.value("template", json::object());
    auto& ch = c.chat;
    ch.userRole = field<std::string>(chat, "user_role", ch.userRole, origin, "template.");
    ch.assistantRole = field<std::string>(chat, "assistant_role", ch.assistantRole, origin, "template.");
    ch.separator = field<std::string>(chat, "separator", ch.separator, origin, "template.");
    ch.endOfTurn = field<std::string>(chat, "end_of_turn", ch.endOfTurn, origin, "template.");
    ch.systemPrompt = field<std::string>(chat, "system_prompt", ch.systemPrompt, origin, "template.");

    const auto defaults = j.value("defaults", json::object());
    auto& d = c.defaults;
    d.cfgWeight = field<double>(defaults, "cfg_weight", d.cfgWeight, origin, "defaults.");
    d.imageTemperature = field<double>(defaults, "image_temperature", d.imageTemperature, origin, "defaults.");
    d.imageTopK = field<int64_t>(defaults, "image_top_k", d.imageTopK, origin, "defaults.");
    d.imageTopP = field<double>(defaults, "image_top_p", d.imageTopP, origin, "defaults.");
    d.textTemperature = field<double>(defaults, "text_temperature", d.textTemperature, origin, "defaults.");
    d.textTopK = field<int64_t>(defaults, "text_top_k", d.textTopK, origin, "defaults.");
    d.textTopP = field<double>(defaults, "text_top_p", d.textTopP, origin, "defaults.");
    d.maxNewTokens = field<int64_t>(defaults, "max_new_tokens", d.maxNewTokens, origin, "defaults.");
    return c;
}

}  // namespace

std::string kindName(ModelConfig::Kind kind) {
    switch (kind) {
        case ModelConfig::Kind::AdGen: return "adgen";
        case ModelConfig::Kind::JanusHub: return "janus-hub";
        case ModelConfig::Kind::HfJanus: return "hf-janus";
    }
    return "?";
}

ModelConfig parseModelConfig(const json& j, const std::string& origin) {
    if (!j.is_object()) throw Error("The model config " + origin + " is not a JSON object.", kFixConfig);
    ModelConfig c;
    const auto format = field<std::string>(j, "format", std::string(), origin, "");
    const auto modelType = field<std::string>(j, "model_type", std::string(), origin, "");
    if (format == "adgen-model")
        c = fromAdGen(j, origin);
    else if (modelType == "multi_modality")
        c = fromJanusHub(j, origin);
    else if (modelType == "janus")
        c = fromHfJanus(j, origin);
    else
        throw Error("The model config " + origin +
                        " is not one AdGen knows: it needs \"format\": \"adgen-model\", or \"model_type\" "
                        "\"multi_modality\" (Janus-Pro as published) or \"janus\" (Hugging Face converted).",
                    "Choose the directory of a Janus-Pro, Uni-AdGen or AdGen demo model.");
    validate(c, origin);
    c.raw = j;
    return c;
}

ModelConfig loadModelConfig(const std::filesystem::path& directory) {
    const auto path = directory / "config.json";
    std::ifstream in(path);
    if (!in)
        throw Error("The model directory " + directory.string() + " has no config.json.",
                    "Choose the directory that holds the model's config.json, tokenizer.json and weights.");
    json j;
    try {
        j = json::parse(in);
    } catch (const json::parse_error& e) {
        throw Error("The model config " + path.string() + " is not valid JSON (" + e.what() + ").", kFixConfig);
    }
    if (!j.is_object() || !j.contains("base_model")) return parseModelConfig(j, path.string());

    // A model built on another one's weights (a converted Uni-AdGen checkpoint on Janus-Pro): the
    // base's config gives the sizes, this file adds its own sections.
    const auto base = field<std::string>(j, "base_model", "", path.string(), "");
    std::filesystem::path baseDirectory = base;
    if (baseDirectory.is_relative()) baseDirectory = directory / baseDirectory;
    if (base.empty() || !std::filesystem::exists(baseDirectory / "config.json"))
        throw Error("The model in " + directory.string() + " is built on the base model \"" + base +
                        "\" (base_model in config.json), but " + baseDirectory.string() + " holds no model.",
                    "Put the base model (e.g. Janus-Pro-7B with safetensors weights) there, or change base_model "
                    "in config.json to where it is.");
    std::ifstream baseIn(baseDirectory / "config.json");
    json baseJson;
    try {
        baseJson = json::parse(baseIn);
    } catch (const json::parse_error& e) {
        throw Error("The base model config " + (baseDirectory / "config.json").string() + " is not valid JSON (" +
                        e.what() + ").",
                    kFixConfig);
    }
    if (baseJson.is_object() && baseJson.contains("base_model"))
        throw Error("The base model " + baseDirectory.string() + " is itself built on another model.",
                    "Point base_model at a complete model (one whose config.json has no base_model).");
    auto config = parseModelConfig(baseJson, (baseDirectory / "config.json").string());
    for (const auto& [key, value] : j.items())
        if (key != "base_model" && key != "format" && key != "version") config.raw[key] = value;
    config.name = field<std::string>(j, "name", config.name, path.string(), "");
    config.baseDirectory = std::filesystem::weakly_canonical(baseDirectory);
    return config;
}

json toJson(const ModelConfig& c) {
    const auto& l = c.language;
    const auto& g = c.generation;
    return json{
        {"format", "adgen-model"},
        {"version", 1},
        {"name", c.name},
        {"family", c.family},
        {"language",
         {{"hidden_size", l.hiddenSize},
          {"num_layers", l.numLayers},
          {"num_heads", l.numHeads},
          {"num_kv_heads", l.numKvHeads},
          {"head_dim", l.headDim},
          {"intermediate_size", l.intermediateSize},
          {"vocab_size", l.vocabSize},
          {"rms_norm_eps", l.rmsNormEps},
          {"rope_theta", l.ropeTheta},
          {"max_position_embeddings", l.maxPositions}}},
        {"generation",
         {{"image_token_size", g.imageTokenSize},
          {"code_dim", g.codeDim},
          {"image_token_embed", g.imageTokenEmbed},
          {"grid_size", g.gridSize}}},
        {"vq",
         {{"codebook_size", c.vq.codebookSize},
          {"code_dim", c.vq.codeDim},
          {"z_channels", c.vq.zChannels},
          {"base_channels", c.vq.baseChannels},
          {"channel_multipliers", c.vq.channelMultipliers},
          {"num_res_blocks", c.vq.numResBlocks}}},
        {"tokens",
         {{"bos", c.tokens.bos},
          {"eos", c.tokens.eos},
          {"pad", c.tokens.pad},
          {"begin_of_image", c.tokens.beginOfImage},
          {"end_of_image", c.tokens.endOfImage}}},
        {"template",
         {{"user_role", c.chat.userRole},
          {"assistant_role", c.chat.assistantRole},
          {"separator", c.chat.separator},
          {"end_of_turn", c.chat.endOfTurn},
          {"system_prompt", c.chat.systemPrompt}}},
        {"defaults",
         {{"cfg_weight", c.defaults.cfgWeight},
          {"image_temperature", c.defaults.imageTemperature},
          {"image_top_k", c.defaults.imageTopK},
          {"image_top_p", c.defaults.imageTopP},
          {"text_temperature", c.defaults.textTemperature},
          {"text_top_k", c.defaults.textTopK},
          {"text_top_p", c.defaults.textTopP},
          {"max_new_tokens", c.defaults.maxNewTokens}}},
    };
}

}  // namespace adgen::model
