// adgen bench: figures for the generation path at real model shapes with random weights
// (or a real model directory): ms per image-token step at 1 and N variants, the whole image
// extrapolated from the timed steps, text tokens/s, VQ decode time and peak memory. A Uni-AdGen
// model directory gets the ad figures instead (bench_ad.h): time to first copy token, full ad.

#include "adgen/model_commands.h"
#include "adgen/runtime_info.h"
#include "bench_ad.h"
#include "cli/cli_args.h"
#include "generate/image_generation.h"
#include "generate/prompt_batch.h"
#include "generate/text_generation.h"
#include "model/janus_model.h"
#include "model/presets.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <numeric>
#include <thread>

namespace adgen::cli {
namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Peak resident memory of this process (VmHWM), in MiB.
double peakRssMiB() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line))
        if (line.rfind("VmHWM:", 0) == 0) return std::stod(line.substr(6)) / 1024.0;
    return 0;
}

struct ImageFigures {
    int variants = 0;
    double prefillMs = 0;  // prompt prefill + the first step
    double stepMs = 0;     // median of the timed steps after the first
    int64_t timedSteps = 0;
    double fullImageMs = 0;  // prefill + all grid steps at the median step time
};

ImageFigures benchImage(const model::JanusModel& model, int variants, int64_t promptTokens, int64_t steps) {
    torch::NoGradGuard noGrad;
    const auto vocab = model.config().language.vocabSize;
    std::vector<std::vector<int64_t>> rows;
    const auto prompt = torch::randint(0, vocab, {promptTokens}, torch::kInt64);
    std::vector<int64_t> ids(prompt.data_ptr<int64_t>(), prompt.data_ptr<int64_t>() + promptTokens);
    for (int v = 0; v < variants; ++v) {
        rows.push_back(ids);
        rows.push_back(generate::unconditionalIds(ids, 0));
    }
    const auto padded = generate::leftPad(rows, 0);
    generate::ImageGenerationOptions options;
    options.maxSteps = steps;
    for (int v = 0; v < variants; ++v) options.seeds.push_back(static_cast<uint64_t>(v));
    std::vector<Clock::time_point> stamps;
    const auto start = Clock::now();
    generate::generateImageTokens(
        model, {model.decoder().embed(padded.ids.to(model.device())), padded.valid.to(model.device())}, options,
        [&](const generate::ImageStep&) { stamps.push_back(Clock::now()); }, {});
    ImageFigures f;
    f.variants = variants;
    f.prefillMs = ms(stamps.front() - start);
    std::vector<double> stepMs;
    for (size_t i = 1; i < stamps.size(); ++i) stepMs.push_back(ms(stamps[i] - stamps[i - 1]));
    f.stepMs = median(stepMs);
    f.timedSteps = static_cast<int64_t>(stepMs.size());
    f.fullImageMs = f.prefillMs + f.stepMs * static_cast<double>(model.config().generation.imageTokens() - 1);
    return f;
}

double benchTextTokensPerSecond(const model::JanusModel& model, int64_t promptTokens, int64_t tokens) {
    torch::NoGradGuard noGrad;
    const auto prompt = torch::randint(0, model.config().language.vocabSize, {1, promptTokens}, torch::kInt64);
    generate::PaddedIds padded{prompt, torch::ones_like(prompt, torch::kBool)};
    generate::TextGenerationOptions options;
    options.maxNewTokens = tokens;
    options.seeds = {1};
    std::vector<Clock::time_point> stamps;
    options.onStep = [&](int64_t) { stamps.push_back(Clock::now()); };
    generate::generateText(model, padded, options, {}, {});
    if (stamps.size() < 2) return 0;
    return static_cast<double>(stamps.size() - 1) / (ms(stamps.back() - stamps.front()) / 1000.0);
}

}  // namespace

