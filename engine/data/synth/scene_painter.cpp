#include "synth/scene_painter.h"

#include <array>
#include <cmath>

namespace adgen::synth {
namespace {

const Rgb kWhite{1.f, 1.f, 1.f};

// Per family and palette: up to eight colours, their meaning per family in paintScene.
struct Palette {
    const char* name;
    std::array<uint32_t, 8> c;
};

const std::array<std::array<Palette, kPalettesPerFamily>, kSceneFamilies> kPalettes = {{
    // studio: wall top, sweep, floor far, floor near, halo, arch
    {{{"blush pink", {0xE3AEB5, 0xF3D0D4, 0xF6DADD, 0xEDC6CA, 0xFFF1F2, 0xF0C2C8}},
      {"sky blue", {0x93BCE3, 0xCAE0F4, 0xD5E7F7, 0xBFD7EE, 0xF0F7FF, 0xB3D1EE}},
      {"sage green", {0xA3BF9A, 0xD0E0C8, 0xD8E6D1, 0xC2D5B9, 0xF2F8EE, 0xBCD3B2}},
      {"charcoal", {0x25272D, 0x42454D, 0x4A4D55, 0x35383F, 0x6C707A, 0x383B43}}}},
    // tabletop: wall top, wall bottom, surface, grain/vein, light beam
    {{{"oak wood", {0xF3E9D6, 0xE6D7BC, 0xC99A62, 0xA87B48, 0xFFF8EA}},
      {"walnut", {0xBCCBB2, 0xA5B79B, 0x6E4A2F, 0x553823, 0xE8F0E0}},
      {"white marble", {0xB2C6D9, 0x98AFC6, 0xEFEEEB, 0xB3B3BC, 0xE8F1FA}},
      {"black marble", {0xCB7A5D, 0xB4654A, 0x2B2B30, 0x8E8E97, 0xF2B9A2}}}},
    // kitchen: wall, grout, cabinet, counter, counter edge, handle
    {{{"white tile", {0xF4F4F1, 0xD6D6D1, 0xE3E6E9, 0x8E9196, 0x6F7277, 0x9A9EA4}},
      {"mint", {0xCDEBDD, 0xAED3C1, 0xF5F4EE, 0xC79A68, 0xA2784C, 0xB7B9BC}},
      {"navy", {0xEAEDF0, 0xCDD3DA, 0x23344F, 0xF0EFEA, 0xC6C5C0, 0xC9A24A}},
      {"retro yellow", {0xF5D874, 0xDDBE55, 0xD9503F, 0xF3EEE3, 0xCBC2AF, 0xF2F2F2}}}},
    // living room: wall top, wall bottom, floor, plank line, sofa, window sky, picture
    {{{"beige", {0xEEE3D0, 0xE0D2BA, 0xB48A60, 0x94704C, 0x8E9299, 0xCFE6F5, 0x5E7C6A}},
      {"teal", {0x35777B, 0x2A6568, 0xC8A072, 0xA8845A, 0xE1A93A, 0xD7ECF7, 0xF2E3C6}},
      {"terracotta", {0xCC7456, 0xB96247, 0x8A6446, 0x6E4E36, 0xF0E6D6, 0xE4F1F8, 0x2F4B5E}},
      {"lavender", {0xC0B2DB, 0xAD9CCC, 0xD7C3A5, 0xBCA685, 0x263A66, 0xEAF3FA, 0xE7B24C}}}},
    // bathroom: wall tile, wall grout, floor tile, floor grout, mirror frame, mirror glass, towel
    {{{"white and blue", {0xF1F4F6, 0xC5D0D8, 0x4F7FA8, 0x3C6A92, 0xB0B8C0, 0xDCEAF2, 0x4F7FA8}},
      {"blush", {0xF2C9C6, 0xDFAAA6, 0xEFE7E2, 0xD6CBC4, 0xC9A27A, 0xF4ECEA, 0xF7F2EE}},
      {"green", {0x5E8C6A, 0x4B7456, 0xE8E4DA, 0xCFC9BB, 0xDADADA, 0xD8E6E0, 0xF0E2C8}},
      {"black and gold", {0x2A2A2F, 0x3D3D44, 0xEDEBE6, 0xCFCCC4, 0xC9A24A, 0x4A4C55, 0xC9A24A}}}},
    // outdoor: sky top, sky horizon, far hill, near hill, ground far, ground near, sun, tree
    {{{"spring", {0x5D9EE0, 0xCFE6F7, 0x8CBF74, 0x5E9A4E, 0x6DBE4B, 0x4E9E36, 0xFFF6C8, 0x2F6B34}},
      {"autumn", {0xE2B885, 0xF6E6CC, 0xD08446, 0xA65A2A, 0xB58B4C, 0x8E6A36, 0xFFE3A0, 0x8A3B1E}},
      {"desert", {0xEE9D58, 0xF8D8A8, 0xDB9456, 0xC47A3E, 0xE6B877, 0xD49E5C, 0xFFF1C9, 0x5F7D3A}},
      {"snow", {0x94ABC2, 0xE3EAF1, 0xEEF2F6, 0xD3DCE6, 0xF6F8FA, 0xE0E7EE, 0xFFFFFF, 0x3D5A4A}}}},
    // beach: sky top, sky horizon, sea far, sea near, sand, wet sand, sun, palm
    {{{"noon", {0x3A8AD6, 0xA8D4F5, 0x1C69A3, 0x2E9CC4, 0xEBD7A6, 0xCDB57F, 0xFFFBE0, 0x2E6B3A}},
      {"sunset", {0x553775, 0xF29A6B, 0x5E427E, 0xC26E88, 0xE1B68B, 0xC0916F, 0xFFD27A, 0x2B1D2E}},
      {"tropical", {0x22B2E6, 0xBDF1F6, 0x009E9E, 0x3FD0C8, 0xF7E8C2, 0xE2CC97, 0xFFFDE8, 0x2E6B3A}},
      {"overcast", {0x848F9B, 0xC4CBD2, 0x56646F, 0x76868F, 0xBDB3A3, 0xA0968A, 0xE2E5E9, 0x3F4A45}}}},
    // night: sky top, sky horizon, silhouette, floor far, floor near, light, moon, glow
    {{{"city lights", {0x0A1430, 0x25385F, 0x070B16, 0x18223A, 0x0E1426, 0xF5C65A, 0xF4F1DC, 0x3A4C7A}},
      {"neon", {0x18092C, 0x5E1B72, 0x12061E, 0x2A0F38, 0x150820, 0xFF4FD8, 0x3FE0FF, 0x8A2BB0}},
      {"moonlit", {0x0D1938, 0x30507F, 0x0A1228, 0x1A2846, 0x0E1830, 0xDDE6F5, 0xF4F1DC, 0x46679A}},
      {"aurora", {0x051219, 0x0E3A3A, 0x03090C, 0x10262A, 0x081518, 0x3FE6A0, 0xE8F4EE, 0x1F8A6A}}}},
}};

// Floor line (the wall/floor or sky/ground split) per family, before jitter.
constexpr std::array<float, kSceneFamilies> kFloorLine = {0.60f, 0.58f, 0.62f, 0.66f, 0.64f, 0.60f, 0.60f, 0.66f};

Rgb vgrad(const Rgb& a, const Rgb& b, float y, float y0, float y1) { return mix(a, b, clamp01((y - y0) / (y1 - y0))); }
float fract(float v) { return v - std::floor(v); }

class ScenePainter {
public:
    ScenePainter(Canvas& canvas, const SceneStyle& style, SynthRandom& rng) : c_(canvas), s_(style) {
        // Jitter, always drawn in the same order so every family consumes the same numbers.
        horizon_ = kFloorLine[static_cast<size_t>(style.family)] + static_cast<float>(rng.uniform(-0.02, 0.02));
        shift_ = static_cast<float>(rng.uniform(-0.05, 0.05));
        phase_ = static_cast<float>(rng.uniform(0.0, 6.2832));
        const float k = static_cast<float>(rng.uniform(0.96, 1.04));
        const auto& pal = kPalettes[static_cast<size_t>(style.family)][static_cast<size_t>(style.palette)];
        for (size_t i = 0; i < pal.c.size(); ++i) col_[i] = scaled(hex(pal.c[i]), k);
        for (auto& v : extra_) v = static_cast<float>(rng.uniform());
    }

