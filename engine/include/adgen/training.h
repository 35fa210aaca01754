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
    std::string stage;        // "vq"; "prepare" (records read), "model" (steps), "validate"
    int64_t step = 0;         // steps (or records) done
    int64_t steps = 0;
    double loss = 0;
    double reconstructionMse = 0;  // vq: mean squared error on [-1, 1] pixels
    double codebookUsage = 0;      // vq: share of codes in use
    double seconds = 0;
    double etaSeconds = 0;
    // model: the step's losses, and after each epoch the validation losses with the full history
    // and with none (their gap is how much the model uses the shopper's history).
    double textLoss = 0;
    double imageLoss = 0;
    int64_t epoch = 0;             // 1-based epoch the step belongs to
    double learningRate = 0;
    double validationTextLoss = 0;
    double validationImageLoss = 0;
    double validationTextLossNoHistory = 0;
    double validationImageLossNoHistory = 0;
    // The first image code alone, where the image chooses its scene; the mean image loss hides it.
    double validationFirstCodeLoss = 0;
    double validationFirstCodeLossNoHistory = 0;
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

// One ad of the training set: the brief and the shopper's clicks as AdRequest takes them, and the
// ground truth the model learns to write and draw.
struct AdTrainingRecord {
    RgbaImage product;
    double maxRatio = 1.0;
    std::vector<std::string> sellingPoints;
    std::string originalTitle;
    std::vector<ShopperClick> history;
    std::vector<std::string> titles;  // ground-truth titles (one is written per sample)
    RgbImage adImage;                 // the ground-truth ad
};
// Records are asked for one at a time, each once, so the pictures of a whole data set are never
// held decoded together.
using AdTrainingRecordSource = std::function<AdTrainingRecord(size_t index)>;

struct AdModelTrainingRequest {
    std::string configFile;      // a model config.json with a "uniadgen" section
    std::string tokenizerFile;   // its tokenizer.json
    std::string vqWeightsFile;   // the trained VQ (adgen train vq's vq.safetensors), frozen here
    size_t records = 0;
    AdTrainingRecordSource record;
    size_t validationRecords = 0;  // may be 0
    AdTrainingRecordSource validationRecord;
    std::string outDirectory;    // model/ (the result), checkpoint/, init/, training_report.json
    bool resume = false;         // continue from outDirectory/checkpoint
    int64_t epochs = 10;
    int64_t batchSize = 8;
    double learningRate = 1e-3;  // peak: linear warm-up over the first 3% of steps, cosine to a tenth
    double fullHistoryShare = 0.5;    // samples with the model's history_length; others 0 .. length-1
    double unconditionalShare = 0.1;  // negative-prompt samples, so CFG has something to contrast
    double imageInputNoise = 0.0;     // largest share of fed-back image codes replaced by random ones (docs/training.md)
    double preferenceLearningRateScale = 1.0;  // the similarity masks' and fusion encoder's share of the rate; 0 freezes them
    bool codebookEmbeddings = false;  // gen_embed starts as the VQ codebook instead of random (docs/training.md)
    uint64_t seed = 0;
    int64_t checkpointEvery = 100;    // steps; a checkpoint is also written when cancelled
    // Stop after this step (0: run to the end), as if cancelled there: for training in slices.
    // Resume with the same options; the learning-rate schedule spans all epochs.
    int64_t stopAtStep = 0;
    int threads = 0;                  // 0: all cores
};

struct AdModelTrainingResult {
    int64_t steps = 0;
    int64_t parameters = 0;       // trained (the VQ excluded)
    double seconds = 0;           // this run's training time (not counting preparation)
    bool completed = false;       // false when cancelled (the checkpoint holds the progress)
    TrainingProgress last;        // the last step's losses and the last validation
    std::string modelDirectory;   // a model directory the engine loads (weights in float16)
};

// Trains (or resumes) the Uni-AdGen model from random weights and a trained VQ (docs/training.md).
// Throws adgen::Error for a bad config, tokenizer or VQ file, no records, a record without a
// title, or an unwritable output directory.
AdModelTrainingResult trainAdModel(const AdModelTrainingRequest& request, const TrainingProgressCallback& progress = {},
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace adgen
