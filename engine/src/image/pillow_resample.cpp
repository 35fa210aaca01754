#include "image/pillow_resample.h"

#include "adgen/error.h"
#include "image/pillow_convert.h"

#include <cmath>
#include <string>
#include <vector>

// Follows Pillow's src/libImaging/Resample.c (convolution resize) and Geometry.c
// (ImagingScaleAffine, used for NEAREST). Every expression that rounds is evaluated in the same
// order and precision as there, because a single changed rounding moves output bytes.

namespace adgen::image {
namespace {

constexpr double kPi = 3.14159265358979323846;  // M_PI

struct Filter {
    double (*weight)(double x);
    double support;
};

double bilinearWeight(double x) {
    if (x < 0.0) x = -x;
    return x < 1.0 ? 1.0 - x : 0.0;
}

double bicubicWeight(double x) {
    constexpr double a = -0.5;
    if (x < 0.0) x = -x;
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
    if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
    return 0.0;
}

double sinc(double x) {
    if (x == 0.0) return 1.0;
    x = x * kPi;
    return std::sin(x) / x;
}

double lanczosWeight(double x) {
    if (-3.0 <= x && x < 3.0) return sinc(x) * sinc(x / 3);
    return 0.0;
}

Filter filterFor(ResampleFilter filter) {
    switch (filter) {
        case ResampleFilter::Bilinear: return {bilinearWeight, 1.0};
        case ResampleFilter::Bicubic: return {bicubicWeight, 2.0};
        case ResampleFilter::Lanczos: return {lanczosWeight, 3.0};
        case ResampleFilter::Nearest: break;
    }
    throw Error("Nearest-neighbour resizing has no convolution filter.", "This is a bug: report it.");
}

// Weights are 22-bit fixed point: 8 bits of pixel, 2 bits of headroom for negative lobes and
// sums above one, in a 32-bit accumulator.
constexpr int kPrecisionBits = 32 - 8 - 2;

// For each output position: the first input index, how many inputs it reads, and their weights.
struct Coefficients {
    int taps = 0;  // weights per output position (Pillow's ksize)
    std::vector<int> first;
    std::vector<int> count;
    std::vector<int32_t> weights;  // [outSize * taps], fixed point
};

Coefficients precomputeCoefficients(int inSize, float in0, float in1, int outSize, const Filter& filter) {
    // Shrinking widens the filter by the scale so every input pixel contributes (antialiasing).
    const double scale = static_cast<double>(in1 - in0) / outSize;
    const double filterScale = scale < 1.0 ? 1.0 : scale;
    const double support = filter.support * filterScale;
    Coefficients c;
    c.taps = static_cast<int>(std::ceil(support)) * 2 + 1;
    c.first.resize(static_cast<size_t>(outSize));
    c.count.resize(static_cast<size_t>(outSize));
    c.weights.assign(static_cast<size_t>(outSize) * static_cast<size_t>(c.taps), 0);
    std::vector<double> k(static_cast<size_t>(c.taps));
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = in0 + (xx + 0.5) * scale;
        const double inverseScale = 1.0 / filterScale;
        int xmin = static_cast<int>(center - support + 0.5);
        if (xmin < 0) xmin = 0;
        int xmax = static_cast<int>(center + support + 0.5);
        if (xmax > inSize) xmax = inSize;
        xmax -= xmin;
        double total = 0.0;
        for (int x = 0; x < xmax; ++x) {
            const double w = filter.weight((x + xmin - center + 0.5) * inverseScale);
            k[static_cast<size_t>(x)] = w;
            total += w;
        }
        for (int x = 0; x < xmax; ++x) {
            if (total != 0.0) k[static_cast<size_t>(x)] /= total;
        }
        for (int x = 0; x < xmax; ++x) {
            const double v = k[static_cast<size_t>(x)];
            c.weights[static_cast<size_t>(xx) * static_cast<size_t>(c.taps) + static_cast<size_t>(x)] =
                static_cast<int32_t>(v < 0 ? -0.5 + v * (1 << kPrecisionBits) : 0.5 + v * (1 << kPrecisionBits));
        }
        c.first[static_cast<size_t>(xx)] = xmin;
        c.count[static_cast<size_t>(xx)] = xmax;
    }
    return c;
}

// Pillow's clip8: drop the fraction bits (the accumulator started at one half, so this rounds),
// then clamp to a byte.
inline uint8_t clip8(int accumulator) {
    if (accumulator < 0) return 0;
    const int value = accumulator >> kPrecisionBits;
    return static_cast<uint8_t>(value > 255 ? 255 : value);
}

// Horizontal pass over rows [firstRow, firstRow + rows) of `in`.
Image8 resampleHorizontal(const Image8& in, int firstRow, int rows, int outWidth, const Coefficients& c) {
    Image8 out = makeImage(outWidth, rows, in.channels);
    const int channels = in.channels;
    for (int y = 0; y < rows; ++y) {
        for (int xx = 0; xx < outWidth; ++xx) {
            const int xmin = c.first[static_cast<size_t>(xx)];
            const int count = c.count[static_cast<size_t>(xx)];
            const int32_t* k = &c.weights[static_cast<size_t>(xx) * static_cast<size_t>(c.taps)];
            for (int ch = 0; ch < channels; ++ch) {
                int sum = 1 << (kPrecisionBits - 1);
                for (int x = 0; x < count; ++x) sum += in.at(x + xmin, y + firstRow, ch) * k[x];
                out.at(xx, y, ch) = clip8(sum);
            }
        }
    }
    return out;
}

Image8 resampleVertical(const Image8& in, int outHeight, const Coefficients& c, int rowShift) {
    Image8 out = makeImage(in.width, outHeight, in.channels);
    const int channels = in.channels;
    for (int yy = 0; yy < outHeight; ++yy) {
        const int ymin = c.first[static_cast<size_t>(yy)] - rowShift;
        const int count = c.count[static_cast<size_t>(yy)];
        const int32_t* k = &c.weights[static_cast<size_t>(yy) * static_cast<size_t>(c.taps)];
        for (int x = 0; x < in.width; ++x) {
            for (int ch = 0; ch < channels; ++ch) {
                int sum = 1 << (kPrecisionBits - 1);
                for (int y = 0; y < count; ++y) sum += in.at(x, y + ymin, ch) * k[y];
                out.at(x, yy, ch) = clip8(sum);
            }
        }
    }
    return out;
}

// ImagingResampleInner with the whole image as the box.
Image8 convolutionResize(const Image8& in, int width, int height, const Filter& filter) {
    const bool needHorizontal = width != in.width;
    const bool needVertical = height != in.height;
    const Coefficients horizontal =
        precomputeCoefficients(in.width, 0.0f, static_cast<float>(in.width), width, filter);
    const Coefficients vertical =
        precomputeCoefficients(in.height, 0.0f, static_cast<float>(in.height), height, filter);
    if (!needHorizontal) return resampleVertical(in, height, vertical, 0);
    // Only the rows the vertical pass reads go through the horizontal pass.
    const int firstRow = vertical.first.front();
    const int lastRow = vertical.first.back() + vertical.count.back();
    const Image8 temp = resampleHorizontal(in, firstRow, lastRow - firstRow, width, horizontal);
    if (!needVertical) return temp;
    return resampleVertical(temp, height, vertical, firstRow);
}

// ImagingScaleAffine: source positions walk by a double step from the first pixel centre; each
// output pixel copies the source pixel its centre falls in (whole pixels, alpha included).
Image8 nearestResize(const Image8& in, int width, int height) {
    const double stepX = static_cast<double>(static_cast<float>(in.width)) / width;
    const double stepY = static_cast<double>(static_cast<float>(in.height)) / height;
    std::vector<int> sourceX(static_cast<size_t>(width));
    double xo = stepX * 0.5;
    for (int x = 0; x < width; ++x) {
        // Pillow's COORD: negative positions are outside; positions are never negative here.
        sourceX[static_cast<size_t>(x)] = static_cast<int>(xo);
        xo += stepX;
    }
    Image8 out = makeImage(width, height, in.channels);
    double yo = stepY * 0.5;
    for (int y = 0; y < height; ++y) {
        const int sy = static_cast<int>(yo);
        yo += stepY;
        for (int x = 0; x < width; ++x) {
            const int sx = sourceX[static_cast<size_t>(x)];
            // Outside the source (cannot happen for a whole-image box) Pillow leaves zeros.
            if (sx >= in.width || sy >= in.height) continue;
            for (int ch = 0; ch < in.channels; ++ch) out.at(x, y, ch) = in.at(sx, sy, ch);
        }
    }
    return out;
}

}  // namespace

Image8 pillowResize(const Image8& source, int width, int height, ResampleFilter filter) {
    checkImage(source, "The image to resize");
    if (width < 1 || height < 1) {
        throw Error("Cannot resize an image to " + std::to_string(width) + "x" + std::to_string(height) + ".",
                    "Width and height must be at least 1 pixel.");
    }
    if (source.empty()) {
        throw Error("Cannot resize an image without pixels (" + std::to_string(source.width) + "x" +
                        std::to_string(source.height) + ").",
                    "Pass an image at least 1x1 in size.");
    }
    if (source.width == width && source.height == height) return source;
    if (filter == ResampleFilter::Nearest) return nearestResize(source, width, height);
    const Filter convolution = filterFor(filter);
    // Straight alpha would bleed the colour of invisible pixels into visible ones.
    if (source.channels == 4) {
        return unpremultiplyAlpha(convolutionResize(premultiplyAlpha(source), width, height, convolution));
    }
    return convolutionResize(source, width, height, convolution);
}

}  // namespace adgen::image
