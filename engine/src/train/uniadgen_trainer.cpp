#include "train/uniadgen_trainer.h"

#include "adgen/error.h"
#include "generate/sampler.h"
#include "io/safetensors.h"
#include "personalize/preference_embedding.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace adgen::train {
namespace {

const std::string kFrozenPrefix = "gen_vision_model.";

model::WeightStore::Options storeOptions() {
    model::WeightStore::Options options;
    options.dtype = torch::kFloat32;
    options.device = torch::kCPU;
    return options;
}

bool startsWith(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// The similarity masks and the fusion encoder, which turn the history into preference tokens.
bool isPreferenceModule(const std::string& key) {
    for (const char* prefix : {"visual_mask_generator.", "text_mask_generator.", "dual_modality_fusion_encoder."})
        if (startsWith(key, prefix)) return true;
    return false;
}

std::string formatNumber(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

torch::optim::AdamWOptions adamOptions(const UniAdGenTrainingOptions& options, double rateScale = 1.0) {
    return torch::optim::AdamWOptions(options.learningRate * rateScale)
        .betas({0.9, 0.95})
        .weight_decay(options.weightDecay);
}

}  // namespace

torch::Tensor noisyImageInputs(const torch::Tensor& codes, double maxShare, int64_t codebookSize, uint64_t seed) {
    if (maxShare <= 0 || codes.numel() == 0) return codes;
    auto generator = generate::makeGenerator(seed);
    const auto share = torch::rand({}, generator).item<double>() * maxShare;
    const auto replaced = torch::rand(codes.sizes(), generator) < share;
    const auto random = torch::randint(codebookSize, codes.sizes(), generator, torch::kInt64);
    return torch::where(replaced, random, codes.to(torch::kInt64));
}

UniAdGenTrainer::UniAdGenTrainer(model::ModelConfig config, std::filesystem::path tokenizerDirectory,
                                 const std::map<std::string, torch::Tensor>& weights,
                                 const UniAdGenTrainingOptions& options)
    : config_(std::move(config)), tokenizerDirectory_(std::move(tokenizerDirectory)), options_(options) {
    if (!(options_.learningRate > 0)) throw Error("The learning rate must be positive.", "Check --lr.");
    if (!(options_.preferenceLearningRateScale >= 0))
        throw Error("The preference modules' learning-rate scale must be 0 or more.", "Check --preference-lr-scale.");
    const auto preferenceScale = options_.preferenceLearningRateScale;
    std::vector<torch::Tensor> trainable, preferenceParameters;
    for (const auto& [key, tensor] : weights) {
        auto own = tensor.detach().clone().to(torch::kFloat32);
        const bool preference = isPreferenceModule(key);
        if (!startsWith(key, kFrozenPrefix) && !(preference && preferenceScale == 0)) {
            own.set_requires_grad(true);
            (preference && preferenceScale != 1.0 ? preferenceParameters : trainable).push_back(own);
        }
        weights_[key] = own;
    }
    optimizer_ = std::make_unique<torch::optim::AdamW>(trainable, adamOptions(options_));
    // The preference modules get a group of their own only when their rate differs, so the
    // checkpoints of runs without --preference-lr-scale keep one group.
    if (!preferenceParameters.empty())
        optimizer_->add_param_group(torch::optim::OptimizerParamGroup(
            preferenceParameters, std::make_unique<torch::optim::AdamWOptions>(adamOptions(options_, preferenceScale))));
    (void)buildModel();  // fails now, with the model's own message, if weights or tokenizer do not fit
}

std::unique_ptr<personalize::UniAdGenModel> UniAdGenTrainer::buildModel() const {
    // Rebuilt from the leaves for every step: constructors derive tensors (fused projections) that
    // must follow the updated weights inside the autograd graph.
    model::WeightStore store(weights_, storeOptions());
    return std::make_unique<personalize::UniAdGenModel>(config_, store,
                                                         model::JanusModel::readTokenizer(tokenizerDirectory_, config_));
}

UniAdGenTrainer::Losses UniAdGenTrainer::sampleLosses(const personalize::UniAdGenModel& model, const AdSample& sample,
                                                      uint64_t noiseSeed, bool training) const {
    const auto& janus = model.janus();
    const auto& prompts = model.prompts();
    const auto& decoder = janus.decoder();
    Losses losses;

    std::vector<int64_t> ids;
    size_t titleBegin = 0, titleEnd = 0;
    torch::Tensor prompt;  // [P, D]
    if (sample.unconditional) {
        ids = prompts.negative();
        prompt = decoder.embed(torch::tensor(ids, torch::kInt64).view({1, -1})).squeeze(0);
    } else {
        const auto n = static_cast<int64_t>(sample.historyTitles.size());
        const auto sequence = prompts.trainingSequence(sample.brief, n, sample.title);
        ids = sequence.ids;
        titleBegin = sequence.titleBegin;
        titleEnd = sequence.titleEnd;
        const auto history = personalize::encodeHistory(model, sample.historyImages, sample.historyTitles);
        prompt = personalize::promptEmbeddings(model, ids, history, generate::makeGenerator(noiseSeed));
    }

    const auto codes = sample.imageCodes.to(torch::kInt64).flatten();
    const auto count = codes.numel();
    const auto P = prompt.size(0);
    const auto D = prompt.size(1);
    // Image step i feeds code i - 1: the inputs after the prompt are codes 0 .. count - 2.
    auto inputCodes = codes.narrow(0, 0, count - 1);
    if (training)
        inputCodes = noisyImageInputs(inputCodes, options_.imageInputNoise, config_.generation.imageTokenSize,
                                      noiseSeed ^ 0x1A6E5EEDULL);
    const auto imageInputs = janus.adapters().embedImageTokens(inputCodes.view({1, -1})).squeeze(0);
    const auto inputs = torch::cat({prompt, imageInputs}).unsqueeze(0);
    const auto length = inputs.size(1);

    const auto& foreground = model.foreground();
    const auto injections = foreground.layerInjections(foreground.conditionTokens(sample.control.unsqueeze(0)));
    const auto padding = torch::zeros({1, P, D});
    const nn::LayerHook hook = [&](int64_t layer, torch::Tensor& hidden) {
        const auto k = foreground.injectionIndexForLayer(layer);
        if (!k) return;
        // Input code j (position P + j) gets condition position j, as image step j + 1 does.
        const auto added = injections[static_cast<size_t>(*k)].narrow(1, 0, count - 1) * options_.foregroundStrength;
        hidden = hidden + torch::cat({padding, added}, 1);
    };
    auto cache = decoder.makeCache(1, length);
    const auto hidden = decoder.forward(inputs, cache, torch::ones({1, length}, torch::kBool), hook).squeeze(0);

    const auto imageLogits = janus.adapters().imageLogits(hidden.narrow(0, P - 1, count));
    losses.image = torch::nn::functional::cross_entropy(
        imageLogits, codes, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    losses.imageCount = count;
    losses.firstCode = torch::nn::functional::cross_entropy(imageLogits.narrow(0, 0, 1).detach(), codes.narrow(0, 0, 1));
    if (titleEnd > titleBegin) {
        const auto span = static_cast<int64_t>(titleEnd - titleBegin);
        const auto targets = torch::tensor(std::vector<int64_t>(ids.begin() + static_cast<long>(titleBegin),
                                                                ids.begin() + static_cast<long>(titleEnd)),
                                           torch::kInt64);
        const auto textLogits = decoder.textLogits(hidden.narrow(0, static_cast<int64_t>(titleBegin) - 1, span));
        losses.text = torch::nn::functional::cross_entropy(
            textLogits, targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
        losses.textCount = span;
    }
    return losses;
}

UniAdGenStepResult UniAdGenTrainer::batchLosses(const std::vector<AdSample>& batch, torch::Tensor* total,
                                                bool training) const {
    if (batch.empty()) throw Error("A training batch is empty.", "Give each step at least one sample.");
    const auto model = buildModel();
    torch::Tensor textSum = torch::zeros({}), imageSum = torch::zeros({});
    double firstCodeSum = 0;
    int64_t textCount = 0, imageCount = 0;
    for (size_t i = 0; i < batch.size(); ++i) {
        // Fresh Gumbel noise per sample and step, reproducible from the seed.
        const auto seed = options_.seed * 1000003ULL + static_cast<uint64_t>(step_) * 131ULL + i;
        const auto l = sampleLosses(*model, batch[i], seed, training);
        imageSum = imageSum + l.image;
        imageCount += l.imageCount;
        firstCodeSum += l.firstCode.item<double>();
        if (l.textCount > 0) {
            textSum = textSum + l.text;
            textCount += l.textCount;
        }
    }
    const auto text = textCount > 0 ? textSum / static_cast<double>(textCount) : textSum;
    const auto image = imageSum / static_cast<double>(imageCount);
    if (total) *total = options_.textLossWeight * text + options_.imageLossWeight * image;
    UniAdGenStepResult r;
    r.textLoss = text.item<double>();
    r.imageLoss = image.item<double>();
    r.firstCodeLoss = firstCodeSum / static_cast<double>(batch.size());
    r.loss = options_.textLossWeight * r.textLoss + options_.imageLossWeight * r.imageLoss;
    r.step = step_;
    return r;
}

UniAdGenStepResult UniAdGenTrainer::step(const std::vector<AdSample>& batch) {
    torch::AutoGradMode enabled(true);
    torch::Tensor total;
    auto result = batchLosses(batch, &total, /*training=*/true);
    optimizer_->zero_grad();
    total.backward();
    optimizer_->step();
    result.step = ++step_;
    return result;
}

UniAdGenStepResult UniAdGenTrainer::evaluate(const std::vector<AdSample>& batch) const {
    torch::NoGradGuard noGrad;
    return batchLosses(batch, nullptr, /*training=*/false);
}

void UniAdGenTrainer::setLearningRate(double rate) {
    auto& groups = optimizer_->param_groups();
    for (size_t i = 0; i < groups.size(); ++i)  // group 1, when present, holds the preference modules
        static_cast<torch::optim::AdamWOptions&>(groups[i].options())
            .lr(i == 0 ? rate : rate * options_.preferenceLearningRateScale);
}

int64_t UniAdGenTrainer::trainableParameters() const {
    int64_t count = 0;
    for (const auto& [key, tensor] : weights_)
        if (tensor.requires_grad()) count += tensor.numel();
    return count;
}

void UniAdGenTrainer::saveModel(const std::filesystem::path& directory, torch::ScalarType dtype) const {
    namespace fs = std::filesystem;
    fs::create_directories(directory);
    std::vector<std::pair<std::string, torch::Tensor>> tensors;
    for (const auto& [key, tensor] : weights_) tensors.emplace_back(key, tensor.detach().to(dtype));
    io::saveSafetensors(directory / "model.safetensors", tensors, {{"format", "pt"}, {"step", std::to_string(step_)}});
    auto json = model::toJson(config_);
    json["uniadgen"] = config_.raw.at("uniadgen");
    std::ofstream(directory / "config.json") << json.dump(2) << "\n";
    for (const char* file : {"tokenizer.json", "added_tokens.json"}) {
        const auto from = tokenizerDirectory_ / file, to = directory / file;
        // A resumed trainer reads its tokenizer from the checkpoint it saves into.
        if (!fs::exists(from) || (fs::exists(to) && fs::equivalent(from, to))) continue;
        fs::copy_file(from, to, fs::copy_options::overwrite_existing);
    }
}

void UniAdGenTrainer::saveCheckpoint(const std::filesystem::path& directory) const {
    saveModel(directory);
    torch::serialize::OutputArchive archive;
    optimizer_->save(archive);
    archive.save_to((directory / "optimizer.pt.tmp").string());
    std::filesystem::rename(directory / "optimizer.pt.tmp", directory / "optimizer.pt");
    // The scale shapes the optimiser's groups, so resume() checks it before reading their state.
    std::ofstream(directory / "state.json.tmp")
        << nlohmann::json{{"step", step_}, {"preference_lr_scale", options_.preferenceLearningRateScale}}.dump() << "\n";
    std::filesystem::rename(directory / "state.json.tmp", directory / "state.json");
}

std::unique_ptr<UniAdGenTrainer> UniAdGenTrainer::resume(const std::filesystem::path& checkpoint,
                                                         const UniAdGenTrainingOptions& options) {
    for (const char* file : {"config.json", "model.safetensors", "optimizer.pt", "state.json"})
        if (!std::filesystem::exists(checkpoint / file))
            throw Error("The checkpoint " + checkpoint.string() + " has no " + file + ".",
                        "Resume from a checkpoint directory the model training wrote, or start afresh.");
    std::ifstream in(checkpoint / "state.json");
    const auto state = nlohmann::json::parse(in);
    const auto trainedScale = state.value("preference_lr_scale", 1.0);  // checkpoints from before the option: 1
    if (trainedScale != options.preferenceLearningRateScale)
        throw Error("The checkpoint " + checkpoint.string() + " was trained with --preference-lr-scale " +
                        formatNumber(trainedScale) + ", not " + formatNumber(options.preferenceLearningRateScale) + ".",
                    "Resume with the options the run started with, or start afresh in another --out directory.");
    auto config = model::loadModelConfig(checkpoint);
    const auto file = io::SafetensorsFile::open(checkpoint / "model.safetensors");
    std::map<std::string, torch::Tensor> weights;
    for (const auto& entry : file->entries()) weights[entry.name] = file->read(entry, torch::kFloat32);
    std::unique_ptr<UniAdGenTrainer> trainer(new UniAdGenTrainer(std::move(config), checkpoint, weights, options));
    torch::serialize::InputArchive archive;
    archive.load_from((checkpoint / "optimizer.pt").string());
    try {
        trainer->optimizer_->load(archive);
    } catch (const c10::Error&) {  // e.g. a checkpoint from before state.json recorded the scale
        throw Error("The optimiser state in " + checkpoint.string() + " does not fit the options given.",
                    "Resume with the options the run started with (--preference-lr-scale among them), or start "
                    "afresh in another --out directory.");
    }
    trainer->step_ = state.at("step").get<int64_t>();
    return trainer;
}

}  // namespace adgen::train
