// adgen metrics: BLEU-4, ROUGE-L, PBS, BGS and the selling-point-only share of generated ads
// against their ground truth, as JSON.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <optional>
#include <string>

#include "adgen/ad_metrics.h"
#include "adgen/error.h"
#include "cli/commands.h"

namespace adgen::cli {
namespace {

const char* const kUsage =
    "usage: adgen metrics --predictions P.json --references R.json [--pbs-model DIR] [--threads N]\n"
    "                     [--skip-empty] [--out FILE.json] [--table]\n"
    "  --predictions   JSON list of {\"title\": ..., \"image\": PATH} or of title strings\n"
    "  --references    JSON list of {\"titles\": \"a<title_split>b\" | [\"a\", \"b\"], \"image\": PATH,\n"
    "                  \"product_boxes\": [[x1, y1, x2, y2]], \"selling_points\": [...]}, or a PAd1M file\n"
    "  --pbs-model     a converted PBS model directory: adds PBS (every item then needs both images)\n"
    "  --threads       libtorch threads for PBS (default: libtorch's)\n"
    "  --skip-empty    leave blank predicted titles out of BLEU/ROUGE/SP-only (metrics_script.py)\n"
    "  --out           write the JSON report there instead of to stdout\n"
    "  --table         also print a Markdown table of the means to stdout\n"
    "BGS (background similarity away from the product boxes) is computed for every item with both\n"
    "images, the selling-point-only share for every item with selling points.\n"
    "File formats and the report: docs/formats.md, \"Metrics files\".\n";

std::string count(size_t n, const char* noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

int usageError(const std::string& problem) {
    std::fprintf(stderr, "adgen metrics: %s\n\n%s", problem.c_str(), kUsage);
    return 2;
}

}  // namespace

int metricsCommand(const Args& args) {
    std::optional<std::string> predictionsPath, referencesPath, pbsModel, outPath;
    int threads = 0;
    bool table = false;
    bool skipEmpty = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (arg == "--table") {
            table = true;
            continue;
        }
        if (arg == "--skip-empty") {
            skipEmpty = true;
            continue;
        }
        std::optional<std::string>* target = arg == "--predictions" ? &predictionsPath
                                             : arg == "--references" ? &referencesPath
                                             : arg == "--pbs-model"  ? &pbsModel
                                             : arg == "--out"        ? &outPath
                                                                     : nullptr;
        if (!target && arg != "--threads") return usageError("unknown argument '" + arg + "'.");
        if (i + 1 >= args.size()) return usageError(arg + " needs a value.");
        const std::string& value = args[++i];
        if (target) {
            *target = value;
            continue;
        }
        char* end = nullptr;
        const long parsed = std::strtol(value.c_str(), &end, 10);
        if (value.empty() || *end != '\0' || parsed < 1 || parsed > 1024)
            return usageError("--threads takes a positive whole number, not '" + value + "'.");
        threads = static_cast<int>(parsed);
    }
    if (!predictionsPath || !referencesPath)
        return usageError(std::string("missing ") + (!predictionsPath ? "--predictions" : "--references") + ".");

    try {
        const std::vector<AdPrediction> predictions = loadAdPredictions(*predictionsPath);
        const std::vector<AdReference> references = loadAdReferences(*referencesPath);
        if (predictions.size() != references.size())
            throw AdMetricsInputError(
                *predictionsPath + " has " + count(predictions.size(), "prediction") + " but " + *referencesPath +
                    " has " + count(references.size(), "reference") + "; prediction i is scored against reference i.",
                "Give both files the same number of items, in the same order (one prediction per reference).");

        AdMetricsOptions options;
        options.pbsModelDirectory = pbsModel.value_or("");
        options.threads = threads;
        options.skipEmptyPredictions = skipEmpty;
        if (pbsModel && isatty(STDERR_FILENO)) {
            options.pbsProgress = [](size_t done, size_t total) {
                std::fprintf(stderr, "\rPBS: %zu / %zu items", done, total);
                if (done == total) std::fputc('\n', stderr);
            };
        }
        const AdMetricsReport report = computeAdMetrics(predictions, references, options);
        const std::string json = adMetricsToJson(report) + "\n";
        if (outPath) {
            std::ofstream out(*outPath, std::ios::binary | std::ios::trunc);
            out << json;
            out.close();
            if (!out)
                throw Error("Cannot write the metrics report to " + *outPath + ".",
                            "Check that its folder exists and is writable.");
        } else {
            std::fputs(json.c_str(), stdout);
        }
        if (table) std::fputs(formatMetricsTable(report).c_str(), stdout);
        return 0;
    } catch (const AdMetricsInputError& e) {
        std::fprintf(stderr, "adgen metrics: %s\n", e.what());
        return 1;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen metrics: %s\n", e.what());
        return 2;
    } catch (const std::exception& e) {  // libtorch or OpenCV failing underneath
        std::fprintf(stderr, "adgen metrics: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