    void paint() {
        switch (s_.family) {
            case 0: studio(); break;
            case 1: tabletop(); break;
            case 2: kitchen(); break;
            case 3: livingRoom(); break;
            case 4: bathroom(); break;
            case 5: outdoor(); break;
            case 6: beach(); break;
            default: night(); break;
        }
    }

private:
    const Rgb& c(int i) const { return col_[static_cast<size_t>(i)]; }

    void studio() {
        const float h = horizon_;
        const Rgb top = c(0), sweep = c(1), far = c(2), near = c(3), halo = c(4);
        const float cx = 0.5f + shift_;
        c_.paintAll([=](float x, float y) {
            Rgb base = y < h ? vgrad(top, sweep, y, 0.f, h) : vgrad(far, near, y, h, 1.f);
            const float blend = smoothstep(h - 0.07f, h + 0.07f, y);  // the seamless curve
            base = mix(y < h ? base : sweep, y < h ? far : base, blend);
            const float r2 = (x - cx) * (x - cx) + (y - 0.45f) * (y - 0.45f);
            return mix(base, halo, 0.45f * std::exp(-r2 / 0.06f));
        });
        // an arch backdrop behind the product
        const Rgb arch = c(5);
        const float ax0 = 0.26f + shift_, ax1 = 0.74f + shift_;
        const Inside archIn = [=](float x, float y) {
            if (x < ax0 || x > ax1 || y > h + 0.01f) return false;
            const float r = (ax1 - ax0) / 2, yc = 0.14f + r;
            if (y >= yc) return true;
            const float dx = x - (ax0 + r), dy = y - yc;
            return dx * dx + dy * dy <= r * r;
        };
        c_.fill({ax0, 0.1f, ax1, h + 0.02f}, archIn, [=](float, float y) { return vgrad(arch, mix(arch, sweep, 0.5f), y, 0.14f, h); });
    }

