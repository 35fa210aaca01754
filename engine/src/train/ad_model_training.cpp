// trainAdModel (adgen/training.h): the unified Uni-AdGen model on records of a data set. Records
// are prepared once (control, history pictures, ground truth through the frozen VQ); each epoch
// visits them in a fresh order and draws each one's history, title and CFG dropout from a seed
// derived from (seed, epoch, record), so a resumed run sees exactly the samples it would have.

#include "adgen/training.h"

#include "adgen/error.h"
#include "io/safetensors.h"
#include "personalize/uniadgen_random_model.h"
#include "train/ad_samples.h"
#include "train/config_file.h"
#include "train/uniadgen_trainer.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <fstream>
#include <numeric>
#include <random>
#include <thread>

namespace adgen {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

const std::string kVqPrefix = "gen_vision_model.";

// splitmix64: independent, well-mixed seeds from a counter.
uint64_t mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

double unitDraw(uint64_t x) { return static_cast<double>(mix(x) >> 11) * (1.0 / 9007199254740992.0); }

image::Image8 rgbaPixels(const RgbaImage& image, const std::string& what) {
    if (image.empty() || image.pixels.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 4)
        throw Error(what + " is empty or damaged.", "Check the data set's images.");
    return image::Image8{image.width, image.height, 4, image.pixels};
}

image::Image8 rgbPixels(const RgbImage& image, const std::string& what) {
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<size_t>(image.width) * static_cast<size_t>(image.height) * 3)
        throw Error(what + " is empty or damaged.", "Check the data set's images.");
    return image::Image8{image.width, image.height, 3, image.pixels};
}

train::AdRecordPixels recordPixels(const AdTrainingRecord& record, const std::string& name) {
    train::AdRecordPixels out;
    out.product = rgbaPixels(record.product, "The product cut-out of " + name);
    out.maxRatio = record.maxRatio;
    bool allSimilarities = true;
    for (size_t i = 0; i < record.history.size(); ++i) {
        const auto& click = record.history[i];
        out.historyImages.push_back(rgbaPixels(click.image, "History picture " + std::to_string(i + 1) + " of " + name));
        out.historyTitles.push_back(click.title);
        allSimilarities = allSimilarities && click.similarity.has_value();
        out.similarity.push_back(click.similarity.value_or(0.0));
    }
    if (!allSimilarities) out.similarity.clear();  // computed from the titles, as at generation
    std::string joined;
    for (const auto& point : record.sellingPoints) joined += (joined.empty() ? "" : ", ") + point;
    out.brief = {joined, record.originalTitle};
    out.titles = record.titles;
    out.adImage = rgbPixels(record.adImage, "The ground-truth ad of " + name);
    return out;
}

std::map<std::string, torch::Tensor> readAll(const fs::path& file) {
    const auto weights = io::SafetensorsFile::open(file);
    std::map<std::string, torch::Tensor> out;
    for (const auto& entry : weights->entries()) out[entry.name] = weights->read(entry, torch::kFloat32).clone();
    return out;
}

// With --codebook-embeddings: the image-code embedding (gen_embed, codebook size x code_dim, the
// same shape as the VQ's codebook) starts as the trained VQ codebook, each row scaled to the norm
// a random unit-normal row has. The history pictures enter as VQ codes of 16 px pictures, hundreds
// of codes per scene, many rare in the ads; the codebook already places codes of the same colours
// near each other, so the model starts from embeddings that mean something. It lowers the image
// loss a lot but did not widen the history's effect (docs/training.md, "Reading the scene").
void seedImageEmbeddingsFromCodebook(std::map<std::string, torch::Tensor>& weights) {
    const auto embedding = weights.find("gen_embed.weight");
    const auto codebook = weights.find(kVqPrefix + "quantize.embedding.weight");
    if (embedding == weights.end() || codebook == weights.end() || embedding->second.sizes() != codebook->second.sizes())
        throw Error("--codebook-embeddings needs gen_embed and the VQ codebook to have the same shape; this config's do not.",
                    "Make generation.image_token_size and code_dim equal vq.codebook_size and code_dim, or train without "
                    "--codebook-embeddings.");
    const auto rows = codebook->second.to(torch::kFloat32);
    const auto scale = std::sqrt(static_cast<double>(rows.size(1)));
    embedding->second = (rows / rows.norm(2, {1}, /*keepdim=*/true).clamp_min(1e-8) * scale).to(embedding->second.dtype());
}

