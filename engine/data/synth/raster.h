#pragma once

// A tiny anti-aliased rasteriser for the synthetic world: shapes are inside-tests in normalised
// canvas coordinates (x right, y down, both 0..1, square canvases), so one drawing renders at any
// size; colours come from shading functions of the same coordinates. Premultiplied float RGBA.

#include "adgen/product_cutout.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <vector>

namespace adgen::synth {

struct Rgb {
    float r = 0, g = 0, b = 0;
};

inline Rgb hex(uint32_t v) {
    return {static_cast<float>((v >> 16) & 0xFF) / 255.f, static_cast<float>((v >> 8) & 0xFF) / 255.f,
            static_cast<float>(v & 0xFF) / 255.f};
}
inline Rgb mix(const Rgb& a, const Rgb& b, float t) {
    return {a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t};
}
inline Rgb scaled(const Rgb& a, float s) { return {a.r * s, a.g * s, a.b * s}; }
inline float clamp01(float v) { return v < 0.f ? 0.f : (v > 1.f ? 1.f : v); }
inline float smoothstep(float a, float b, float x) {
    const float t = clamp01((x - a) / (b - a));
    return t * t * (3.f - 2.f * t);
}
inline float luminance(const Rgb& c) { return 0.299f * c.r + 0.587f * c.g + 0.114f * c.b; }

struct Box {  // normalised bounds of a shape, for the pixel loop
    float x0 = 0, y0 = 0, x1 = 1, y1 = 1;
};

using Inside = std::function<bool(float x, float y)>;
using Shade = std::function<Rgb(float x, float y)>;

// Shapes.
Inside ellipse(float cx, float cy, float rx, float ry);
Inside roundRect(float x0, float y0, float x1, float y1, float radius);
Inside polygon(std::vector<std::pair<float, float>> points);  // even-odd rule
Inside capsule(float ax, float ay, float bx, float by, float radius);
Inside ring(float cx, float cy, float rx, float ry, float thickness);
Inside intersect(Inside a, Inside b);
Inside subtract(Inside a, Inside b);
Box bounds(const std::vector<std::pair<float, float>>& points);

class Canvas {
public:
    Canvas(int width, int height);

    int width() const { return width_; }
    int height() const { return height_; }

    // Every pixel, opaque: backgrounds.
    void paintAll(const Shade& shade);
    // Composite `shade` with `opacity` over the pixels inside the shape (anti-aliased edges).
    void fill(const Box& box, const Inside& inside, const Shade& shade, float opacity = 1.f);
    void fill(const Box& box, const Inside& inside, const Rgb& colour, float opacity = 1.f) {
        fill(box, inside, [colour](float, float) { return colour; }, opacity);
    }
    // Multiply colour (not alpha) by factor(x, y) inside the box: shadows and vignettes.
    void multiply(const Box& box, const std::function<float(float x, float y)>& factor);

    // 8-bit straight alpha (products) and RGB (backgrounds; alpha ignored).
    RgbaImage toRgba() const;
    std::vector<uint8_t> toRgb() const;

private:
    int width_;
    int height_;
    std::vector<float> px_;  // premultiplied RGBA
};

// Straight-alpha "over" of an 8-bit RGBA image onto an 8-bit RGB image of the same size, rounded:
// what compositing the product cut-out over the background gives.
void compositeOver(std::vector<uint8_t>& rgb, const RgbaImage& top);

}  // namespace adgen::synth
