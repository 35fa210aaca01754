// The image pre-checks (issue 7) on crafted ads whose answers are known: a product cut-out drawn
// on its own canvas, composited over a drawn scene correctly (nothing to flag) or with one
// violation injected (scaled out of range, floating, an attached cable, a filled hollow, a mark,
// a background of its own colour, clutter, a face), each flagged by its check with evidence near
// the right place; the blurred-background exemption; degenerate inputs that must not crash; and
// productPlacement against the engine's own re-centring.

#include "adgen/error.h"
#include "adgen/prechecks.h"
#include "image/image8.h"
#include "personalize/product_inputs.h"
#include "review/image_analysis.h"
#include "review/image_thresholds.h"

#include <gtest/gtest.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>
#include <set>
#include <string>

namespace {

using adgen::EvidenceRegion;
using adgen::PrecheckFlag;
using adgen::PrecheckInput;
using adgen::PrecheckReport;

constexpr int kCanvas = 256;  // the cut-out's canvas
constexpr int kImage = 384;   // the generated ad (the engine stretches the canvas to it)

// ------------------------------------------------------------------------------------------------
// Drawing (RGB float 0..1 for scenes, RGBA 8-bit for cut-outs)

cv::Scalar rgb(double r, double g, double b, double a = 1.0) { return cv::Scalar(r, g, b, a); }

enum class ProductShape { Bottle, Mug };

// A product standing with its base at 0.88 of the canvas height, centred, as the synthetic world
// draws them. The mug's handle encloses a hollow.
cv::Mat drawProduct(ProductShape shape) {
    cv::Mat canvas(kCanvas, kCanvas, CV_32FC4, cv::Scalar(0, 0, 0, 0));
    const int base = static_cast<int>(0.88 * kCanvas);
    if (shape == ProductShape::Bottle) {
        cv::rectangle(canvas, cv::Rect(108, base - 120, 40, 120), rgb(0.15, 0.2, 0.45), cv::FILLED);
        cv::rectangle(canvas, cv::Rect(108, base - 80, 40, 14), rgb(0.6, 0.9, 0.75), cv::FILLED);
        cv::rectangle(canvas, cv::Rect(118, base - 145, 20, 25), rgb(0.15, 0.2, 0.45), cv::FILLED);
        cv::rectangle(canvas, cv::Rect(116, base - 156, 24, 11), rgb(0.9, 0.4, 0.2), cv::FILLED);
    } else {
        cv::rectangle(canvas, cv::Rect(96, base - 70, 54, 70), rgb(0.85, 0.15, 0.15), cv::FILLED);
        cv::rectangle(canvas, cv::Rect(96, base - 40, 54, 8), rgb(0.95, 0.95, 0.9), cv::FILLED);
        cv::ellipse(canvas, cv::Point(152, base - 36), cv::Size(20, 22), 0, -90, 90, rgb(0.85, 0.15, 0.15), 8, cv::LINE_AA);
    }
    cv::Mat bytes;
    canvas.convertTo(bytes, CV_8UC4, 255.0);
    return bytes;
}

adgen::RgbaImage toRgba(const cv::Mat& rgba8) {
    adgen::RgbaImage img;
    img.width = rgba8.cols;
    img.height = rgba8.rows;
    img.pixels.assign(rgba8.data, rgba8.data + rgba8.total() * 4);
    return img;
}

adgen::RgbImage toRgb(const cv::Mat& rgbFloat) {
    cv::Mat bytes;
    rgbFloat.convertTo(bytes, CV_8UC3, 255.0);
    adgen::RgbImage img;
    img.width = bytes.cols;
    img.height = bytes.rows;
    img.pixels.assign(bytes.data, bytes.data + bytes.total() * 3);
    return img;
}

// A sharp room: a wall with a window and a picture, a plank floor from 0.62 of the height, and a
// soft contact shadow where the product stands (centre x, base y, footprint width, in pixels).
cv::Mat drawScene(int footCentre, int baseY, int footWidth, bool shadow = true) {
    cv::Mat scene(kImage, kImage, CV_32FC3, rgb(0.93, 0.88, 0.8));
    cv::rectangle(scene, cv::Rect(20, 30, 90, 110), rgb(0.97, 0.97, 0.97), cv::FILLED);
    cv::rectangle(scene, cv::Rect(26, 36, 78, 98), rgb(0.7, 0.85, 0.97), cv::FILLED);
    cv::line(scene, cv::Point(65, 36), cv::Point(65, 134), rgb(0.97, 0.97, 0.97), 4);
    cv::rectangle(scene, cv::Rect(280, 50, 70, 50), rgb(0.2, 0.3, 0.25), cv::FILLED);
    const int floor = static_cast<int>(0.62 * kImage);
    cv::rectangle(scene, cv::Rect(0, floor, kImage, kImage - floor), rgb(0.72, 0.52, 0.34), cv::FILLED);
    for (int y = floor + 20; y < kImage; y += 26) cv::line(scene, cv::Point(0, y), cv::Point(kImage, y), rgb(0.55, 0.38, 0.24), 2);
    if (shadow) {
        cv::Mat dark(scene.size(), CV_32F, cv::Scalar(0));
        cv::ellipse(dark, cv::Point(footCentre, baseY), cv::Size(footWidth * 6 / 10 + 6, 7), 0, 0, 360, cv::Scalar(0.6), cv::FILLED);
        cv::GaussianBlur(dark, dark, cv::Size(0, 0), 3);
        std::vector<cv::Mat> ch;
        cv::split(scene, ch);
        for (auto& c : ch) c = c.mul(1.0 - dark);
        cv::merge(ch, scene);
    }
    return scene;
}

// The cut-out stretched from its canvas to the image, scaled by `scale` about its base centre
// and moved up by `lift` pixels, over the scene.
cv::Mat composite(const cv::Mat& scene, const cv::Mat& cutout, double scale = 1.0, int lift = 0) {
    cv::Mat f;
    cutout.convertTo(f, CV_32FC4, 1.0 / 255.0);
    std::vector<cv::Mat> ch;
    cv::split(f, ch);
    for (int c = 0; c < 3; ++c) ch[c] = ch[c].mul(ch[3]);
    cv::merge(ch, f);
    cv::resize(f, f, cv::Size(kImage, kImage), 0, 0, cv::INTER_LINEAR);
    if (scale != 1.0 || lift != 0) {
        cv::split(f, ch);
        std::vector<cv::Point> pts;
        cv::findNonZero(ch[3] > 0.2f, pts);
        const cv::Rect box = cv::boundingRect(pts);
        const cv::Point2f base(box.x + box.width / 2.0f, float(box.y + box.height));
        cv::Mat move = (cv::Mat_<double>(2, 3) << scale, 0, base.x * (1 - scale), 0, scale, base.y * (1 - scale) - lift);
        cv::warpAffine(f, f, move, f.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0, 0, 0, 0));
    }
    cv::Mat out = scene.clone();
    for (int y = 0; y < kImage; ++y)
        for (int x = 0; x < kImage; ++x) {
            const cv::Vec4f p = f.at<cv::Vec4f>(y, x);
            cv::Vec3f& q = out.at<cv::Vec3f>(y, x);
            for (int c = 0; c < 3; ++c) q[c] = p[c] + q[c] * (1 - p[3]);
        }
    return out;
}