// Random weights for every module, with the trained VQ in place of the random one. Every VQ tensor
// must be there with the config's shape.
std::map<std::string, torch::Tensor> initialWeights(const AdModelTrainingRequest& request, const model::ModelConfig& config,
                                                    const fs::path& initDirectory) {
    personalize::writeRandomUniAdGenModel(initDirectory, config, request.tokenizerFile, request.seed);
    auto weights = readAll(initDirectory / "model.safetensors");
    fs::remove(initDirectory / "model.safetensors");  // only its tokenizer files are used from here on
    if (!fs::exists(request.vqWeightsFile))
        throw Error("The VQ weights " + request.vqWeightsFile + " do not exist.",
                    "Train the VQ first (adgen train vq) and pass its vq.safetensors.");
    const auto vq = readAll(request.vqWeightsFile);
    for (auto& [key, tensor] : weights) {
        if (key.compare(0, kVqPrefix.size(), kVqPrefix) != 0) continue;
        const auto found = vq.find(key);
        if (found == vq.end())
            throw Error("The VQ weights " + request.vqWeightsFile + " have no " + key + ".",
                        "Pass the vq.safetensors that adgen train vq wrote for this config.");
        if (found->second.sizes() != tensor.sizes())
            throw Error("The VQ tensor " + key + " in " + request.vqWeightsFile + " has shape " +
                            io::shapeString(found->second.sizes().vec()) + ", the config needs " +
                            io::shapeString(tensor.sizes().vec()) + ".",
                        "Train the VQ with this config's \"vq\" section.");
        tensor = found->second;
    }
    if (request.codebookEmbeddings) seedImageEmbeddingsFromCodebook(weights);
    return weights;
}

std::unique_ptr<nn::VqModel> frozenVq(const std::map<std::string, torch::Tensor>& weights, const model::ModelConfig& config) {
    std::map<std::string, torch::Tensor> vq;
    for (const auto& [key, tensor] : weights)
        if (key.compare(0, kVqPrefix.size(), kVqPrefix) == 0) vq[key] = tensor.detach();
    model::WeightStore::Options options;
    options.dtype = torch::kFloat32;
    model::WeightStore store(vq, options);
    return std::make_unique<nn::VqModel>(store, config.vq);
}

std::vector<train::PreparedAdRecord> prepareAll(size_t count, const AdTrainingRecordSource& source, const std::string& set,
                                                const model::ModelConfig& config, const personalize::UniAdGenConfig& uniadgen,
                                                const nn::VqModel& vq, const TrainingProgressCallback& progress) {
    std::vector<train::PreparedAdRecord> out;
    out.reserve(count);
    const auto start = Clock::now();
    for (size_t i = 0; i < count; ++i) {
        const auto name = set + " record " + std::to_string(i + 1);
        out.push_back(train::prepareAdRecord(recordPixels(source(i), name), config, uniadgen, vq));
        if (progress) {
            TrainingProgress p;
            p.stage = "prepare";
            p.step = static_cast<int64_t>(i + 1);
            p.steps = static_cast<int64_t>(count);
            p.seconds = std::chrono::duration<double>(Clock::now() - start).count();
            p.etaSeconds = p.seconds / static_cast<double>(i + 1) * static_cast<double>(count - i - 1);
            progress(p);
        }
    }
    return out;
}

// A fresh order of the records for `epoch` (Fisher-Yates on a seeded mt19937_64, written out so
// it does not depend on the standard library's shuffle).
std::vector<size_t> epochOrder(size_t count, uint64_t seed, int64_t epoch) {
    std::vector<size_t> order(count);
    std::iota(order.begin(), order.end(), size_t{0});
    std::mt19937_64 random(mix(seed ^ mix(static_cast<uint64_t>(epoch) + 0x5EED)));
    for (size_t i = count; i > 1; --i) std::swap(order[i - 1], order[random() % i]);
    return order;
}

train::SampleDraw drawFor(const AdModelTrainingRequest& request, int64_t fullLength, int64_t epoch, size_t record) {
    const auto key = mix(request.seed) ^ mix((static_cast<uint64_t>(epoch) << 32) ^ static_cast<uint64_t>(record));
    train::SampleDraw draw;
    draw.seed = mix(key + 1);
    draw.unconditional = unitDraw(key + 2) < request.unconditionalShare;
    draw.historyLength = static_cast<int>(unitDraw(key + 3) < request.fullHistoryShare
                                              ? fullLength
                                              : static_cast<int64_t>(mix(key + 4) % static_cast<uint64_t>(fullLength)));
    return draw;
}