    void tabletop() {
        const float h = horizon_;
        const Rgb w0 = c(0), w1 = c(1), surface = c(2), grain = c(3);
        const bool wood = s_.palette < 2;
        const float ph = phase_;
        c_.paintAll([=](float x, float y) {
            if (y < h) return vgrad(w0, w1, y, 0.f, h);
            const float d = (y - h) / (1.f - h);
            Rgb base = scaled(surface, 0.92f + 0.1f * d);
            if (wood) {
                const float g = fract((y - h) * 38.f + 0.35f * std::sin(x * 6.f + ph) + 0.15f * std::sin(x * 17.f));
                if (g < 0.16f) base = mix(base, grain, 0.7f);
            } else {
                for (int k = 0; k < 3; ++k) {
                    const float line = h + 0.08f + 0.13f * static_cast<float>(k) + 0.05f * std::sin(x * (3.f + static_cast<float>(k)) + ph + static_cast<float>(k));
                    const float dist = std::fabs(y - line - 0.12f * (x - 0.5f) * (k % 2 ? -1.f : 1.f));
                    base = mix(base, grain, 0.8f * std::exp(-dist * dist / 0.00006f));
                }
            }
            return base;
        });
        // soft window light on the wall, and the wall/table contact line
        const float sx = shift_;
        const std::vector<std::pair<float, float>> beam = {{0.55f + sx, 0.f}, {0.85f + sx, 0.f}, {0.62f + sx, h}, {0.32f + sx, h}};
        c_.fill(bounds(beam), polygon(beam), c(4), 0.35f);
        c_.fill({0, h, 1, h + 0.02f}, [=](float, float y) { return y >= h && y < h + 0.012f; }, scaled(surface, 0.7f));
    }

