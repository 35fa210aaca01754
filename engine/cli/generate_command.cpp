// adgen generate: text-to-image or text with a Janus-family model, streamed to the terminal.

#include "adgen/engine.h"
#include "adgen/model_commands.h"
#include "cli/cli_args.h"
#include "io/png_writer.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <future>

namespace adgen::cli {
namespace {

constexpr const char* kUsage =
    "usage: adgen generate --model DIR --prompt TEXT [--mode image|text] [--variants N] [--seed S[,S...]]\n"
    "                      [--cfg W] [--temperature T] [--top-k K] [--top-p P] [--max-tokens N]\n"
    "                      [--factual --selling-points \"A;B;C\"] [--device cpu|cuda] [--dtype float32|bfloat16]\n"
    "                      [--threads N] [--out PREFIX] [--json]\n";

std::vector<std::string> splitOn(const std::string& s, char sep) {
    std::vector<std::string> out;
    size_t start = 0;
    for (;;) {
        const auto end = s.find(sep, start);
        auto item = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!item.empty()) out.push_back(item);
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

}  // namespace

int generateCommand(const std::vector<std::string>& argv) {
    try {
        const CliArgs args(argv,
                           {"model", "prompt", "mode", "variants", "seed", "cfg", "temperature", "top-k", "top-p",
                            "max-tokens", "selling-points", "device", "dtype", "threads", "out"},
                           {"factual", "json"});
        const auto modelDir = args.value("model");
        const auto prompt = args.value("prompt");
        if (!modelDir || !prompt) {
            std::fputs(kUsage, stderr);
            return 2;
        }
        const auto load = modelLoadRequest(args);

        GenerationRequest request;
        const auto mode = args.value("mode", "image");
        if (mode != "image" && mode != "text") throw UsageError("--mode is image or text.");
        request.mode = mode == "text" ? GenerationMode::Text : GenerationMode::TextToImage;
        request.prompt = *prompt;
        request.variants = static_cast<int>(args.integer("variants", 1));
        for (auto s : args.integers("seed", {})) request.seeds.push_back(static_cast<uint64_t>(s));
        request.cfgWeight = args.optionalNumber("cfg");
        request.temperature = args.optionalNumber("temperature");
        if (args.value("top-k")) request.topK = args.integer("top-k", 0);
        request.topP = args.optionalNumber("top-p");
        request.maxNewTokens = args.integer("max-tokens", 64);
        request.factualCopy = args.flag("factual");
        request.sellingPoints = splitOn(args.value("selling-points", ""), ';');
        const auto out = args.value("out", "adgen");
        const bool json = args.flag("json");

        Engine engine;
        std::promise<LoadEvent> loaded;
        int shownPercent = -1;
        engine.loadModel(load, [&](const LoadEvent& e) {
            if (e.type == LoadEvent::Type::Progress) {
                const int percent = static_cast<int>(e.fraction * 100);
                if (!json && percent / 10 != shownPercent / 10) std::fprintf(stderr, "\rloading %3d%%", percent);
                shownPercent = percent;
                return;
            }
            loaded.set_value(e);
        });
        const auto result = loaded.get_future().get();
        if (!json) std::fputc('\n', stderr);
        if (result.type != LoadEvent::Type::Loaded) {
            std::fprintf(stderr, "adgen generate: %s %s\n", result.error.c_str(), result.errorFix.c_str());
            return 2;
        }

        nlohmann::json report = {{"model", result.info->name}, {"variants", nlohmann::json::array()}};
        int exitCode = 0;
        GenerationEvent lastStats;
        engine.generate(request, [&](const GenerationEvent& e) {
            switch (e.type) {
                case GenerationEvent::Type::TextDelta:
                    if (!json && request.variants == 1) {
                        std::fputs(e.text.c_str(), stdout);
                        std::fflush(stdout);
                    }
                    break;
                case GenerationEvent::Type::Stats:
                    lastStats = e;
                    if (!json && request.mode == GenerationMode::TextToImage)
                        std::fprintf(stderr, "\rimage tokens %4lld/%lld  %.1f tok/s  eta %.0f s ", static_cast<long long>(e.stepsDone),
                                     static_cast<long long>(e.stepsTotal), e.tokensPerSecond, e.etaSeconds);
                    break;
                case GenerationEvent::Type::VariantDone: {
                    nlohmann::json variant = {{"variant", e.variant}, {"seed", e.seed}, {"tokens", e.tokens}};
                    if (request.mode == GenerationMode::Text) variant["text"] = e.text;
                    if (!e.image.pixels.empty()) {
                        const auto path = out + "-" + std::to_string(e.variant) + ".png";
                        io::writeRgbPng(path, e.image.width, e.image.height, e.image.pixels);
                        variant["image"] = path;
                    }
                    if (!json && request.mode == GenerationMode::Text && request.variants > 1)
                        std::printf("[%d] %s\n", e.variant, e.text.c_str());
                    if (!json && variant.contains("image"))
                        std::fprintf(stderr, "\nvariant %d: %s\n", e.variant, variant["image"].get<std::string>().c_str());
                    report["variants"].push_back(variant);
                    break;
                }
                case GenerationEvent::Type::Error:
                    std::fprintf(stderr, "adgen generate: %s %s\n", e.error.c_str(), e.errorFix.c_str());
                    exitCode = 2;
                    break;
                default: break;
            }
        });
        engine.waitIdle();
        if (!json && request.mode == GenerationMode::Text && request.variants == 1) std::fputc('\n', stdout);
        report["seconds_to_first_token"] = lastStats.timeToFirstTokenMs / 1000.0;
        report["tokens_per_second"] = lastStats.tokensPerSecond;
        if (json) std::printf("%s\n", report.dump(2).c_str());
        return exitCode;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen generate: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
