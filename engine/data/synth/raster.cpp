#include "synth/raster.h"

namespace adgen::synth {

Inside ellipse(float cx, float cy, float rx, float ry) {
    return [=](float x, float y) {
        const float dx = (x - cx) / rx, dy = (y - cy) / ry;
        return dx * dx + dy * dy <= 1.f;
    };
}

Inside roundRect(float x0, float y0, float x1, float y1, float radius) {
    const float r = std::max(0.f, std::min(radius, 0.5f * std::min(x1 - x0, y1 - y0)));
    return [=](float x, float y) {
        if (x < x0 || x > x1 || y < y0 || y > y1) return false;
        const float qx = std::max(std::max(x0 + r - x, x - (x1 - r)), 0.f);
        const float qy = std::max(std::max(y0 + r - y, y - (y1 - r)), 0.f);
        return qx * qx + qy * qy <= r * r;
    };
}

Inside polygon(std::vector<std::pair<float, float>> points) {
    return [pts = std::move(points)](float x, float y) {
        bool in = false;
        for (size_t i = 0, j = pts.size() - 1; i < pts.size(); j = i++) {
            const auto [xi, yi] = pts[i];
            const auto [xj, yj] = pts[j];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) in = !in;
        }
        return in;
    };
}

Inside capsule(float ax, float ay, float bx, float by, float radius) {
    return [=](float x, float y) {
        const float vx = bx - ax, vy = by - ay;
        const float len2 = vx * vx + vy * vy;
        float t = len2 > 0.f ? ((x - ax) * vx + (y - ay) * vy) / len2 : 0.f;
        t = clamp01(t);
        const float dx = x - (ax + t * vx), dy = y - (ay + t * vy);
        return dx * dx + dy * dy <= radius * radius;
    };
}

Inside ring(float cx, float cy, float rx, float ry, float thickness) {
    return subtract(ellipse(cx, cy, rx, ry), ellipse(cx, cy, rx - thickness, ry - thickness));
}

Inside intersect(Inside a, Inside b) {
    return [a = std::move(a), b = std::move(b)](float x, float y) { return a(x, y) && b(x, y); };
}

Inside subtract(Inside a, Inside b) {
    return [a = std::move(a), b = std::move(b)](float x, float y) { return a(x, y) && !b(x, y); };
}

Box bounds(const std::vector<std::pair<float, float>>& points) {
    Box b{1e9f, 1e9f, -1e9f, -1e9f};
    for (const auto& [x, y] : points) {
        b.x0 = std::min(b.x0, x), b.y0 = std::min(b.y0, y);
        b.x1 = std::max(b.x1, x), b.y1 = std::max(b.y1, y);
    }
    return b;
}

Canvas::Canvas(int width, int height)
    : width_(width), height_(height), px_(static_cast<size_t>(width) * static_cast<size_t>(height) * 4, 0.f) {}

void Canvas::paintAll(const Shade& shade) {
    for (int j = 0; j < height_; ++j)
        for (int i = 0; i < width_; ++i) {
            const Rgb c = shade((static_cast<float>(i) + 0.5f) / static_cast<float>(width_),
                                (static_cast<float>(j) + 0.5f) / static_cast<float>(height_));
            float* p = &px_[(static_cast<size_t>(j) * static_cast<size_t>(width_) + static_cast<size_t>(i)) * 4];
            p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 1.f;
        }
}

