// adgen synth: writes the deterministic synthetic shopping world (PAd1M splits, product cut-outs,
// ad images, catalog, shoppers) that the demo model trains and is evaluated on. docs/synth.md.

#include "adgen/synth_world.h"
#include "cli/cli_args.h"
#include "cli/commands.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <tuple>

namespace adgen::cli {
namespace {

constexpr const char* kUsage =
    "usage: adgen synth --out DIR [--seed N] [--products-per-category N] [--categories bottle,box,...]\n"
    "                   [--shoppers N] [--clicks MIN-MAX] [--noise SHARE] [--records-per-shopper N]\n"
    "                   [--ad-size PX] [--product-size PX] [--split TRAIN,VAL,TEST] [--languages en,zh]\n"
    "                   [--titles MIN-MAX] [--backgrounds] [--no-contact-sheet] [--no-text-similarity] [--json]\n"
    "\n"
    "  A synthetic shopping world in the PAd1M format: DIR/{train,val,test}.json, images/products/*.png,\n"
    "  images/ads/*.png, catalog.json, shoppers.json, README.md, contact-sheet.png. Same options, same bytes.\n"
    "  Defaults: --seed 1 --products-per-category 12 (all 8 categories) --shoppers 60 --clicks 10-20\n"
    "  --noise 0.2 --records-per-shopper 8 --ad-size 256 --product-size 256 --split 0.8,0.1,0.1\n"
    "  --languages en,zh --titles 2-3. --backgrounds also writes each ground-truth ad without its product.\n";

// "10-20" or "15" -> {10, 20} / {15, 15}
std::pair<int, int> parseRange(const std::string& text, const std::string& option) {
    const auto dash = text.find('-', 1);
    const auto first = parseIntegerList(text.substr(0, dash), "--" + option);
    const auto second = dash == std::string::npos ? first : parseIntegerList(text.substr(dash + 1), "--" + option);
    if (first.size() != 1 || second.size() != 1)
        throw UsageError("--" + option + " expects MIN-MAX (e.g. 10-20) or one number, got '" + text + "'.");
    return {static_cast<int>(first[0]), static_cast<int>(second[0])};
}

std::vector<std::string> parseNames(const std::string& text) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find(',', start);
        auto item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (!item.empty()) out.push_back(item);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

SynthOptions readOptions(const CliArgs& args) {
    SynthOptions o;
    if (const auto seed = args.value("seed")) {
        char* stop = nullptr;
        o.seed = std::strtoull(seed->c_str(), &stop, 10);
        if (seed->empty() || *stop != '\0' || (*seed)[0] == '-') throw UsageError("--seed expects a non-negative integer, got '" + *seed + "'.");
    }
    o.productsPerCategory = static_cast<int>(args.integer("products-per-category", o.productsPerCategory));
    if (const auto c = args.value("categories")) o.categories = parseNames(*c);
    o.shoppers = static_cast<int>(args.integer("shoppers", o.shoppers));
    if (const auto c = args.value("clicks")) std::tie(o.minClicks, o.maxClicks) = parseRange(*c, "clicks");
    o.noisyClickShare = args.number("noise", o.noisyClickShare);
    o.recordsPerShopper = static_cast<int>(args.integer("records-per-shopper", o.recordsPerShopper));
    o.adSize = static_cast<int>(args.integer("ad-size", o.adSize));
    o.productSize = static_cast<int>(args.integer("product-size", o.productSize));
    if (const auto s = args.value("split")) {
        const auto parts = parseNames(*s);
        std::vector<double> f;
        for (const auto& p : parts) {
            char* stop = nullptr;
            f.push_back(std::strtod(p.c_str(), &stop));
            if (*stop != '\0') f.clear(), f.resize(4);
        }
        if (f.size() != 3) throw UsageError("--split expects three fractions TRAIN,VAL,TEST (e.g. 0.8,0.1,0.1), got '" + *s + "'.");
        o.trainFraction = f[0], o.valFraction = f[1], o.testFraction = f[2];
    }
    if (const auto l = args.value("languages")) o.languages = parseNames(*l);
    if (const auto t = args.value("titles")) std::tie(o.minTitles, o.maxTitles) = parseRange(*t, "titles");
    o.writeBackgrounds = args.flag("backgrounds");
    o.contactSheet = !args.flag("no-contact-sheet");
    o.textSimilarity = !args.flag("no-text-similarity");
    return o;
}

void printProgress(const std::string& line) { std::fprintf(stderr, "%s...\n", line.c_str()); }

}  // namespace

int synthCommand(const Args& argv) {
    try {
        const CliArgs args(argv,
                           {"out", "seed", "products-per-category", "categories", "shoppers", "clicks", "noise",
                            "records-per-shopper", "ad-size", "product-size", "split", "languages", "titles"},
                           {"backgrounds", "no-contact-sheet", "no-text-similarity", "json", "help"});
        if (args.flag("help")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (!args.value("out") || !args.positional().empty()) {
            std::fputs(kUsage, stderr);
            return 2;
        }
        const auto options = readOptions(args);
        const bool json = args.flag("json");
        const auto start = std::chrono::steady_clock::now();
        const auto summary = writeSynthWorld(options, *args.value("out"), json ? nullptr : printProgress);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (json) {
            nlohmann::ordered_json report = {{"out", summary.outDir},         {"products", summary.products},
                                             {"shoppers", summary.shoppers},  {"records", summary.records},
                                             {"history_clicks", summary.historyClicks},
                                             {"noisy_clicks", summary.noisyClicks},
                                             {"ad_images", summary.adImages}, {"product_images", summary.productImages},
                                             {"bytes", summary.bytesWritten}, {"seconds", seconds}};
            report["splits"] = nlohmann::ordered_json::array();
            for (const auto& s : summary.splits)
                report["splits"].push_back({{"name", s.name}, {"shoppers", s.shoppers}, {"products", s.products},
                                            {"records", s.records}, {"file", s.file}});
            std::printf("%s\n", report.dump(2).c_str());
            return 0;
        }
        std::printf("synthetic world in %s (%.1f s, %.1f MB)\n", summary.outDir.c_str(), seconds,
                    static_cast<double>(summary.bytesWritten) / 1e6);
        std::printf("  %d products, %d shoppers, %d records, %d history clicks (%d noisy), %d ad images\n", summary.products,
                    summary.shoppers, summary.records, summary.historyClicks, summary.noisyClicks, summary.adImages);
        for (const auto& s : summary.splits)
            std::printf("  %-5s %3d shoppers %3d products %4d records  %s\n", s.name.c_str(), s.shoppers, s.products, s.records,
                        s.file.c_str());
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen synth: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
