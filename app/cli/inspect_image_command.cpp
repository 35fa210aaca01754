#include <cstdio>
#include <nlohmann/json.hpp>

#include "adgen/error.h"
#include "adgen/product_cutout.h"
#include "cli/commands.h"

namespace adgen::cli {
namespace {

nlohmann::json toJson(const ImageInspection& info) {
    nlohmann::json box = nullptr;
    if (!info.productBox.empty()) {
        box = {{"x", info.productBox.x}, {"y", info.productBox.y},
               {"width", info.productBox.width}, {"height", info.productBox.height}};
    }
    return {{"file", info.path},
            {"format", info.format},
            {"width", info.width},
            {"height", info.height},
            {"channels", info.channels},
            {"bit_depth", info.bitDepth},
            {"alpha", info.hasAlpha},
            {"alpha_threshold", kProductAlphaThreshold},
            {"product_box", box},
            {"coverage", info.coverage},
            {"usable_as_product", info.usableAsProduct()},
            {"problem", info.unusableReason},
            {"fix", info.unusableFix}};
}

void printText(const ImageInspection& info) {
    std::printf("file:         %s\n", info.path.c_str());
    std::printf("format:       %s, %d-bit, %d channel(s)\n", info.format.c_str(), info.bitDepth, info.channels);
    std::printf("size:         %d x %d px\n", info.width, info.height);
    std::printf("alpha:        %s\n", info.hasAlpha ? "yes" : "no");
    if (info.productBox.empty()) {
        std::printf("product box:  none (no pixel with alpha > %d)\n", kProductAlphaThreshold);
    } else {
        std::printf("product box:  x %d, y %d, %d x %d px (alpha > %d)\n", info.productBox.x, info.productBox.y,
                    info.productBox.width, info.productBox.height, kProductAlphaThreshold);
    }
    std::printf("coverage:     %.1f %%\n", info.coverage * 100.0);
    if (info.usableAsProduct()) {
        std::printf("product cut-out: usable\n");
    } else {
        std::printf("product cut-out: not usable. %s %s\n", info.unusableReason.c_str(), info.unusableFix.c_str());
    }
}

}  // namespace

int inspectImageCommand(const Args& args) {
    bool asJson = false;
    std::vector<std::string> files;
    for (const std::string& arg : args) {
        if (arg == "--json") asJson = true;
        else files.push_back(arg);
    }
    if (files.empty()) {
        std::fprintf(stderr, "usage: adgen inspect-image [--json] FILE...\n");
        return 2;
    }
    int exitCode = 0;
    for (const std::string& file : files) {
        try {
            const ImageInspection info = decodeImageFile(file).inspection;
            if (asJson) {
                std::printf("%s\n", toJson(info).dump().c_str());
            } else {
                if (files.size() > 1 && &file != &files.front()) std::printf("\n");
                printText(info);
            }
            if (!info.usableAsProduct()) exitCode = std::max(exitCode, 1);
        } catch (const Error& e) {
            std::fprintf(stderr, "adgen inspect-image: %s\n", e.what());
            exitCode = 2;
        }
    }
    return exitCode;
}

}  // namespace adgen::cli
