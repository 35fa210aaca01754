// adgen precheck: the automatic pre-checks of one ad (its copy, its image or both) against the
// paper's reject criteria, printed as the JSON report of docs/formats.md, "Pre-check reports". The
// same code path as the studio's review lane (adgen/prechecks.h).

#include "adgen/brief.h"
#include "adgen/error.h"
#include "adgen/prechecks.h"
#include "adgen/product_cutout.h"
#include "cli/cli_args.h"
#include "cli/commands.h"

#include <cmath>
#include <cstdio>

namespace adgen::cli {
namespace {

constexpr const char* kUsage =
    "usage: adgen precheck --brief FILE.adgen.json [--copy TEXT] [--image FILE] [--max-ratio R]\n"
    "  --brief      the brief the ad was made from: its selling points and product cut-out\n"
    "  --copy       the ad's copy (title), checked for factuality and readability\n"
    "  --image      the generated ad image (raw, before product fusion), checked for size, shape,\n"
    "               space and visual perception\n"
    "  --max-ratio  the largest relative product size the ad was made with, (0, 1] (default 1)\n"
    "Prints the report as JSON. Exit status: 0 no flags, 1 flagged (for a reviewer to look at),\n"
    "2 bad input.\n";

// The generated image as RGB (an alpha channel, if the file has one, is dropped).
RgbImage toRgb(const RgbaImage& rgba) {
    RgbImage rgb;
    rgb.width = rgba.width;
    rgb.height = rgba.height;
    rgb.pixels.reserve(static_cast<size_t>(rgba.width) * static_cast<size_t>(rgba.height) * 3);
    for (size_t i = 0; i + 3 < rgba.pixels.size(); i += 4)
        rgb.pixels.insert(rgb.pixels.end(), {rgba.pixels[i], rgba.pixels[i + 1], rgba.pixels[i + 2]});
    return rgb;
}

}  // namespace

int precheckCommand(const Args& argv) {
    try {
        const CliArgs args(argv, {"brief", "copy", "image", "max-ratio"}, {"help"});
        if (args.flag("help")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (!args.positional().empty()) throw UsageError("Unexpected argument '" + args.positional().front() + "'.");
        const auto briefFile = args.value("brief");
        if (!briefFile) throw UsageError("--brief FILE.adgen.json is required: the selling points the ad is checked against.");
        const auto copy = args.value("copy");
        const auto imageFile = args.value("image");
        if (!copy && !imageFile) throw UsageError("Nothing to check: pass --copy TEXT, --image FILE or both.");
        const double maxRatio = args.number("max-ratio", 1.0);
        if (!(maxRatio > 0.0 && maxRatio <= 1.0) || !std::isfinite(maxRatio)) {
            throw UsageError("--max-ratio must be a number in (0, 1], the brief's largest relative product size; got " +
                             *args.value("max-ratio") + ".");
        }

        const Brief brief = loadBrief(*briefFile);
        PrecheckInput input;
        input.sellingPoints = brief.sellingPoints;
        input.originalTitle = brief.originalTitle;
        input.maxRatio = maxRatio;
        input.copy = copy;
        if (copy && brief.sellingPoints.empty()) {
            std::fprintf(stderr, "adgen precheck: note: %s has no selling points, so the copy's words are not checked "
                                 "against them.\n", briefFile->c_str());
        }
        if (imageFile) {
            input.image = toRgb(decodeImageFile(*imageFile).image);
            if (brief.productImage.empty()) {
                std::fprintf(stderr, "adgen precheck: note: %s names no product cut-out; the image checks that compare "
                                     "the product with it are skipped.\n", briefFile->c_str());
            } else {
                input.product = loadProductCutout(brief.productImage).image;
                // Where our engine put the product; the image checks still look for it themselves
                // when it is not there (an ad made elsewhere).
                const auto box = productPlacement(*input.product, maxRatio, input.image->width, input.image->height);
                if (box.width > 0 && box.height > 0) input.productBox = box;
            }
        }
        const PrecheckReport report = runPrechecks(input);
        std::printf("%s\n", precheckReportToJson(report).c_str());
        return report.flags.empty() ? 0 : 1;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "adgen precheck: %s\n\n%s", e.problem().c_str(), kUsage);
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen precheck: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
