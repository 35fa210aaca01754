#pragma once

// Automatic pre-checks of a generated ad against the paper's six reject criteria (appendix,
// section 1): each flag points at its evidence (words of the copy, regions of the image, the
// numbers measured) for a reviewer to look at. Flags are never verdicts: the reviewer decides.
// Plain C++ types only; the studio and `adgen precheck` share this one code path.

#include "adgen/engine.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace adgen {

enum class Criterion {
    SizeMismatch,        // image: product out of proportion with the scene
    ShapeHallucination,  // image: extraneous objects attached to the product, hollows filled wrongly
    SpaceMismatch,       // image: product floating or at an angle the scene contradicts
    VisualPerception,    // image: distorted people, product lost in a background of its colour or clutter
    Factuality,          // text: words or claims absent from the selling points, sensitive or exaggerated content
    Readability,         // text: incoherent, a direct copy of the selling points, severe repetition
};
std::string toString(Criterion criterion);  // "size-mismatch", ..., "readability"
std::optional<Criterion> parseCriterion(const std::string& text);
bool isImageCriterion(Criterion criterion);

// A rectangle of the ad image, in its pixels.
struct EvidenceRegion {
    int x = 0;
    int y = 0;
    int width = 0;
    int height = 0;
    std::string label;  // what is there ("product region", "face", "no contact below")
};

// A part of the copy, as a byte range of the UTF-8 copy text.
struct EvidenceSpan {
    size_t begin = 0;
    size_t end = 0;
    std::string text;
};

struct PrecheckFlag {
    Criterion criterion = Criterion::Factuality;
    std::string check;    // stable id, e.g. "factuality.unsupported-words", "space.floating"
    std::string message;  // one sentence for the reviewer: what was found
    double strength = 0;  // 0..1: how strong the evidence is (for ordering, not a verdict)
    std::vector<EvidenceSpan> spans;      // text evidence
    std::vector<EvidenceRegion> regions;  // image evidence
    std::map<std::string, double> measures;  // the numbers behind the flag, by name
};

struct PrecheckInput {
    // The brief.
    std::vector<std::string> sellingPoints;
    std::string originalTitle;
    std::optional<RgbaImage> product;  // the transparent cut-out the ad was made from
    double maxRatio = 1.0;             // the brief's largest relative product size, (0, 1]
    // What to check; a missing part skips its checks.
    std::optional<std::string> copy;
    std::optional<RgbImage> image;     // the generated ad image (raw, before product fusion)
    // Where the product sits in `image` when known (our generations: the engine's placement of
    // the cut-out). Unset: the checks locate it themselves.
    std::optional<EvidenceRegion> productBox;
};

struct PrecheckReport {
    std::vector<PrecheckFlag> flags;
    std::vector<std::string> checksRun;  // ids of the checks that ran, flagged or not
};

// The text checks (factuality, readability) and the image checks (size, shape, space, visual
// perception); runPrechecks runs both. Word lists and thresholds are data files under
// resources/prechecks/ (found next to the executable's source tree or installed data).
PrecheckReport runTextPrechecks(const PrecheckInput& input);
PrecheckReport runImagePrechecks(const PrecheckInput& input);
PrecheckReport runPrechecks(const PrecheckInput& input);

// Where our generator puts the product in a width x height generated image: the engine's
// re-centring of the cut-out on its own canvas, scaled down when its larger relative side exceeds
// maxRatio (Uni-AdGen's adjust_online_trans, model-spec 2.3), with the canvas stretched to the
// image as prepareProduct stretches it to the model's square. Clipped to the image; label
// "product placement". Empty (0 x 0) where the engine would leave no product: no pixel with
// alpha > 50, a one-pixel product, maxRatio not positive, or a non-positive image size.
// Use it as PrecheckInput::productBox for our own generations.
EvidenceRegion productPlacement(const RgbaImage& product, double maxRatio, int width, int height);

// {"flags": [{"criterion", "check", "message", "strength", "spans", "regions", "measures"}],
//  "checks_run": [...]} — docs/formats.md, "Pre-check reports".
std::string precheckReportToJson(const PrecheckReport& report);

}  // namespace adgen
