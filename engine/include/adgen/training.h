#pragma once

// Training the demo model's parts from plain C++ (the `adgen train` commands): inputs are decoded
// images and paths, progress comes back through a callback. Plain C++ types only.

#include "adgen/engine.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace adgen {

struct TrainingProgress {
    std::string stage;        // "vq", ...
    int64_t step = 0;         // steps done
    int64_t steps = 0;
    double loss = 0;
    double reconstructionMse = 0;  // vq: mean squared error on [-1, 1] pixels
    double codebookUsage = 0;      // vq: share of codes in use
    double seconds = 0;
    double etaSeconds = 0;
};
using TrainingProgressCallback = std::function<void(const TrainingProgress&)>;

struct VqTrainingRequest {
    std::string configFile;     // a model config.json: its "vq" section is the tokenizer's shape
    std::vector<RgbImage> images;  // training pictures, any size (resized like history images)
    int imageSize = 128;        // side the pictures are trained at
    std::string outDirectory;   // vq.safetensors, vq_report.json, checkpoint/
    bool resume = false;        // continue from outDirectory/checkpoint
    int64_t steps = 2000;
    int64_t batchSize = 16;
    double learningRate = 4e-4;
    uint64_t seed = 0;
    int64_t checkpointEvery = 200;
    int threads = 0;            // 0: all cores
};

struct VqTrainingResult {
    int64_t steps = 0;
    double reconstructionMse = 0;  // over all training pictures, with the final weights
    double codebookUsage = 0;      // share of codes the training pictures use
    double seconds = 0;
    std::string weightsFile;
};

// Trains (or resumes) the VQ image tokenizer and writes it. Throws adgen::Error for a bad config,
// no images, images of the wrong size for the tokenizer, or an unwritable output directory.
VqTrainingResult trainVqTokenizer(const VqTrainingRequest& request, const TrainingProgressCallback& progress = {},
                                  const std::atomic<bool>* cancel = nullptr);

}  // namespace adgen