    void kitchen() {
        const float h = horizon_;
        const Rgb wall = c(0), grout = c(1), counter = c(3), edge = c(4);
        c_.paintAll([=](float x, float y) {
            if (y < h) {  // subway tiles, offset rows
                const float row = y / 0.045f;
                const float off = (static_cast<int>(std::floor(row)) % 2) ? 0.5f : 0.f;
                const bool line = fract(row) < 0.1f || fract(x / 0.09f + off) < 0.05f;
                return line ? grout : wall;
            }
            return scaled(counter, 1.02f - 0.12f * (y - h) / (1.f - h));
        });
        // upper cabinets with handles
        const Rgb cab = c(2), handle = c(5);
        const float sx = shift_;
        for (int i = 0; i < 3; ++i) {
            const float x0 = -0.02f + 0.36f * static_cast<float>(i) + sx, x1 = x0 + 0.34f;
            c_.fill({x0, 0, x1, 0.24f}, roundRect(x0, -0.05f, x1, 0.22f, 0.01f),
                    [=](float, float y) { return scaled(cab, 1.0f - 0.2f * y); });
            c_.fill({x0, 0.16f, x1, 0.2f}, roundRect(x0 + 0.13f, 0.17f, x0 + 0.21f, 0.185f, 0.007f), handle);
        }
        c_.fill({0, h - 0.02f, 1, h + 0.03f}, [=](float, float y) { return y >= h - 0.012f && y < h + 0.018f; }, edge);
    }

    void livingRoom() {
        const float h = horizon_;
        const Rgb w0 = c(0), w1 = c(1), floor = c(2), plank = c(3);
        c_.paintAll([=](float x, float y) {
            if (y < h) return vgrad(w0, w1, y, 0.f, h);
            const float d = (y - h) / (1.f - h);
            const float rowCoord = std::sqrt(d) * 7.f;  // boards widen towards the viewer
            const int row = static_cast<int>(std::floor(rowCoord));
            const bool seam = fract(rowCoord) < 0.07f || fract(x * 2.2f + 0.37f * static_cast<float>(row)) < 0.012f;
            return seam ? plank : scaled(floor, 0.94f + 0.1f * d);
        });
        // skirting board
        c_.fill({0, h - 0.03f, 1, h}, [=](float, float y) { return y >= h - 0.025f && y < h; }, mix(w1, kWhite, 0.5f));
        // window with a sky and mullions, left
        const float sx = shift_;
        const float x0 = 0.05f + sx, x1 = 0.33f + sx, y0 = 0.08f, y1 = 0.48f;
        c_.fill({x0 - 0.02f, y0 - 0.02f, x1 + 0.02f, y1 + 0.02f}, roundRect(x0 - 0.015f, y0 - 0.015f, x1 + 0.015f, y1 + 0.015f, 0.004f),
                hex(0xF7F6F2));
        const Rgb sky = c(5);
        c_.fill({x0, y0, x1, y1}, roundRect(x0, y0, x1, y1, 0.f), [=](float, float y) { return vgrad(mix(sky, hex(0x7FB2DA), 0.5f), sky, y, y0, y1); });
        c_.fill({x0, y0, x1, y1}, [=](float x, float y) { return std::fabs(x - (x0 + x1) / 2) < 0.008f || std::fabs(y - (y0 + y1) / 2) < 0.008f; },
                hex(0xF7F6F2));
        // picture and sofa, right
        c_.fill({0.66f + sx, 0.1f, 0.9f + sx, 0.3f}, roundRect(0.67f + sx, 0.11f, 0.89f + sx, 0.29f, 0.004f), hex(0xF7F6F2));
        c_.fill({0.66f + sx, 0.1f, 0.9f + sx, 0.3f}, roundRect(0.685f + sx, 0.125f, 0.875f + sx, 0.275f, 0.f), c(6));
        const Rgb sofa = c(4);
        const float s0 = 0.6f + sx;
        c_.fill({s0, 0.34f, 1.1f, h + 0.06f}, roundRect(s0 + 0.03f, 0.36f, 1.1f, 0.56f, 0.04f), scaled(sofa, 0.9f));
        c_.fill({s0, 0.34f, 1.1f, h + 0.06f}, roundRect(s0, 0.50f, 1.1f, h + 0.04f, 0.035f),
                [=](float, float y) { return scaled(sofa, 1.05f - 0.35f * (y - 0.5f)); });
        c_.fill({s0, 0.34f, 1.1f, h + 0.06f}, roundRect(s0 - 0.02f, 0.44f, s0 + 0.07f, h + 0.04f, 0.035f), scaled(sofa, 0.82f));
    }