double learningRateAt(const AdModelTrainingRequest& request, int64_t step, int64_t steps) {
    const auto warmup = std::max<int64_t>(1, steps * 3 / 100);
    if (step < warmup) return request.learningRate * static_cast<double>(step + 1) / static_cast<double>(warmup);
    const double progress = static_cast<double>(step - warmup) / static_cast<double>(std::max<int64_t>(1, steps - warmup));
    return request.learningRate * (0.1 + 0.9 * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress))));
}

struct ValidationLosses {
    double text = 0;
    double image = 0;
    double firstCode = 0;
};

// Mean validation losses with a fixed draw per record (conditional, `historyLength` clicks).
ValidationLosses validationLosses(const train::UniAdGenTrainer& trainer, const std::vector<train::PreparedAdRecord>& records,
                                  int historyLength, int64_t batchSize) {
    double text = 0, image = 0, firstCode = 0;
    int64_t batches = 0;
    for (size_t start = 0; start < records.size(); start += static_cast<size_t>(batchSize)) {
        std::vector<train::AdSample> batch;
        for (size_t i = start; i < std::min(records.size(), start + static_cast<size_t>(batchSize)); ++i)
            batch.push_back(train::drawAdSample(records[i], {historyLength, i, false}));
        const auto r = trainer.evaluate(batch);
        text += r.textLoss;
        image += r.imageLoss;
        firstCode += r.firstCodeLoss;
        ++batches;
    }
    const auto n = static_cast<double>(batches);
    return {text / n, image / n, firstCode / n};
}

void checkRequest(const AdModelTrainingRequest& r) {
    if (r.records == 0 || !r.record)
        throw Error("There are no training records.", "Pass a PAd1M training set with at least one record.");
    if (r.validationRecords > 0 && !r.validationRecord)
        throw Error("Validation records were announced but cannot be read.", "Pass the validation set's records.");
    if (r.epochs < 1 || r.batchSize < 1)
        throw Error("Epochs and batch size must be at least 1.", "Check --epochs and --batch.");
    if (!(r.learningRate > 0)) throw Error("The learning rate must be positive.", "Check --lr.");
    for (const double share : {r.fullHistoryShare, r.unconditionalShare, r.imageInputNoise})
        if (!(share >= 0 && share <= 1))
            throw Error("A share must lie between 0 and 1 (got " + std::to_string(share) + ").",
                        "Check --full-history, --unconditional and --image-input-noise.");
}

}  // namespace