int benchCommand(const std::vector<std::string>& argv) {
    try {
        const CliArgs args(argv,
                           {"preset", "model", "variants", "steps", "prompt-tokens", "text-tokens", "dtype", "threads", "runs"},
                           {"json", "no-vq"});
        const auto threads = args.integer("threads", static_cast<int64_t>(std::max(1u, std::thread::hardware_concurrency())));
        if (const auto dir = args.value("model"); dir && model::loadModelConfig(*dir).raw.contains("uniadgen"))
            return benchAdModel(*dir, static_cast<int>(args.integer("runs", 5)), static_cast<int>(threads), args.flag("json"));
        at::set_num_threads(static_cast<int>(threads));
        const auto dtypeName = args.value("dtype", "float32");
        const auto dtype = dtypeName == "bfloat16" ? torch::kBFloat16 : dtypeName == "float16" ? torch::kFloat16 : torch::kFloat32;
        const auto variants = args.integers("variants", {1, 4});
        const auto steps = args.integer("steps", 24);
        const auto promptTokens = args.integer("prompt-tokens", 124);
        const auto textTokens = args.integer("text-tokens", 16);

        torch::NoGradGuard noGrad;
        std::unique_ptr<model::JanusModel> model;
        std::string source;
        const auto loadStart = Clock::now();
        if (const auto dir = args.value("model")) {
            model::JanusModel::LoadOptions options;
            options.dtype = dtype;
            model = model::JanusModel::load(*dir, options);
            source = *dir;
        } else {
            const auto name = args.value("preset", "janus-pro-1b");
            const auto config = model::presetConfig(name);
            if (!config) throw UsageError("Unknown preset '" + name + "' (janus-pro-1b, janus-pro-7b).");
            model::WeightStore::Options options;
            options.dtype = dtype;
            options.randomFill = true;
            model::WeightStore weights(std::map<std::string, torch::Tensor>{}, options);
            model = std::make_unique<model::JanusModel>(*config, weights, std::nullopt);
            source = name + " shapes, random weights";
        }
        const double loadMs = ms(Clock::now() - loadStart);
        const auto runtime = runtimeInfo();

        nlohmann::json report = {{"model", source},
                                 {"parameters", model->parameterCount()},
                                 {"dtype", dtypeName},
                                 {"device", "cpu"},
                                 {"threads", threads},
                                 {"blas", runtime.blasLibrary},
                                 {"libtorch", runtime.torchVersion},
                                 {"prompt_tokens", promptTokens},
                                 {"setup_ms", loadMs},
                                 {"image", nlohmann::json::array()}};
        if (!args.flag("json"))
            std::printf("adgen bench: %s, %.0f M parameters, %s, cpu, %lld threads, BLAS %s\n", source.c_str(),
                        static_cast<double>(model->parameterCount()) / 1e6, dtypeName.c_str(), static_cast<long long>(threads),
                        runtime.blasLibrary.c_str());
        for (auto v : variants) {
            const auto f = benchImage(*model, static_cast<int>(v), promptTokens, steps + 1);
            report["image"].push_back({{"variants", f.variants},
                                       {"prefill_ms", f.prefillMs},
                                       {"step_ms", f.stepMs},
                                       {"timed_steps", f.timedSteps},
                                       {"full_image_ms", f.fullImageMs}});
            if (!args.flag("json"))
                std::printf("image  %lld variant(s) (CFG rows %lld): prefill %.1f ms, %.1f ms per image-token step "
                            "(median of %lld), full %lld-token image %.1f s\n",
                            static_cast<long long>(v), static_cast<long long>(2 * v), f.prefillMs, f.stepMs,
                            static_cast<long long>(f.timedSteps), static_cast<long long>(model->config().generation.imageTokens()),
                            f.fullImageMs / 1000.0);
        }
        const double tps = benchTextTokensPerSecond(*model, promptTokens, textTokens);
        report["text_tokens_per_second"] = tps;
        if (!args.flag("json")) std::printf("text   1 row: %.2f tokens/s (%lld tokens)\n", tps, static_cast<long long>(textTokens));
        if (model->vq() && !args.flag("no-vq")) {
            const auto grid = model->config().generation.gridSize;
            const auto codes = torch::randint(0, model->config().generation.imageTokenSize, {1, grid, grid}, torch::kInt64);
            model->vq()->decode(codes);  // warm-up
            const auto t0 = Clock::now();
            model->vq()->decode(codes);
            report["vq_decode_ms"] = ms(Clock::now() - t0);
            if (!args.flag("json")) std::printf("vq     decode of one image: %.0f ms\n", report["vq_decode_ms"].get<double>());
        }
        report["peak_rss_mib"] = peakRssMiB();
        if (args.flag("json"))
            std::printf("%s\n", report.dump(2).c_str());
        else
            std::printf("memory peak resident %.0f MiB\n", report["peak_rss_mib"].get<double>());
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen bench: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