// The product's base in the image (for the scene's shadow): centre x, base y, width.
struct Footprint {
    int centre, base, width;
};
Footprint footprint(const cv::Mat& cutout) {
    std::vector<cv::Mat> ch;
    cv::split(cutout, ch);
    std::vector<cv::Point> pts;
    cv::findNonZero(ch[3] > 50, pts);
    const cv::Rect box = cv::boundingRect(pts);
    const double s = double(kImage) / kCanvas;
    return {int((box.x + box.width / 2.0) * s), int((box.y + box.height) * s), int(box.width * s)};
}

// A shaded drawn face (the light pattern the frontal cascades look for).
void drawFace(cv::Mat& img, cv::Point c, int r) {
    const cv::Vec3f skin(0.88f, 0.67f, 0.52f), hair(0.25f, 0.15f, 0.1f);
    const auto P = [&](double dx, double dy) { return c + cv::Point(int(std::lround(dx * r)), int(std::lround(dy * r))); };
    cv::Mat face = img.clone();
    cv::ellipse(face, c, cv::Size(int(r * 0.8), r), 0, 0, 360, rgb(skin[0], skin[1], skin[2]), cv::FILLED, cv::LINE_AA);
    cv::Mat shade(img.size(), CV_32F, cv::Scalar(1.0));
    for (double s : {-1.0, 1.0}) cv::ellipse(shade, P(s * 0.33, -0.12), cv::Size(int(r * 0.26), int(r * 0.17)), 0, 0, 360, cv::Scalar(0.55), cv::FILLED);
    cv::ellipse(shade, P(0, 0.32), cv::Size(int(r * 0.22), int(r * 0.07)), 0, 0, 360, cv::Scalar(0.7), cv::FILLED);
    cv::ellipse(shade, P(0, 0.52), cv::Size(int(r * 0.3), int(r * 0.09)), 0, 0, 360, cv::Scalar(0.6), cv::FILLED);
    cv::ellipse(shade, P(0, 0.05), cv::Size(int(r * 0.08), int(r * 0.28)), 0, 0, 360, cv::Scalar(1.15), cv::FILLED);
    cv::GaussianBlur(shade, shade, cv::Size(0, 0), r * 0.08);
    cv::Mat faceMask = cv::Mat::zeros(img.size(), CV_8U);
    cv::ellipse(faceMask, c, cv::Size(int(r * 0.8), r), 0, 0, 360, 255, cv::FILLED);
    std::vector<cv::Mat> ch;
    cv::split(face, ch);
    for (auto& plane : ch) plane = plane.mul(shade);
    cv::merge(ch, face);
    for (double s : {-1.0, 1.0}) {
        cv::ellipse(face, P(s * 0.33, -0.12), cv::Size(int(r * 0.14), int(r * 0.07)), 0, 0, 360, rgb(0.85, 0.85, 0.85), cv::FILLED, cv::LINE_AA);
        cv::circle(face, P(s * 0.33, -0.12), int(std::ceil(r * 0.06)), rgb(0.08, 0.06, 0.05), cv::FILLED, cv::LINE_AA);
        cv::line(face, P(s * 0.33 - 0.15, -0.33), P(s * 0.33 + 0.15, -0.35), rgb(0.15, 0.1, 0.05), std::max(2, r / 10), cv::LINE_AA);
    }
    cv::ellipse(face, P(0, 0.52), cv::Size(int(r * 0.22), int(r * 0.06)), 0, 0, 360, rgb(0.55, 0.25, 0.25), cv::FILLED, cv::LINE_AA);
    cv::ellipse(face, P(0, -0.6), cv::Size(int(r * 0.85), int(r * 0.48)), 0, 180, 360, rgb(hair[0], hair[1], hair[2]), cv::FILLED, cv::LINE_AA);
    cv::ellipse(faceMask, P(0, -0.6), cv::Size(int(r * 0.85), int(r * 0.48)), 0, 180, 360, 255, cv::FILLED);
    cv::GaussianBlur(face, face, cv::Size(0, 0), std::max(0.6, r * 0.03));
    face.copyTo(img, faceMask);
}

