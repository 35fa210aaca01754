#include "model/janus_model.h"

#include "adgen/error.h"

namespace adgen::model {
namespace {

std::string trimmed(const std::string& s) {
    const auto* ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

WeightStore& withIgnoredParts(WeightStore& w) {
    // The SigLIP understanding tower and its aligner are never run for generation.
    w.ignorePrefix("vision_model.");
    w.ignorePrefix("aligner.");
    return w;
}

}  // namespace

SpecialTokenIds resolveTokenIds(const ModelConfig& config, const text::Tokenizer& tokenizer) {
    const auto id = [&](const std::string& name) -> int64_t {
        const auto found = tokenizer.tokenId(name);
        if (!found)
            throw Error("The tokenizer has no token " + name + ", which config.json names as a special token.",
                        "Fix the \"tokens\" section of config.json, or use the tokenizer.json of this model.");
        return *found;
    };
    if (tokenizer.size() > config.language.vocabSize)
        throw Error("The tokenizer has " + std::to_string(tokenizer.size()) + " tokens but the model's embedding only " +
                        std::to_string(config.language.vocabSize) + " rows.",
                    "Use the tokenizer.json that came with these weights.");
    SpecialTokenIds ids;
    ids.bos = id(config.tokens.bos);
    ids.eos = id(config.tokens.eos);
    ids.pad = id(config.tokens.pad);
    ids.beginOfImage = id(config.tokens.beginOfImage);
    return ids;
}

JanusModel::JanusModel(ModelConfig config, WeightStore& weights, std::optional<text::Tokenizer> tokenizer)
    : config_(std::move(config)),
      decoder_(withIgnoredParts(weights), config_.language),
      adapters_(weights, config_.generation, config_.language.hiddenSize),
      tokenizer_(std::move(tokenizer)) {
    if (config_.vq.codebookSize != config_.generation.imageTokenSize)
        throw Error("The model config gives the VQ codebook " + std::to_string(config_.vq.codebookSize) +
                        " entries but the image head " + std::to_string(config_.generation.imageTokenSize) + " tokens.",
                    "Make vq.codebook_size equal generation.image_token_size in config.json.");
    if (weights.has("gen_vision_model.decoder.conv_in.weight") || weights.synthesizesMissing())
        vq_ = std::make_unique<nn::VqModel>(weights, config_.vq);

    if (tokenizer_) tokenIds_ = resolveTokenIds(config_, *tokenizer_);
    updateLoadReport(weights);
}

void JanusModel::updateLoadReport(const WeightStore& weights) {
    report_.missingKeys = weights.missingKeys();
    report_.shapeMismatches = weights.shapeMismatches();
    report_.unexpectedKeys = weights.unexpectedKeys();
    report_.ignoredKeyCount = weights.ignoredKeys().size();
    report_.storedDtypeCounts = weights.storedDtypeCounts();
    report_.hfLayout = weights.hfLayout();
}

std::optional<text::Tokenizer> JanusModel::readTokenizer(const std::filesystem::path& directory,
                                                        const ModelConfig& config) {
    // A model built on a base model may leave the tokenizer to the base; its own
    // added_tokens.json still applies (Uni-AdGen's history tokens).
    auto source = directory;
    if (!std::filesystem::exists(directory / "tokenizer.json") && !config.baseDirectory.empty()) source = config.baseDirectory;
    if (!std::filesystem::exists(source / "tokenizer.json")) return std::nullopt;
    auto tokenizer = text::Tokenizer::fromFile(source / "tokenizer.json");
    if (std::filesystem::exists(source / "added_tokens.json") && source != directory)
        tokenizer.loadAddedTokenSidecar(source / "added_tokens.json");
    if (std::filesystem::exists(directory / "added_tokens.json"))
        tokenizer.loadAddedTokenSidecar(directory / "added_tokens.json");
    resolveTokenIds(config, tokenizer);  // fail before reading gigabytes of weights
    return tokenizer;
}

WeightStore::Options JanusModel::storeOptions(const LoadOptions& options) {
    WeightStore::Options storeOptions;
    storeOptions.dtype = options.dtype;
    storeOptions.device = options.device;
    storeOptions.strict = options.strict;
    storeOptions.cancel = options.cancel;
    storeOptions.progress = options.progress;
    return storeOptions;
}

std::unique_ptr<JanusModel> JanusModel::load(const std::filesystem::path& directory, const LoadOptions& options) {
    auto config = loadModelConfig(directory);
    auto tokenizer = readTokenizer(directory, config);
    auto weightOptions = storeOptions(options);
    weightOptions.baseDirectory = config.baseDirectory;
    WeightStore weights(directory, weightOptions);
    auto model = std::make_unique<JanusModel>(std::move(config), weights, std::move(tokenizer));
    model->directory_ = directory;
    // Ignored tensors (the understanding tower) count in the total but are never read.
    if (options.progress) options.progress(1.0);
    return model;
}

int64_t JanusModel::parameterCount() const {
    return decoder_.parameterCount() + adapters_.parameterCount() + (vq_ ? vq_->parameterCount() : 0);
}

std::string JanusModel::chatPrompt(const std::string& userText) const {
    const auto& t = config_.chat;
    std::string prompt;
    if (!t.systemPrompt.empty()) prompt += trimmed(t.systemPrompt) + t.separator;
    prompt += t.userRole + ": " + trimmed(userText) + t.separator + t.assistantRole + ":";
    return trimmed(prompt);
}

}  // namespace adgen::model
