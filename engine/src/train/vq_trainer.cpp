#include "train/vq_trainer.h"

#include "adgen/error.h"
#include "generate/sampler.h"
#include "io/safetensors.h"
#include "model/weight_store.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>

namespace adgen::train {
namespace {

const std::string kPrefix = "gen_vision_model.";
const std::string kCodebookKey = kPrefix + "quantize.embedding.weight";

double nowSeconds() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

model::WeightStore::Options storeOptions() {
    model::WeightStore::Options options;
    options.dtype = torch::kFloat32;
    options.device = torch::kCPU;
    return options;
}

// Seeded random weights for every tensor the model asks for.
std::map<std::string, torch::Tensor> initialWeights(const nn::VqConfig& config, uint64_t seed) {
    torch::NoGradGuard noGrad;
    auto options = storeOptions();
    options.randomFill = true;
    options.randomSeed = seed;
    model::WeightStore store(std::map<std::string, torch::Tensor>{}, options);
    store.keepTakenTensors(true);
    const nn::VqModel model(store, config, kPrefix);
    return store.takenTensors();
}

}  // namespace

VqTrainer::VqTrainer(const nn::VqConfig& config, const VqTrainingOptions& options)
    : VqTrainer(config, options, initialWeights(config, options.seed)) {}

VqTrainer::VqTrainer(const nn::VqConfig& config, const VqTrainingOptions& options,
                     std::map<std::string, torch::Tensor> weights)
    : config_(config), options_(options) {
    if (options_.steps < 1 || options_.batchSize < 1 || !(options_.learningRate > 0))
        throw Error("VQ training needs at least one step, a batch of at least one image and a positive learning rate.",
                    "Check --steps, --batch and --lr.");
    std::vector<torch::Tensor> leaves;
    for (auto& [key, tensor] : weights) {
        auto leaf = tensor.detach().clone().to(torch::kFloat32).set_requires_grad(true);
        parameters_[key] = leaf;
        leaves.push_back(leaf);
    }
    optimizer_ = std::make_unique<torch::optim::Adam>(leaves, torch::optim::AdamOptions(options_.learningRate).betas({0.9, 0.95}));
    usage_ = torch::zeros({config_.codebookSize}, torch::kInt64);
    startSeconds_ = nowSeconds();
}

std::unique_ptr<nn::VqModel> VqTrainer::model() const {
    torch::NoGradGuard noGrad;
    std::map<std::string, torch::Tensor> detached;
    for (const auto& [key, tensor] : parameters_) detached[key] = tensor.detach();
    model::WeightStore store(detached, storeOptions());
    return std::make_unique<nn::VqModel>(store, config_, kPrefix);
}

VqTrainingProgress VqTrainer::step(const torch::Tensor& images) {
    // The model is rebuilt from the leaves every step: its constructor derives tensors (the
    // normalised codebook) that must be recomputed from the updated weights, inside the graph.
    model::WeightStore store(parameters_, storeOptions());
    const nn::VqModel vq(store, config_, kPrefix);
    const auto pass = vq.trainingPass(images);
    const auto x = images.to(torch::kFloat32);
    const auto reconstruction = torch::mse_loss(pass.reconstruction, x);
    const auto codebookLoss = torch::mse_loss(pass.quantised, pass.latent.detach());
    const auto commitLoss = torch::mse_loss(pass.latent, pass.quantised.detach());
    const auto loss = reconstruction + codebookLoss + options_.commitment * commitLoss;
    optimizer_->zero_grad();
    loss.backward();
    optimizer_->step();
    ++step_;

    usage_.index_add_(0, pass.codes, torch::ones_like(pass.codes));
    VqTrainingProgress p;
    p.codebookUsage = static_cast<double>((usage_ > 0).sum().item<int64_t>()) / static_cast<double>(config_.codebookSize);
    if (options_.deadCodeInterval > 0 && step_ % options_.deadCodeInterval == 0) {
        restartDeadCodes(pass.latent.detach());
        usage_.zero_();
    }
    p.step = step_;
    p.steps = options_.steps;
    p.loss = loss.item<double>();
    p.reconstructionMse = reconstruction.item<double>();
    p.seconds = nowSeconds() - startSeconds_;
    const auto done = step_ - firstStepOfRun_;
    p.etaSeconds = done > 0 ? p.seconds / static_cast<double>(done) * static_cast<double>(options_.steps - step_) : 0;
    return p;
}

void VqTrainer::restartDeadCodes(const torch::Tensor& latent) {
    torch::NoGradGuard noGrad;
    const auto dead = (usage_ == 0).nonzero().flatten();
    if (dead.numel() == 0 || latent.size(0) == 0) return;
    // Deterministic per step: the replacement rows are latent rows picked by a seeded generator.
    auto gen = generate::makeGenerator(options_.seed * 1000003ULL + static_cast<uint64_t>(step_));
    const auto picks = torch::randint(latent.size(0), {dead.numel()}, gen, torch::kInt64);
    auto& codebook = parameters_.at(kCodebookKey);
    codebook.index_copy_(0, dead, latent.index_select(0, picks).to(codebook.dtype()));
}

void VqTrainer::run(const torch::Tensor& dataset, const std::function<void(const VqTrainingProgress&)>& progress,
                    int64_t checkpointEvery, const std::function<void()>& checkpoint, const std::atomic<bool>* cancel) {
    const auto n = dataset.size(0);
    if (dataset.dim() != 4 || n == 0)
        throw Error("The VQ training set is empty or not a batch of images.", "Give it at least one image.");
    firstStepOfRun_ = step_;
    startSeconds_ = nowSeconds();
    const auto batch = std::min(options_.batchSize, n);
    const auto perEpoch = n / batch;
    while (step_ < options_.steps) {
        if (cancel && cancel->load()) return;
        // Step s uses slice (s mod perEpoch) of epoch (s / perEpoch)'s permutation.
        const auto epoch = step_ / perEpoch;
        auto gen = generate::makeGenerator(options_.seed * 7919ULL + static_cast<uint64_t>(epoch) + 1);
        const auto order = torch::randperm(n, gen, torch::kInt64);
        const auto indices = order.narrow(0, (step_ % perEpoch) * batch, batch);
        const auto p = step(dataset.index_select(0, indices));
        if (progress) progress(p);
        if (checkpoint && checkpointEvery > 0 && step_ % checkpointEvery == 0) checkpoint();
    }
    if (checkpoint) checkpoint();
}

std::vector<std::pair<std::string, torch::Tensor>> VqTrainer::weights() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& [key, tensor] : parameters_) out.emplace_back(key, tensor.detach().clone());
    return out;
}

