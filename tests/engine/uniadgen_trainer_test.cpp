// Training a tiny random Uni-AdGen end to end: the title and image losses fall when it fits a
// small batch, the VQ stays frozen, and the saved directory loads as a model.

#include "adgen/error.h"
#include "generate/sampler.h"
#include "io/safetensors.h"
#include "personalize/uniadgen_random_model.h"
#include "train/uniadgen_trainer.h"
#include "uniadgen_test_support.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

namespace adgen {
namespace {

std::map<std::string, torch::Tensor> readWeights(const std::filesystem::path& file) {
    const auto f = io::SafetensorsFile::open(file);
    std::map<std::string, torch::Tensor> out;
    for (const auto& e : f->entries()) out[e.name] = f->read(e, torch::kFloat32).clone();
    return out;
}

class UniAdGenTraining : public ::testing::Test {
protected:
    UniAdGenTraining() : dir_("uniadgen-trainer"), config_(testing::tinyUniAdGenModelConfig(testing::tinyUniAdGenSectionForPixels())) {
        personalize::writeRandomUniAdGenModel(dir_.path() / "init", config_, testing::tinyTokenizerJson(), 4);
        weights_ = readWeights(dir_.path() / "init" / "model.safetensors");
    }

    std::vector<train::AdSample> batch() const {
        auto gen = generate::makeGenerator(3);
        std::vector<train::AdSample> samples;
        const char* titles[] = {"light steel bottle", "red cup for tea"};
        for (int i = 0; i < 2; ++i) {
            train::AdSample s;
            s.brief = {"light, steel, red", "steel bottle 500 ml"};
            s.title = titles[i];
            s.control = torch::rand({3, 64, 64}, gen) * 2 - 1;
            s.historyImages = torch::rand({3, 3, 14, 14}, gen) * 2 - 1;
            s.historyTitles = {"blue cup", "steel bottle", "green tent"};
            s.imageCodes = torch::randint(0, 64, {16}, gen, torch::kInt64);
            samples.push_back(s);
        }
        return samples;
    }

