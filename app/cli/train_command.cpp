// adgen train: training the demo model's parts on a PAd1M data set (issue 5). `adgen train vq`
// trains the VQ image tokenizer on the data set's ad and history pictures.

#include "adgen/ad_metrics.h"
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
    "                      [--threads N]\n";

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

}  // namespace

int trainCommand(const Args& argv) {
    try {
        if (argv.empty() || argv[0] != "vq") {
            std::fputs(kUsage, stderr);
            return 2;
        }
        return trainVq(Args(argv.begin() + 1, argv.end()));
    } catch (const UsageError& e) {
        std::fprintf(stderr, "adgen train: %s\n", e.problem().c_str());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen train: %s\n", e.what());
        return 1;
    }
}

}  // namespace adgen::cli
