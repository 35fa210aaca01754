#pragma once

#include "model/model_config.h"
#include "model/weight_store.h"
#include "nn/generation_adapters.h"
#include "nn/llama_decoder.h"
#include "nn/vq_model.h"
#include "text/tokenizer.h"

#include <torch/torch.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace adgen::model {

// Ids of the tokens generation needs, looked up in the tokenizer by their names in config.json.
struct SpecialTokenIds {
    int64_t bos = -1;
    int64_t eos = -1;
    int64_t pad = -1;
    int64_t beginOfImage = -1;
};

// Looks the special tokens named in `config` up in `tokenizer`; throws adgen::Error naming a
// missing one, or when the tokenizer is larger than the embedding.
SpecialTokenIds resolveTokenIds(const ModelConfig& config, const text::Tokenizer& tokenizer);

// What loading found, for `adgen inspect-model` and the studio's model panel.
struct LoadReport {
    std::vector<std::string> missingKeys;
    std::vector<WeightStore::Mismatch> shapeMismatches;
    std::vector<std::string> unexpectedKeys;
    size_t ignoredKeyCount = 0;  // SigLIP understanding tower etc.: present, never loaded
    std::map<std::string, int64_t> storedDtypeCounts;  // elements per stored dtype
    bool hfLayout = false;
};

// A loaded Janus-family model: the LLaMA decoder, the image-generation adapters, the VQ-16 image
// tokenizer (when the weights have it) and the text tokenizer (when the directory has one).
class JanusModel {
public:
    struct LoadOptions {
        torch::Device device = torch::kCPU;
        torch::ScalarType dtype = torch::kFloat32;
        const std::atomic<bool>* cancel = nullptr;
        std::function<void(double fraction)> progress;
        bool strict = true;  // false: report missing/mismatched tensors instead of failing
    };

    // Reads config.json, tokenizer.json (+ added_tokens.json, runtime-added
    // tokens with their exact ids) and the weights of `directory`.
    // Throws adgen::Error for a bad directory and model::LoadCancelled when cancelled.
    static std::unique_ptr<JanusModel> load(const std::filesystem::path& directory, const LoadOptions& options);

    // The parts of load() that models built on this one share: tokenizer.json + added_tokens.json
    // (checked against the config's special tokens; none when the file is absent), store options.
    static std::optional<text::Tokenizer> readTokenizer(const std::filesystem::path& directory, const ModelConfig& config);
    static WeightStore::Options storeOptions(const LoadOptions& options);

    // From a config and weights already set up (tests, random-weight benchmarks).
    JanusModel(ModelConfig config, WeightStore& weights, std::optional<text::Tokenizer> tokenizer);

    const ModelConfig& config() const { return config_; }
    const nn::LlamaDecoder& decoder() const { return decoder_; }
    const nn::GenerationAdapters& adapters() const { return adapters_; }
    const nn::VqModel* vq() const { return vq_.get(); }
    const text::Tokenizer* tokenizer() const { return tokenizer_ ? &*tokenizer_ : nullptr; }
    const SpecialTokenIds& tokenIds() const { return tokenIds_; }
    const LoadReport& loadReport() const { return report_; }
    const std::filesystem::path& directory() const { return directory_; }
    torch::Device device() const { return decoder_.options().device(); }
    torch::ScalarType dtype() const { return decoder_.options().dtype().toScalarType(); }
    int64_t parameterCount() const;

    // The DeepSeek chat prompt for one user turn with an empty assistant turn (model-spec 1.6):
    // "<|User|>: {text}\n\n<|Assistant|>:" (the tokenizer adds BOS).
    std::string chatPrompt(const std::string& userText) const;

    // Re-reads what `weights` found, after parts built on top of this model (Uni-AdGen's modules)
    // have taken their tensors from the same store.
    void updateLoadReport(const WeightStore& weights);
    void setDirectory(const std::filesystem::path& directory) { directory_ = directory; }

private:
    ModelConfig config_;
    nn::LlamaDecoder decoder_;
    nn::GenerationAdapters adapters_;
    std::unique_ptr<nn::VqModel> vq_;
    std::optional<text::Tokenizer> tokenizer_;
    SpecialTokenIds tokenIds_;
    LoadReport report_;
    std::filesystem::path directory_;
};

}  // namespace adgen::model
