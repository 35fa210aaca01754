#include "review/image_analysis.h"

#include "review/product_placement.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace adgen::review {

AdImage makeAdImage(const RgbImage& image) {
    AdImage ad;
    // Copied: the Mat must not outlive the caller's vector, and OpenCV wants writable data.
    ad.rgb = cv::Mat(image.height, image.width, CV_8UC3, const_cast<uint8_t*>(image.pixels.data())).clone();
    cv::Mat unit;
    ad.rgb.convertTo(unit, CV_32FC3, 1.0 / 255.0);
    cv::cvtColor(unit, ad.lab, cv::COLOR_RGB2Lab);
    cv::cvtColor(ad.rgb, ad.grey, cv::COLOR_RGB2GRAY);
    return ad;
}

std::optional<CutoutCrop> cropCutout(const RgbaImage& product) {
    const auto placed = placeOnCanvas(product, 1.0);
    if (!placed) return std::nullopt;
    const cv::Mat whole(product.height, product.width, CV_8UC4, const_cast<uint8_t*>(product.pixels.data()));
    CutoutCrop crop;
    crop.box = cv::Rect(placed->cropX, placed->cropY, placed->cropWidth, placed->cropHeight);
    crop.rgba = whole(crop.box).clone();
    crop.canvasWidth = product.width;
    crop.canvasHeight = product.height;
    return crop;
}

cv::Rect clampToImage(const cv::Rect& r, int width, int height) { return r & cv::Rect(0, 0, width, height); }

EvidenceRegion toRegion(const cv::Rect& r, int width, int height, std::string label) {
    const cv::Rect c = clampToImage(r, width, height);
    EvidenceRegion region;
    region.x = c.x;
    region.y = c.y;
    region.width = c.width;
    region.height = c.height;
    region.label = std::move(label);
    return region;
}

cv::Mat disk(int radius) {
    radius = std::max(1, radius);
    return cv::getStructuringElement(cv::MORPH_ELLIPSE, cv::Size(2 * radius + 1, 2 * radius + 1));
}

cv::Mat deltaE(const cv::Mat& labA, const cv::Mat& labB) {
    cv::Mat diff = labA - labB;
    cv::Mat squared;
    cv::multiply(diff, diff, squared);
    cv::Mat sum = squared.reshape(1, static_cast<int>(squared.total()));
    cv::reduce(sum, sum, 1, cv::REDUCE_SUM);
    cv::Mat out;
    cv::sqrt(sum.reshape(1, labA.rows), out);
    return out;
}

double deltaE(const cv::Vec3f& a, const cv::Vec3f& b) {
    const cv::Vec3f d = a - b;
    return std::sqrt(double(d[0]) * d[0] + double(d[1]) * d[1] + double(d[2]) * d[2]);
}

std::optional<cv::Vec3f> meanLab(const cv::Mat& lab, const cv::Mat& mask) {
    if (cv::countNonZero(mask) == 0) return std::nullopt;
    const cv::Scalar m = cv::mean(lab, mask);
    return cv::Vec3f(float(m[0]), float(m[1]), float(m[2]));
}

cv::Mat fillFromSurroundings(const cv::Mat& lab, const cv::Mat& mask, double sigma) {
    cv::Mat weight;
    mask.convertTo(weight, CV_32F, 1.0 / 255.0);
    cv::Mat weighted;
    cv::Mat weight3;
    cv::merge(std::vector<cv::Mat>{weight, weight, weight}, weight3);
    cv::multiply(lab, weight3, weighted);
    const cv::Size k(0, 0);
    cv::GaussianBlur(weighted, weighted, k, sigma, sigma, cv::BORDER_REPLICATE);
    cv::GaussianBlur(weight, weight, k, sigma, sigma, cv::BORDER_REPLICATE);
    cv::max(weight, 1e-6, weight);
    cv::merge(std::vector<cv::Mat>{weight, weight, weight}, weight3);
    cv::Mat out;
    cv::divide(weighted, weight3, out);
    return out;
}