void VqTrainer::saveCheckpoint(const std::filesystem::path& directory) const {
    std::filesystem::create_directories(directory);
    io::saveSafetensors(directory / "weights.safetensors", weights(), {{"format", "pt"}, {"step", std::to_string(step_)}});
    torch::serialize::OutputArchive archive;
    optimizer_->save(archive);
    archive.save_to((directory / "optimizer.pt.tmp").string());
    std::filesystem::rename(directory / "optimizer.pt.tmp", directory / "optimizer.pt");
    std::vector<int64_t> usage(usage_.data_ptr<int64_t>(), usage_.data_ptr<int64_t>() + usage_.numel());
    std::ofstream(directory / "state.json.tmp") << nlohmann::json{{"step", step_}, {"usage", usage}}.dump() << "\n";
    std::filesystem::rename(directory / "state.json.tmp", directory / "state.json");
}

std::unique_ptr<VqTrainer> VqTrainer::resume(const std::filesystem::path& checkpoint, const nn::VqConfig& config,
                                             const VqTrainingOptions& options) {
    for (const char* file : {"weights.safetensors", "optimizer.pt", "state.json"})
        if (!std::filesystem::exists(checkpoint / file))
            throw Error("The checkpoint " + checkpoint.string() + " has no " + file + ".",
                        "Resume from a directory written by `adgen train vq` (its checkpoint/ folder), or start afresh.");
    std::map<std::string, torch::Tensor> weights;
    {
        model::WeightStore store(checkpoint, storeOptions());  // shape-checks against the config
        store.keepTakenTensors(true);
        const nn::VqModel model(store, config, kPrefix);
        weights = store.takenTensors();
    }
    std::unique_ptr<VqTrainer> trainer(new VqTrainer(config, options, weights));
    torch::serialize::InputArchive archive;
    archive.load_from((checkpoint / "optimizer.pt").string());
    trainer->optimizer_->load(archive);
    std::ifstream in(checkpoint / "state.json");
    const auto state = nlohmann::json::parse(in);
    trainer->step_ = state.at("step").get<int64_t>();
    const auto usage = state.at("usage").get<std::vector<int64_t>>();
    if (static_cast<int64_t>(usage.size()) == config.codebookSize)
        trainer->usage_ = torch::tensor(usage, torch::kInt64);
    return trainer;
}

}  // namespace adgen::train