AdModelTrainingResult trainAdModel(const AdModelTrainingRequest& request, const TrainingProgressCallback& progress,
                                   const std::atomic<bool>* cancel) {
    torch::NoGradGuard outside;  // re-enabled inside the trainer's steps
    checkRequest(request);
    const auto config = train::readModelConfigFile(request.configFile);
    const auto uniadgen = personalize::readUniAdGenConfig(config, request.configFile);
    if (!uniadgen)
        throw Error("The config " + request.configFile + " has no \"uniadgen\" section.",
                    "Train with a Uni-AdGen config (docs/training.md), e.g. training/demo/config.json.");
    if (uniadgen->historyLength < 1)
        throw Error("The config's history_length must be at least 1 to train personalization.", "Raise it to 10.");
    at::set_num_threads(request.threads > 0 ? request.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));

    const fs::path out(request.outDirectory);
    std::error_code made;
    fs::create_directories(out, made);
    if (made) throw Error("Cannot create " + out.string() + " (" + made.message() + ").", "Pick a writable output directory.");
    const auto checkpointDirectory = out / "checkpoint";
    train::UniAdGenTrainingOptions options;
    options.learningRate = request.learningRate;
    options.seed = request.seed;
    options.imageInputNoise = request.imageInputNoise;
    options.preferenceLearningRateScale = request.preferenceLearningRateScale;
    std::unique_ptr<train::UniAdGenTrainer> trainer;
    std::map<std::string, torch::Tensor> vqWeights;
    if (request.resume) {
        trainer = train::UniAdGenTrainer::resume(checkpointDirectory, options);
        vqWeights = readAll(checkpointDirectory / "model.safetensors");
    } else {
        vqWeights = initialWeights(request, config, out / "init");
        trainer = std::make_unique<train::UniAdGenTrainer>(config, out / "init", vqWeights, options);
    }
    const auto vq = frozenVq(vqWeights, config);
    vqWeights.clear();

    const auto records = prepareAll(request.records, request.record, "Training", config, *uniadgen, *vq, progress);
    const auto validation =
        prepareAll(request.validationRecords, request.validationRecord, "Validation", config, *uniadgen, *vq, progress);

    const auto stepsPerEpoch = static_cast<int64_t>((records.size() + static_cast<size_t>(request.batchSize) - 1) /
                                                    static_cast<size_t>(request.batchSize));
    const auto totalSteps = stepsPerEpoch * request.epochs;
    AdModelTrainingResult result;
    result.parameters = trainer->trainableParameters();
    TrainingProgress last;
    last.stage = "model";
    last.steps = totalSteps;
    const auto start = Clock::now();
    const auto firstStep = trainer->stepsDone();
    std::vector<size_t> order;
    int64_t orderEpoch = -1;
    bool cancelled = false;
    for (int64_t step = firstStep; step < totalSteps; ++step) {
        if ((cancel && cancel->load()) || (request.stopAtStep > 0 && step >= request.stopAtStep)) {
            cancelled = true;
            break;
        }
        const auto epoch = step / stepsPerEpoch;
        if (epoch != orderEpoch) {
            order = epochOrder(records.size(), request.seed, epoch);
            orderEpoch = epoch;
        }
        const auto first = static_cast<size_t>((step % stepsPerEpoch) * request.batchSize);
        std::vector<train::AdSample> batch;
        for (size_t i = first; i < std::min(order.size(), first + static_cast<size_t>(request.batchSize)); ++i)
            batch.push_back(train::drawAdSample(records[order[i]], drawFor(request, uniadgen->historyLength, epoch, order[i])));
        last.learningRate = learningRateAt(request, step, totalSteps);
        trainer->setLearningRate(last.learningRate);
        const auto r = trainer->step(batch);

        last.step = step + 1;
        last.epoch = epoch + 1;
        last.loss = r.loss;
        last.textLoss = r.textLoss;
        last.imageLoss = r.imageLoss;
        last.seconds = std::chrono::duration<double>(Clock::now() - start).count();
        last.etaSeconds = last.seconds / static_cast<double>(last.step - firstStep) * static_cast<double>(totalSteps - last.step);
        if (request.checkpointEvery > 0 && last.step % request.checkpointEvery == 0) trainer->saveCheckpoint(checkpointDirectory);
        const bool epochEnds = last.step % stepsPerEpoch == 0;
        if (epochEnds && !validation.empty()) {
            const auto full = validationLosses(*trainer, validation, static_cast<int>(uniadgen->historyLength), request.batchSize);
            const auto none = validationLosses(*trainer, validation, 0, request.batchSize);
            last.validationTextLoss = full.text;
            last.validationImageLoss = full.image;
            last.validationFirstCodeLoss = full.firstCode;
            last.validationTextLossNoHistory = none.text;
            last.validationImageLossNoHistory = none.image;
            last.validationFirstCodeLossNoHistory = none.firstCode;
            if (progress) {
                auto v = last;
                v.stage = "validate";
                progress(v);
            }
        }
        if (progress) progress(last);
    }
    trainer->saveCheckpoint(checkpointDirectory);
    result.steps = trainer->stepsDone();
    result.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    result.completed = !cancelled;
    result.last = last;
    result.modelDirectory = (out / "model").string();
    trainer->saveModel(out / "model", torch::kFloat16);

    std::ofstream(out / "training_report.json")
        << nlohmann::json{{"steps", result.steps},
                          {"total_steps", totalSteps},
                          {"completed", result.completed},
                          {"epochs", request.epochs},
                          {"batch", request.batchSize},
                          {"learning_rate", request.learningRate},
                          {"full_history_share", request.fullHistoryShare},
                          {"unconditional_share", request.unconditionalShare},
                          {"image_input_noise", request.imageInputNoise},
                          {"codebook_embeddings", request.codebookEmbeddings},
                          {"preference_lr_scale", request.preferenceLearningRateScale},
                          {"seed", request.seed},
                          {"records", records.size()},
                          {"validation_records", validation.size()},
                          {"trainable_parameters", result.parameters},
                          {"training_seconds_this_run", result.seconds},
                          {"last_step", {{"loss", last.loss}, {"text_loss", last.textLoss}, {"image_loss", last.imageLoss}}},
                          {"validation",
                           {{"text_loss", last.validationTextLoss},
                            {"image_loss", last.validationImageLoss},
                            {"text_loss_no_history", last.validationTextLossNoHistory},
                            {"image_loss_no_history", last.validationImageLossNoHistory},
                            {"first_code_loss", last.validationFirstCodeLoss},
                            {"first_code_loss_no_history", last.validationFirstCodeLossNoHistory}}}}
                  .dump(2)
        << "\n";
    return result;
}

}  // namespace adgen
