// The image pre-checks, one function each (image_analysis.h). Each measures first and decides
// second, so the measures are there for the evaluation tool whether or not the check flags.

#include "review/image_analysis.h"

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

namespace adgen::review {
namespace {

std::string percent(double share) {
    std::ostringstream s;
    s.precision(share < 0.1 ? 2 : 3);
    s << share * 100 << " %";
    return s.str();
}

std::string fixed(double v, int digits = 1) {
    std::ostringstream s;
    s.setf(std::ios::fixed);
    s.precision(digits);
    s << v;
    return s.str();
}

// How far past its threshold a measure is, as a 0.5..1 strength (0.5 just past it, 1 at twice the
// distance of `scale` beyond).
double overshoot(double value, double threshold, double scale) {
    if (scale <= 0) return 0.5;
    return 0.5 + 0.5 * std::clamp((value - threshold) / scale, 0.0, 1.0);
}

CheckOutcome outcome(const char* check, Criterion criterion) {
    CheckOutcome o;
    o.check = check;
    o.ran = true;
    o.flag.check = check;
    o.flag.criterion = criterion;
    return o;
}

cv::Rect maskBounds(const cv::Mat& mask) {
    std::vector<cv::Point> points;
    cv::findNonZero(mask, points);
    return points.empty() ? cv::Rect() : cv::boundingRect(points);
}

// The ring of pixels within `radius` outside the mask, clipped to the image.
cv::Mat ringAround(const cv::Mat& mask, int radius) {
    cv::Mat grown;
    cv::dilate(mask, grown, disk(radius));
    return grown & ~mask;
}

// Which colours an area has: for a colour, the share of the area's pixels within `radius` (CIE76)
// of it, estimated on an even subsample of at most 2000 pixels. Colours are looked up many times,
// so answers are kept per colour (quantised to 4 bits a channel of the pixel's RGB).
class ColourPresence {
public:
    ColourPresence(const cv::Mat& lab, const cv::Mat& mask, double radius) : radius2_(radius * radius) {
        std::vector<cv::Point> points;
        cv::findNonZero(mask, points);
        const size_t step = std::max<size_t>(1, points.size() / 2000);
        for (size_t i = 0; i < points.size(); i += step) samples_.push_back(lab.at<cv::Vec3f>(points[i]));
        cache_.assign(4096, -1.0);
    }
    size_t sampleCount() const { return samples_.size(); }
    double share(const cv::Vec3f& lab, const cv::Vec3b& rgb) const {
        const size_t key = size_t((rgb[0] >> 4) << 8 | (rgb[1] >> 4) << 4 | (rgb[2] >> 4));
        double& cached = cache_[key];
        if (cached >= 0) return cached;
        if (samples_.empty()) return cached = 0.0;
        size_t near = 0;
        for (const auto& s : samples_) {
            const cv::Vec3f d = s - lab;
            if (d.dot(d) <= radius2_) ++near;
        }
        return cached = double(near) / samples_.size();
    }

private:
    double radius2_;
    std::vector<cv::Vec3f> samples_;
    mutable std::vector<double> cache_;
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// size.out-of-range

CheckOutcome checkSize(const AdImage& image, const ProductView& product, const PrecheckInput& input,
                       const ImageThresholds& thresholds) {
    const auto& t = thresholds.size;
    CheckOutcome o = outcome("size.out-of-range", Criterion::SizeMismatch);
    const double w = image.width(), h = image.height();
    const double areaShare = product.maskArea / (w * h);
    const double extent = std::max(product.box.width / w, product.box.height / h);
    const cv::Rect visible = clampToImage(product.box, image.width(), image.height());
    const double clipped = 1.0 - double(visible.area()) / std::max(1, product.box.area());
    auto& m = o.flag.measures;
    m["area_share"] = areaShare;
    m["extent"] = extent;
    m["max_ratio"] = input.maxRatio;
    m["placement_scale"] = product.placementScale;
    m["clipped_share"] = clipped;

    std::vector<std::pair<double, std::string>> reasons;  // strength, sentence
    if (input.maxRatio > 0 && extent > input.maxRatio + t.maxRatioMargin) {
        reasons.emplace_back(overshoot(extent, input.maxRatio + t.maxRatioMargin, 0.3),
                             "its largest side is " + percent(extent) + " of the image, above the brief's " +
                                 percent(input.maxRatio) + " limit");
    }
    if (areaShare > t.maxAreaShare) {
        reasons.emplace_back(overshoot(areaShare, t.maxAreaShare, 0.3),
                             "it covers " + percent(areaShare) + " of the image");
    }
    if (areaShare < t.minAreaShare) {
        reasons.emplace_back(overshoot(t.minAreaShare - areaShare, 0, t.minAreaShare),
                             "it covers only " + percent(areaShare) + " of the image");
    }
    if (product.placementScale > t.maxPlacementScale || product.placementScale < t.minPlacementScale) {
        const double s = product.placementScale;
        const double ratio = s > 1 ? s / t.maxPlacementScale : t.minPlacementScale / std::max(s, 1e-6);
        reasons.emplace_back(overshoot(ratio, 1.0, 1.0),
                             "it is drawn at " + fixed(s, 2) + "x the size the engine places the cut-out at");
    }
    if (reasons.empty()) return o;
    std::sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    o.flagged = true;
    o.flag.strength = reasons.front().first;
    std::string message = "The product may be out of proportion: ";
    for (size_t i = 0; i < reasons.size(); ++i) message += (i ? "; " : "") + reasons[i].second;
    o.flag.message = message + ".";
    o.flag.regions.push_back(toRegion(product.box, image.width(), image.height(), "product region"));
    return o;
}

// ---------------------------------------------------------------------------------------------
// shape.product-fidelity

CheckOutcome checkShape(const AdImage& image, const ProductView& product, const ImageThresholds& thresholds) {
    const auto& t = thresholds.shape;
    CheckOutcome o = outcome("shape.product-fidelity", Criterion::ShapeHallucination);
    if (!product.hasCutout || product.maskArea < 16) {
        o.ran = false;
        return o;
    }
    auto& m = o.flag.measures;
    const int W = image.width(), H = image.height();
    const int side = std::max(product.box.width, product.box.height);
    const int ring = std::max(3, static_cast<int>(std::lround(t.ringShare * side)));

    // Appearance: product pixels (away from the edge, where a pixel of misplacement shows) whose
    // colour is far from the cut-out's.
    cv::Mat core;
    cv::erode(product.mask, core, disk(std::max(1, side / 60)));
    if (cv::countNonZero(core) < 8) core = product.mask.clone();
    const cv::Mat diff = deltaE(image.lab, product.expected);
    const cv::Mat mismatch = (diff > t.mismatchDeltaE) & core;
    const double coreArea = std::max(1, cv::countNonZero(core));
    const double mismatchShare = cv::countNonZero(mismatch) / coreArea;
    m["mismatch_share"] = mismatchShare;
    m["mean_delta_e"] = cv::mean(diff, core)[0];
    if (product.matchError >= 0) m["match_error"] = product.matchError;

    // The silhouette's hollows: enclosed holes, and concavities thicker than a few pixels (the gap
    // between a chair's legs, the inside of a mug's handle).
    cv::Mat filled = product.mask.clone();
    {
        std::vector<std::vector<cv::Point>> contours;
        cv::findContours(product.mask.clone(), contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_NONE);
        std::vector<cv::Point> all;
        for (const auto& c : contours) all.insert(all.end(), c.begin(), c.end());
        if (all.size() >= 3) {
            std::vector<cv::Point> hull;
            cv::convexHull(all, hull);
            cv::fillConvexPoly(filled, hull, 255);
        }
    }
    cv::Mat hollows = filled & ~product.mask;
    cv::morphologyEx(hollows, hollows, cv::MORPH_OPEN, disk(std::max(2, side / 30)));

    // The background around the product: what it looks like near the product (spread in from
    // farther out), and which colours it has in a band beyond the reach of attached objects.
    // Sized by the product's area, so a long flat product (a shoe) is not searched far above it.
    const double scale = std::sqrt(double(product.box.width) * product.box.height);
    const int reach = std::max(6, static_cast<int>(std::lround(t.attachReachShare * scale)));
    cv::Mat nearZone, reachZone, farZone;
    cv::dilate(filled, nearZone, disk(ring));
    cv::dilate(filled, reachZone, disk(reach));
    cv::dilate(filled, farZone, disk(static_cast<int>(reach * 2.5)));
    const cv::Mat expectedBackground = fillFromSurroundings(image.lab, ~nearZone, std::max(2.0, ring * 1.0));
    const cv::Mat fromBackground = deltaE(image.lab, expectedBackground);
    // Where the band is cut off by the image's edges (a product filling the frame), the whole
    // image beyond the reach stands in for it.
    cv::Mat colourSample = farZone & ~reachZone;
    if (cv::countNonZero(colourSample) < cv::countNonZero(reachZone & ~filled) / 2) colourSample = ~reachZone;
    // Whatever leaves the product's edge unlike the background (a long cable) is not background:
    // those pieces, however far they reach, do not count towards the surroundings' colours.
    {
        cv::Mat differs = (fromBackground > t.foreignDeltaE) & ~filled;
        cv::Mat touch;
        cv::dilate(filled, touch, disk(4));
        cv::Mat pieces;
        const int count = cv::connectedComponents(differs, pieces, 8, CV_32S);
        std::vector<uint8_t> attached(size_t(count), 0);
        for (int y = 0; y < H; ++y) {
            const auto* t4 = touch.ptr<uint8_t>(y);
            const auto* p = pieces.ptr<int>(y);
            for (int x = 0; x < W; ++x)
                if (t4[x] && p[x] > 0) attached[size_t(p[x])] = 1;
        }
        for (int y = 0; y < H; ++y) {
            const auto* p = pieces.ptr<int>(y);
            auto* sample = colourSample.ptr<uint8_t>(y);
            for (int x = 0; x < W; ++x)
                if (p[x] > 0 && attached[size_t(p[x])]) sample[x] = 0;
        }
    }
    const int samplePixels = cv::countNonZero(colourSample);
    m["background_sample_px"] = samplePixels;
    const ColourPresence presence(image.lab, colourSample, t.presenceDeltaE);
    const auto rareAt = [&](int x, int y) {
        return presence.share(image.lab.at<cv::Vec3f>(y, x), image.rgb.at<cv::Vec3b>(y, x)) < t.rareColourShare;
    };
    const auto foreignAt = [&](int x, int y, double limit) { return fromBackground.at<float>(y, x) > limit && rareAt(x, y); };

    // Attached objects: pixels near the product that differ from the background expected there and
    // whose colour the surroundings lack, above the product's base (what is under it is a support
    // or a shadow, which the appendix accepts), in pieces touching the product's edge.
    cv::Mat grownFilled;
    cv::dilate(filled, grownFilled, disk(1));
    cv::Mat foreign = cv::Mat::zeros(H, W, CV_8U);
    const cv::Rect maskBox = maskBounds(product.mask);
    const int base = maskBox.y + maskBox.height - std::max(1, maskBox.height / 20);
    constexpr int kMinSample = 200;  // fewer background pixels than this: no colour statistics to judge by
    for (int y = 0; y < (samplePixels >= kMinSample ? std::min(H, base) : 0); ++y) {
        const auto* zone = reachZone.ptr<uint8_t>(y);
        const auto* inner = grownFilled.ptr<uint8_t>(y);
        auto* f = foreign.ptr<uint8_t>(y);
        for (int x = 0; x < W; ++x)
            if (zone[x] && !inner[x] && foreignAt(x, y, t.foreignDeltaE)) f[x] = 255;
    }
    cv::morphologyEx(foreign, foreign, cv::MORPH_OPEN, disk(1));
    cv::Mat touching;
    cv::dilate(filled, touching, disk(4));
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(foreign, labels, stats, centroids, 8);
    int attachedArea = 0;
    cv::Rect biggestBlob;
    int biggestArea = 0;
    for (int i = 1; i < n; ++i) {
        const cv::Mat piece = labels == i;
        if (cv::countNonZero(piece & touching) == 0) continue;
        const int area = stats.at<int>(i, cv::CC_STAT_AREA);
        attachedArea += area;
        if (area > biggestArea) {
            biggestArea = area;
            biggestBlob = cv::Rect(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                                   stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        }
    }
    const double blobShare = double(attachedArea) / product.maskArea;
    m["attached_share"] = blobShare;

    // Hollows: each large enough one should show the background, not a colour foreign to it.
    double worstHollow = 0;
    double hollowArea = 0;
    cv::Rect worstHollowBox;
    const int hn = cv::connectedComponentsWithStats(hollows, labels, stats, centroids, 8);
    for (int i = 1; i < hn; ++i) {
        const int area = stats.at<int>(i, cv::CC_STAT_AREA);
        if (area < std::max(12.0, t.minHoleShare * product.maskArea)) continue;
        hollowArea += area;
        int foreignCount = 0;
        const cv::Rect b(stats.at<int>(i, cv::CC_STAT_LEFT), stats.at<int>(i, cv::CC_STAT_TOP),
                         stats.at<int>(i, cv::CC_STAT_WIDTH), stats.at<int>(i, cv::CC_STAT_HEIGHT));
        for (int y = b.y; y < b.y + b.height; ++y)
            for (int x = b.x; x < b.x + b.width; ++x)
                if (labels.at<int>(y, x) == i && foreignAt(x, y, t.holeDeltaE))
                    ++foreignCount;
        // Weighted by the hollow's size, so a large wrongly filled hollow outweighs a speck.
        const double filledShare = double(foreignCount) / area;
        const double weight = filledShare * std::min(1.0, area / (4.0 * t.minHoleShare * product.maskArea));
        if (weight > worstHollow) {
            worstHollow = weight;
            worstHollowBox = b;
        }
    }
    m["hollow_share"] = hollowArea / product.maskArea;
    m["hollow_filled"] = worstHollow;

    std::vector<std::pair<double, std::string>> reasons;
    if (blobShare > t.minBlobShare) {
        reasons.emplace_back(overshoot(blobShare, t.minBlobShare, 4 * t.minBlobShare),
                             "something is attached to the product's edge that is not in the cut-out (" +
                                 percent(blobShare) + " of the product's area)");
        o.flag.regions.push_back(toRegion(biggestBlob, W, H, "attached object"));
    }
    if (worstHollow > t.hollowFilledShare) {
        reasons.emplace_back(overshoot(worstHollow, t.hollowFilledShare, 1 - t.hollowFilledShare),
                             "a hollow of the product is filled with a colour the background does not have");
        o.flag.regions.push_back(toRegion(worstHollowBox, W, H, "filled hollow"));
    }
    if (mismatchShare > t.maxMismatchShare) {
        reasons.emplace_back(overshoot(mismatchShare, t.maxMismatchShare, 0.3),
                             percent(mismatchShare) + " of the product differs in colour from the cut-out");
        o.flag.regions.push_back(toRegion(maskBounds(mismatch), W, H, "differs from the cut-out"));
    }
    if (reasons.empty()) {
        o.flag.regions.clear();
        return o;
    }
    std::sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    o.flagged = true;
    o.flag.strength = reasons.front().first;
    std::string message = "The product's shape or appearance may not match the cut-out: ";
    for (size_t i = 0; i < reasons.size(); ++i) message += (i ? "; " : "") + reasons[i].second;
    o.flag.message = message + ".";
    o.flag.regions.push_back(toRegion(product.box, W, H, "product region"));
    return o;
}

// ---------------------------------------------------------------------------------------------
// space.floating

namespace {

// How blurred the background is, as the width (Gaussian sigma, pixels) of its edges: the energy of
// the grey gradient after a light and after a strong smoothing. A step edge blurred to width s has
// gradient energy proportional to 1 / sqrt(s^2 + smoothing^2), so the ratio of the two energies
// gives s whatever the edge's contrast; plain areas and noise read as sharp (their energy is gone
// after the strong smoothing), so only a background with blurred structure reads as blurred.
struct BackgroundBlur {
    double energyRatio = 0;  // light-smoothing energy / strong-smoothing energy
    double sigma = 0;        // estimated edge width, pixels
};

constexpr double kLightSmoothing = 0.7;
constexpr double kStrongSmoothing = 3.0;

double gradientEnergy(const cv::Mat& grey, double sigma, const cv::Mat& where) {
    cv::Mat smooth, gx, gy;
    cv::GaussianBlur(grey, smooth, cv::Size(0, 0), sigma, sigma, cv::BORDER_REPLICATE);
    cv::Sobel(smooth, gx, CV_32F, 1, 0, 3);
    cv::Sobel(smooth, gy, CV_32F, 0, 1, 3);
    cv::Mat energy = gx.mul(gx) + gy.mul(gy);
    return cv::sum(energy.mul(where, 1.0 / 255.0))[0];
}

BackgroundBlur measureBlur(const AdImage& image, const cv::Mat& background) {
    BackgroundBlur b;
    cv::Mat grey;
    image.grey.convertTo(grey, CV_32F);
    // Away from the image's edge, where replicated borders make flat gradients.
    cv::Mat where = background.clone();
    const int margin = static_cast<int>(std::ceil(3 * kStrongSmoothing));
    if (where.rows > 2 * margin && where.cols > 2 * margin) {
        where.rowRange(0, margin).setTo(0);
        where.rowRange(where.rows - margin, where.rows).setTo(0);
        where.colRange(0, margin).setTo(0);
        where.colRange(where.cols - margin, where.cols).setTo(0);
    }
    cv::Mat whereF;
    where.convertTo(whereF, CV_32F);
    const double light = gradientEnergy(grey, kLightSmoothing, whereF);
    const double strong = gradientEnergy(grey, kStrongSmoothing, whereF);
    if (strong <= 1e-9) return b;  // no structure at all: plain
    b.energyRatio = light / strong;
    const double r2 = b.energyRatio * b.energyRatio;
    const double l2 = kLightSmoothing * kLightSmoothing, s2 = kStrongSmoothing * kStrongSmoothing;
    b.sigma = r2 > 1.0 ? std::sqrt(std::max(0.0, (s2 - l2 * r2) / (r2 - 1.0))) : 99.0;
    return b;
}

}  // namespace

CheckOutcome checkSpace(const AdImage& image, const ProductView& product, const ImageThresholds& thresholds) {
    const auto& t = thresholds.space;
    CheckOutcome o = outcome("space.floating", Criterion::SpaceMismatch);
    const int W = image.width(), H = image.height();
    const cv::Rect bounds = maskBounds(product.mask);
    if (bounds.empty() || bounds.height < 4 || bounds.width < 2) {
        o.ran = false;
        return o;
    }
    auto& m = o.flag.measures;
    const int bottom = bounds.y + bounds.height - 1;
    // Where the product stands: the columns of its lowest rows.
    const int footRows = std::max(2, bounds.height / 25);
    int footLeft = W, footRight = -1;
    for (int y = std::max(bounds.y, bottom - footRows + 1); y <= bottom; ++y) {
        const auto* row = product.mask.ptr<uint8_t>(y);
        for (int x = bounds.x; x < bounds.x + bounds.width; ++x) {
            if (!row[x]) continue;
            footLeft = std::min(footLeft, x);
            footRight = std::max(footRight, x);
        }
    }
    const int footWidth = footRight - footLeft + 1;
    m["bottom_gap_px"] = H - 1 - bottom;

    // The background's blur (the appendix exempts atmospheric and blurred backgrounds).
    cv::Mat background;
    cv::dilate(product.mask, background, disk(static_cast<int>(std::ceil(3 * kStrongSmoothing)) + 2));
    background = ~background;
    const BackgroundBlur blur = measureBlur(image, background);
    const double blurShare = blur.sigma / std::min(W, H);  // edge width relative to the image
    m["background_blur_sigma"] = blur.sigma;
    m["background_blur_share"] = blurShare;
    const bool blurred = blurShare >= t.minBlurShare;
    m["blurred_background"] = blurred ? 1 : 0;

    // Row by row under the footprint, the background's lightness against the rows just beside the
    // footprint: a contact shadow (or the dark edge of a support) darkens the first rows; a
    // product floating over the scene has nothing there, or a shadow further down.
    // The product's soft edge, and the pixel or two a located product can be off by.
    const int skip = std::max(2, static_cast<int>(std::lround(0.025 * bounds.height)));
    const int contactRows = std::max(3, static_cast<int>(std::lround(t.contactShare * bounds.height)));
    const int depth = std::min(H - 1 - bottom, std::max(skip + 2 * contactRows, bounds.height / 2));
    if (depth < skip + contactRows) {
        m["reaches_bottom"] = 1;  // what it stands on is out of the frame
        return o;
    }
    m["reaches_bottom"] = 0;
    const int sideWidth = std::max(3, footWidth / 2);
    constexpr int kSideGap = 2;
    std::vector<double> drop(size_t(depth), NAN);
    cv::Vec3d underSum(0, 0, 0), sideSum(0, 0, 0);
    int underCount = 0, sideCount = 0;
    for (int r = skip; r < depth; ++r) {
        const int y = bottom + 1 + r;
        double su = 0, ss = 0;
        int nu = 0, ns = 0;
        const auto* maskRow = product.mask.ptr<uint8_t>(y);
        const auto* labRow = image.lab.ptr<cv::Vec3f>(y);
        for (int x = std::max(0, footLeft - kSideGap - sideWidth); x <= std::min(W - 1, footRight + kSideGap + sideWidth); ++x) {
            if (maskRow[x]) continue;
            const cv::Vec3f& lab = labRow[x];
            const bool under = x >= footLeft && x <= footRight;
            const bool side = x < footLeft - kSideGap || x > footRight + kSideGap;
            if (under) su += lab[0], ++nu;
            if (side) ss += lab[0], ++ns;
            if (r < skip + contactRows) {
                if (under) underSum += cv::Vec3d(lab[0], lab[1], lab[2]), ++underCount;
                if (side) sideSum += cv::Vec3d(lab[0], lab[1], lab[2]), ++sideCount;
            }
        }
        if (nu && ns) drop[size_t(r)] = ss / ns - su / nu;
    }
    double contactDrop = NAN, farDrop = NAN;
    int farRow = -1;
    for (int r = skip; r < depth; ++r) {
        const double d = drop[size_t(r)];
        if (std::isnan(d)) continue;
        if (r < skip + contactRows) {
            if (std::isnan(contactDrop) || d > contactDrop) contactDrop = d;
        } else if (std::isnan(farDrop) || d > farDrop) {
            farDrop = d;
            farRow = r;
        }
    }
    if (std::isnan(contactDrop) || underCount == 0 || sideCount == 0) return o;  // nothing beside to compare with
    const cv::Vec3d u = underSum / underCount, sd = sideSum / sideCount;
    const double contactDeltaE = deltaE(cv::Vec3f(float(u[0]), float(u[1]), float(u[2])),
                                        cv::Vec3f(float(sd[0]), float(sd[1]), float(sd[2])));
    m["contact_drop"] = contactDrop;
    m["contact_delta_e"] = contactDeltaE;
    if (!std::isnan(farDrop)) {
        m["far_shadow_drop"] = farDrop;
        m["far_shadow_gap_share"] = double(farRow) / bounds.height;
    }
    if (blurred) return o;
    // A shadow clearly darker further down than at the product's base: the product left it.
    const bool detached = !std::isnan(farDrop) && farDrop >= t.minShadowDrop && farDrop - contactDrop > t.detachedMargin;
    if (contactDeltaE >= t.minContactDeltaE) return o;  // something else under it: a support, a stand
    if (contactDrop >= t.minShadowDrop && !detached) return o;
    o.flagged = true;
    o.flag.strength = detached ? 0.9 : 0.5 + 0.4 * std::clamp((t.minShadowDrop - contactDrop) / std::max(1.0, t.minShadowDrop), 0.0, 1.0);
    o.flag.message = detached
        ? "The product may be floating: its shadow lies " + std::to_string(farRow + 1) +
              " px below it with the background in between, and the background is sharp."
        : "The product may be floating: below it the background continues as beside it, with no contact shadow or "
          "support (" + fixed(contactDrop) + " L* darker at most, ΔE " + fixed(contactDeltaE) +
              "), and the background is sharp.";
    o.flag.regions.push_back(toRegion(cv::Rect(footLeft, bottom + 1, footWidth, skip + contactRows), W, H,
                                      "no contact below the product"));
    if (detached) {
        o.flag.regions.push_back(toRegion(cv::Rect(footLeft, bottom + 1 + farRow, footWidth, 1 + contactRows / 2), W, H,
                                          "shadow, detached"));
    }
    o.flag.regions.push_back(toRegion(product.box, W, H, "product region"));
    return o;
}

// ---------------------------------------------------------------------------------------------
// perception.low-contrast

CheckOutcome checkContrast(const AdImage& image, const ProductView& product, const ImageThresholds& thresholds) {
    const auto& t = thresholds.perception;
    CheckOutcome o = outcome("perception.low-contrast", Criterion::VisualPerception);
    const int W = image.width(), H = image.height();
    const int side = std::max(product.box.width, product.box.height);
    if (!product.hasCutout || product.maskArea < 16 || side < 8) {
        o.ran = false;
        return o;
    }
    auto& m = o.flag.measures;
    const int bandWidth = std::max(2, static_cast<int>(std::lround(t.bandShare * side)));
    cv::Mat eroded;
    cv::erode(product.mask, eroded, disk(bandWidth));
    const cv::Mat inner = product.mask & ~eroded;
    const cv::Mat outer = ringAround(product.mask, bandWidth);
    if (cv::countNonZero(inner) == 0 || cv::countNonZero(outer) == 0) {
        o.ran = false;
        return o;
    }
    // Along the contour: the product's colour just inside against the background's just outside.
    const cv::Mat inside = fillFromSurroundings(image.lab, inner, bandWidth);
    const cv::Mat out = fillFromSurroundings(image.lab, outer, bandWidth);
    cv::Mat contour;
    cv::erode(product.mask, contour, disk(1));
    contour = product.mask & ~contour;
    // Contour points on the image's edge have no background beyond them.
    cv::Mat interior = cv::Mat::zeros(H, W, CV_8U);
    if (W > 2 && H > 2) interior(cv::Rect(1, 1, W - 2, H - 2)).setTo(255);
    contour &= interior;
    const int contourCount = cv::countNonZero(contour);
    const cv::Mat contrast = deltaE(inside, out);
    const cv::Mat lost = (contrast < t.edgeDeltaE) & contour;
    const double lostShare = contourCount > 0 ? double(cv::countNonZero(lost)) / contourCount : 0.0;
    m["lost_contour_share"] = lostShare;
    m["contour_delta_e"] = contourCount > 0 ? cv::mean(contrast, contour)[0] : 0.0;
    const auto productLab = meanLab(image.lab, inner);
    const auto surroundLab = meanLab(image.lab, outer);
    m["mean_delta_e"] = deltaE(*productLab, *surroundLab);

    // Clutter: edges in a wider ring around the product.
    // Not the first pixels beyond the outline: the product's own soft edge makes edges there.
    cv::Mat edgeBand;
    cv::dilate(product.mask, edgeBand, disk(3));
    const cv::Mat ring = ringAround(product.mask, std::max(8, static_cast<int>(std::lround(t.ringShare * side)))) & ~edgeBand;
    cv::Mat edges;
    cv::Canny(image.grey, edges, t.cannyLow, t.cannyHigh);
    const int ringCount = std::max(1, cv::countNonZero(ring));
    const double density = double(cv::countNonZero(edges & ring)) / ringCount;
    m["ring_edge_density"] = density;

    const double contourDeltaE = m["contour_delta_e"];
    const double meanDeltaE = m["mean_delta_e"];
    std::vector<std::pair<double, std::string>> reasons;
    if (contourDeltaE < t.minContourDeltaE || meanDeltaE < t.minMeanDeltaE) {
        const double closeness = std::max((t.minContourDeltaE - contourDeltaE) / t.minContourDeltaE,
                                          (t.minMeanDeltaE - meanDeltaE) / t.minMeanDeltaE);
        reasons.emplace_back(overshoot(closeness, 0, 0.5),
                             "its colour is close to the background's (ΔE " + fixed(contourDeltaE) +
                                 " across its outline, " + fixed(meanDeltaE) + " between product and surroundings; " +
                                 percent(lostShare) + " of the outline below " + fixed(t.edgeDeltaE, 0) + ")");
        const cv::Rect lostBox = maskBounds(lost);
        if (!lostBox.empty()) o.flag.regions.push_back(toRegion(lostBox, W, H, "low-contrast outline"));
    }
    if (density > t.maxRingEdgeDensity) {
        reasons.emplace_back(overshoot(density, t.maxRingEdgeDensity, t.maxRingEdgeDensity),
                             "the background right around it is cluttered (" + percent(density) + " edge pixels)");
        o.flag.regions.push_back(toRegion(maskBounds(ring), W, H, "cluttered surroundings"));
    }
    if (reasons.empty()) {
        o.flag.regions.clear();
        return o;
    }
    std::sort(reasons.begin(), reasons.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    o.flagged = true;
    o.flag.strength = reasons.front().first;
    std::string message = "The background may obscure the product: ";
    for (size_t i = 0; i < reasons.size(); ++i) message += (i ? "; " : "") + reasons[i].second;
    o.flag.message = message + ".";
    o.flag.regions.push_back(toRegion(product.box, W, H, "product region"));
    return o;
}

// ---------------------------------------------------------------------------------------------
// perception.people

namespace {

// Cascades are slow to load and not safe to share between threads while detecting: one loaded
// copy per file, used under a lock.
struct CascadeCache {
    std::mutex mutex;
    std::map<std::string, std::unique_ptr<cv::CascadeClassifier>> loaded;
};

CascadeCache& cascades() {
    static CascadeCache cache;
    return cache;
}

std::string findCascade(const ImageThresholds::People& t, const std::string& name) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (fs::path(name).is_absolute()) return fs::is_regular_file(name, ec) ? name : std::string();
    for (const auto& dir : t.cascadeDirs) {
        const fs::path p = fs::path(dir) / name;
        if (fs::is_regular_file(p, ec)) return p.string();
    }
    return {};
}

}  // namespace

CheckOutcome checkPeople(const AdImage& image, const ImageThresholds& thresholds) {
    const auto& t = thresholds.people;
    CheckOutcome o = outcome("perception.people", Criterion::VisualPerception);
    const int W = image.width(), H = image.height();
    const int minSide = std::max(12, static_cast<int>(std::lround(t.minFaceShare * std::min(W, H))));
    std::vector<std::string> files;
    for (const auto& name : t.cascades)
        if (auto path = findCascade(t, name); !path.empty()) files.push_back(path);
    if (files.empty()) {
        o.ran = false;  // no detector installed (Debian package opencv-data)
        return o;
    }
    std::vector<cv::Rect> faces;
    if (std::min(W, H) >= minSide) {
        cv::Mat grey = image.grey;
        if (t.equalize) cv::equalizeHist(image.grey, grey);
        auto& cache = cascades();
        std::lock_guard lock(cache.mutex);
        for (const auto& file : files) {
            auto& classifier = cache.loaded[file];
            if (!classifier) {
                classifier = std::make_unique<cv::CascadeClassifier>();
                if (!classifier->load(file)) {
                    classifier.reset();
                    continue;
                }
            }
            std::vector<cv::Rect> found;
            classifier->detectMultiScale(grey, found, t.scaleFactor, t.minNeighbors, 0, cv::Size(minSide, minSide));
            for (const auto& f : found) {
                // The same face found by two cascades is one face.
                const bool known = std::any_of(faces.begin(), faces.end(), [&](const cv::Rect& g) {
                    return (f & g).area() > 0.4 * std::min(f.area(), g.area());
                });
                if (!known) faces.push_back(f);
            }
        }
    }
    auto& m = o.flag.measures;
    m["faces"] = double(faces.size());
    double largest = 0;
    for (const auto& f : faces) largest = std::max(largest, double(f.width) / std::min(W, H));
    m["largest_face_share"] = largest;
    if (faces.empty()) return o;
    o.flagged = true;
    o.flag.strength = std::min(1.0, 0.5 + largest);
    o.flag.message = std::string(faces.size() == 1 ? "A human face was found" : "Human faces were found") +
                     ": check manually that no face or body part is distorted or uncomfortable to look at.";
    for (const auto& f : faces) o.flag.regions.push_back(toRegion(f, W, H, "face"));
    return o;
}

}  // namespace adgen::review