// ------------------------------------------------------------------------------------------------
// Running the checks

struct Ad {
    cv::Mat cutout;  // RGBA 8-bit, canvas size
    cv::Mat image;   // RGB float, image size
    double maxRatio = 1.0;
};

Ad cleanAd(ProductShape shape = ProductShape::Bottle) {
    Ad ad;
    ad.cutout = drawProduct(shape);
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width), ad.cutout);
    return ad;
}

PrecheckInput inputOf(const Ad& ad) {
    PrecheckInput input;
    input.product = toRgba(ad.cutout);
    input.maxRatio = ad.maxRatio;
    input.image = toRgb(ad.image);
    return input;
}

const PrecheckFlag* findFlag(const PrecheckReport& report, const std::string& check) {
    for (const auto& f : report.flags)
        if (f.check == check) return &f;
    return nullptr;
}

std::set<std::string> flaggedChecks(const PrecheckReport& report) {
    std::set<std::string> out;
    for (const auto& f : report.flags) out.insert(f.check);
    return out;
}

// Some region of the flag overlaps `r` (the place the violation was injected).
bool hasRegionNear(const PrecheckFlag& flag, const cv::Rect& r, int slack = 6) {
    const cv::Rect grown(r.x - slack, r.y - slack, r.width + 2 * slack, r.height + 2 * slack);
    return std::any_of(flag.regions.begin(), flag.regions.end(), [&](const EvidenceRegion& e) {
        return (cv::Rect(e.x, e.y, e.width, e.height) & grown).area() > 0;
    });
}

// A check's measures, flagged or not, for failure messages.
std::string measuresOf(const PrecheckInput& input, const std::string& check) {
    std::string out = check + ":";
    for (const auto& o : adgen::review::runImageChecks(input, adgen::review::imageThresholds()))
        if (o.check == check)
            for (const auto& [name, value] : o.flag.measures) out += " " + name + "=" + std::to_string(value);
    return out;
}

bool regionsInsideImage(const PrecheckReport& report, int w, int h) {
    for (const auto& f : report.flags)
        for (const auto& r : f.regions)
            if (r.x < 0 || r.y < 0 || r.width < 0 || r.height < 0 || r.x + r.width > w || r.y + r.height > h) return false;
    return true;
}

bool haveFaceDetector() {
    for (const auto& dir : adgen::review::imageThresholds().people.cascadeDirs)
        for (const auto& name : adgen::review::imageThresholds().people.cascades)
            if (std::filesystem::exists(std::filesystem::path(dir) / name)) return true;
    return false;
}

