#pragma once

// What the image pre-checks share: the ad image in the colour spaces they measure in, and the
// product as it should appear in it (the cut-out brought to the place and size it occupies).
// Internal to engine/review; OpenCV types are fine here, never in include/adgen.

#include "adgen/prechecks.h"
#include "review/image_thresholds.h"

#include <opencv2/core.hpp>

#include <optional>
#include <string>

namespace adgen::review {

struct AdImage {
    cv::Mat rgb;   // CV_8UC3, R G B
    cv::Mat lab;   // CV_32FC3, CIE L*a*b* (L 0..100)
    cv::Mat grey;  // CV_8U
    int width() const { return rgb.cols; }
    int height() const { return rgb.rows; }
};

AdImage makeAdImage(const RgbImage& image);

// The product as expected in the ad image: where it is and what it looks like there.
struct ProductView {
    cv::Rect box;        // the product's box in the image (may reach past the image's edges)
    cv::Mat mask;        // CV_8U, image size: 255 where the cut-out is opaque (alpha > 127)
    cv::Mat expected;    // CV_32FC3 Lab, image size: the cut-out's colours (valid under mask)
    bool hasCutout = false;    // false: only a box was given, mask is the box
    std::string source;        // "given", "placement", "search"
    double matchError = -1;    // mean squared colour difference under the mask (0..1); -1 unknown
    double placementScale = 1; // the box's size / the size of the engine's placement
    int maskArea = 0;
};

// The cut-out's product pixels: its alpha > 50 box cut out (the engine's rule), RGBA.
struct CutoutCrop {
    cv::Mat rgba;            // CV_8UC4, RGBA
    int canvasWidth = 0;     // the cut-out's canvas
    int canvasHeight = 0;
    cv::Rect box;            // the crop's place on the canvas
};
std::optional<CutoutCrop> cropCutout(const RgbaImage& product);

// The product placed at `box` (its crop stretched to the box), or only the box without a cut-out.
ProductView viewAt(const AdImage& image, const CutoutCrop* crop, const cv::Rect& box);

// Where the product is: the given box (else the engine's placement of the cut-out), unless a
// multi-scale search for the cut-out finds it clearly better elsewhere or at another size
// (ImageThresholds::Locate) — the model drew it there, or the ad was made by another generator.
// Without a cut-out, the given box as it is.
std::optional<ProductView> locateProduct(const AdImage& image, const PrecheckInput& input,
                                         const ImageThresholds& thresholds);

// Rectangle helpers.
cv::Rect clampToImage(const cv::Rect& r, int width, int height);
EvidenceRegion toRegion(const cv::Rect& r, int width, int height, std::string label);

// Per-pixel CIE76 distance of two Lab images (CV_32F result).
cv::Mat deltaE(const cv::Mat& labA, const cv::Mat& labB);
// Mean Lab of `lab` under `mask` (nonzero); nullopt if the mask is empty.
std::optional<cv::Vec3f> meanLab(const cv::Mat& lab, const cv::Mat& mask);
double deltaE(const cv::Vec3f& a, const cv::Vec3f& b);
// The mean of `lab` over `mask`'s pixels, spread smoothly elsewhere (normalised Gaussian blur):
// what the masked-out parts "should" look like from their surroundings.
cv::Mat fillFromSurroundings(const cv::Mat& lab, const cv::Mat& mask, double sigma);
// An elliptic structuring element of radius r (at least 1).
cv::Mat disk(int radius);

// One check's outcome with its measures, flagged or not (the evaluation tool reads the measures).
struct CheckOutcome {
    std::string check;
    bool ran = false;
    bool flagged = false;
    PrecheckFlag flag;  // check, criterion and measures always set; message/regions when flagged
};

CheckOutcome checkSize(const AdImage& image, const ProductView& product, const PrecheckInput& input,
                       const ImageThresholds& t);
CheckOutcome checkShape(const AdImage& image, const ProductView& product, const ImageThresholds& t);
CheckOutcome checkSpace(const AdImage& image, const ProductView& product, const ImageThresholds& t);
CheckOutcome checkContrast(const AdImage& image, const ProductView& product, const ImageThresholds& t);
// Ran is false when no face detector file is found.
CheckOutcome checkPeople(const AdImage& image, const ImageThresholds& t);

// Every image check with its outcome (flagged or not), in a fixed order; runImagePrechecks keeps
// the flagged ones. Checks that cannot run (no image, no product) are absent or ran == false.
std::vector<CheckOutcome> runImageChecks(const PrecheckInput& input, const ImageThresholds& thresholds);

}  // namespace adgen::review
