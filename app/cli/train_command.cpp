// adgen train: training the demo model's parts on a PAd1M data set (issue 5). `adgen train vq`
// trains the VQ image tokenizer on the data set's ad and history pictures; `adgen train model`
// trains the unified Uni-AdGen model on its records, with that VQ frozen (docs/training.md).

#include "adgen/ad_metrics.h"
#include "adgen/image_files.h"
#include "cli/ad_runner.h"
#include "adgen/pad1m.h"
#include "adgen/training.h"
#include "cli/cli_args.h"
#include "cli/commands.h"

#include <cstdio>
#include <set>

namespace adgen::cli {
namespace {

constexpr const char* kUsage =
    "usage: adgen train vq --data TRAIN.json[,MORE.json] --config CONFIG.json --out DIR [--steps N] [--batch B]\n"
    "                      [--lr X] [--seed S] [--size PX] [--max-images N] [--checkpoint-every N] [--resume]\n"
    "                      [--threads N]\n"
    "       adgen train model --data TRAIN.json [--val VAL.json] --config CONFIG.json --tokenizer TOKENIZER.json\n"
    "                      --vq VQ.safetensors --out DIR [--epochs N] [--batch B] [--lr X] [--seed S]\n"
    "                      [--full-history SHARE] [--unconditional SHARE] [--image-input-noise SHARE]\n"
    "                      [--preference-lr-scale X] [--codebook-embeddings] [--max-records N]\n"
    "                      [--checkpoint-every N] [--stop-at STEP] [--resume] [--threads N]\n";

std::vector<std::string> splitCommas(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find(',', start);
        const auto item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!item.empty()) out.push_back(item);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

// Every distinct picture of the data sets: ad images, then history images, in file order.
std::vector<std::string> picturePaths(const std::vector<std::string>& dataFiles) {
    std::vector<std::string> paths;
    std::set<std::string> seen;
    const auto add = [&](const std::string& p) {
        if (!p.empty() && seen.insert(p).second) paths.push_back(p);
    };
    for (const auto& file : dataFiles)
        for (const auto& record : loadPad1m(file)) {
            add(record.adImage);
            for (const auto& h : record.historyImages) add(h);
        }
    return paths;
}

int trainVq(const Args& argv) {
    const CliArgs args(argv,
                       {"data", "config", "out", "steps", "batch", "lr", "seed", "size", "max-images", "checkpoint-every", "threads"},
                       {"resume"});
    if (!args.value("data") || !args.value("config") || !args.value("out")) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    auto paths = picturePaths(splitCommas(*args.value("data")));
    const auto maxImages = args.integer("max-images", 0);
    if (maxImages > 0 && static_cast<int64_t>(paths.size()) > maxImages) paths.resize(static_cast<size_t>(maxImages));
    VqTrainingRequest request;
    request.configFile = *args.value("config");
    request.outDirectory = *args.value("out");
    request.resume = args.flag("resume");
    request.steps = args.integer("steps", request.steps);
    request.batchSize = args.integer("batch", request.batchSize);
    request.learningRate = args.number("lr", request.learningRate);
    request.seed = static_cast<uint64_t>(args.integer("seed", 0));
    request.imageSize = static_cast<int>(args.integer("size", request.imageSize));
    request.checkpointEvery = args.integer("checkpoint-every", request.checkpointEvery);
    request.threads = static_cast<int>(args.integer("threads", 0));
    std::fprintf(stderr, "reading %zu pictures...\n", paths.size());
    for (const auto& p : paths) request.images.push_back(loadRgbImage(p));

    const auto result = trainVqTokenizer(request, [](const TrainingProgress& p) {
        if (p.step % 10 != 0 && p.step != p.steps) return;
        std::fprintf(stderr, "\rvq step %lld/%lld  loss %.4f  mse %.4f  codes used %.0f%%  %.0f s, ETA %.0f s   ",
                     static_cast<long long>(p.step), static_cast<long long>(p.steps), p.loss, p.reconstructionMse,
                     100 * p.codebookUsage, p.seconds, p.etaSeconds);
        if (p.step == p.steps) std::fputc('\n', stderr);
    });
    std::printf("VQ tokenizer: %lld steps, reconstruction MSE %.5f, %.0f%% of the codebook used, %.0f s -> %s\n",
                static_cast<long long>(result.steps), result.reconstructionMse, 100 * result.codebookUsage, result.seconds,
                result.weightsFile.c_str());
    return 0;
}

// A record as the trainer takes it: the ad the record asks for plus its ground truth.
AdTrainingRecord trainingRecord(const Pad1mRecord& record) {
    ImageCache images;  // per record: the data set's pictures are never all held decoded
    auto request = adRequestForRecord(record, images);
    AdTrainingRecord out;
    out.product = std::move(request.product);
    out.maxRatio = request.maxRatio;
    out.sellingPoints = std::move(request.sellingPoints);
    out.originalTitle = std::move(request.originalTitle);
    out.history = std::move(request.history);
    out.titles = record.adTitleList();
    if (record.adImage.empty())
        throw Error("A training record of " + record.productTitle + " has no ground-truth ad image (f_path).",
                    "Train on records with f_path set.");
    out.adImage = loadRgbImage(record.adImage);
    return out;
}

int trainModel(const Args& argv) {
    const CliArgs args(argv,
                       {"data", "val", "config", "tokenizer", "vq", "out", "epochs", "batch", "lr", "seed", "full-history",
                        "unconditional", "image-input-noise", "preference-lr-scale", "max-records", "checkpoint-every", "stop-at",
                        "threads"},
                       {"resume", "codebook-embeddings"});
    for (const char* required : {"data", "config", "tokenizer", "vq", "out"})
        if (!args.value(required)) {
            std::fputs(kUsage, stderr);
            return 2;
        }
    auto train = loadPad1m(*args.value("data"));
    const auto maxRecords = args.integer("max-records", 0);
    if (maxRecords > 0 && static_cast<int64_t>(train.size()) > maxRecords) train.resize(static_cast<size_t>(maxRecords));
    const auto validation = args.value("val") ? loadPad1m(*args.value("val")) : std::vector<Pad1mRecord>{};

    AdModelTrainingRequest request;
    request.configFile = *args.value("config");
    request.tokenizerFile = *args.value("tokenizer");
    request.vqWeightsFile = *args.value("vq");
    request.outDirectory = *args.value("out");
    request.records = train.size();
    request.record = [&](size_t i) { return trainingRecord(train[i]); };
    request.validationRecords = validation.size();
    request.validationRecord = [&](size_t i) { return trainingRecord(validation[i]); };
    request.resume = args.flag("resume");
    request.epochs = args.integer("epochs", request.epochs);
    request.batchSize = args.integer("batch", request.batchSize);
    request.learningRate = args.number("lr", request.learningRate);
    request.seed = static_cast<uint64_t>(args.integer("seed", 0));
    request.fullHistoryShare = args.number("full-history", request.fullHistoryShare);
    request.unconditionalShare = args.number("unconditional", request.unconditionalShare);
    request.imageInputNoise = args.number("image-input-noise", request.imageInputNoise);
    request.preferenceLearningRateScale = args.number("preference-lr-scale", request.preferenceLearningRateScale);
    request.codebookEmbeddings = args.flag("codebook-embeddings");
    request.checkpointEvery = args.integer("checkpoint-every", request.checkpointEvery);
    request.stopAtStep = args.integer("stop-at", 0);
    request.threads = static_cast<int>(args.integer("threads", 0));

    const auto result = trainAdModel(request, [](const TrainingProgress& p) {
        if (p.stage == "prepare") {
            if (p.step == p.steps || p.step % 20 == 0)
                std::fprintf(stderr, "\rpreparing records %lld/%lld   %s", static_cast<long long>(p.step),
                             static_cast<long long>(p.steps), p.step == p.steps ? "\n" : "");
        } else if (p.stage == "validate") {
            std::fprintf(stderr,
                         "\nepoch %lld validation: text loss %.4f (no history %.4f), image loss %.4f (no history %.4f), "
                         "first image code %.4f (no history %.4f)\n",
                         static_cast<long long>(p.epoch), p.validationTextLoss, p.validationTextLossNoHistory,
                         p.validationImageLoss, p.validationImageLossNoHistory, p.validationFirstCodeLoss,
                         p.validationFirstCodeLossNoHistory);
        } else if (p.step % 5 == 0 || p.step == p.steps) {
            std::fprintf(stderr, "\rmodel step %lld/%lld (epoch %lld)  text %.4f  image %.4f  lr %.2g  %.0f s, ETA %.0f s   ",
                         static_cast<long long>(p.step), static_cast<long long>(p.steps), static_cast<long long>(p.epoch),
                         p.textLoss, p.imageLoss, p.learningRate, p.seconds, p.etaSeconds);
        }
    });
    std::printf("Uni-AdGen model: %lld steps%s, %.1f M trained parameters, %.0f s; validation text loss %.4f (no history "
                "%.4f), image loss %.4f (no history %.4f) -> %s\n",
                static_cast<long long>(result.steps), result.completed ? "" : " (cancelled)", result.parameters / 1e6,
                result.seconds, result.last.validationTextLoss, result.last.validationTextLossNoHistory,
                result.last.validationImageLoss, result.last.validationImageLossNoHistory, result.modelDirectory.c_str());
    return 0;
}

}  // namespace

int trainCommand(const Args& argv) {
    try {
        const Args rest = argv.empty() ? Args{} : Args(argv.begin() + 1, argv.end());
        if (!argv.empty() && argv[0] == "vq") return trainVq(rest);
        if (!argv.empty() && argv[0] == "model") return trainModel(rest);
        std::fputs(kUsage, stderr);
        return 2;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "adgen train: %s\n", e.problem().c_str());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen train: %s\n", e.what());
        return 1;
    }
}

}  // namespace adgen::cli
