// adgen bench on a Uni-AdGen model: what a designer waits for. One ad (title, then image with CFG)
// through the public Engine API, as the studio runs it: the time to the first copy token and to
// the finished ad, medians over several runs after a warm-up run. The inputs are made here, so
// the engine-only build needs no image files: a drawn product cut-out, ten 256 px clicks of
// coloured scenes (the size of the synthetic world's and the samples' pictures), and a brief in
// the synthetic catalog's style (the demo model's training text).

#include "bench_ad.h"

#include "adgen/engine.h"
#include "adgen/runtime_info.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <future>
#include <stdexcept>

namespace adgen::cli {
namespace {

using Clock = std::chrono::steady_clock;

// A can-like cut-out: a shaded vertical cylinder, opaque inside, transparent outside.
RgbaImage drawnProduct(int size) {
    RgbaImage image{size, size, std::vector<uint8_t>(static_cast<size_t>(size) * size * 4, 0)};
    for (int y = size / 5; y < size * 9 / 10; ++y)
        for (int x = size / 3; x < size * 2 / 3; ++x) {
            const double across = (x - size / 2.0) / (size / 6.0);  // -1 .. 1
            const double light = 0.55 + 0.45 * std::sqrt(std::max(0.0, 1 - across * across));
            auto* p = &image.pixels[(static_cast<size_t>(y) * size + x) * 4];
            p[0] = static_cast<uint8_t>(90 * light);
            p[1] = static_cast<uint8_t>(160 * light);
            p[2] = static_cast<uint8_t>(230 * light);
            p[3] = 255;
        }
    return image;
}

// A clicked ad: a wall colour over a floor colour.
RgbaImage clickPicture(int size, int index) {
    RgbaImage image{size, size, std::vector<uint8_t>(static_cast<size_t>(size) * size * 4, 255)};
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            auto* p = &image.pixels[(static_cast<size_t>(y) * size + x) * 4];
            const bool floor = y > size * 2 / 3;
            p[0] = static_cast<uint8_t>((floor ? 120 : 200) + 5 * index);
            p[1] = static_cast<uint8_t>((floor ? 90 : 180) + 3 * index);
            p[2] = static_cast<uint8_t>(floor ? 60 : 150);
        }
    return image;
}

AdRequest benchRequest() {
    AdRequest r;
    r.product = drawnProduct(256);
    r.sellingPoints = {"Recyclable Can", "Zero Sugar", "Zero Calories", "Real Fruit Juice", "Energy Boost"};
    r.originalTitle = "Maple Home MH-9520 Cold Brew Coffee Sky Blue Aluminium Can 250ml";
    const char* titles[] = {"[Easy Assembly] Sturdy Frame Grey Solid Wood Dining Chair Seat 47cm",
                            "[Large Capacity] Keeps Warm Coral Ceramic Coffee Mug 450ml",
                            "[Real Fruit Juice] Recyclable Can Grey Aluminium Can Sparkling Water 330ml",
                            "[Zero Sugar] Energy Boost Red Aluminium Can Energy Drink 500ml",
                            "Lightweight Blue Mesh Running Shoes Size 39-46 [Breathable]",
                            "[Leak Proof] Insulated Steel Water Bottle Green 750ml",
                            "Warm Light Oak Desk Lamp 45cm [Eye Care]",
                            "[Gift Ready] Kraft Paper Tea Gift Set Box 20x15cm",
                            "Smart Speaker Charcoal Fabric [Voice Control] Bluetooth 5.3",
                            "[Cold Brew] Recyclable Can Black Coffee 250ml Zero Calories"};
    for (int i = 0; i < 10; ++i) r.history.push_back({clickPicture(256, i), titles[i], std::nullopt});
    r.seeds = {7};
    return r;
}

struct AdTiming {
    double firstTokenMs = -1;
    double fullAdMs = 0;
    int titleCharacters = 0;
};

AdTiming timeOneAd(Engine& engine, const AdRequest& request) {
    std::promise<void> done;
    AdTiming timing;
    std::string error;
    const auto start = Clock::now();
    engine.generateAd(request, [&](const GenerationEvent& e) {
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
        if (e.type == GenerationEvent::Type::TextDelta) {
            if (timing.firstTokenMs < 0) timing.firstTokenMs = ms;
            timing.titleCharacters += static_cast<int>(e.text.size());
        } else if (e.type == GenerationEvent::Type::Done || e.type == GenerationEvent::Type::Error ||
                   e.type == GenerationEvent::Type::Cancelled) {
            if (e.type == GenerationEvent::Type::Error) error = e.error + " " + e.errorFix;
            timing.fullAdMs = ms;
            done.set_value();
        }
    });
    done.get_future().get();
    if (!error.empty()) throw std::runtime_error(error);
    return timing;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace

int benchAdModel(const std::string& directory, int runs, int threads, bool json) {
    Engine engine;
    std::promise<LoadEvent> loaded;
    LoadRequest load;
    load.modelDirectory = directory;
    load.threads = threads;
    const auto loadStart = Clock::now();
    engine.loadModel(load, [&](const LoadEvent& e) {
        if (e.type != LoadEvent::Type::Progress) loaded.set_value(e);
    });
    const auto result = loaded.get_future().get();
    if (result.type != LoadEvent::Type::Loaded) {
        std::fprintf(stderr, "adgen bench: %s %s\n", result.error.c_str(), result.errorFix.c_str());
        return 2;
    }
    const double loadMs = std::chrono::duration<double, std::milli>(Clock::now() - loadStart).count();
    const auto request = benchRequest();
    try {
        timeOneAd(engine, request);  // warm-up: first-touch allocations, thread pool start
        // The same shopper again (the engine keeps the clicks' prepared pictures), and a new
        // shopper each run (one pixel of every click changed, so nothing is kept).
        std::vector<double> first, full, firstNew, fullNew;
        int characters = 0;
        for (int i = 0; i < runs; ++i) {
            const auto t = timeOneAd(engine, request);
            first.push_back(t.firstTokenMs);
            full.push_back(t.fullAdMs);
            characters = t.titleCharacters;
            auto fresh = request;
            for (auto& click : fresh.history) click.image.pixels[0] = static_cast<uint8_t>(i + 1);
            const auto n = timeOneAd(engine, fresh);
            firstNew.push_back(n.firstTokenMs);
            fullNew.push_back(n.fullAdMs);
        }
        const auto& info = *result.info;
        const auto runtime = runtimeInfo();
        if (json) {
            nlohmann::json report = {{"model", directory},
                                     {"parameters", info.parameterCount},
                                     {"device", "cpu"},
                                     {"threads", threads},
                                     {"blas", runtime.blasLibrary},
                                     {"load_ms", loadMs},
                                     {"runs", runs},
                                     {"first_copy_token_ms", median(first)},
                                     {"full_ad_ms", median(full)},
                                     {"first_copy_token_new_shopper_ms", median(firstNew)},
                                     {"full_ad_new_shopper_ms", median(fullNew)},
                                     {"title_bytes", characters},
                                     {"image_tokens", info.gridSize * info.gridSize},
                                     {"history_length", info.historyLength}};
            std::printf("%s\n", report.dump(2).c_str());
        } else {
            std::printf("adgen bench: %s (%s), %.1f M parameters, cpu, %d threads, BLAS %s, loaded in %.0f ms\n",
                        info.name.c_str(), directory.c_str(), static_cast<double>(info.parameterCount) / 1e6, threads,
                        runtime.blasLibrary.c_str(), loadMs);
            std::printf("ad     history %lld, title of %d bytes, %lld image tokens with CFG (median of %d runs):\n",
                        static_cast<long long>(info.historyLength), characters,
                        static_cast<long long>(info.gridSize * info.gridSize), runs);
            std::printf("       same shopper again: time to first copy token %.0f ms, full ad (copy + image) %.0f ms\n",
                        median(first), median(full));
            std::printf("       new shopper:        time to first copy token %.0f ms, full ad (copy + image) %.0f ms\n",
                        median(firstNew), median(fullNew));
        }
    } catch (const std::runtime_error& e) {
        std::fprintf(stderr, "adgen bench: %s\n", e.what());
        return 2;
    }
    return 0;
}

}  // namespace adgen::cli
