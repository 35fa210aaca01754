// runImagePrechecks: the image half of the pre-checks (adgen/prechecks.h). The product is found
// first (the given box, the engine's placement of the cut-out, or a search for it), then each
// check measures around it; image_checks.cpp has the checks, image_thresholds.json their numbers.

#include "adgen/error.h"
#include "adgen/prechecks.h"
#include "review/image_analysis.h"

#include <opencv2/core.hpp>

#include <algorithm>
#include <string>

namespace adgen::review {

std::vector<CheckOutcome> runImageChecks(const PrecheckInput& input, const ImageThresholds& thresholds) {
    std::vector<CheckOutcome> outcomes;
    if (!input.image) return outcomes;
    const RgbImage& img = *input.image;
    // An image without pixels, or fewer bytes than its size says, has nothing to check.
    if (img.width <= 0 || img.height <= 0 || img.pixels.size() < size_t(img.width) * size_t(img.height) * 3) {
        return outcomes;
    }
    const AdImage image = makeAdImage(img);
    // Below a few pixels a side there is no product to measure (and OpenCV's filters need room).
    constexpr int kMinSide = 8;
    const bool roomy = std::min(img.width, img.height) >= kMinSide;
    if (const auto product = roomy ? locateProduct(image, input, thresholds) : std::nullopt) {
        outcomes.push_back(checkSize(image, *product, input, thresholds));
        outcomes.push_back(checkShape(image, *product, thresholds));
        outcomes.push_back(checkSpace(image, *product, thresholds));
        outcomes.push_back(checkContrast(image, *product, thresholds));
        for (auto& o : outcomes) {
            o.flag.measures["product_box_x"] = product->box.x;
            o.flag.measures["product_box_y"] = product->box.y;
            o.flag.measures["product_box_width"] = product->box.width;
            o.flag.measures["product_box_height"] = product->box.height;
        }
    }
    outcomes.push_back(checkPeople(image, thresholds));
    return outcomes;
}

}  // namespace adgen::review

namespace adgen {

PrecheckReport runImagePrechecks(const PrecheckInput& input) {
    PrecheckReport report;
    std::vector<review::CheckOutcome> outcomes;
    try {
        outcomes = review::runImageChecks(input, review::imageThresholds());
    } catch (const cv::Exception& e) {
        // An image shape the checks did not foresee: say so rather than take the caller down.
        throw Error("The image pre-checks could not measure this image (" + std::to_string(input.image->width) + "x" +
                        std::to_string(input.image->height) + "): " + e.what(),
                    "Review the image by eye, and report the image so the checks can handle it.");
    }
    for (auto& outcome : outcomes) {
        if (!outcome.ran) continue;
        report.checksRun.push_back(outcome.check);
        if (outcome.flagged) report.flags.push_back(std::move(outcome.flag));
    }
    return report;
}

}  // namespace adgen
