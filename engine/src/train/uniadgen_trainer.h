#pragma once

// Training a Uni-AdGen model end to end on CPU (issue 5: the demo model). One training sample is
// one ad for one shopper: the train-consistent sequence of PromptLayout::trainingSequence with the
// history's preference tokens in its slots, followed by the ground-truth ad's image codes. The
// loss is the cross-entropy of the title stage 1 should write (lm_head) plus the cross-entropy of
// the image codes (gen_head), with the foreground condition added before every
// `layer_interval`-th decoder layer at the image positions, as at inference. Unconditional samples
// (CFG dropout) use the negative prompt and train only the image codes. The VQ tokenizer is frozen.

#include "model/model_config.h"
#include "personalize/uniadgen_model.h"

#include <torch/torch.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace adgen::train {

struct AdSample {
    personalize::BriefText brief;
    std::string title;                        // the ground-truth title stage 1 should write
    torch::Tensor control;                    // [3, 16 grid, 16 grid] white-background product, [-1, 1]
    torch::Tensor historyImages;              // [n, 3, S, S] prepared history images (n may be 0)
    std::vector<std::string> historyTitles;   // n titles
    torch::Tensor imageCodes;                 // [grid^2] int64: the ground-truth ad through the VQ
    bool unconditional = false;               // the negative prompt instead (image loss only)
};

struct UniAdGenTrainingOptions {
    double learningRate = 3e-4;
    double weightDecay = 0.0;
    double imageLossWeight = 1.0;
    double textLossWeight = 1.0;
    double foregroundStrength = 1.0;  // the reference trains with 1.0 and generates with 1.5
    // Largest share of the image codes fed back as inputs that a training step replaces by random
    // codes (each sample draws its share uniformly from [0, this]); the targets stay the true codes.
    // With clean inputs the codes before a position tell the scene, so the history only pays off at
    // the first few of the 144 positions and the model never learns to read the scene from it;
    // with unreliable inputs every position needs the shopper's scene. 0: plain teacher forcing.
    double imageInputNoise = 0.0;
    // The learning rate of the preference modules (similarity masks, fusion encoder) as a share of
    // the rate; 0 keeps them at their initialisation. Trained at the full rate from scratch, they
    // lose the scene of the history pictures within an epoch, before the decoder learns to read it
    // (docs/training.md, "The preference modules forget the scene").
    double preferenceLearningRateScale = 1.0;
    uint64_t seed = 0;
};

// `codes` (int64) with a share of them, drawn uniformly from [0, maxShare] by `seed`, replaced by
// codes drawn uniformly from the codebook; the same seed gives the same result.
torch::Tensor noisyImageInputs(const torch::Tensor& codes, double maxShare, int64_t codebookSize, uint64_t seed);

struct UniAdGenStepResult {
    double loss = 0;
    double textLoss = 0;   // mean over the batch's title tokens
    double imageLoss = 0;  // mean over the batch's image codes
    // Mean over the batch of the first image code's cross-entropy: the code no image code precedes,
    // where the image commits to a scene (docs/training.md, "The first code chooses the scene").
    double firstCodeLoss = 0;
    int64_t step = 0;
};

class UniAdGenTrainer {
public:
    // `config` holds the "uniadgen" section in `config.raw`; `weights` every tensor the model reads
    // (e.g. random ones and a trained VQ); keys under "gen_vision_model." stay frozen.
    // `tokenizerDirectory` holds tokenizer.json (and added_tokens.json when it adds the history tokens).
    UniAdGenTrainer(model::ModelConfig config, std::filesystem::path tokenizerDirectory,
                    const std::map<std::string, torch::Tensor>& weights, const UniAdGenTrainingOptions& options);

    // One optimiser step on the mean loss of `batch`.
    UniAdGenStepResult step(const std::vector<AdSample>& batch);
    // The same losses without a step or gradients (validation), on clean image inputs.
    UniAdGenStepResult evaluate(const std::vector<AdSample>& batch) const;

    // A model directory UniAdGenModel::load reads: config.json, model.safetensors, tokenizer.json;
    // the weights in `dtype` (float16 halves a shipped model).
    void saveModel(const std::filesystem::path& directory, torch::ScalarType dtype = torch::kFloat32) const;
    // saveModel plus AdamW's state and the step (optimizer.pt, state.json); resume() continues from
    // it exactly (same weights after the same further steps).
    void saveCheckpoint(const std::filesystem::path& directory) const;
    static std::unique_ptr<UniAdGenTrainer> resume(const std::filesystem::path& checkpoint,
                                                   const UniAdGenTrainingOptions& options);

    int64_t stepsDone() const { return step_; }
    // For a schedule: the rate the next steps use.
    void setLearningRate(double rate);
    int64_t trainableParameters() const;

private:
    struct Losses {
        torch::Tensor text;   // summed
        torch::Tensor image;  // summed
        torch::Tensor firstCode;  // the first code's cross-entropy
        int64_t textCount = 0;
        int64_t imageCount = 0;
    };
    std::unique_ptr<personalize::UniAdGenModel> buildModel() const;
    Losses sampleLosses(const personalize::UniAdGenModel& model, const AdSample& sample, uint64_t noiseSeed,
                        bool training) const;
    UniAdGenStepResult batchLosses(const std::vector<AdSample>& batch, torch::Tensor* total, bool training) const;

    model::ModelConfig config_;
    std::filesystem::path tokenizerDirectory_;
    UniAdGenTrainingOptions options_;
    std::map<std::string, torch::Tensor> weights_;  // trainable leaves and the frozen VQ
    std::unique_ptr<torch::optim::AdamW> optimizer_;
    int64_t step_ = 0;
};

}  // namespace adgen::train