    void bathroom() {
        const float h = horizon_;
        const Rgb tile = c(0), grout = c(1), ftile = c(2), fgrout = c(3);
        c_.paintAll([=](float x, float y) {
            if (y < h) {
                const bool line = fract(y / 0.12f) < 0.035f || fract(x / 0.12f + 0.5f) < 0.035f;
                return line ? grout : tile;
            }
            const float d = (y - h) / (1.f - h);
            const float row = std::sqrt(d) * 4.f;
            const float col = (x - 0.5f) / (0.35f + 0.65f * d) * 4.f;  // converging columns
            const bool line = fract(row) < 0.06f || fract(col) < 0.04f;
            return line ? fgrout : scaled(ftile, 0.95f + 0.08f * d);
        });
        // round mirror with frame and a highlight, and a towel
        const float mx = 0.5f + shift_, my = 0.24f, r = 0.15f;
        c_.fill({mx - r - 0.02f, my - r - 0.02f, mx + r + 0.02f, my + r + 0.02f}, ellipse(mx, my, r + 0.015f, r + 0.015f), c(4));
        const Rgb glass = c(5);
        c_.fill({mx - r, my - r, mx + r, my + r}, ellipse(mx, my, r, r),
                [=](float x, float y) { return mix(glass, kWhite, 0.25f * clamp01(1.f - ((x - mx) + (y - my) + r) / (2 * r))); });
        const float tx = 0.1f + shift_ * 0.5f;
        c_.fill({tx - 0.08f, 0.3f, tx + 0.1f, 0.34f}, capsule(tx - 0.07f, 0.32f, tx + 0.09f, 0.32f, 0.008f), hex(0xB8BEC4));
        c_.fill({tx - 0.06f, 0.32f, tx + 0.08f, 0.56f}, roundRect(tx - 0.055f, 0.32f, tx + 0.075f, 0.55f, 0.01f),
                [=](float, float y) { return scaled(c(6), 1.0f - 0.25f * (y - 0.32f)); });
    }

