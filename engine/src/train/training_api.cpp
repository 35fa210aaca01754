// The plain-C++ face of the trainers (adgen/training.h).

#include "adgen/training.h"

#include "adgen/error.h"
#include "io/safetensors.h"
#include "model/model_config.h"
#include "personalize/product_inputs.h"
#include "train/config_file.h"
#include "train/vq_trainer.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

namespace adgen {
namespace {

namespace fs = std::filesystem;

// Pictures as the model sees history images: Pillow bicubic to 512, then to `size`, in [-1, 1].
torch::Tensor pictureBatch(const std::vector<RgbImage>& images, int size) {
    std::vector<torch::Tensor> rows;
    rows.reserve(images.size());
    for (size_t i = 0; i < images.size(); ++i) {
        const auto& img = images[i];
        if (img.width <= 0 || img.height <= 0 ||
            img.pixels.size() != static_cast<size_t>(img.width) * static_cast<size_t>(img.height) * 3)
            throw Error("Training picture " + std::to_string(i + 1) + " is empty or damaged.", "Check the data set's images.");
        image::Image8 rgb{img.width, img.height, 3, img.pixels};
        rows.push_back(personalize::prepareHistoryImage(rgb, size));
    }
    return torch::stack(rows);
}

}  // namespace

VqTrainingResult trainVqTokenizer(const VqTrainingRequest& request, const TrainingProgressCallback& progress,
                                  const std::atomic<bool>* cancel) {
    torch::NoGradGuard outside;  // re-enabled inside the trainer's steps
    const auto config = train::readModelConfigFile(request.configFile).vq;
    if (request.images.empty()) throw Error("There are no pictures to train the VQ tokenizer on.", "Pass a data set with images.");
    const int64_t f = config.downsampleFactor();
    if (request.imageSize < 14 || request.imageSize % f != 0)
        throw Error("The training picture size " + std::to_string(request.imageSize) + " px is not a multiple of the VQ's " +
                        std::to_string(f) + " px per code (or is below 14 px).",
                    "Pick a size such as " + std::to_string(f * 16) + ".");
    at::set_num_threads(request.threads > 0 ? request.threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));

    const auto data = pictureBatch(request.images, request.imageSize);
    train::VqTrainingOptions options;
    options.steps = request.steps;
    options.batchSize = request.batchSize;
    options.learningRate = request.learningRate;
    options.seed = request.seed;
    const fs::path out(request.outDirectory);
    std::error_code made;
    fs::create_directories(out, made);
    if (made) throw Error("Cannot create " + out.string() + " (" + made.message() + ").", "Pick a writable output directory.");
    const auto checkpointDir = out / "checkpoint";
    auto trainer = request.resume ? train::VqTrainer::resume(checkpointDir, config, options)
                                  : std::make_unique<train::VqTrainer>(config, options);
    double seconds = 0;
    {
        torch::AutoGradMode enabled(true);
        trainer->run(
            data,
            [&](const train::VqTrainingProgress& p) {
                seconds = p.seconds;
                if (!progress) return;
                progress({"vq", p.step, p.steps, p.loss, p.reconstructionMse, p.codebookUsage, p.seconds, p.etaSeconds});
            },
            request.checkpointEvery, [&] { trainer->saveCheckpoint(checkpointDir); }, cancel);
    }

    VqTrainingResult result;
    result.steps = trainer->stepsDone();
    result.seconds = seconds;
    const auto vq = trainer->model();
    std::vector<torch::Tensor> codes;
    double squaredError = 0;
    for (int64_t start = 0; start < data.size(0); start += 64) {
        const auto batch = data.narrow(0, start, std::min<int64_t>(64, data.size(0) - start));
        const auto c = vq->encode(batch);
        squaredError += torch::mse_loss(vq->decode(c), batch, at::Reduction::Sum).item<double>();
        codes.push_back(c.flatten());
    }
    result.reconstructionMse = squaredError / static_cast<double>(data.numel());
    result.codebookUsage = static_cast<double>(std::get<0>(at::_unique(torch::cat(codes))).numel()) /
                           static_cast<double>(config.codebookSize);
    result.weightsFile = (out / "vq.safetensors").string();
    io::saveSafetensors(result.weightsFile, trainer->weights(), {{"format", "pt"}, {"step", std::to_string(result.steps)}});
    std::ofstream(out / "vq_report.json") << nlohmann::json{{"steps", result.steps},
                                                            {"image_size", request.imageSize},
                                                            {"pictures", request.images.size()},
                                                            {"reconstruction_mse", result.reconstructionMse},
                                                            {"codebook_usage", result.codebookUsage},
                                                            {"training_seconds", result.seconds}}
                                                 .dump(2)
                                          << "\n";
    return result;
}

}  // namespace adgen