void Canvas::fill(const Box& box, const Inside& inside, const Shade& shade, float opacity) {
    const float w = static_cast<float>(width_), h = static_cast<float>(height_);
    const int i0 = std::max(0, static_cast<int>(std::floor(box.x0 * w)) - 1);
    const int i1 = std::min(width_ - 1, static_cast<int>(std::ceil(box.x1 * w)) + 1);
    const int j0 = std::max(0, static_cast<int>(std::floor(box.y0 * h)) - 1);
    const int j1 = std::min(height_ - 1, static_cast<int>(std::ceil(box.y1 * h)) + 1);
    constexpr int kGrid = 4;  // 16 samples where the quick test finds an edge
    for (int j = j0; j <= j1; ++j)
        for (int i = i0; i <= i1; ++i) {
            const float fx = static_cast<float>(i), fy = static_cast<float>(j);
            // Quick test: the centre and four points near the corners agree -> fully in or out.
            const bool c = inside((fx + 0.5f) / w, (fy + 0.5f) / h);
            int same = 0;
            for (int k = 0; k < 4; ++k) {
                const float ox = (k & 1) ? 0.875f : 0.125f, oy = (k & 2) ? 0.875f : 0.125f;
                same += inside((fx + ox) / w, (fy + oy) / h) == c ? 1 : 0;
            }
            float coverage;
            if (same == 4) {
                if (!c) continue;
                coverage = 1.f;
            } else {
                int n = 0;
                for (int sy = 0; sy < kGrid; ++sy)
                    for (int sx = 0; sx < kGrid; ++sx)
                        n += inside((fx + (static_cast<float>(sx) + 0.5f) / kGrid) / w,
                                    (fy + (static_cast<float>(sy) + 0.5f) / kGrid) / h)
                                 ? 1
                                 : 0;
                if (n == 0) continue;
                coverage = static_cast<float>(n) / (kGrid * kGrid);
            }
            const float a = coverage * opacity;
            const Rgb col = shade((fx + 0.5f) / w, (fy + 0.5f) / h);
            float* p = &px_[(static_cast<size_t>(j) * static_cast<size_t>(width_) + static_cast<size_t>(i)) * 4];
            p[0] = clamp01(col.r) * a + p[0] * (1.f - a);
            p[1] = clamp01(col.g) * a + p[1] * (1.f - a);
            p[2] = clamp01(col.b) * a + p[2] * (1.f - a);
            p[3] = a + p[3] * (1.f - a);
        }
}

void Canvas::multiply(const Box& box, const std::function<float(float, float)>& factor) {
    const float w = static_cast<float>(width_), h = static_cast<float>(height_);
    const int i0 = std::max(0, static_cast<int>(std::floor(box.x0 * w)));
    const int i1 = std::min(width_ - 1, static_cast<int>(std::ceil(box.x1 * w)));
    const int j0 = std::max(0, static_cast<int>(std::floor(box.y0 * h)));
    const int j1 = std::min(height_ - 1, static_cast<int>(std::ceil(box.y1 * h)));
    for (int j = j0; j <= j1; ++j)
        for (int i = i0; i <= i1; ++i) {
            const float f = factor((static_cast<float>(i) + 0.5f) / w, (static_cast<float>(j) + 0.5f) / h);
            float* p = &px_[(static_cast<size_t>(j) * static_cast<size_t>(width_) + static_cast<size_t>(i)) * 4];
            p[0] *= f, p[1] *= f, p[2] *= f;
        }
}

namespace {
uint8_t byte(float v) { return static_cast<uint8_t>(std::lround(clamp01(v) * 255.f)); }
}  // namespace

RgbaImage Canvas::toRgba() const {
    RgbaImage out;
    out.width = width_;
    out.height = height_;
    out.pixels.resize(px_.size());
    for (size_t k = 0; k < px_.size(); k += 4) {
        const float a = px_[k + 3];
        const uint8_t a8 = byte(a);
        out.pixels[k + 3] = a8;
        if (a8 == 0) continue;  // transparent black
        out.pixels[k] = byte(px_[k] / a);
        out.pixels[k + 1] = byte(px_[k + 1] / a);
        out.pixels[k + 2] = byte(px_[k + 2] / a);
    }
    return out;
}

std::vector<uint8_t> Canvas::toRgb() const {
    std::vector<uint8_t> out(px_.size() / 4 * 3);
    for (size_t k = 0, o = 0; k < px_.size(); k += 4, o += 3) {
        out[o] = byte(px_[k]);
        out[o + 1] = byte(px_[k + 1]);
        out[o + 2] = byte(px_[k + 2]);
    }
    return out;
}

void compositeOver(std::vector<uint8_t>& rgb, const RgbaImage& top) {
    for (size_t p = 0, n = static_cast<size_t>(top.width) * static_cast<size_t>(top.height); p < n; ++p) {
        const unsigned a = top.pixels[p * 4 + 3];
        if (a == 0) continue;
        for (int c = 0; c < 3; ++c) {
            const unsigned f = top.pixels[p * 4 + static_cast<size_t>(c)];
            uint8_t& b = rgb[p * 3 + static_cast<size_t>(c)];
            b = static_cast<uint8_t>((f * a + b * (255u - a) + 127u) / 255u);
        }
    }
}

}  // namespace adgen::synth