    void outdoor() {
        const float h = horizon_;
        const Rgb sky0 = c(0), sky1 = c(1), hillFar = c(2), hillNear = c(3), g0 = c(4), g1 = c(5);
        const float ph = phase_;
        c_.paintAll([=](float x, float y) {
            if (y >= h) return vgrad(g0, g1, y, h, 1.f);
            const float near = h - 0.06f - 0.04f * std::sin(x * 7.f + ph);
            const float far = h - 0.16f - 0.06f * std::sin(x * 4.f + ph * 0.7f + 1.f);
            if (y > near) return hillNear;
            if (y > far) return hillFar;
            return vgrad(sky0, sky1, y, 0.f, h);
        });
        const float sx = 0.78f + shift_, sy = 0.16f;
        c_.fill({sx - 0.2f, sy - 0.2f, sx + 0.2f, sy + 0.2f}, ellipse(sx, sy, 0.16f, 0.16f), c(6), 0.25f);
        c_.fill({sx - 0.1f, sy - 0.1f, sx + 0.1f, sy + 0.1f}, ellipse(sx, sy, 0.075f, 0.075f), c(6));
        // two round trees on the left
        const Rgb tree = c(7);
        for (int i = 0; i < 2; ++i) {
            const float tx = 0.1f + 0.13f * static_cast<float>(i) + shift_, ty = h - 0.1f - 0.03f * static_cast<float>(i);
            c_.fill({tx - 0.02f, ty, tx + 0.02f, h + 0.02f}, roundRect(tx - 0.012f, ty, tx + 0.012f, h + 0.01f, 0.f), scaled(tree, 0.6f));
            c_.fill({tx - 0.09f, ty - 0.16f, tx + 0.09f, ty + 0.04f}, ellipse(tx, ty - 0.05f, 0.07f, 0.09f), tree);
        }
        // ground texture: a few soft stripes
        c_.fill({0, h, 1, 1}, [=](float x, float y) { return y > h && fract((y - h) * 14.f + 0.2f * std::sin(x * 9.f + ph)) < 0.1f; },
                scaled(g1, 0.9f), 0.5f);
    }

    void beach() {
        const float h = horizon_;
        const float seaTop = h - 0.13f;
        const Rgb sky0 = c(0), sky1 = c(1), sea0 = c(2), sea1 = c(3), sand = c(4), wet = c(5);
        const float ph = phase_;
        c_.paintAll([=](float x, float y) {
            const float shore = h + 0.012f * std::sin(x * 10.f + ph);
            if (y < seaTop) return vgrad(sky0, sky1, y, 0.f, seaTop);
            if (y < shore) {
                Rgb s = vgrad(sea0, sea1, y, seaTop, h);
                if (fract((y - seaTop) * 45.f + 0.3f * std::sin(x * 13.f + ph)) < 0.12f) s = mix(s, kWhite, 0.25f);
                return s;
            }
            if (y < shore + 0.012f) return mix(sea1, kWhite, 0.75f);  // foam
            return y < shore + 0.06f ? wet : vgrad(sand, scaled(sand, 0.93f), y, h, 1.f);
        });
        const float sx = 0.72f + shift_;
        const float sy = s_.palette == 1 ? seaTop - 0.02f : 0.15f;  // the sunset sun sits on the sea
        c_.fill({sx - 0.2f, sy - 0.2f, sx + 0.2f, sy + 0.2f}, ellipse(sx, sy, 0.15f, 0.15f), c(6), 0.25f);
        c_.fill({sx - 0.1f, sy - 0.1f, sx + 0.1f, std::min(sy + 0.1f, seaTop)},
                intersect(ellipse(sx, sy, 0.07f, 0.07f), [=](float, float y) { return y < seaTop; }), c(6));
        if (s_.palette == 1 || s_.palette == 2) {  // palm silhouette on the left
            const Rgb palm = c(7);
            const float px = 0.1f + shift_ * 0.5f;
            for (int k = 0; k < 6; ++k) {
                const float t0 = static_cast<float>(k) / 6.f, t1 = static_cast<float>(k + 1) / 6.f;
                const float ax = px + 0.06f * t0 * t0, ay = h + 0.05f - 0.42f * t0, bx = px + 0.06f * t1 * t1, by = h + 0.05f - 0.42f * t1;
                c_.fill({std::min(ax, bx) - 0.03f, by - 0.03f, std::max(ax, bx) + 0.03f, ay + 0.03f}, capsule(ax, ay, bx, by, 0.016f - 0.005f * t0), palm);
            }
            const float topX = px + 0.06f, topY = h + 0.05f - 0.42f;
            for (int k = 0; k < 5; ++k) {
                const float ang = -2.6f + 1.1f * static_cast<float>(k) + 0.1f * extra_[0];
                const float ex = topX + 0.11f * std::cos(ang), ey = topY + 0.06f + 0.11f * std::sin(ang) * 0.6f;
                c_.fill({std::min(topX, ex) - 0.04f, std::min(topY, ey) - 0.04f, std::max(topX, ex) + 0.04f, std::max(topY, ey) + 0.06f},
                        capsule(topX, topY, ex, ey + 0.03f, 0.018f), palm);
            }
        }
    }

