#pragma once

// The engine's public API: plain C++ types only (no torch, no Qt), so the UI and the CLI can
// include it cheaply. One engine thread owns the model; requests go in as structs, results come
// back as events through a callback that runs on the engine thread.

#include "adgen/product_cutout.h"

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
    double imageTemperatureDefault = 1.0;  // the sampling defaults of the model's config
    double textTemperatureDefault = 1.0;
    // A Uni-AdGen model (config.json has a "uniadgen" section): generateAd() works with it.
    bool personalized = false;
    int64_t historyLength = 0;   // history items the model was trained with
    std::string stage2Mode;      // the default stage-2 prompt mode ("released", "train-consistent")
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

// ---- Personalized ads (Uni-AdGen models, model-spec 2) ----

// One ad the shopper clicked: its product image (any size; RGB images as opaque RGBA) and title.
struct ShopperClick {
    RgbaImage image;
    std::string title;
    // How similar the title is to the product's original title (PAd1M `text_similarity`); unset:
    // computed with our own title similarity (docs/formats.md, "History similarity").
    std::optional<double> similarity;
};

// How the history items that condition the ad are chosen from the shopper's clicks.
enum class HistorySampling {
    ProductSimilarity,  // PSS: weighted sampling without replacement by similarity (the paper's)
    Random,             // uniformly at random
    MostSimilar,        // the most similar titles, deterministic
};
std::string toString(HistorySampling sampling);
std::optional<HistorySampling> parseHistorySampling(const std::string& text);

// Which stage-2 (image) prompt to build (model-spec 2.5): the released code's or training's.
enum class Stage2Prompt { Released, TrainConsistent };
std::string toString(Stage2Prompt mode);
std::optional<Stage2Prompt> parseStage2Prompt(const std::string& text);

// One product for one shopper: stage 1 writes the ad title, stage 2 renders the ad image around
// the product. Needs a personalized model (ModelInfo::personalized).
struct AdRequest {
    RgbaImage product;                       // the transparent product cut-out (straight alpha)
    double maxRatio = 1.0;                   // largest side of the product relative to the canvas, (0, 1]
    std::vector<std::string> sellingPoints;  // at least one
    std::string originalTitle;               // the product's catalogue title
    std::vector<ShopperClick> history;       // the shopper's clicks, any number (0: no personalization)
    int historyLength = -1;                  // items to pick; -1: the model's history_length
    HistorySampling sampling = HistorySampling::ProductSimilarity;
    uint64_t samplingSeed = 42;              // the reference's fixed seed
    // Evaluation only: the ground-truth titles (joined by <title_split>); history titles equal to
    // them are not picked (the reference's duplicate filter).
    std::optional<std::string> targetTitles;
    std::optional<Stage2Prompt> stage2;      // unset: the model's default
    int variants = 1;                        // 1..8, one history selection shared by all
    std::vector<uint64_t> seeds;             // per variant; missing ones are drawn at random
    std::optional<double> titleTemperature;  // unset: 1 with top-k 50 (the reference's generate())
    std::optional<int64_t> titleTopK;
    std::optional<double> titleTopP;
    std::optional<double> imageTemperature;  // unset: 1, full softmax (the reference's)
    std::optional<int64_t> imageTopK;
    std::optional<double> imageTopP;
    std::optional<double> cfgWeight;         // unset: the model's default (5)
    int64_t maxTitleTokens = 0;              // 0: the model's max_title_tokens
    // Per variant: a title to use instead of writing one (stage 1 is skipped for that variant).
    std::vector<std::optional<std::string>> fixedTitles;
    // Factual copy mode for the title (as GenerationRequest::factualCopy): stage 1 may only use
    // words of `sellingPoints`, so the title states nothing they do not. Fixed titles are kept.
    bool factualCopy = false;
    int previewEveryRows = 0;                // as GenerationRequest::previewEveryRows
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
        HistorySelected,  // generateAd: `historyUsed` are the clicks picked, `warnings` why any differ
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
    // generateAd: VariantDone's `text` is the title and `image` the raw generated image; the
    // product composited back at its place is `fusionImage`.
    RgbImage fusionImage;
    std::vector<int> historyUsed;       // HistorySelected and VariantDone: indices into AdRequest::history
    std::vector<std::string> warnings;  // HistorySelected
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
    // A personalized ad (title, then image) with a Uni-AdGen model.
    uint64_t generateAd(const AdRequest& request, EventCallback callback);

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