// The bottle's box on the image (canvas box stretched).
cv::Rect bottleBox() {
    const double s = double(kImage) / kCanvas;
    const int base = static_cast<int>(0.88 * kCanvas);
    return cv::Rect(int(108 * s), int((base - 156) * s), int(40 * s), int(156 * s));
}

// ------------------------------------------------------------------------------------------------
// productPlacement

adgen::image::Image8 toImage8(const cv::Mat& rgba8) {
    adgen::image::Image8 img = adgen::image::makeImage(rgba8.cols, rgba8.rows, 4);
    std::copy(rgba8.data, rgba8.data + rgba8.total() * 4, img.data.begin());
    return img;
}

cv::Rect opaqueBox(const adgen::image::Image8& img) {
    int minX = img.width, minY = img.height, maxX = -1, maxY = -1;
    for (int y = 0; y < img.height; ++y)
        for (int x = 0; x < img.width; ++x)
            if (img.at(x, y, 3) > 0) {
                minX = std::min(minX, x), maxX = std::max(maxX, x);
                minY = std::min(minY, y), maxY = std::max(maxY, y);
            }
    return maxX < 0 ? cv::Rect() : cv::Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
}

TEST(ProductPlacement, IsWhereTheEngineRecentresTheCutout) {
    // An off-centre product on a non-square canvas, at sizes that keep it and that shrink it.
    cv::Mat cutout(200, 300, CV_8UC4, cv::Scalar(0, 0, 0, 0));
    cv::rectangle(cutout, cv::Rect(30, 40, 120, 90), cv::Scalar(200, 40, 40, 255), cv::FILLED);
    for (double maxRatio : {1.0, 0.6, 0.3}) {
        SCOPED_TRACE("max_ratio " + std::to_string(maxRatio));
        const auto recentred = adgen::personalize::recentreProduct(toImage8(cutout), maxRatio);
        const cv::Rect engine = opaqueBox(recentred);
        // On the cut-out's own canvas (image = canvas size) the rectangle is the engine's to the
        // pixel where nothing is resampled, within the bicubic filter's reach where it is.
        const EvidenceRegion r = adgen::productPlacement(toRgba(cutout), maxRatio, cutout.cols, cutout.rows);
        const int tolerance = maxRatio < 0.45 ? 2 : 0;
        EXPECT_NEAR(r.x, engine.x, tolerance);
        EXPECT_NEAR(r.y, engine.y, tolerance);
        EXPECT_NEAR(r.x + r.width, engine.x + engine.width, tolerance);
        EXPECT_NEAR(r.y + r.height, engine.y + engine.height, tolerance);
        EXPECT_EQ(r.label, "product placement");
    }
}

TEST(ProductPlacement, StretchesTheCanvasToTheImage) {
    cv::Mat cutout(100, 200, CV_8UC4, cv::Scalar(0, 0, 0, 0));
    cv::rectangle(cutout, cv::Rect(50, 20, 41, 51), cv::Scalar(10, 200, 40, 255), cv::FILLED);  // box [50, 90] x [20, 70]
    const EvidenceRegion r = adgen::productPlacement(toRgba(cutout), 1.0, 384, 384);
    // The engine crops [50, 90) x [20, 70) and pastes it back at (50, 20): x * 1.92, y * 3.84.
    EXPECT_EQ(r.x, 96);
    EXPECT_EQ(r.y, 76);
    EXPECT_EQ(r.x + r.width, 173);   // ceil(90 * 1.92)
    EXPECT_EQ(r.y + r.height, 269);  // ceil(70 * 3.84)
}

TEST(ProductPlacement, IsEmptyWhereTheEngineLeavesNoProduct) {
    const cv::Mat transparent(64, 64, CV_8UC4, cv::Scalar(0, 0, 0, 0));
    EXPECT_EQ(adgen::productPlacement(toRgba(transparent), 1.0, 384, 384).width, 0);
    cv::Mat onePixel = transparent.clone();
    onePixel.at<cv::Vec4b>(10, 10) = cv::Vec4b(255, 0, 0, 255);
    EXPECT_EQ(adgen::productPlacement(toRgba(onePixel), 1.0, 384, 384).width, 0);
    const cv::Mat product = drawProduct(ProductShape::Bottle);
    EXPECT_EQ(adgen::productPlacement(toRgba(product), 0.0, 384, 384).width, 0);
    EXPECT_EQ(adgen::productPlacement(toRgba(product), std::nan(""), 384, 384).width, 0);
    EXPECT_EQ(adgen::productPlacement(toRgba(product), 1.0, 0, 384).width, 0);
    EXPECT_EQ(adgen::productPlacement(adgen::RgbaImage{}, 1.0, 384, 384).width, 0);
}

// ------------------------------------------------------------------------------------------------
// A correct ad