    testing::TempDir dir_;
    model::ModelConfig config_;
    std::map<std::string, torch::Tensor> weights_;
};

TEST_F(UniAdGenTraining, FittingASmallBatchLowersBothLossesAndLeavesTheVqAlone) {
    at::set_num_threads(1);
    train::UniAdGenTrainingOptions options;
    options.learningRate = 3e-3;
    train::UniAdGenTrainer trainer(config_, dir_.path() / "init", weights_, options);
    const auto samples = batch();
    const auto before = trainer.evaluate(samples);
    for (int i = 0; i < 40; ++i) trainer.step(samples);
    const auto after = trainer.evaluate(samples);
    EXPECT_EQ(trainer.stepsDone(), 40);
    EXPECT_LT(after.textLoss, 0.5 * before.textLoss) << before.textLoss << " -> " << after.textLoss;
    EXPECT_LT(after.imageLoss, 0.5 * before.imageLoss) << before.imageLoss << " -> " << after.imageLoss;

    trainer.saveModel(dir_.path() / "trained");
    const auto trained = readWeights(dir_.path() / "trained" / "model.safetensors");
    EXPECT_TRUE(torch::equal(trained.at("gen_vision_model.quantize.embedding.weight"),
                             weights_.at("gen_vision_model.quantize.embedding.weight")));
    EXPECT_FALSE(torch::equal(trained.at("language_model.model.layers.0.self_attn.q_proj.weight"),
                              weights_.at("language_model.model.layers.0.self_attn.q_proj.weight")));
    // The preference and foreground modules learn too.
    size_t changed = 0;
    for (const auto& [key, tensor] : trained)
        if ((key.rfind("visual_mask_generator.", 0) == 0 || key.find("condition_mlp.") != std::string::npos) &&
            !torch::equal(tensor, weights_.at(key)))
            ++changed;
    EXPECT_GT(changed, 0u);

    model::JanusModel::LoadOptions load;
    const auto model = personalize::UniAdGenModel::load(dir_.path() / "trained", load);
    EXPECT_TRUE(model->janus().loadReport().missingKeys.empty());
}

TEST_F(UniAdGenTraining, AResumedRunContinuesExactly) {
    at::set_num_threads(1);
    const auto samples = batch();
    train::UniAdGenTrainer straight(config_, dir_.path() / "init", weights_, {});
    for (int i = 0; i < 2; ++i) straight.step(samples);
    straight.saveCheckpoint(dir_.path() / "at2");
    for (int i = 0; i < 2; ++i) straight.step(samples);
    straight.saveModel(dir_.path() / "straight");

    const auto resumed = train::UniAdGenTrainer::resume(dir_.path() / "at2", {});
    ASSERT_EQ(resumed->stepsDone(), 2);
    for (int i = 0; i < 2; ++i) resumed->step(samples);
    resumed->saveModel(dir_.path() / "resumed");
    const auto a = readWeights(dir_.path() / "straight" / "model.safetensors");
    const auto b = readWeights(dir_.path() / "resumed" / "model.safetensors");
    ASSERT_EQ(a.size(), b.size());
    for (const auto& [key, tensor] : a) EXPECT_TRUE(torch::equal(tensor, b.at(key))) << key;

    try {
        train::UniAdGenTrainer::resume(dir_.path() / "init", {});
        FAIL() << "resumed from a model directory without optimizer state";
    } catch (const Error& e) {
        EXPECT_NE(e.problem().find("has no optimizer.pt"), std::string::npos) << e.problem();
    }
}

TEST_F(UniAdGenTraining, UnconditionalSamplesTrainOnlyTheImage) {
    train::UniAdGenTrainer trainer(config_, dir_.path() / "init", weights_, {});
    auto samples = batch();
    for (auto& s : samples) s.unconditional = true;
    const auto r = trainer.evaluate(samples);
    EXPECT_EQ(r.textLoss, 0.0);
    EXPECT_GT(r.imageLoss, 0.0);
    EXPECT_NO_THROW(trainer.step(samples));
}

TEST(ImageInputNoise, ReplacesADrawnShareOfTheCodesReproducibly) {
    const auto codes = torch::arange(0, 2000, torch::kInt64) % 50;  // codes 0..49 of a 1000-code book
    EXPECT_TRUE(torch::equal(train::noisyImageInputs(codes, 0.0, 1000, 7), codes));

    double meanShare = 0;
    const int seeds = 200;
    for (int seed = 0; seed < seeds; ++seed) {
        const auto noisy = train::noisyImageInputs(codes, 0.4, 1000, static_cast<uint64_t>(seed));
        ASSERT_EQ(noisy.sizes(), codes.sizes());
        EXPECT_GE(noisy.min().item<int64_t>(), 0);
        EXPECT_LT(noisy.max().item<int64_t>(), 1000);
        // A replaced code is a random one: most land outside 0..49, so count those.
        const auto share = (noisy >= 50).to(torch::kFloat64).mean().item<double>() / 0.95;
        EXPECT_LE(share, 0.45) << seed;
        meanShare += share / seeds;
        EXPECT_TRUE(torch::equal(noisy, train::noisyImageInputs(codes, 0.4, 1000, static_cast<uint64_t>(seed))));
    }
    EXPECT_NEAR(meanShare, 0.2, 0.03);  // shares drawn uniformly from [0, 0.4]
    EXPECT_FALSE(torch::equal(train::noisyImageInputs(codes, 0.4, 1000, 1), train::noisyImageInputs(codes, 0.4, 1000, 2)));
}

// The scene is chosen at the first image code, before any image code is fed back: the history
// pictures must be able to reach it. Two samples alike in everything but their history pictures
// and their first code: a model that cannot tell the histories apart keeps at least ln 2 nats on
// the first code, ln 2 / 16 per code over the 16 codes.
TEST_F(UniAdGenTraining, TheFirstImageCodeIsLearnedFromTheHistoryPicturesAlone) {
    at::set_num_threads(1);
    train::UniAdGenTrainingOptions options;
    options.learningRate = 3e-3;
    train::UniAdGenTrainer trainer(config_, dir_.path() / "init", weights_, options);
    auto samples = batch();
    samples[1].title = samples[0].title;
    samples[1].control = samples[0].control;
    samples[1].historyTitles = samples[0].historyTitles;
    samples[1].imageCodes = samples[0].imageCodes.clone();
    samples[0].imageCodes[0] = 5;
    samples[1].imageCodes[0] = 40;
    ASSERT_FALSE(torch::equal(samples[0].historyImages, samples[1].historyImages));
    for (int i = 0; i < 120; ++i) trainer.step(samples);
    const double indistinguishable = std::log(2.0) / 16;
    const auto fitted = trainer.evaluate(samples).imageLoss;
    EXPECT_LT(fitted, 0.5 * indistinguishable) << fitted;
}

TEST_F(UniAdGenTraining, FirstCodeLossIsTheFirstImageCodesCrossEntropyAlone) {
    at::set_num_threads(1);
    train::UniAdGenTrainer trainer(config_, dir_.path() / "init", weights_, {});
    const auto samples = batch();
    const auto reference = trainer.evaluate(samples);
    EXPECT_GT(reference.firstCodeLoss, 0.0);
    // Other codes change the image loss but not the first code's (teacher forcing: the first code
    // is predicted before any image code is fed back).
    auto later = samples;
    for (auto& s : later) {
        s.imageCodes = s.imageCodes.clone();
        s.imageCodes.narrow(0, 1, s.imageCodes.numel() - 1).add_(1).remainder_(64);
    }
    const auto withLater = trainer.evaluate(later);
    EXPECT_NE(withLater.imageLoss, reference.imageLoss);
    EXPECT_DOUBLE_EQ(withLater.firstCodeLoss, reference.firstCodeLoss);
    // Another first code changes it.
    auto first = samples;
    for (auto& s : first) {
        s.imageCodes = s.imageCodes.clone();
        s.imageCodes[0] = (s.imageCodes[0].item<int64_t>() + 1) % 64;
    }
    EXPECT_NE(trainer.evaluate(first).firstCodeLoss, reference.firstCodeLoss);
}

TEST_F(UniAdGenTraining, ImageInputNoiseChangesTrainingStepsButNotValidation) {
    at::set_num_threads(1);
    const auto samples = batch();
    train::UniAdGenTrainingOptions noisy;
    noisy.imageInputNoise = 1.0;
    train::UniAdGenTrainer clean(config_, dir_.path() / "init", weights_, {});
    train::UniAdGenTrainer withNoise(config_, dir_.path() / "init", weights_, noisy);
    // Validation feeds the true codes whatever the option.
    EXPECT_EQ(clean.evaluate(samples).imageLoss, withNoise.evaluate(samples).imageLoss);
    // The step's own loss is on the noisy inputs; the title loss does not see the image inputs.
    const auto a = clean.step(samples);
    const auto b = withNoise.step(samples);
    EXPECT_NE(a.imageLoss, b.imageLoss);
    EXPECT_EQ(a.textLoss, b.textLoss);
}

bool isPreferenceWeight(const std::string& key) {
    for (const char* prefix : {"visual_mask_generator.", "text_mask_generator.", "dual_modality_fusion_encoder."})
        if (key.rfind(prefix, 0) == 0) return true;
    return false;
}

// Largest change of any weight, over the preference modules' weights or over the others (VQ aside).
std::pair<double, double> largestChanges(const std::map<std::string, torch::Tensor>& before,
                                         const std::map<std::string, torch::Tensor>& after) {
    double preference = 0, others = 0;
    for (const auto& [key, tensor] : after) {
        if (key.rfind("gen_vision_model.", 0) == 0) continue;
        const auto change = (tensor - before.at(key)).abs().max().item<double>();
        auto& largest = isPreferenceWeight(key) ? preference : others;
        largest = std::max(largest, change);
    }
    return {preference, others};
}

// AdamW's first step moves every weight with a gradient by the learning rate (m / sqrt(v) = sign
// of the gradient), so the largest change shows the rate each group trains at.
TEST_F(UniAdGenTraining, PreferenceModulesTrainAtTheirShareOfTheLearningRate) {
    at::set_num_threads(1);
    const auto samples = batch();
    train::UniAdGenTrainingOptions options;
    options.learningRate = 1e-3;
    options.preferenceLearningRateScale = 0.25;
    train::UniAdGenTrainer scaled(config_, dir_.path() / "init", weights_, options);
    scaled.step(samples);
    scaled.saveCheckpoint(dir_.path() / "scaled1");
    auto [preference, others] = largestChanges(weights_, readWeights(dir_.path() / "scaled1" / "model.safetensors"));
    EXPECT_NEAR(preference, 0.25e-3, 0.01e-3);
    EXPECT_NEAR(others, 1e-3, 0.01e-3);
    // The schedule's rate reaches both groups in proportion.
    scaled.setLearningRate(4e-3);
    scaled.step(samples);
    scaled.saveModel(dir_.path() / "scaled2");
    std::tie(preference, others) = largestChanges(readWeights(dir_.path() / "scaled1" / "model.safetensors"),
                                                  readWeights(dir_.path() / "scaled2" / "model.safetensors"));
    // At the second step |m / sqrt(v)| is at most 1 (betas 0.9, 0.95), and near 1 for some weight.
    EXPECT_LE(preference, 1.01e-3);
    EXPECT_GT(preference, 0.5e-3);
    EXPECT_LE(others, 4.04e-3);
    EXPECT_GT(others, 2e-3);
    // A resumed run keeps the two groups and their state.
    const auto resumed = train::UniAdGenTrainer::resume(dir_.path() / "scaled1", options);
    resumed->setLearningRate(4e-3);
    resumed->step(samples);
    resumed->saveModel(dir_.path() / "resumed2");
    const auto a = readWeights(dir_.path() / "scaled2" / "model.safetensors");
    const auto b = readWeights(dir_.path() / "resumed2" / "model.safetensors");
    for (const auto& [key, tensor] : a) EXPECT_TRUE(torch::equal(tensor, b.at(key))) << key;
    // Resuming with another scale would change the groups (or their rates) under the saved state.
    try {
        train::UniAdGenTrainer::resume(dir_.path() / "scaled1", {});
        FAIL() << "resumed a run trained at scale 0.25 with scale 1";
    } catch (const Error& e) {
        EXPECT_NE(e.problem().find("trained with --preference-lr-scale 0.25, not 1"), std::string::npos) << e.problem();
    }
    // A checkpoint whose state.json predates the scale: the optimiser state itself does not fit.
    std::ofstream(dir_.path() / "scaled1" / "state.json") << "{\"step\": 1}\n";
    try {
        train::UniAdGenTrainer::resume(dir_.path() / "scaled1", {});
        FAIL() << "resumed two optimiser groups into one";
    } catch (const Error& e) {
        EXPECT_NE(e.problem().find("does not fit the options given"), std::string::npos) << e.problem();
    }

    // 0 keeps them as they started, and they no longer count as trained.
    options.preferenceLearningRateScale = 0;
    train::UniAdGenTrainer frozen(config_, dir_.path() / "init", weights_, options);
    train::UniAdGenTrainer full(config_, dir_.path() / "init", weights_, {});
    int64_t preferenceParameters = 0;
    for (const auto& [key, tensor] : weights_)
        if (isPreferenceWeight(key)) preferenceParameters += tensor.numel();
    ASSERT_GT(preferenceParameters, 0);
    EXPECT_EQ(frozen.trainableParameters(), full.trainableParameters() - preferenceParameters);
    frozen.step(samples);
    frozen.saveModel(dir_.path() / "frozen");
    std::tie(preference, others) = largestChanges(weights_, readWeights(dir_.path() / "frozen" / "model.safetensors"));
    EXPECT_EQ(preference, 0.0);
    EXPECT_NEAR(others, 1e-3, 0.01e-3);

    options.preferenceLearningRateScale = -1;
    EXPECT_THROW(train::UniAdGenTrainer(config_, dir_.path() / "init", weights_, options), Error);
}

}  // namespace
}  // namespace adgen
