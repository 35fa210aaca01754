#pragma once

// Training the VQ image tokenizer from scratch (issue 5: the demo model), the way LlamaGen trains
// it: reconstruction through the straight-through estimator, the codebook pulled to the encoder
// output, the encoder committed to its codes (weight `commitment`), Adam. Codes nobody used for
// a while are restarted on encoder outputs of the current batch, so a small codebook stays alive.
// Checkpoints hold the weights, Adam's state and the step, and resume exactly.

#include "nn/vq_model.h"

#include <torch/torch.h>

#include <atomic>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>

namespace adgen::train {

struct VqTrainingOptions {
    int64_t steps = 2000;
    int64_t batchSize = 16;
    double learningRate = 4e-4;
    double commitment = 0.25;          // beta of the commitment loss
    int64_t deadCodeInterval = 100;    // steps between restarts of unused codes (0: never)
    uint64_t seed = 0;                 // initial weights and batch order
};

struct VqTrainingProgress {
    int64_t step = 0;                  // steps done
    int64_t steps = 0;
    double loss = 0;
    double reconstructionMse = 0;      // on [-1, 1] pixels
    double codebookUsage = 0;          // share of codes used since the last restart check
    double seconds = 0;                // since this run started
    double etaSeconds = 0;
};

class VqTrainer {
public:
    // A fresh model with seeded random weights.
    VqTrainer(const nn::VqConfig& config, const VqTrainingOptions& options);
    // Continues from a checkpoint written by saveCheckpoint (weights, Adam state, step). The
    // config must be the one the checkpoint was trained with (checked by tensor shapes).
    static std::unique_ptr<VqTrainer> resume(const std::filesystem::path& checkpoint, const nn::VqConfig& config,
                                             const VqTrainingOptions& options);

    // One optimiser step on `images` [B, 3, H, W] in [-1, 1].
    VqTrainingProgress step(const torch::Tensor& images);

    // Runs the remaining steps over `dataset` [N, 3, H, W] in [-1, 1] (CPU), batches from a
    // seeded permutation per epoch (so step s always sees the same batch, also after a resume).
    // Calls `progress` after each step and `checkpoint` every `checkpointEvery` steps; stops early
    // when `cancel` becomes true.
    void run(const torch::Tensor& dataset, const std::function<void(const VqTrainingProgress&)>& progress,
             int64_t checkpointEvery = 0, const std::function<void()>& checkpoint = {},
             const std::atomic<bool>* cancel = nullptr);

    // weights.safetensors (gen_vision_model.* as the model loader reads them), optimizer.pt, state.json.
    void saveCheckpoint(const std::filesystem::path& directory) const;

    // The current weights under "gen_vision_model.", detached.
    std::vector<std::pair<std::string, torch::Tensor>> weights() const;
    // A model built from the current weights, for evaluation (no gradients).
    std::unique_ptr<nn::VqModel> model() const;

    int64_t stepsDone() const { return step_; }
    const VqTrainingOptions& options() const { return options_; }

private:
    VqTrainer(const nn::VqConfig& config, const VqTrainingOptions& options, std::map<std::string, torch::Tensor> weights);
    void restartDeadCodes(const torch::Tensor& latent);

    nn::VqConfig config_;
    VqTrainingOptions options_;
    std::map<std::string, torch::Tensor> parameters_;  // leaves that require gradients
    std::unique_ptr<torch::optim::Adam> optimizer_;
    torch::Tensor usage_;  // [codebookSize] counts since the last restart check
    int64_t step_ = 0;
    double startSeconds_ = 0;
    int64_t firstStepOfRun_ = 0;
};

}  // namespace adgen::train
