#pragma once

#include "io/safetensors.h"

#include <torch/torch.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace adgen::model {

// Thrown when a load is cancelled through its cancel flag.
struct LoadCancelled {};

// The weights of one model directory, addressed by their names in the original Janus layout
// (`language_model.model.layers.0...`, `gen_head...`, `gen_vision_model...`). A directory in the
// Hugging Face converted layout (`model.language_model...`, `model.vqmodel.encoder.down...`) is
// renamed on open, so the model code knows one naming only (model-spec 7.2).
//
// Modules pull their tensors with take(); what nobody took is reported as unexpected, what was
// asked for but absent as missing. In strict mode a missing key or a wrong shape throws an
// adgen::Error naming the key and both shapes; in survey mode (inspect-model) they are recorded
// and a zero tensor of the expected shape stands in, so the whole report comes out at once.
class WeightStore {
public:
    struct Options {
        torch::ScalarType dtype = torch::kFloat32;  // floating tensors are converted to this
        torch::Device device = torch::kCPU;
        bool strict = true;
        // Missing tensors are made up (seeded, scaled so activations stay O(1)) instead of being
        // errors: random-weight models for tests and for benchmarks at real shapes.
        bool randomFill = false;
        uint64_t randomSeed = 0;
        // A model built on another one's weights (Uni-AdGen on Janus-Pro): that directory's
        // tensors are read too, and a tensor this directory also holds is taken from here.
        std::filesystem::path baseDirectory;
        // LoRA adapters (`<module>.lora_A.default.weight` [r, in], `.lora_B.default.weight` [out, r])
        // are merged into `<module>.weight` as W + loraScale * B A when taken; 0 leaves them alone.
        double loraScale = 0.0;
        const std::atomic<bool>* cancel = nullptr;                  // polled before every tensor
        std::function<void(double fraction)> progress;              // bytes taken / bytes in files
    };

    // Opens every weights file of `directory`: model.safetensors.index.json (sharded),
    // else all *.safetensors files. Throws adgen::Error when there are none.
    WeightStore(const std::filesystem::path& directory, Options options);
    // From tensors already in memory (tests, training, conversion), keyed by original names.
    WeightStore(std::map<std::string, torch::Tensor> tensors, Options options);

    bool has(const std::string& key) const;
    bool synthesizesMissing() const { return options_.randomFill; }
    std::vector<int64_t> shapeOf(const std::string& key) const;
    // The tensor for `key`, which must have exactly `shape`.
    torch::Tensor take(const std::string& key, const std::vector<int64_t>& shape);
    // As take(), for tensors whose shape the caller reads from the file (e.g. vocab size).
    torch::Tensor takeAnyShape(const std::string& key);

    // Keys with these prefixes belong to parts AdGen never runs (the SigLIP understanding
    // tower); they are neither unexpected nor loaded.
    void ignorePrefix(const std::string& prefix) { ignoredPrefixes_.push_back(prefix); }

    struct Mismatch {
        std::string key;
        std::vector<int64_t> expected;
        std::vector<int64_t> found;
    };
    const std::vector<std::string>& missingKeys() const { return missing_; }
    const std::vector<Mismatch>& shapeMismatches() const { return mismatches_; }
    std::vector<std::string> unexpectedKeys() const;
    std::vector<std::string> ignoredKeys() const;
    // Base-model tensors this directory replaced (Uni-AdGen's fine-tuned embed_tokens), and the
    // modules that got a LoRA adapter merged in.
    const std::vector<std::string>& replacedBaseKeys() const { return replacedBase_; }
    const std::vector<std::string>& loraMergedKeys() const { return loraMerged_; }

    // Every tensor handed out so far, by name (to save a random model, or for reports).
    const std::map<std::string, torch::Tensor>& takenTensors() const { return takenTensors_; }
    void keepTakenTensors(bool keep) { keepTaken_ = keep; }

    // Names and dtypes as stored, for reports.
    std::map<std::string, int64_t> storedDtypeCounts() const;
    uint64_t storedBytes() const { return totalBytes_; }
    bool hfLayout() const { return hfLayout_; }
    std::string describeSource() const;

private:
    struct Source {
        std::shared_ptr<io::SafetensorsFile> file;  // null for in-memory tensors
        const io::SafetensorsEntry* entry = nullptr;
        torch::Tensor tensor;
    };

    void addFile(const std::filesystem::path& path, bool overridesBase);
    torch::Tensor mergeLora(const std::string& key, torch::Tensor weight);
    void checkCancel() const;
    bool ignored(const std::string& key) const;
    torch::Tensor materialise(const std::string& key, const Source& source);

    Options options_;
    std::filesystem::path directory_;
    std::vector<std::shared_ptr<io::SafetensorsFile>> files_;
    std::map<std::string, Source> sources_;  // canonical name -> where it lives
    std::set<std::string> taken_;
    std::vector<std::string> missing_;
    std::vector<Mismatch> mismatches_;
    std::vector<std::string> ignoredPrefixes_;
    std::set<std::string> baseKeys_;  // names whose current source is the base directory
    std::vector<std::string> replacedBase_;
    std::vector<std::string> loraMerged_;
    std::map<std::string, torch::Tensor> takenTensors_;
    bool keepTaken_ = false;
    torch::Tensor randomTensor(const std::string& key, const std::vector<int64_t>& shape);
    uint64_t totalBytes_ = 0;
    uint64_t takenBytes_ = 0;
    bool hfLayout_ = false;
};

// Renames a Hugging Face `JanusForConditionalGeneration` key to the original Janus layout;
// returns the key unchanged when it already is one.
std::string canonicalWeightName(const std::string& key);

}  // namespace adgen::model