    void night() {
        const float h = horizon_;
        const Rgb sky0 = c(0), sky1 = c(1), floorFar = c(3), floorNear = c(4);
        c_.paintAll([=](float, float y) { return y < h ? vgrad(sky0, sky1, y, 0.f, h) : vgrad(floorFar, floorNear, y, h, 1.f); });
        // stars at fixed places per palette
        SynthRandom stars(0x5EED0000u + static_cast<uint64_t>(s_.palette));
        for (int i = 0; i < 22; ++i) {
            const float x = static_cast<float>(stars.uniform()), y = static_cast<float>(stars.uniform(0.0, 0.4));
            c_.fill({x - 0.01f, y - 0.01f, x + 0.01f, y + 0.01f}, ellipse(x, y, 0.0045f, 0.0045f), kWhite, 0.8f);
        }
        const Rgb sil = c(2), light = c(5), moon = c(6), glow = c(7);
        const float sx = shift_;
        if (s_.palette == 3) {  // aurora bands and pines
            for (int k = 0; k < 2; ++k) {
                const float base = 0.16f + 0.12f * static_cast<float>(k), ph = phase_ + static_cast<float>(k);
                c_.fill({0, 0, 1, 0.5f}, [=](float x, float y) { return std::fabs(y - base - 0.05f * std::sin(x * 5.f + ph)) < 0.03f; },
                        k ? glow : light, 0.45f);
            }
        } else {
            const float mx = 0.8f + sx, my = 0.16f, r = s_.palette == 2 ? 0.1f : 0.055f;
            c_.fill({mx - r * 3, my - r * 3, mx + r * 3, my + r * 3}, ellipse(mx, my, r * 2.f, r * 2.f), glow, 0.25f);
            c_.fill({mx - r, my - r, mx + r, my + r}, ellipse(mx, my, r, r), moon);
        }
        if (s_.palette <= 1) {  // skyline with lit windows
            for (int i = 0; i < 9; ++i) {
                const float x0 = -0.04f + 0.12f * static_cast<float>(i) + 0.3f * sx;
                const float top = h - 0.12f - 0.2f * fract(std::sin(static_cast<float>(i) * 12.9898f + static_cast<float>(s_.palette)) * 43758.5f);
                c_.fill({x0, top, x0 + 0.11f, h}, roundRect(x0, top, x0 + 0.105f, h + 0.01f, 0.f), sil);
                c_.fill({x0, top, x0 + 0.11f, h},
                        [=](float x, float y) {
                            if (x < x0 + 0.015f || x > x0 + 0.09f || y < top + 0.02f || y > h - 0.02f) return false;
                            const int cx = static_cast<int>(std::floor((x - x0) / 0.025f)), cy = static_cast<int>(std::floor((y - top) / 0.03f));
                            return fract((x - x0) / 0.025f) < 0.5f && fract((y - top) / 0.03f) < 0.45f && ((cx * 7 + cy * 3 + i) % 3) != 0;
                        },
                        light, 0.85f);
            }
            if (s_.palette == 1)  // neon sign lines
                for (int k = 0; k < 2; ++k) {
                    const float y = h - 0.2f + 0.06f * static_cast<float>(k);
                    c_.fill({0.05f, y - 0.02f, 0.45f, y + 0.02f}, capsule(0.08f + sx, y, 0.4f + sx, y, 0.008f), k ? moon : light);
                }
        } else {  // hills or pines
            const float ph = phase_;
            c_.fill({0, h - 0.3f, 1, h + 0.01f}, [=](float x, float y) {
                if (y > h) return false;
                if (s_.palette == 2) return y > h - 0.1f - 0.05f * std::sin(x * 5.f + ph);
                const float cell = fract(x / 0.08f) - 0.5f;
                const float height = 0.1f + 0.06f * fract(std::sin(std::floor(x / 0.08f) * 78.233f) * 43758.5f);
                return y > h - 0.02f || y > h - height + std::fabs(cell) * height * 2.2f;
            }, sil);
        }
        // glossy floor: a soft reflection under the product
        c_.fill({0.1f, h, 0.9f, 1}, ellipse(0.5f + sx * 0.5f, 0.9f, 0.38f, 0.1f), glow, 0.25f);
    }

