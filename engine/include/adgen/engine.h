#pragma once

// The engine's public API: plain C++ types only (no torch, no Qt), so the UI and the CLI can
// include it cheaply. One engine thread owns the model; requests go in as structs, results come
// back as events through a callback that runs on the engine thread.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace adgen {

enum class Device { Cpu, Cuda };
enum class DType { Float32, BFloat16, Float16 };

std::string toString(Device device);
std::string toString(DType dtype);
std::optional<Device> parseDevice(const std::string& text);
std::optional<DType> parseDType(const std::string& text);

struct LoadRequest {
    std::string modelDirectory;
    Device device = Device::Cpu;
    DType dtype = DType::Float32;
    int threads = 0;  // CPU intra-op threads; 0 = all cores
};

// What is loaded, for status bars, the CLI and recipes.
struct ModelInfo {
    std::string directory;
    std::string name;
    std::string family;
    std::string configKind;  // adgen, janus-hub, hf-janus
    Device device = Device::Cpu;
    DType dtype = DType::Float32;
    int64_t parameterCount = 0;
    int64_t hiddenSize = 0;
    int64_t layers = 0;
    int64_t heads = 0;
    int64_t kvHeads = 0;
    int64_t vocabSize = 0;
    int64_t imageTokenSize = 0;
    int64_t gridSize = 0;        // image tokens per side
    int64_t imageSize = 0;       // pixels per side of decoded images (0 without a VQ decoder)
    bool hasTokenizer = false;
    bool hasImageDecoder = false;
    std::vector<std::string> missingKeys;
    std::vector<std::string> shapeMismatches;  // "key: expected [..], found [..]"
    std::vector<std::string> unexpectedKeys;
    size_t ignoredKeyCount = 0;
    std::map<std::string, int64_t> storedDtypeCounts;
    bool hfLayout = false;
    double cfgWeightDefault = 5.0;
};

// An RGB image, 8 bits per channel, rows top to bottom.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<uint8_t> pixels;  // width * height * 3
};

enum class GenerationMode {
    TextToImage,  // the prompt describes an image: 576 (grid^2) image tokens with CFG
    Text,         // the prompt asks for text: tokens until EOS or maxNewTokens
};

struct GenerationRequest {
    GenerationMode mode = GenerationMode::TextToImage;
    std::string prompt;               // user text; the model's chat template is applied
    std::vector<int64_t> promptIds;   // instead of `prompt`: exact ids (no template, no BOS added)
    int variants = 1;                 // 1..8
    std::vector<uint64_t> seeds;      // per variant; missing ones are drawn at random
    std::optional<double> temperature;  // unset: the model's default for the mode
    std::optional<int64_t> topK;
    std::optional<double> topP;
    std::optional<double> cfgWeight;
    int64_t maxNewTokens = 64;        // text mode
    bool factualCopy = false;         // text mode: only words of `sellingPoints`
    std::vector<std::string> sellingPoints;
    // Image mode: a decoded preview after every k finished rows; 0 = automatic (as often as
    // keeps preview decoding under a tenth of the generation time), -1 = none.
    int previewEveryRows = 0;
};

enum class Phase { Queued, Prefill, Text, Image, Decoding, Finished };
std::string toString(Phase phase);

struct GenerationEvent {
    enum class Type {
        Phase,       // `phase` changed
        TextDelta,   // `text` appended to variant `variant` (whole UTF-8 characters only)
        ImageToken,  // `code` drawn at `row`, `col`; `colour` is its cheap preview colour
        Preview,     // `image`: the partial image decoded so far
        Stats,       // tokensPerSecond, timeToFirstTokenMs, stepsDone/stepsTotal, etaSeconds
        VariantDone, // variant finished: `text` the whole copy / `image` the final image, `tokens`, `seed`
        Done,        // the whole generation finished
        Error,       // `error` + `errorFix`; the generation is over
        Cancelled,   // variant `variant` (or all when -1) was cancelled
    };
    Type type = Type::Phase;
    uint64_t generation = 0;
    int variant = -1;
    Phase phase = Phase::Queued;
    std::string text;
    int row = 0;
    int col = 0;
    int64_t code = 0;
    uint8_t colour[3] = {0, 0, 0};
    RgbImage image;
    std::vector<int64_t> tokens;
    uint64_t seed = 0;  // VariantDone: the seed the variant used (drawn at random when not given)
    double tokensPerSecond = 0;
    double timeToFirstTokenMs = 0;
    int64_t stepsDone = 0;
    int64_t stepsTotal = 0;
    double etaSeconds = 0;
    std::string error;
    std::string errorFix;
};

using EventCallback = std::function<void(const GenerationEvent&)>;

struct LoadEvent {
    enum class Type { Progress, Loaded, Failed, Cancelled };
    Type type = Type::Progress;
    uint64_t job = 0;
    double fraction = 0;  // Progress
    std::string error;    // Failed
    std::string errorFix;
    std::optional<ModelInfo> info;  // Loaded
};
using LoadCallback = std::function<void(const LoadEvent&)>;

// The engine: one thread that owns the model and runs jobs (loads, generations) in order.
// All calls return at once; callbacks run on the engine thread.
class Engine {
public:
    Engine();
    ~Engine();  // cancels everything and joins the thread
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Loads a model, replacing the current one only when the load succeeds.
    uint64_t loadModel(const LoadRequest& request, LoadCallback callback);
    uint64_t generate(const GenerationRequest& request, EventCallback callback);

    // Cancels a queued or running job (load or generation) within one token.
    void cancel(uint64_t job);
    void cancelVariant(uint64_t generation, int variant);
    void cancelAll();

    std::optional<ModelInfo> modelInfo() const;
    bool busy() const;

    // Blocks until every job submitted so far has finished (CLI, tests).
    void waitIdle();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace adgen
