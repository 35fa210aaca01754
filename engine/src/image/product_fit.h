#pragma once

// The size a product's opaque box is scaled to by Uni-AdGen's adjust_online_trans: if the box's
// larger side, relative to the canvas, exceeds maxRatio, that side becomes int(maxRatio * canvas
// side) and the other keeps the box's aspect; otherwise the box keeps its size. The same
// expressions in the same order as the reference (doubles, int() truncation), so sizes match it to
// the pixel. Torch-free, so the review pre-checks place products exactly as generation does.

namespace adgen::image {

struct FittedSize {
    int width = 0;
    int height = 0;
};

inline FittedSize fitProductBox(int boxWidth, int boxHeight, int canvasWidth, int canvasHeight, double maxRatio) {
    FittedSize size{boxWidth, boxHeight};
    const double relativeX = static_cast<double>(boxWidth) / canvasWidth;
    const double relativeY = static_cast<double>(boxHeight) / canvasHeight;
    if (relativeX > relativeY) {
        if (relativeX > maxRatio) {
            size.width = static_cast<int>(maxRatio * canvasWidth);
            size.height = static_cast<int>(boxHeight * maxRatio * canvasWidth / boxWidth);
        }
    } else if (relativeY > maxRatio) {
        size.width = static_cast<int>(maxRatio * canvasHeight * boxWidth / boxHeight);
        size.height = static_cast<int>(maxRatio * canvasHeight);
    }
    return size;
}

}  // namespace adgen::image