TEST(ImagePrechecks, CorrectCompositeRaisesNoFlag) {
    for (ProductShape shape : {ProductShape::Bottle, ProductShape::Mug}) {
        const PrecheckReport report = adgen::runImagePrechecks(inputOf(cleanAd(shape)));
        EXPECT_TRUE(report.flags.empty()) << (report.flags.empty() ? "" : report.flags.front().message + " " +
                                                  measuresOf(inputOf(cleanAd(shape)), report.flags.front().check));
        const std::set<std::string> ran(report.checksRun.begin(), report.checksRun.end());
        for (const char* id : {"size.out-of-range", "shape.product-fidelity", "space.floating", "perception.low-contrast"})
            EXPECT_TRUE(ran.count(id)) << id;
    }
}

TEST(ImagePrechecks, UsesTheGivenBoxAndStillFindsAProductDrawnElsewhere) {
    // The engine's placement given as the box, product where it is: located there.
    Ad ad = cleanAd(ProductShape::Mug);
    PrecheckInput input = inputOf(ad);
    const auto placement = adgen::productPlacement(*input.product, 1.0, kImage, kImage);
    input.productBox = placement;
    const adgen::review::AdImage image = adgen::review::makeAdImage(*input.image);
    auto view = adgen::review::locateProduct(image, input, adgen::review::imageThresholds());
    ASSERT_TRUE(view);
    EXPECT_EQ(view->source, "given");
    // The same box given, but the product drawn 1.8x as large: the search finds it.
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width * 2), ad.cutout, 1.8);
    input.image = toRgb(ad.image);
    view = adgen::review::locateProduct(adgen::review::makeAdImage(*input.image), input, adgen::review::imageThresholds());
    ASSERT_TRUE(view);
    EXPECT_EQ(view->source, "search");
    EXPECT_NEAR(view->placementScale, 1.8, 0.15);
}

// ------------------------------------------------------------------------------------------------
// size.out-of-range

TEST(ImagePrechecks, ProductDrawnFarLargerThanPlacedIsFlaggedForSize) {
    Ad ad = cleanAd(ProductShape::Mug);
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width * 2), ad.cutout, 2.2);
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "size.out-of-range");
    ASSERT_TRUE(flag) << measuresOf(inputOf(ad), "size.out-of-range");
    EXPECT_EQ(flag->criterion, adgen::Criterion::SizeMismatch);
    EXPECT_NEAR(flag->measures.at("placement_scale"), 2.2, 0.2);
    // The mug drawn 2.2x about its base centre: about 170 x 230 px ending at the base.
    EXPECT_TRUE(hasRegionNear(*flag, cv::Rect(f.centre - 60, f.base - 200, 120, 190)));
}

TEST(ImagePrechecks, ProductLargerThanTheBriefsMaxRatioIsFlaggedForSize) {
    Ad ad = cleanAd();
    ad.maxRatio = 0.35;  // the bottle's height is 0.61 of the image; the engine would have shrunk it
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "size.out-of-range");
    ASSERT_TRUE(flag) << measuresOf(inputOf(ad), "size.out-of-range");
    EXPECT_NEAR(flag->measures.at("extent"), 0.61, 0.03);
    EXPECT_EQ(flag->measures.at("max_ratio"), 0.35);
    EXPECT_TRUE(hasRegionNear(*flag, bottleBox()));
}

TEST(ImagePrechecks, TinyProductIsFlaggedForSize) {
    Ad ad = cleanAd();
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width / 4), ad.cutout, 0.25);
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "size.out-of-range");
    ASSERT_TRUE(flag) << measuresOf(inputOf(ad), "size.out-of-range");
    EXPECT_LT(flag->measures.at("placement_scale"), 0.4);
}

// ------------------------------------------------------------------------------------------------
// shape.product-fidelity

TEST(ImagePrechecks, PlugAndCableAttachedToTheProductAreFlaggedForShape) {
    Ad ad = cleanAd();
    cv::Mat cutout = ad.cutout.clone();
    const int base = static_cast<int>(0.88 * kCanvas);
    // A plug on the bottle's right side with a cable leaving it (drawn into the generated image
    // only): the wireless speaker that became a wired one.
    cv::rectangle(cutout, cv::Rect(146, base - 100, 20, 20), cv::Scalar(20, 20, 20, 255), cv::FILLED);
    std::vector<cv::Point> cable;
    for (int i = 0; i <= 10; ++i) cable.emplace_back(166 + i * 5, base - 90 - int(12 * std::sin(i / 3.0)));
    cv::polylines(cutout, cable, false, cv::Scalar(20, 20, 20, 255), 6, cv::LINE_AA);
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width), cutout);
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "shape.product-fidelity");
    ASSERT_TRUE(flag) << measuresOf(inputOf(ad), "shape.product-fidelity");
    EXPECT_EQ(flag->criterion, adgen::Criterion::ShapeHallucination);
    EXPECT_GT(flag->measures.at("attached_share"), 0.06);
    const double s = double(kImage) / kCanvas;
    EXPECT_TRUE(hasRegionNear(*flag, cv::Rect(int(150 * s), int((base - 110) * s), int(52 * s), int(30 * s))));
}

