// prechecks_image_eval: a labelled evaluation set for the image pre-checks, and their precision and
// recall on it (docs/results/prechecks.md).
//
//   prechecks_image_eval generate --out DIR [--seed N] [--count-scale X]
//       writes a synthetic world (adgen synth, with backgrounds) into DIR/world, then DIR/images/*.png
//       and DIR/labels.csv: ads composited from the world's scenes and product cut-outs, correctly
//       (negatives) or with one injected violation (positives), each labelled for every check.
//   prechecks_image_eval run --set DIR [--half tune|report|all] [--box none|truth]
//       [--thresholds FILE] [--measures FILE.csv]
//       runs every image check (the engine's code, review::runImageChecks) over the set and prints
//       precision and recall per check, and the flag rate per kind of image.
//
// Labels are 1 (the check should flag), 0 (it should not) or - (not judged: the injection makes
// the answer for that check unclear, e.g. clutter touching the product for the shape check).
// Everything is drawn from a seeded generator: the same seed gives the same images and labels.

#include "adgen/error.h"
#include "adgen/prechecks.h"
#include "adgen/synth_world.h"
#include "review/image_analysis.h"
#include "review/image_thresholds.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using adgen::PrecheckInput;

namespace {

// ------------------------------------------------------------------------------------------------
// Deterministic random numbers (the raw mt19937_64 stream, mapped by hand: the standard
// distributions differ between standard libraries).

class Random {
public:
    explicit Random(uint64_t seed) : engine_(seed) {}
    double uniform(double a = 0, double b = 1) { return a + (b - a) * double(engine_() >> 11) * 0x1.0p-53; }
    int integer(int lo, int hi) { return lo + static_cast<int>(uniform() * (hi - lo + 1)) % (hi - lo + 1); }
    bool chance(double p) { return uniform() < p; }
    double normal() {  // Box-Muller
        const double u1 = std::max(1e-12, uniform());
        const double u2 = uniform();
        return std::sqrt(-2 * std::log(u1)) * std::cos(2 * M_PI * u2);
    }

private:
    std::mt19937_64 engine_;
};

// ------------------------------------------------------------------------------------------------
// The checks, in the order of the labels' columns.

const std::vector<std::string> kChecks = {"size.out-of-range", "shape.product-fidelity", "space.floating",
                                          "perception.low-contrast", "perception.people"};
const std::vector<std::string> kColumns = {"size", "shape", "space", "contrast", "people"};

struct Labels {
    int size = 0, shape = 0, space = 0, contrast = 0, people = 0;  // 1, 0, -1 (not judged)
    int& at(size_t i) { return i == 0 ? size : i == 1 ? shape : i == 2 ? space : i == 3 ? contrast : people; }
};

struct Item {
    std::string image;       // file name under images/
    std::string kind;
    std::string half;        // tune, report
    std::string product;     // cut-out, relative to the set folder
    double maxRatio = 1.0;
    cv::Rect box;            // where the product really is in the image
    Labels labels;
    std::string note;        // what was injected, with its parameters
};

// ------------------------------------------------------------------------------------------------
// Pixels

constexpr int kSize = 384;  // the engine's generated image size (Janus-Pro)

// RGBA (straight) -> premultiplied float planes and back, for resizing without dark fringes.
cv::Mat toPremultiplied(const cv::Mat& rgba8) {
    cv::Mat f;
    rgba8.convertTo(f, CV_32FC4, 1.0 / 255.0);
    std::vector<cv::Mat> ch;
    cv::split(f, ch);
    for (int c = 0; c < 3; ++c) cv::multiply(ch[c], ch[3], ch[c]);
    cv::merge(ch, f);
    return f;
}

// Premultiplied RGBA float over an RGB float image (both 0..1), in place, at `at` (may clip).
void compositeOver(cv::Mat& rgb, const cv::Mat& pre, cv::Point at) {
    const cv::Rect dst = cv::Rect(at, pre.size()) & cv::Rect(0, 0, rgb.cols, rgb.rows);
    if (dst.empty()) return;
    const cv::Rect src(dst.x - at.x, dst.y - at.y, dst.width, dst.height);
    for (int y = 0; y < dst.height; ++y) {
        const auto* p = pre.ptr<cv::Vec4f>(src.y + y) + src.x;
        auto* q = rgb.ptr<cv::Vec3f>(dst.y + y) + dst.x;
        for (int x = 0; x < dst.width; ++x) {
            const float a = p[x][3];
            for (int c = 0; c < 3; ++c) q[x][c] = p[x][c] + q[x][c] * (1 - a);
        }
    }
}

cv::Mat loadRgba(const fs::path& path) {
    cv::Mat bgra = cv::imread(path.string(), cv::IMREAD_UNCHANGED);
    if (bgra.empty() || bgra.channels() != 4) throw adgen::Error("Cannot read " + path.string() + " as RGBA.", "");
    cv::Mat rgba;
    cv::cvtColor(bgra, rgba, cv::COLOR_BGRA2RGBA);
    return rgba;
}

cv::Mat loadRgbFloat(const fs::path& path) {
    cv::Mat bgr = cv::imread(path.string(), cv::IMREAD_COLOR);
    if (bgr.empty()) throw adgen::Error("Cannot read " + path.string() + ".", "");
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    rgb.convertTo(rgb, CV_32FC3, 1.0 / 255.0);
    return rgb;
}

void writeRgbFloat(const fs::path& path, const cv::Mat& rgb) {
    cv::Mat bytes, bgr;
    rgb.convertTo(bytes, CV_8UC3, 255.0);
    cv::cvtColor(bytes, bgr, cv::COLOR_RGB2BGR);
    if (!cv::imwrite(path.string(), bgr)) throw adgen::Error("Cannot write " + path.string() + ".", "");
}

cv::Scalar rgbScalar(const cv::Vec3f& c) { return cv::Scalar(c[0], c[1], c[2]); }

// CIE76 distance of two RGB (0..1) colours.
double colourDistance(const cv::Vec3f& a, const cv::Vec3f& b) {
    cv::Mat m(1, 2, CV_32FC3);
    m.at<cv::Vec3f>(0, 0) = a;
    m.at<cv::Vec3f>(0, 1) = b;
    cv::cvtColor(m, m, cv::COLOR_RGB2Lab);
    const cv::Vec3f d = m.at<cv::Vec3f>(0, 0) - m.at<cv::Vec3f>(0, 1);
    return std::sqrt(d.dot(d));
}

// The mean colour of `rgb` (float) in a rectangle (clipped).
cv::Vec3f meanColour(const cv::Mat& rgb, const cv::Rect& r) {
    const cv::Rect c = r & cv::Rect(0, 0, rgb.cols, rgb.rows);
    if (c.empty()) return {0.5f, 0.5f, 0.5f};
    const cv::Scalar m = cv::mean(rgb(c));
    return cv::Vec3f(float(m[0]), float(m[1]), float(m[2]));
}

// An injected object must be visible: a colour from `draw` at least 30 ΔE from `against`
// (the background it lands on), the last try otherwise.
template <typename Draw>
cv::Vec3f visibleColour(const cv::Vec3f& against, Draw draw) {
    cv::Vec3f colour = draw();
    for (int i = 0; i < 30 && colourDistance(colour, against) < 30; ++i) colour = draw();
    return colour;
}

// The product on the generated image's canvas: the cut-out's canvas stretched to kSize x kSize (as
// the engine stretches it), cut to its alpha > 127 box. `box` is its place on that canvas.
struct ProductLayer {
    cv::Mat pre;   // premultiplied RGBA float, the box only
    cv::Rect box;  // on the kSize canvas
    cv::Mat mask;  // CV_8U, box size: alpha > 0.5
    cv::Vec3f meanColour;
};

ProductLayer productLayer(const cv::Mat& rgba8) {
    cv::Mat pre = toPremultiplied(rgba8);
    cv::resize(pre, pre, cv::Size(kSize, kSize), 0, 0, cv::INTER_LINEAR);
    std::vector<cv::Mat> ch;
    cv::split(pre, ch);
    std::vector<cv::Point> pts;
    cv::findNonZero(ch[3] > 0.2f, pts);
    ProductLayer layer;
    layer.box = cv::boundingRect(pts);
    layer.pre = pre(layer.box).clone();
    layer.mask = ch[3](layer.box) > 0.5f;
    cv::Mat rgbPre;
    cv::merge(std::vector<cv::Mat>{ch[0], ch[1], ch[2]}, rgbPre);
    const cv::Scalar sum = cv::sum(rgbPre(layer.box));
    const double alphaSum = std::max(1e-6, cv::sum(ch[3](layer.box))[0]);
    layer.meanColour = cv::Vec3f(float(sum[0] / alphaSum), float(sum[1] / alphaSum), float(sum[2] / alphaSum));
    return layer;
}

ProductLayer scaled(const ProductLayer& layer, double s) {
    ProductLayer out;
    const cv::Size size(std::max(2, int(std::lround(layer.box.width * s))), std::max(2, int(std::lround(layer.box.height * s))));
    cv::resize(layer.pre, out.pre, size, 0, 0, s < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
    std::vector<cv::Mat> ch;
    cv::split(out.pre, ch);
    out.mask = ch[3] > 0.5f;
    out.meanColour = layer.meanColour;
    out.box = cv::Rect(0, 0, size.width, size.height);
    return out;
}

// The product as a generator redraws it rather than pastes it: colours a little off (gain and
// offset per channel), a little softer.
void redraw(ProductLayer& layer, Random& rng) {
    std::vector<cv::Mat> ch;
    cv::split(layer.pre, ch);
    for (int c = 0; c < 3; ++c) {
        const double gain = rng.uniform(0.94, 1.06), offset = rng.uniform(-0.02, 0.02);
        ch[c] = ch[c] * gain + ch[3] * offset;  // premultiplied: the offset scales with alpha
        cv::min(ch[c], ch[3], ch[c]);
        cv::max(ch[c], 0.0, ch[c]);
    }
    cv::merge(ch, layer.pre);
    const double sigma = rng.uniform(0, 1.0);
    if (sigma > 0.3) cv::GaussianBlur(layer.pre, layer.pre, cv::Size(0, 0), sigma);
}

// The generator's look: a little softness and noise, different per image.
void degrade(cv::Mat& rgb, Random& rng) {
    const double sigma = rng.uniform(0, 0.9);
    if (sigma > 0.2) cv::GaussianBlur(rgb, rgb, cv::Size(0, 0), sigma);
    const double noise = rng.uniform(0, 0.012);
    cv::Mat n(rgb.size(), CV_32FC3);
    cv::randn(n, 0, noise);  // OpenCV's own RNG, seeded below per image
    rgb += n;
    cv::min(cv::max(rgb, 0.0), 1.0, rgb);
}

// A drawn face: skin ellipse with soft shading (darker eye sockets and mouth, lit nose bridge and
// cheeks: the light pattern the face detectors were trained on), eyes, brows, mouth, hair,
// sometimes glasses and shoulders, a slight tilt and blur. Not a photograph: the set's recall is
// the recall on such drawings (docs/results/prechecks.md).
void drawFace(cv::Mat& rgb, cv::Point c, int r, Random& rng) {
    const std::vector<cv::Vec3f> skins = {{0.96f, 0.80f, 0.69f}, {0.88f, 0.67f, 0.52f}, {0.76f, 0.54f, 0.38f},
                                          {0.55f, 0.36f, 0.24f}, {0.40f, 0.26f, 0.17f}, {0.93f, 0.75f, 0.62f}};
    const cv::Vec3f skin = skins[size_t(rng.integer(0, int(skins.size()) - 1))] * float(rng.uniform(0.92, 1.05));
    const cv::Vec3f hair = cv::Vec3f(float(rng.uniform(0.05, 0.5)), float(rng.uniform(0.05, 0.4)), float(rng.uniform(0.03, 0.3)));
    const double angle = rng.uniform(-8, 8);
    const int pad = int(r * 1.6);
    const cv::Rect area = cv::Rect(c.x - pad, c.y - pad, 2 * pad, 2 * pad) & cv::Rect(0, 0, rgb.cols, rgb.rows);
    cv::Mat layer = rgb(area).clone();
    const cv::Point o(c.x - area.x, c.y - area.y);
    const auto P = [&](double dx, double dy) { return o + cv::Point(int(std::lround(dx * r)), int(std::lround(dy * r))); };
    const auto S = [](const cv::Vec3f& v) { return cv::Scalar(v[0], v[1], v[2]); };
    cv::Mat face = cv::Mat::zeros(layer.size(), CV_32FC3);
    cv::Mat mask = cv::Mat::zeros(layer.size(), CV_8U);
    if (rng.chance(0.5)) {  // shoulders
        const cv::Vec3f shirt(float(rng.uniform()), float(rng.uniform()), float(rng.uniform()));
        cv::ellipse(face, P(0, 1.25), cv::Size(int(r * 1.2), int(r * 0.55)), 0, 180, 360, S(shirt), cv::FILLED, cv::LINE_AA);
        cv::ellipse(mask, P(0, 1.25), cv::Size(int(r * 1.2), int(r * 0.55)), 0, 180, 360, 255, cv::FILLED, cv::LINE_AA);
    }
    cv::ellipse(face, o, cv::Size(int(r * 0.8), r), 0, 0, 360, S(skin), cv::FILLED, cv::LINE_AA);
    cv::ellipse(mask, o, cv::Size(int(r * 0.8), r), 0, 0, 360, 255, cv::FILLED, cv::LINE_AA);
    cv::Mat shade(layer.size(), CV_32F, cv::Scalar(1.0));
    for (double s : {-1.0, 1.0})
        cv::ellipse(shade, P(s * 0.33, -0.12), cv::Size(int(r * 0.26), int(r * 0.17)), 0, 0, 360, cv::Scalar(0.55), cv::FILLED);
    cv::ellipse(shade, P(0, 0.32), cv::Size(int(r * 0.22), int(r * 0.07)), 0, 0, 360, cv::Scalar(0.7), cv::FILLED);
    cv::ellipse(shade, P(0, 0.52), cv::Size(int(r * 0.3), int(r * 0.09)), 0, 0, 360, cv::Scalar(0.6), cv::FILLED);
    cv::ellipse(shade, P(0, 0.05), cv::Size(int(r * 0.08), int(r * 0.28)), 0, 0, 360, cv::Scalar(1.15), cv::FILLED);
    for (double s : {-1.0, 1.0})
        cv::ellipse(shade, P(s * 0.38, 0.28), cv::Size(int(r * 0.2), int(r * 0.15)), 0, 0, 360, cv::Scalar(1.1), cv::FILLED);
    cv::GaussianBlur(shade, shade, cv::Size(0, 0), r * 0.08);
    std::vector<cv::Mat> ch;
    cv::split(face, ch);
    for (auto& plane : ch) plane = plane.mul(shade);
    cv::merge(ch, face);
    const cv::Scalar dark = S(hair * 0.6f);
    for (double s : {-1.0, 1.0}) {
        cv::ellipse(face, P(s * 0.33, -0.12), cv::Size(int(r * 0.14), int(r * 0.07)), 0, 0, 360, cv::Scalar(0.85, 0.85, 0.85),
                    cv::FILLED, cv::LINE_AA);
        cv::circle(face, P(s * 0.33, -0.12), int(std::ceil(r * 0.06)), cv::Scalar(0.08, 0.06, 0.05), cv::FILLED, cv::LINE_AA);
        cv::line(face, P(s * 0.33 - 0.15, -0.33), P(s * 0.33 + 0.15, -0.35 + s * 0.02), dark, std::max(2, r / 10), cv::LINE_AA);
        if (rng.chance(0.2)) cv::circle(face, P(s * 0.33, -0.12), int(r * 0.2), cv::Scalar(0.1, 0.1, 0.1), std::max(1, r / 20), cv::LINE_AA);
    }
    cv::ellipse(face, P(0, 0.52), cv::Size(int(r * rng.uniform(0.18, 0.26)), int(r * 0.06)), 0, 0, 360, cv::Scalar(0.55, 0.25, 0.25),
                cv::FILLED, cv::LINE_AA);
    cv::ellipse(face, P(0, -0.6), cv::Size(int(r * 0.85), int(r * rng.uniform(0.4, 0.52))), 0, 180, 360, S(hair), cv::FILLED, cv::LINE_AA);
    cv::ellipse(mask, P(0, -0.6), cv::Size(int(r * 0.85), int(r * 0.52)), 0, 180, 360, 255, cv::FILLED, cv::LINE_AA);
    cv::GaussianBlur(face, face, cv::Size(0, 0), std::max(0.6, r * 0.03));
    const cv::Mat rot = cv::getRotationMatrix2D(cv::Point2f(o), angle, 1.0);
    cv::warpAffine(face, face, rot, face.size());
    cv::warpAffine(mask, mask, rot, mask.size());
    face.copyTo(layer, mask);
    layer.copyTo(rgb(area));
}

// Round and boxy things that are not faces (a clock, a plate with fruit, a framed picture).
void drawDistractor(cv::Mat& rgb, cv::Point c, int r, Random& rng) {
    const cv::Vec3f a(float(rng.uniform()), float(rng.uniform()), float(rng.uniform()));
    const cv::Vec3f b(float(rng.uniform()), float(rng.uniform()), float(rng.uniform()));
    switch (rng.integer(0, 2)) {
        case 0:  // clock
            cv::circle(rgb, c, r, rgbScalar(a), cv::FILLED, cv::LINE_AA);
            cv::circle(rgb, c, int(r * 0.85), cv::Scalar(0.95, 0.95, 0.92), cv::FILLED, cv::LINE_AA);
            cv::line(rgb, c, c + cv::Point(0, -int(r * 0.6)), cv::Scalar(0.1, 0.1, 0.1), std::max(2, r / 10), cv::LINE_AA);
            cv::line(rgb, c, c + cv::Point(int(r * 0.45), int(r * 0.1)), cv::Scalar(0.1, 0.1, 0.1), std::max(2, r / 12), cv::LINE_AA);
            break;
        case 1:  // plate with fruit
            cv::ellipse(rgb, c, cv::Size(r, int(r * 0.45)), 0, 0, 360, cv::Scalar(0.92, 0.92, 0.9), cv::FILLED, cv::LINE_AA);
            for (int i = 0; i < 3; ++i)
                cv::circle(rgb, c + cv::Point(int((i - 1) * r * 0.45), -int(r * 0.15)), int(r * 0.25), rgbScalar(i % 2 ? a : b),
                           cv::FILLED, cv::LINE_AA);
            break;
        default: {  // framed picture
            const cv::Rect frame(c.x - r, c.y - int(r * 0.75), 2 * r, int(r * 1.5));
            cv::rectangle(rgb, frame, rgbScalar(a * 0.5f), cv::FILLED);
            cv::rectangle(rgb, cv::Rect(frame.x + r / 6, frame.y + r / 6, frame.width - r / 3, frame.height - r / 3),
                          rgbScalar(b), cv::FILLED);
            cv::circle(rgb, c + cv::Point(-r / 3, -r / 5), r / 5, rgbScalar(a), cv::FILLED, cv::LINE_AA);
            break;
        }
    }
}

// ------------------------------------------------------------------------------------------------
// Generating the set

struct Record {
    std::string background;  // relative to the world
    std::string product;
};

std::vector<Record> readRecords(const fs::path& world) {
    std::vector<Record> records;
    for (const char* split : {"train.json", "val.json", "test.json"}) {
        std::ifstream in(world / split);
        const auto doc = nlohmann::json::parse(in);
        for (const auto& r : doc) {
            const std::string ad = r.at("f_path").get<std::string>();
            const std::string name = fs::path(ad).filename().string();
            records.push_back({"images/backgrounds/" + name, r.at("f_path_trans").get<std::string>()});
        }
    }
    return records;
}

// The hollows of a product mask: convex hull minus the mask, opened; the largest component.
std::optional<cv::Mat> largestHollow(const cv::Mat& mask, double minShare) {
    std::vector<cv::Point> pts;
    cv::findNonZero(mask, pts);
    if (pts.size() < 3) return std::nullopt;
    std::vector<cv::Point> hull;
    cv::convexHull(pts, hull);
    cv::Mat filled = cv::Mat::zeros(mask.size(), CV_8U);
    cv::fillConvexPoly(filled, hull, 255);
    cv::Mat hollows = filled & ~mask;
    const int side = std::max(mask.cols, mask.rows);
    cv::morphologyEx(hollows, hollows, cv::MORPH_OPEN, adgen::review::disk(std::max(2, side / 30)));
    cv::Mat labels, stats, centroids;
    const int n = cv::connectedComponentsWithStats(hollows, labels, stats, centroids, 8);
    int best = 0, bestArea = 0;
    for (int i = 1; i < n; ++i)
        if (stats.at<int>(i, cv::CC_STAT_AREA) > bestArea) {
            bestArea = stats.at<int>(i, cv::CC_STAT_AREA);
            best = i;
        }
    if (best == 0 || bestArea < minShare * cv::countNonZero(mask)) return std::nullopt;
    return cv::Mat(labels == best);
}

struct Kind {
    std::string name;
    int count;
};

class SetWriter {
public:
    SetWriter(fs::path out, uint64_t seed) : out_(std::move(out)), rng_(seed) {}

    void run(const std::vector<Record>& records, const fs::path& world, double countScale) {
        world_ = world;
        fs::create_directories(out_ / "images");
        // Halves by scene: even records tune the thresholds, odd ones are reported.
        std::vector<Record> halves[2];
        for (size_t i = 0; i < records.size(); ++i) halves[i % 2].push_back(records[i]);
        const std::vector<Kind> kinds = {
            {"clean", 96},         {"clean-max-ratio", 32}, {"blurred-clean", 32}, {"size-up", 32},
            {"size-down", 32},     {"size-brief", 32},      {"float", 80},         {"float-blurred", 32},
            {"shape-blob", 32},    {"shape-hollow", 32},    {"shape-mark", 32},    {"contrast-same", 48},
            {"contrast-clutter", 48}, {"face", 80},         {"face-distractor", 32},
        };
        for (const auto& kind : kinds) {
            const int n = std::max(2, int(std::lround(kind.count * countScale)));
            for (int i = 0; i < n; ++i) {
                const int half = i % 2;
                auto& pool = halves[half];
                for (int attempt = 0; attempt < 200; ++attempt) {
                    const Record& r = pool[size_t(next_[half]++ % pool.size())];
                    Random rng(rng_.uniform() * 1e18);
                    if (make(kind.name, r, half ? "report" : "tune", rng)) break;
                }
            }
        }
        writeLabels();
    }

private:
    // One image of `kind` from record r; false when r's product cannot carry it (no hollow).
    bool make(const std::string& kind, const Record& r, const std::string& half, Random& rng) {
        cv::Mat background = loadRgbFloat(world_ / r.background);
        cv::resize(background, background, cv::Size(kSize, kSize), 0, 0, cv::INTER_LINEAR);
        const cv::Mat cutout = loadRgba(world_ / r.product);
        ProductLayer layer = productLayer(cutout);
        Item item;
        item.kind = kind;
        item.half = half;
        item.product = "world/" + r.product;
        item.maxRatio = 1.0;
        cv::Point at = layer.box.tl();
        std::optional<cv::Rect> truthBox;  // the product's box when the layer holds more (a blob)
        const double extent = std::max(layer.box.width, layer.box.height) / double(kSize);
        std::ostringstream note;
        note.setf(std::ios::fixed);
        note.precision(2);

        if (kind == "clean") {
            if (rng.chance(0.5)) item.maxRatio = std::min(1.0, extent + rng.uniform(0.1, 0.4));
        } else if (kind == "clean-max-ratio") {
            // The engine's own scaling: a brief limit below the product's size, honoured.
            item.maxRatio = std::round(extent * rng.uniform(0.55, 0.85) * 100) / 100;
            const cv::Mat* raw = &cutout;
            adgen::RgbaImage product = toRgbaImage(*raw);
            const auto placed = adgen::productPlacement(product, item.maxRatio, kSize, kSize);
            const double s = double(std::max(placed.width, placed.height)) / std::max(layer.box.width, layer.box.height);
            layer = scaled(layer, s);
            at = cv::Point(placed.x + (placed.width - layer.pre.cols) / 2, placed.y + (placed.height - layer.pre.rows) / 2);
            item.labels.space = -1;  // re-centred away from the scene's contact shadow
            note << "max_ratio " << item.maxRatio << " scale " << s;
        } else if (kind == "blurred-clean") {
            const double sigma = rng.uniform(3, 7);
            cv::GaussianBlur(background, background, cv::Size(0, 0), sigma);
            note << "background blur " << sigma;
        } else if (kind == "size-up" || kind == "size-down") {
            const double room = std::min(0.97 * kSize / layer.box.width, 0.97 * kSize / layer.box.height);
            double s = kind == "size-up" ? std::min(rng.uniform(1.7, 2.8), room) : rng.uniform(0.28, 0.5);
            if (kind == "size-up" && s < 1.6) return false;  // already as large as the frame allows
            const cv::Point base(layer.box.x + layer.box.width / 2, layer.box.y + layer.box.height);
            layer = scaled(layer, s);
            at = cv::Point(base.x - layer.pre.cols / 2, std::min(kSize - 2, base.y) - layer.pre.rows);
            at.x = std::clamp(at.x, 0, kSize - layer.pre.cols);
            at.y = std::max(0, at.y);
            item.labels.size = 1;
            if (kind == "size-down") item.labels.space = -1;  // a tiny product on a shadow made for a big one
            note << "scale " << s;
        } else if (kind == "size-brief") {
            item.maxRatio = std::round(extent * rng.uniform(0.45, 0.7) * 100) / 100;
            if (item.maxRatio < 0.08) return false;
            item.labels.size = 1;
            note << "max_ratio " << item.maxRatio << " extent " << extent;
        } else if (kind == "float" || kind == "float-blurred") {
            const int gap = std::max(8, int(layer.box.height * rng.uniform(0.15, 0.4)));
            if (layer.box.y - gap < 2) return false;
            at.y -= gap;
            if (kind == "float") {
                item.labels.space = 1;
            } else {
                const double sigma = rng.uniform(3, 7);
                cv::GaussianBlur(background, background, cv::Size(0, 0), sigma);
                note << "background blur " << sigma << " ";
            }
            note << "gap " << gap;
        } else if (kind == "shape-blob") {
            truthBox = cv::Rect(at, layer.box.size());
            const cv::Rect around(at.x - layer.box.width / 3, at.y, layer.box.width * 5 / 3, layer.box.height);
            attachBlob(layer, meanColour(background, around), rng, note);
            at += blobShift_;
            item.labels.shape = 1;
        } else if (kind == "shape-hollow") {
            const auto hollow = largestHollow(layer.mask, 0.03);
            if (!hollow) return false;
            // Filled with the product's colour or another colour, one that shows on the scene.
            const bool own = rng.chance(0.6);
            const cv::Vec3f colour = visibleColour(meanColour(background, cv::Rect(at, layer.pre.size())), [&] {
                return own ? layer.meanColour * float(rng.uniform(0.85, 1.1))
                           : cv::Vec3f(float(rng.uniform()), float(rng.uniform()), float(rng.uniform()));
            });
            cv::Mat fill(layer.pre.size(), CV_32FC4, cv::Scalar(colour[0], colour[1], colour[2], 1.0));
            fill.copyTo(layer.pre, *hollow);
            item.labels.shape = 1;
            note << "hollow area " << cv::countNonZero(*hollow) / double(cv::countNonZero(layer.mask));
        } else if (kind == "shape-mark") {
            drawMark(layer, rng, note);
            item.labels.shape = 1;
        } else if (kind == "contrast-same") {
            // The scene tinted towards the product's own colour, its shapes faintly kept.
            const double a = rng.uniform(0.82, 0.95);
            const cv::Vec3f tint = layer.meanColour * float(rng.uniform(0.92, 1.08));
            cv::Mat flat(background.size(), CV_32FC3, rgbScalar(tint));
            background = background * (1 - a) + flat * a;
            item.labels.contrast = 1;
            item.labels.space = -1;  // the contact shadow fades with the scene
            note << "tint " << a;
        } else if (kind == "contrast-clutter") {
            drawClutter(background, layer.box, rng);
            item.labels.contrast = 1;
            item.labels.shape = -1;  // clutter touches the product's edge
            item.labels.space = -1;  // and hides its contact with the floor
        } else if (kind == "face" || kind == "face-distractor") {
            // Later, over the composite, away from the product.
        } else {
            throw adgen::Error("unknown kind " + kind, "");
        }

        redraw(layer, rng);
        cv::Mat image = background.clone();
        compositeOver(image, layer.pre, at);
        item.box = truthBox ? *truthBox : cv::Rect(at, layer.pre.size()) & cv::Rect(0, 0, kSize, kSize);

        if (kind == "face" || kind == "face-distractor") {
            const int radius = int(kSize * rng.uniform(0.07, 0.14));
            cv::Rect keepOut = item.box;
            keepOut -= cv::Point(radius * 2, radius * 2);
            keepOut += cv::Size(radius * 4, radius * 4);
            std::optional<cv::Point> place;
            for (int i = 0; i < 60 && !place; ++i) {
                const cv::Point c(rng.integer(radius + 4, kSize - radius - 4), rng.integer(int(radius * 1.3) + 4, kSize - int(radius * 1.3) - 4));
                if (!keepOut.contains(c)) place = c;
            }
            if (!place) return false;
            if (kind == "face") {
                drawFace(image, *place, radius, rng);
                item.labels.people = 1;
            } else {
                drawDistractor(image, *place, radius, rng);
            }
            note << "radius " << radius << " at " << place->x << " " << place->y;
        }
        cv::theRNG().state = uint64_t(rng.uniform() * 1e15) + 1;
        degrade(image, rng);
        item.image = kind + "-" + std::to_string(counts_[kind]++) + ".png";
        item.note = note.str();
        writeRgbFloat(out_ / "images" / item.image, image);
        items_.push_back(item);
        return true;
    }

    static adgen::RgbaImage toRgbaImage(const cv::Mat& rgba) {
        adgen::RgbaImage img;
        img.width = rgba.cols;
        img.height = rgba.rows;
        img.pixels.assign(rgba.data, rgba.data + rgba.total() * 4);
        return img;
    }

    // Something attached to the product's left, right or top edge: a cable, a knob, an extra part.
    void attachBlob(ProductLayer& layer, const cv::Vec3f& backdrop, Random& rng, std::ostringstream& note) {
        const int w = layer.box.width, h = layer.box.height;
        const int side = std::max(w, h);
        const int pad = side;  // room for the blob beyond the box
        cv::Mat canvas = cv::Mat::zeros(h + 2 * pad, w + 2 * pad, CV_32FC4);
        layer.pre.copyTo(canvas(cv::Rect(pad, pad, w, h)));
        cv::Mat mask = cv::Mat::zeros(canvas.size(), CV_8U);
        layer.mask.copyTo(mask(cv::Rect(pad, pad, w, h)));
        // A point on the product's edge, on the chosen side, in its upper 75 %.
        const int sideChoice = rng.integer(0, 2);  // 0 left, 1 right, 2 top
        cv::Point anchor(-1, -1);
        for (int tries = 0; tries < 50 && anchor.x < 0; ++tries) {
            if (sideChoice == 2) {
                const int x = pad + rng.integer(w / 5, std::max(w / 5, 4 * w / 5));
                for (int y = 0; y < mask.rows; ++y)
                    if (mask.at<uint8_t>(y, x)) { anchor = {x, y}; break; }
            } else {
                const int y = pad + rng.integer(h / 8, std::max(h / 8, 3 * h / 4));
                if (sideChoice == 0) {
                    for (int x = 0; x < mask.cols; ++x)
                        if (mask.at<uint8_t>(y, x)) { anchor = {x, y}; break; }
                } else {
                    for (int x = mask.cols - 1; x >= 0; --x)
                        if (mask.at<uint8_t>(y, x)) { anchor = {x, y}; break; }
                }
            }
        }
        if (anchor.x < 0) anchor = {pad + w / 2, pad};
        // The product's own colour or a dark one (cables, plastic parts), one that shows on the scene.
        const bool own = rng.chance(0.5);
        const cv::Vec3f colour = visibleColour(backdrop, [&] {
            return own ? layer.meanColour * float(rng.uniform(0.6, 1.0))
                       : cv::Vec3f(float(rng.uniform(0, 0.3)), float(rng.uniform(0, 0.3)), float(rng.uniform(0, 0.3)));
        });
        const cv::Scalar paint(colour[0], colour[1], colour[2], 1.0);
        const cv::Point out = sideChoice == 0 ? cv::Point(-1, 0) : sideChoice == 1 ? cv::Point(1, 0) : cv::Point(0, -1);
        const int type = rng.integer(0, 2);
        if (type == 0) {  // cable: a thick curve leaving the edge
            const int thick = std::max(3, int(side * rng.uniform(0.04, 0.07)));
            const double len = side * rng.uniform(0.35, 0.6);
            std::vector<cv::Point> pts;
            const double bend = rng.uniform(-0.6, 0.6);
            for (int i = 0; i <= 12; ++i) {
                const double t = i / 12.0;
                const cv::Point2d dir(out.x + bend * t * (out.x == 0), out.y + bend * t * (out.y == 0) + (out.y == 0 ? 0.6 * t * t : 0));
                pts.push_back(anchor + cv::Point(int(dir.x * len * t), int(dir.y * len * t)) - out * thick);
            }
            cv::polylines(canvas, pts, false, paint, thick, cv::LINE_AA);
            note << "cable thick " << thick << " len " << len;
        } else if (type == 1) {  // knob or box half-sunk into the edge
            const int rx = std::max(4, int(side * rng.uniform(0.1, 0.18)));
            const int ry = std::max(4, int(side * rng.uniform(0.08, 0.16)));
            const cv::Point c = anchor + out * int(rx * 0.6);
            if (rng.chance(0.5)) cv::ellipse(canvas, c, cv::Size(rx, ry), 0, 0, 360, paint, cv::FILLED, cv::LINE_AA);
            else cv::rectangle(canvas, cv::Rect(c.x - rx, c.y - ry, 2 * rx, 2 * ry), paint, cv::FILLED);
            note << "knob " << rx << "x" << ry;
        } else {  // a handle loop
            const int rr = std::max(5, int(side * rng.uniform(0.12, 0.2)));
            const int thick = std::max(3, int(side * rng.uniform(0.035, 0.06)));
            cv::ellipse(canvas, anchor + out * int(rr * 0.7), cv::Size(rr, int(rr * 1.2)), 0, 0, 360, paint, thick, cv::LINE_AA);
            note << "loop " << rr;
        }
        // Keep the product on top where it was (the blob is behind its edge).
        cv::Mat productOnTop = canvas(cv::Rect(pad, pad, w, h));
        for (int y = 0; y < h; ++y)
            for (int x = 0; x < w; ++x)
                if (layer.mask.at<uint8_t>(y, x)) productOnTop.at<cv::Vec4f>(y, x) = layer.pre.at<cv::Vec4f>(y, x);
        // Back to a layer cut to its new box, placed so the product stays where it was.
        std::vector<cv::Mat> ch;
        cv::split(canvas, ch);
        std::vector<cv::Point> pts;
        cv::findNonZero(ch[3] > 0.2f, pts);
        const cv::Rect nb = cv::boundingRect(pts);
        blobShift_ = cv::Point(nb.x - pad, nb.y - pad);
        layer.pre = canvas(nb).clone();
        layer.box = cv::Rect(layer.box.tl() + blobShift_, nb.size());
        cv::split(layer.pre, ch);
        layer.mask = ch[3] > 0.5f;
    }

    // A mark painted on the product: an ellipse, a bar or a scribble in a colour not its own.
    void drawMark(ProductLayer& layer, Random& rng, std::ostringstream& note) {
        const int w = layer.box.width, h = layer.box.height;
        cv::Vec3f colour(float(rng.uniform()), float(rng.uniform()), float(rng.uniform()));
        if (adgen::review::deltaE(colour * 100.f, layer.meanColour * 100.f) < 40) colour = cv::Vec3f(1, 1, 1) - layer.meanColour;
        cv::Mat paint = layer.pre.clone();
        const cv::Scalar p(colour[0], colour[1], colour[2], 1.0);
        const cv::Point c(int(w * rng.uniform(0.3, 0.7)), int(h * rng.uniform(0.3, 0.7)));
        const int type = rng.integer(0, 2);
        if (type == 0) cv::ellipse(paint, c, cv::Size(int(w * rng.uniform(0.18, 0.3)), int(h * rng.uniform(0.1, 0.2))), rng.uniform(0, 180), 0, 360, p, cv::FILLED, cv::LINE_AA);
        else if (type == 1) cv::rectangle(paint, cv::Rect(0, c.y - int(h * 0.07), w, int(h * rng.uniform(0.1, 0.18))), p, cv::FILLED);
        else {
            std::vector<cv::Point> pts;
            for (int i = 0; i < 6; ++i) pts.emplace_back(int(w * rng.uniform(0.15, 0.85)), int(h * rng.uniform(0.2, 0.8)));
            cv::polylines(paint, pts, false, p, std::max(3, w / 10), cv::LINE_AA);
        }
        paint.copyTo(layer.pre, layer.mask);  // only on the product
        note << "mark type " << type;
    }

    // Many small shapes of many colours around the product (behind it).
    void drawClutter(cv::Mat& background, const cv::Rect& box, Random& rng) {
        const int side = std::max(box.width, box.height);
        const cv::Rect area = cv::Rect(box.x - side / 2, box.y - side / 3, box.width + side, box.height + side / 2) &
                              cv::Rect(0, 0, background.cols, background.rows);
        const int n = int(area.area() / std::pow(side * 0.09, 2) * rng.uniform(0.4, 0.8));
        for (int i = 0; i < n; ++i) {
            const cv::Scalar colour(rng.uniform(), rng.uniform(), rng.uniform());
            const cv::Point c(rng.integer(area.x, area.x + area.width - 1), rng.integer(area.y, area.y + area.height - 1));
            const int s = std::max(2, int(side * rng.uniform(0.02, 0.08)));
            switch (rng.integer(0, 2)) {
                case 0: cv::circle(background, c, s, colour, rng.chance(0.5) ? cv::FILLED : 2, cv::LINE_AA); break;
                case 1: cv::rectangle(background, cv::Rect(c.x - s, c.y - s / 2, 2 * s, s), colour, cv::FILLED); break;
                default: cv::line(background, c, c + cv::Point(rng.integer(-3 * s, 3 * s), rng.integer(-3 * s, 3 * s)), colour, 2, cv::LINE_AA);
            }
        }
    }

    void writeLabels() {
        std::ofstream out(out_ / "labels.csv");
        out << "image,kind,half,product,max_ratio,box_x,box_y,box_width,box_height";
        for (const auto& c : kColumns) out << "," << c;
        out << ",note\n";
        for (auto& item : items_) {
            out << item.image << "," << item.kind << "," << item.half << "," << item.product << "," << item.maxRatio << ","
                << item.box.x << "," << item.box.y << "," << item.box.width << "," << item.box.height;
            for (size_t i = 0; i < kColumns.size(); ++i) out << "," << item.labels.at(i);
            out << "," << item.note << "\n";
        }
    }

    fs::path out_;
    fs::path world_;
    Random rng_;
    size_t next_[2] = {0, 0};
    std::map<std::string, int> counts_;
    std::vector<Item> items_;
    cv::Point blobShift_;  // where attachBlob moved the layer's corner, relative to the product's
};

// ------------------------------------------------------------------------------------------------
// Running the checks

std::vector<std::string> splitCsv(const std::string& line) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(line);
    while (std::getline(in, cell, ',')) out.push_back(cell);
    return out;
}

std::vector<Item> readLabels(const fs::path& file) {
    std::ifstream in(file);
    if (!in) throw adgen::Error("Cannot read " + file.string() + ".", "Run `prechecks_image_eval generate` first.");
    std::string line;
    std::getline(in, line);
    std::vector<Item> items;
    while (std::getline(in, line)) {
        const auto c = splitCsv(line);
        if (c.size() < 14) continue;
        Item item;
        item.image = c[0];
        item.kind = c[1];
        item.half = c[2];
        item.product = c[3];
        item.maxRatio = std::stod(c[4]);
        item.box = cv::Rect(std::stoi(c[5]), std::stoi(c[6]), std::stoi(c[7]), std::stoi(c[8]));
        for (size_t i = 0; i < kColumns.size(); ++i) item.labels.at(i) = std::stoi(c[9 + i]);
        item.note = c.size() > 14 ? c[14] : "";
        items.push_back(item);
    }
    return items;
}

struct Counts {
    int tp = 0, fp = 0, fn = 0, tn = 0;
};

std::string ratio(int num, int den) {
    if (den == 0) return "  n/a";
    std::ostringstream s;
    s << std::fixed << std::setprecision(3) << double(num) / den;
    return s.str();
}

int run(const fs::path& set, const std::string& halfWanted, const std::string& boxMode,
        const std::string& thresholdsFile, const std::string& measuresFile, const std::set<std::string>& kindsWanted) {
    const auto items = readLabels(set / "labels.csv");
    const adgen::review::ImageThresholds thresholds =
        thresholdsFile.empty() ? adgen::review::imageThresholds() : adgen::review::loadImageThresholds(thresholdsFile);
    std::map<std::string, Counts> counts;
    std::map<std::string, std::map<std::string, std::pair<int, int>>> byKind;  // check -> kind -> flagged, judged
    std::ofstream measures;
    std::map<std::string, cv::Mat> cutouts;
    if (!measuresFile.empty()) {
        measures.open(measuresFile);
        measures << "image,kind,half,check,label,flagged,measure,value\n";
    }
    const auto start = std::chrono::steady_clock::now();
    int n = 0;
    for (const auto& item : items) {
        if (halfWanted != "all" && item.half != halfWanted) continue;
        if (!kindsWanted.empty() && !kindsWanted.count(item.kind)) continue;
        ++n;
        cv::Mat bgr = cv::imread((set / "images" / item.image).string(), cv::IMREAD_COLOR);
        if (bgr.empty()) throw adgen::Error("Cannot read " + item.image + ".", "Generate the set again.");
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        PrecheckInput input;
        adgen::RgbImage image;
        image.width = rgb.cols;
        image.height = rgb.rows;
        image.pixels.assign(rgb.data, rgb.data + rgb.total() * 3);
        input.image = image;
        auto& cutout = cutouts[item.product];
        if (cutout.empty()) cutout = loadRgba(set / item.product);
        adgen::RgbaImage product;
        product.width = cutout.cols;
        product.height = cutout.rows;
        product.pixels.assign(cutout.data, cutout.data + cutout.total() * 4);
        input.product = product;
        input.maxRatio = item.maxRatio;
        if (boxMode == "truth") input.productBox = adgen::EvidenceRegion{item.box.x, item.box.y, item.box.width, item.box.height, "truth"};
        const auto outcomes = adgen::review::runImageChecks(input, thresholds);
        for (size_t i = 0; i < kChecks.size(); ++i) {
            const int label = Labels(item.labels).at(i);
            const auto it = std::find_if(outcomes.begin(), outcomes.end(), [&](const auto& o) { return o.check == kChecks[i]; });
            const bool flagged = it != outcomes.end() && it->ran && it->flagged;
            if (label >= 0) {
                auto& c = counts[kChecks[i]];
                if (label == 1) (flagged ? c.tp : c.fn)++;
                else (flagged ? c.fp : c.tn)++;
                auto& k = byKind[kChecks[i]][item.kind];
                k.first += flagged;
                k.second += 1;
            }
            if (measures.is_open() && it != outcomes.end()) {
                for (const auto& [name, value] : it->flag.measures)
                    measures << item.image << "," << item.kind << "," << item.half << "," << kChecks[i] << "," << label << ","
                             << flagged << "," << name << "," << value << "\n";
            }
        }
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "Image pre-checks on " << set.string() << "/labels.csv: " << n << " images, half " << halfWanted
              << ", product box " << (boxMode == "truth" ? "given (the true box)" : "located by the checks") << ", "
              << std::fixed << std::setprecision(0) << seconds * 1000 / std::max(1, n) << " ms per image\n\n";
    std::cout << "| check | judged | positives | TP | FP | FN | TN | precision | recall |\n";
    std::cout << "|---|---|---|---|---|---|---|---|---|\n";
    for (const auto& check : kChecks) {
        const auto& c = counts[check];
        std::cout << "| " << check << " | " << c.tp + c.fp + c.fn + c.tn << " | " << c.tp + c.fn << " | " << c.tp << " | "
                  << c.fp << " | " << c.fn << " | " << c.tn << " | " << ratio(c.tp, c.tp + c.fp) << " | "
                  << ratio(c.tp, c.tp + c.fn) << " |\n";
    }
    std::cout << "\nFlagged / judged, per kind of image (a positive kind's row is its recall, a negative's "
                 "its false-alarm rate):\n\n| kind |";
    for (const auto& c : kColumns) std::cout << " " << c << " |";
    std::cout << "\n|---|";
    for (size_t i = 0; i < kColumns.size(); ++i) std::cout << "---|";
    std::cout << "\n";
    std::set<std::string> kinds;
    std::vector<std::string> order;
    for (const auto& item : items)
        if (kinds.insert(item.kind).second) order.push_back(item.kind);
    for (const auto& kind : order) {
        std::cout << "| " << kind << " |";
        for (const auto& check : kChecks) {
            const auto& k = byKind[check][kind];
            if (k.second == 0) std::cout << " - |";
            else std::cout << " " << k.first << "/" << k.second << " |";
        }
        std::cout << "\n";
    }
    return 0;
}

int usage() {
    std::cerr << "usage: prechecks_image_eval generate --out DIR [--seed N] [--count-scale X]\n"
                 "       prechecks_image_eval run --set DIR [--half tune|report|all] [--box none|truth]\n"
                 "                                [--thresholds FILE] [--measures FILE.csv] [--kinds a,b]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string command = argv[1];
    std::map<std::string, std::string> options;
    for (int i = 2; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key.rfind("--", 0) != 0) return usage();
        options[key.substr(2)] = argv[i + 1];
    }
    const auto get = [&](const std::string& key, const std::string& fallback) {
        const auto it = options.find(key);
        return it == options.end() ? fallback : it->second;
    };
    try {
        if (command == "generate") {
            const fs::path out = get("out", "");
            if (out.empty()) return usage();
            const uint64_t seed = std::stoull(get("seed", "7"));
            adgen::SynthOptions synth;
            synth.seed = seed;
            synth.shoppers = 60;
            synth.recordsPerShopper = 4;
            synth.writeBackgrounds = true;
            synth.contactSheet = false;
            synth.textSimilarity = false;
            fs::create_directories(out);
            adgen::writeSynthWorld(synth, (out / "world").string());
            SetWriter writer(out, seed);
            writer.run(readRecords(out / "world"), out / "world", std::stod(get("count-scale", "1")));
            std::cout << "wrote " << (out / "labels.csv").string() << "\n";
            return 0;
        }
        if (command == "run") {
            const fs::path set = get("set", "");
            if (set.empty()) return usage();
            std::set<std::string> kinds;  // --kinds a,b: only these kinds of image (for quick looks)
            std::istringstream list(get("kinds", ""));
            for (std::string k; std::getline(list, k, ',');)
                if (!k.empty()) kinds.insert(k);
            return run(set, get("half", "report"), get("box", "none"), get("thresholds", ""), get("measures", ""), kinds);
        }
    } catch (const std::exception& e) {
        std::cerr << "prechecks_image_eval: " << e.what() << "\n";
        return 1;
    }
    return usage();
}