    Canvas& c_;
    SceneStyle s_;
    float horizon_ = 0.6f, shift_ = 0.f, phase_ = 0.f;
    std::array<Rgb, 8> col_{};
    std::array<float, 4> extra_{};
};

}  // namespace

const std::vector<std::string>& sceneFamilyNames() {
    static const std::vector<std::string> names = {"studio", "tabletop", "kitchen", "living-room",
                                                   "bathroom", "outdoor", "beach", "night"};
    return names;
}

const std::string& paletteName(int family, int palette) {
    static const auto names = [] {
        std::vector<std::vector<std::string>> out;
        for (const auto& fam : kPalettes) {
            out.emplace_back();
            for (const auto& p : fam) out.back().push_back(p.name);
        }
        return out;
    }();
    return names[static_cast<size_t>(family)][static_cast<size_t>(palette)];
}

std::string sceneCaption(const SceneStyle& style, const Product& product) {
    const std::string& pal = paletteName(style.family, style.palette);
    const std::string what = product.cat().id;
    std::string where;
    switch (style.family) {
        case 0: where = "A seamless " + pal + " studio sweep with an arch backdrop and a soft spotlight"; break;
        case 1: where = "A " + pal + " table top against a plain wall with soft window light"; break;
        case 2: where = "A " + pal + " kitchen with a tiled backsplash, upper cabinets and a counter"; break;
        case 3: where = "A " + pal + " living room with a window, a framed picture, a sofa and a wooden floor"; break;
        case 4: where = "A " + pal + " bathroom with large wall tiles, a round mirror and a towel"; break;
        case 5: where = "An outdoor " + pal + " landscape with rolling hills, trees and the sun"; break;
        case 6: where = "A beach at " + pal + " with the sea, the shoreline and sand"; break;
        default: where = "A " + pal + " night scene with a glossy floor"; break;
    }
    const bool table = style.family == 1 || style.family == 2;
    return where + "; the " + what + " stands on the " + (table ? "surface" : (style.family >= 5 && style.family <= 6 ? "ground" : "floor")) +
           " in the centre with a soft contact shadow.";
}

void paintScene(Canvas& canvas, const SceneStyle& style, SynthRandom& jitter) { ScenePainter(canvas, style, jitter).paint(); }

void paintContactShadow(Canvas& canvas, const SceneStyle& style, const Footprint& footprint, float baseY) {
    const float strength = style.family == 7 ? 0.7f : 0.6f;
    const float cx = footprint.centreX, rx = 0.62f * footprint.width + 0.015f, ry = 0.02f + 0.035f * footprint.width;
    const float cy = baseY - 0.006f;
    canvas.multiply({cx - rx * 1.6f, cy - ry * 2.f, cx + rx * 1.6f, cy + ry * 2.f}, [=](float x, float y) {
        const float dx = (x - cx) / rx, dy = (y - cy) / ry;
        const float soft = std::exp(-2.2f * (dx * dx + dy * dy));
        const float cdx = dx / 0.85f, cdy = dy / 0.5f;
        const float core = std::exp(-4.f * (cdx * cdx + cdy * cdy));
        return 1.f - strength * clamp01(0.6f * soft + 0.6f * core);
    });
}

}  // namespace adgen::synth