TEST(ImagePrechecks, FilledHollowIsFlaggedForShape) {
    Ad ad = cleanAd(ProductShape::Mug);
    cv::Mat cutout = ad.cutout.clone();
    const int base = static_cast<int>(0.88 * kCanvas);
    // The handle's hole painted over in the mug's red.
    cv::ellipse(cutout, cv::Point(152, base - 36), cv::Size(17, 19), 0, -90, 90, cv::Scalar(217, 38, 38, 255), cv::FILLED);
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width), cutout);
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "shape.product-fidelity");
    ASSERT_TRUE(flag) << measuresOf(inputOf(ad), "shape.product-fidelity");
    EXPECT_GT(flag->measures.at("hollow_filled"), 0.7);
    const double s = double(kImage) / kCanvas;
    EXPECT_TRUE(hasRegionNear(*flag, cv::Rect(int(150 * s), int((base - 56) * s), int(20 * s), int(40 * s))));
}

TEST(ImagePrechecks, MarkPaintedOnTheProductIsFlaggedForShape) {
    Ad ad = cleanAd();
    cv::Mat cutout = ad.cutout.clone();
    const int base = static_cast<int>(0.88 * kCanvas);
    cv::circle(cutout, cv::Point(128, base - 40), 14, cv::Scalar(250, 230, 40, 255), cv::FILLED);
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width), cutout);
    PrecheckInput input = inputOf(ad);
    input.productBox = adgen::productPlacement(*input.product, 1.0, kImage, kImage);  // our generation
    const PrecheckReport report = adgen::runImagePrechecks(input);
    const PrecheckFlag* flag = findFlag(report, "shape.product-fidelity");
    ASSERT_TRUE(flag);
    EXPECT_GT(flag->measures.at("mismatch_share"), 0.05);
    const double s = double(kImage) / kCanvas;
    EXPECT_TRUE(hasRegionNear(*flag, cv::Rect(int(114 * s), int((base - 54) * s), int(28 * s), int(28 * s))));
}

// ------------------------------------------------------------------------------------------------
// space.floating

TEST(ImagePrechecks, ProductFloatingOverASharpSceneIsFlagged) {
    Ad ad = cleanAd();
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width), ad.cutout, 1.0, 45);  // its shadow stays on the floor
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "space.floating");
    ASSERT_TRUE(flag) << measuresOf(inputOf(ad), "space.floating");
    EXPECT_EQ(flag->criterion, adgen::Criterion::SpaceMismatch);
    EXPECT_EQ(flag->measures.at("blurred_background"), 0);
    // Evidence right under the lifted product.
    const cv::Rect under(bottleBox().x, bottleBox().y + bottleBox().height - 45, bottleBox().width, 12);
    EXPECT_TRUE(hasRegionNear(*flag, under, 2));
}

TEST(ImagePrechecks, ProductFloatingWithoutAnyShadowIsFlagged) {
    Ad ad = cleanAd();
    const Footprint f = footprint(ad.cutout);
    ad.image = composite(drawScene(f.centre, f.base, f.width, /*shadow=*/false), ad.cutout, 1.0, 45);
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    EXPECT_TRUE(findFlag(report, "space.floating"));
}

TEST(ImagePrechecks, FloatingOverABlurredBackgroundIsExempt) {
    Ad ad = cleanAd();
    const Footprint f = footprint(ad.cutout);
    cv::Mat scene = drawScene(f.centre, f.base, f.width);
    cv::GaussianBlur(scene, scene, cv::Size(0, 0), 5);
    ad.image = composite(scene, ad.cutout, 1.0, 45);
    const auto outcomes = adgen::review::runImageChecks(inputOf(ad), adgen::review::imageThresholds());
    const auto it = std::find_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.check == "space.floating"; });
    ASSERT_NE(it, outcomes.end());
    EXPECT_TRUE(it->ran);
    EXPECT_FALSE(it->flagged);
    EXPECT_EQ(it->flag.measures.at("blurred_background"), 1);
}

// ------------------------------------------------------------------------------------------------
// perception.low-contrast

