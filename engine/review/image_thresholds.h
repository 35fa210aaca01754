#pragma once

// The numbers the image pre-checks compare their measures with. They live in
// resources/prechecks/image_thresholds.json (how they were chosen is written there and in
// docs/results/prechecks.md); the defaults below are the same values, used when no data file is
// found, so a missing file changes nothing.

#include <string>
#include <vector>

namespace adgen::review {

struct ImageThresholds {
    struct Locate {
        int searchSide = 128;       // the image is searched at this long side first, then refined
        double minScale = 0.3;      // product sizes tried, relative to its size on the cut-out's canvas
        double maxScale = 3.0;
        double scaleStep = 1.08;    // geometric step between tried sizes
        // The engine's placement is kept unless a searched place matches clearly better: its mean
        // squared colour difference (0..1) must be below placement's times this factor.
        double placementPreference = 0.3;
    } locate;

    struct Size {
        double maxAreaShare = 0.6;        // product pixels / image pixels above this: too large
        double minAreaShare = 0.01;       // below this: too small to read
        double maxRatioMargin = 0.05;     // largest side / canvas side above maxRatio + margin
        double minPlacementScale = 0.7;   // drawn size / the size the brief places it at
        double maxPlacementScale = 1.4;
    } size;

    struct Shape {
        double ringShare = 0.12;          // background nearer than this (share of the box's larger
                                          // side) is estimated from farther out
        double foreignDeltaE = 18;        // a ring pixel this far (CIE76) from the background
                                          // expected there is not background
        double attachReachShare = 0.3;    // how far out attached objects are looked for, share of
                                          // the product box's geometric mean side
        double rareColourShare = 0.01;    // a colour within presenceDeltaE of less than this share
                                          // of the band beyond the reach: the surroundings lack it
        double presenceDeltaE = 12;
        double minBlobShare = 0.06;       // attached foreign area / product area that flags
        double minHoleShare = 0.01;       // a hollow this large (share of product area) is judged
        double holeDeltaE = 18;           // a hollow's pixel this far from the background, in a colour
                                          // the surroundings lack, is filled
        double hollowFilledShare = 0.7;   // a hollow filled on more than this share (weighted by size)
        double maxMismatchShare = 0.05;   // share of product pixels far from the cut-out's colour
        double mismatchDeltaE = 25;
    } shape;

    struct Space {
        double contactShare = 0.05;       // rows under the product that count as contact, share of its height
        double minShadowDrop = 1.0;       // L* darker under the product than beside it: contact shadow
        double detachedMargin = 5.0;      // a shadow further down darker than the contact rows by
                                          // this (L*): detached from the product
        double minContactDeltaE = 20;     // colour change under vs beside: a support or stand
        double minBlurShare = 0.0052;     // background edge width (sigma) / image side from which the
                                          // background counts as blurred (exempt)
    } space;

    struct Perception {
        double bandShare = 0.05;          // inner and outer bands along the contour, share of box side
        double minContourDeltaE = 20;     // mean contrast across the outline (inside vs just outside)
        double minMeanDeltaE = 10;        // product's edge band vs its surroundings, as averages
        double edgeDeltaE = 12;           // an outline point below this is "lost" (measure, evidence)
        double cannyLow = 60;
        double cannyHigh = 150;
        double maxRingEdgeDensity = 0.06; // Canny edge pixels / ring pixels: clutter
        double ringShare = 0.15;          // clutter ring width, share of box's larger side
    } perception;

    struct People {
        std::vector<std::string> cascades = {"haarcascades/haarcascade_frontalface_alt.xml"};
        std::vector<std::string> cascadeDirs = {"/usr/share/opencv4", "/usr/share/opencv",
                                                "/usr/local/share/opencv4"};
        double scaleFactor = 1.1;
        int minNeighbors = 4;
        double minFaceShare = 0.07;       // smallest face side, share of the image's shorter side
        bool equalize = false;            // equalise the grey histogram before detecting
    } people;
};

// The thresholds from image_thresholds.json in the pre-checks' data folder (precheckDataDirectory:
// $ADGEN_PRECHECKS_DIR, the installed data, or resources/prechecks), else the defaults. Read once.
const ImageThresholds& imageThresholds();

// Reads a thresholds file; keys it does not name keep their default. Throws adgen::Error when the
// file cannot be read or is not JSON of the expected shape.
ImageThresholds loadImageThresholds(const std::string& path);

// The path imageThresholds() reads, empty when none was found.
std::string imageThresholdsPath();

}  // namespace adgen::review