namespace {

// The crop brought to `size` with premultiplied alpha, so transparent pixels (black in most
// cut-outs) do not darken the product's edge colours. Returns RGB float (0..1) and alpha (0..1).
void resizeCrop(const cv::Mat& rgba, cv::Size size, cv::Mat& rgb, cv::Mat& alpha) {
    cv::Mat f;
    rgba.convertTo(f, CV_32FC4, 1.0 / 255.0);
    std::vector<cv::Mat> ch;
    cv::split(f, ch);
    for (int c = 0; c < 3; ++c) cv::multiply(ch[c], ch[3], ch[c]);
    cv::Mat pre;
    cv::merge(ch, pre);
    const bool shrinking = size.width < rgba.cols || size.height < rgba.rows;
    cv::resize(pre, pre, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::split(pre, ch);
    alpha = ch[3].clone();
    cv::Mat safe;
    cv::max(alpha, 1e-4, safe);
    for (int c = 0; c < 3; ++c) {
        cv::divide(ch[c], safe, ch[c]);
        cv::min(ch[c], 1.0, ch[c]);
    }
    cv::merge(std::vector<cv::Mat>{ch[0], ch[1], ch[2]}, rgb);
}

}  // namespace

ProductView viewAt(const AdImage& image, const CutoutCrop* crop, const cv::Rect& box) {
    ProductView view;
    view.box = box;
    const int w = image.width();
    const int h = image.height();
    view.mask = cv::Mat::zeros(h, w, CV_8U);
    view.expected = cv::Mat::zeros(h, w, CV_32FC3);
    const cv::Rect visible = clampToImage(box, w, h);
    if (visible.empty() || box.width < 1 || box.height < 1) return view;
    if (!crop) {
        view.mask(visible).setTo(255);
        view.maskArea = visible.area();
        return view;
    }
    view.hasCutout = true;
    cv::Mat rgb, alpha;
    resizeCrop(crop->rgba, box.size(), rgb, alpha);
    const cv::Rect inBox(visible.x - box.x, visible.y - box.y, visible.width, visible.height);
    cv::Mat lab;
    cv::cvtColor(rgb(inBox), lab, cv::COLOR_RGB2Lab);
    lab.copyTo(view.expected(visible));
    cv::Mat opaque = alpha(inBox) > 0.5f;
    opaque.copyTo(view.mask(visible));
    view.maskArea = cv::countNonZero(view.mask);
    if (view.maskArea > 0) {
        cv::Mat actual;
        image.rgb(visible).convertTo(actual, CV_32FC3, 1.0 / 255.0);
        cv::Mat diff = actual - rgb(inBox);
        cv::multiply(diff, diff, diff);
        const cv::Scalar masked = cv::mean(diff, opaque);
        view.matchError = (masked[0] + masked[1] + masked[2]) / 3.0;
    }
    return view;
}

namespace {

struct Candidate {
    double error = 1e9;
    cv::Rect box;
};

// Masked mean squared difference of `templ` (RGB float, 0..1) at every place of `img`, as a map.
cv::Mat meanSquaredMap(const cv::Mat& img, const cv::Mat& templ, const cv::Mat& mask, int maskCount) {
    cv::Mat result;
    cv::matchTemplate(img, templ, result, cv::TM_SQDIFF, mask);
    result /= double(maskCount) * 3.0;
    return result;
}

// Best place of the crop at `scale` (relative to its native size in the image) in `img` (scaled
// by `factor` from the ad image): returns the box in ad-image pixels.
std::optional<Candidate> bestAt(const cv::Mat& img, const CutoutCrop& crop, double nativeW, double nativeH,
                                double scale, double factor, const cv::Rect& searchArea) {
    const int tw = static_cast<int>(std::lround(nativeW * scale * factor));
    const int th = static_cast<int>(std::lround(nativeH * scale * factor));
    if (tw < 4 || th < 4 || tw > searchArea.width || th > searchArea.height) return std::nullopt;
    cv::Mat rgb, alpha;
    resizeCrop(crop.rgba, cv::Size(tw, th), rgb, alpha);
    cv::Mat mask = alpha > 0.5f;
    const int count = cv::countNonZero(mask);
    if (count < 8) return std::nullopt;
    cv::Mat map = meanSquaredMap(img(searchArea), rgb, mask, count);
    double minVal = 0;
    cv::Point minLoc;
    cv::minMaxLoc(map, &minVal, nullptr, &minLoc);
    if (!std::isfinite(minVal)) return std::nullopt;
    Candidate c;
    c.error = minVal;
    c.box = cv::Rect(static_cast<int>(std::lround((searchArea.x + minLoc.x) / factor)),
                     static_cast<int>(std::lround((searchArea.y + minLoc.y) / factor)),
                     static_cast<int>(std::lround(tw / factor)), static_cast<int>(std::lround(th / factor)));
    return c;
}

}  // namespace

std::optional<ProductView> locateProduct(const AdImage& image, const PrecheckInput& input,
                                         const ImageThresholds& thresholds) {
    const int w = image.width();
    const int h = image.height();
    std::optional<CutoutCrop> crop;
    if (input.product) crop = cropCutout(*input.product);
    const CutoutCrop* cropPtr = crop ? &*crop : nullptr;

    // The engine's placement, in image pixels (unclipped, for sizes).
    std::optional<cv::Rect> placement;
    if (input.product) {
        if (const auto p = placeOnCanvas(*input.product, input.maxRatio)) {
            const double sx = double(w) / p->canvasWidth;
            const double sy = double(h) / p->canvasHeight;
            const int x0 = static_cast<int>(std::floor(p->x * sx));
            const int y0 = static_cast<int>(std::floor(p->y * sy));
            placement = cv::Rect(x0, y0, std::max(1, static_cast<int>(std::ceil((p->x + p->width) * sx)) - x0),
                                 std::max(1, static_cast<int>(std::ceil((p->y + p->height) * sy)) - y0));
        }
    }
    const auto scaleAgainstPlacement = [&](const cv::Rect& box) {
        if (!placement) return 1.0;
        return std::sqrt(double(box.area()) / std::max(1, placement->area()));
    };

    // The prior: the given box, else the engine's placement of the cut-out.
    ProductView placed;
    if (input.productBox && input.productBox->width > 0 && input.productBox->height > 0) {
        const auto& b = *input.productBox;
        placed = viewAt(image, cropPtr, cv::Rect(b.x, b.y, b.width, b.height));
        placed.source = "given";
        placed.placementScale = scaleAgainstPlacement(placed.box);
        // Without a cut-out there is nothing to search for: the box is all there is.
        if (!cropPtr) return placed.maskArea > 0 ? std::optional<ProductView>(placed) : std::nullopt;
    } else {
        if (!cropPtr || !placement) return std::nullopt;
        placed = viewAt(image, cropPtr, *placement);
        placed.source = "placement";
        placed.placementScale = 1.0;
    }

    // Multi-scale search: coarse over the whole image, then refined around the best at full size.
    const auto& lt = thresholds.locate;
    const double nativeW = crop->box.width * double(w) / crop->canvasWidth;
    const double nativeH = crop->box.height * double(h) / crop->canvasHeight;
    const double factor = std::min(1.0, double(std::max(8, lt.searchSide)) / std::max(w, h));
    cv::Mat unit;
    image.rgb.convertTo(unit, CV_32FC3, 1.0 / 255.0);
    cv::Mat coarse = unit;
    if (factor < 1.0) {
        const cv::Size size(std::max(1, static_cast<int>(std::lround(w * factor))),
                            std::max(1, static_cast<int>(std::lround(h * factor))));
        cv::resize(unit, coarse, size, 0, 0, cv::INTER_AREA);
    }
    const cv::Rect coarseArea(0, 0, coarse.cols, coarse.rows);
    std::optional<Candidate> best;
    double bestScale = 1.0;
    const double step = std::max(1.01, lt.scaleStep);
    for (double s = std::max(0.01, lt.minScale); s <= lt.maxScale * 1.0001; s *= step) {
        const auto c = bestAt(coarse, *crop, nativeW, nativeH, s, factor, coarseArea);
        if (c && (!best || c->error < best->error)) {
            best = c;
            bestScale = s;
        }
    }
    ProductView chosen = placed;
    if (best) {
        // Refine at full resolution: nearby sizes, within a few coarse pixels of the coarse place.
        const int margin = static_cast<int>(std::ceil(3.0 / factor)) + 2;
        std::optional<Candidate> fine;
        for (int k = -4; k <= 4; ++k) {  // quarter steps around the coarse size
            const double s = bestScale * std::pow(step, k / 4.0);
            const int tw = static_cast<int>(std::lround(nativeW * s));
            const int th = static_cast<int>(std::lround(nativeH * s));
            const cv::Rect area = clampToImage(
                cv::Rect(best->box.x - margin, best->box.y - margin, tw + 2 * margin, th + 2 * margin), w, h);
            const auto c = bestAt(unit, *crop, nativeW, nativeH, s, 1.0, area);
            if (c && (!fine || c->error < fine->error)) fine = c;
        }
        if (fine) {
            ProductView searched = viewAt(image, cropPtr, fine->box);
            searched.source = "search";
            searched.placementScale = scaleAgainstPlacement(fine->box);
            if (searched.maskArea > 0 &&
                (placed.maskArea == 0 || searched.matchError < placed.matchError * lt.placementPreference)) {
                chosen = searched;
            }
        }
    }
    if (chosen.maskArea == 0) return std::nullopt;
    return chosen;
}

}  // namespace adgen::review