TEST(ImagePrechecks, ProductOnABackgroundOfItsOwnColourIsFlagged) {
    Ad ad = cleanAd(ProductShape::Mug);
    const Footprint f = footprint(ad.cutout);
    cv::Mat scene = drawScene(f.centre, f.base, f.width);
    scene = scene * 0.12 + cv::Mat(scene.size(), CV_32FC3, rgb(0.83, 0.17, 0.16)) * 0.88;  // red room
    ad.image = composite(scene, ad.cutout);
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "perception.low-contrast");
    ASSERT_TRUE(flag) << measuresOf(inputOf(ad), "perception.low-contrast");
    EXPECT_EQ(flag->criterion, adgen::Criterion::VisualPerception);
    EXPECT_LT(flag->measures.at("contour_delta_e"), 20);
}

TEST(ImagePrechecks, ClutterAroundTheProductIsFlagged) {
    Ad ad = cleanAd();
    const Footprint f = footprint(ad.cutout);
    cv::Mat scene = drawScene(f.centre, f.base, f.width);
    cv::RNG rng(5);
    const cv::Rect box = bottleBox();
    for (int i = 0; i < 260; ++i) {
        const cv::Point c(rng.uniform(box.x - 60, box.x + box.width + 60), rng.uniform(box.y - 30, box.y + box.height + 20));
        const cv::Scalar colour(rng.uniform(0., 1.), rng.uniform(0., 1.), rng.uniform(0., 1.));
        cv::circle(scene, c, rng.uniform(2, 7), colour, rng.uniform(0, 2) ? cv::FILLED : 2, cv::LINE_AA);
    }
    ad.image = composite(scene, ad.cutout);
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "perception.low-contrast");
    ASSERT_TRUE(flag) << measuresOf(inputOf(ad), "perception.low-contrast");
    EXPECT_GT(flag->measures.at("ring_edge_density"), 0.06);
    EXPECT_TRUE(hasRegionNear(*flag, box));
}

// ------------------------------------------------------------------------------------------------
// perception.people

TEST(ImagePrechecks, FaceInTheAdIsFlaggedForAManualCheck) {
    ASSERT_TRUE(haveFaceDetector()) << "No face detector: install Debian's opencv-data (scripts/setup).";
    Ad ad = cleanAd();
    drawFace(ad.image, cv::Point(300, 150), 40);
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    const PrecheckFlag* flag = findFlag(report, "perception.people");
    ASSERT_TRUE(flag);
    EXPECT_EQ(flag->criterion, adgen::Criterion::VisualPerception);
    EXPECT_GE(flag->measures.at("faces"), 1);
    ASSERT_FALSE(flag->regions.empty());
    EXPECT_EQ(flag->regions.front().label, "face");
    EXPECT_TRUE(hasRegionNear(*flag, cv::Rect(268, 110, 64, 80)));
    // Only the face: nothing else about this ad is wrong.
    EXPECT_EQ(flaggedChecks(report), std::set<std::string>{"perception.people"});
}

TEST(ImagePrechecks, PeopleCheckRunsWithoutAProduct) {
    ASSERT_TRUE(haveFaceDetector()) << "No face detector: install Debian's opencv-data (scripts/setup).";
    Ad ad = cleanAd();
    drawFace(ad.image, cv::Point(300, 150), 40);
    PrecheckInput input;
    input.image = toRgb(ad.image);
    const PrecheckReport report = adgen::runImagePrechecks(input);
    EXPECT_EQ(report.checksRun, std::vector<std::string>{"perception.people"});
    EXPECT_TRUE(findFlag(report, "perception.people"));
}

// ------------------------------------------------------------------------------------------------
// Inputs that must not crash

TEST(ImagePrechecks, OddInputsGiveAReportNotACrash) {
    const adgen::RgbaImage product = toRgba(drawProduct(ProductShape::Bottle));
    const auto run = [](const PrecheckInput& input) {
        PrecheckReport report;
        EXPECT_NO_THROW(report = adgen::runImagePrechecks(input));
        return report;
    };
    const auto image = [](int w, int h, uint8_t v = 128) {
        adgen::RgbImage img;
        img.width = w;
        img.height = h;
        img.pixels.assign(size_t(std::max(0, w)) * size_t(std::max(0, h)) * 3, v);
        return img;
    };
    PrecheckInput input;
    EXPECT_TRUE(run(input).checksRun.empty());  // nothing to check
    input.product = product;
    for (const auto& [w, h] : std::vector<std::pair<int, int>>{{0, 0}, {1, 1}, {2, 3}, {7, 5}, {37, 91}, {383, 1}, {1, 383}, {1000, 17}}) {
        SCOPED_TRACE(std::to_string(w) + "x" + std::to_string(h));
        input.image = image(w, h);
        const PrecheckReport report = run(input);
        EXPECT_TRUE(regionsInsideImage(report, w, h));
    }
    // Fewer bytes than the size says.
    input.image = image(64, 64);
    input.image->pixels.resize(100);
    EXPECT_TRUE(run(input).checksRun.empty());
    // A fully transparent or empty cut-out, a box outside the image, a box larger than it.
    input.image = image(96, 96);
    input.product = toRgba(cv::Mat(40, 40, CV_8UC4, cv::Scalar(0, 0, 0, 0)));
    run(input);
    input.product = adgen::RgbaImage{};
    run(input);
    input.product = product;
    input.productBox = EvidenceRegion{500, 500, 20, 20, "outside"};
    run(input);
    input.productBox = EvidenceRegion{-50, -50, 400, 400, "larger"};
    EXPECT_TRUE(regionsInsideImage(run(input), 96, 96));
    input.productBox = EvidenceRegion{10, 10, 0, 0, "empty"};
    run(input);
    // max ratio out of range.
    input.productBox.reset();
    for (double r : {0.0, -1.0, std::nan(""), std::numeric_limits<double>::infinity()}) {
        input.maxRatio = r;
        run(input);
    }
    // A box without a cut-out: size and space from the box alone.
    input = PrecheckInput{};
    input.image = toRgb(cleanAd().image);
    input.productBox = adgen::productPlacement(product, 1.0, kImage, kImage);
    const PrecheckReport boxOnly = run(input);
    const std::set<std::string> ran(boxOnly.checksRun.begin(), boxOnly.checksRun.end());
    EXPECT_TRUE(ran.count("size.out-of-range"));
    EXPECT_FALSE(ran.count("shape.product-fidelity"));
}

TEST(ImagePrechecks, FlagsCarryTheirMeasuresAndStrength) {
    Ad ad = cleanAd();
    ad.maxRatio = 0.35;
    const PrecheckReport report = adgen::runImagePrechecks(inputOf(ad));
    ASSERT_FALSE(report.flags.empty());
    for (const auto& flag : report.flags) {
        EXPECT_FALSE(flag.message.empty());
        EXPECT_GE(flag.strength, 0.5);
        EXPECT_LE(flag.strength, 1.0);
        EXPECT_FALSE(flag.measures.empty());
        EXPECT_FALSE(flag.regions.empty());
        EXPECT_TRUE(adgen::isImageCriterion(flag.criterion));
    }
}

// ------------------------------------------------------------------------------------------------
// Thresholds

TEST(ImageThresholds, DataFileAgreesWithTheBuiltInValues) {
    const std::string path = adgen::review::imageThresholdsPath();
    ASSERT_FALSE(path.empty()) << "resources/prechecks/image_thresholds.json not found";
    const auto file = adgen::review::loadImageThresholds(path);
    const adgen::review::ImageThresholds builtIn;
    EXPECT_EQ(file.locate.placementPreference, builtIn.locate.placementPreference);
    EXPECT_EQ(file.size.maxAreaShare, builtIn.size.maxAreaShare);
    EXPECT_EQ(file.size.maxPlacementScale, builtIn.size.maxPlacementScale);
    EXPECT_EQ(file.shape.minBlobShare, builtIn.shape.minBlobShare);
    EXPECT_EQ(file.shape.hollowFilledShare, builtIn.shape.hollowFilledShare);
    EXPECT_EQ(file.shape.maxMismatchShare, builtIn.shape.maxMismatchShare);
    EXPECT_EQ(file.space.minShadowDrop, builtIn.space.minShadowDrop);
    EXPECT_EQ(file.space.detachedMargin, builtIn.space.detachedMargin);
    EXPECT_EQ(file.space.minBlurShare, builtIn.space.minBlurShare);
    EXPECT_EQ(file.perception.minContourDeltaE, builtIn.perception.minContourDeltaE);
    EXPECT_EQ(file.perception.maxRingEdgeDensity, builtIn.perception.maxRingEdgeDensity);
    EXPECT_EQ(file.people.cascades, builtIn.people.cascades);
    EXPECT_EQ(file.people.minNeighbors, builtIn.people.minNeighbors);
    EXPECT_EQ(file.people.equalize, builtIn.people.equalize);
}

TEST(ImageThresholds, AWronglyTypedKeyIsAnErrorNamingIt) {
    const auto file = std::filesystem::temp_directory_path() / "adgen_image_thresholds_test.json";
    {
        std::ofstream out(file);
        out << R"({"space": {"min_shadow_drop": "two"}})";
    }
    try {
        adgen::review::loadImageThresholds(file.string());
        ADD_FAILURE() << "no error";
    } catch (const adgen::Error& e) {
        EXPECT_NE(std::string(e.what()).find("space.min_shadow_drop"), std::string::npos) << e.what();
    }
    std::filesystem::remove(file);
}

}  // namespace
