#include "synth/product_painter.h"

#include <cmath>

namespace adgen::synth {
namespace {

const Rgb kWhite{1.f, 1.f, 1.f};
const Rgb kSilver = hex(0xC9CDD3);
const Rgb kDark = hex(0x1E1F23);

using UV = std::pair<float, float>;

Inside unite(Inside a, Inside b) {
    return [a = std::move(a), b = std::move(b)](float x, float y) { return a(x, y) || b(x, y); };
}

// The product's box on the canvas; u, v are 0..1 across it (v down).
struct Frame {
    float x0, y0, w, h;

    explicit Frame(const Placement& p)
        : x0(p.centreX - p.width / 2), y0(p.baseY - p.height), w(p.width), h(p.height) {}
    float X(float u) const { return x0 + u * w; }
    float Y(float v) const { return y0 + v * h; }
    float U(float x) const { return (x - x0) / w; }
    float V(float y) const { return (y - y0) / h; }
    Box box(float u0, float v0, float u1, float v1) const { return {X(u0), Y(v0), X(u1), Y(v1)}; }
    Inside rect(float u0, float v0, float u1, float v1, float radiusU = 0.f) const {
        return roundRect(X(u0), Y(v0), X(u1), Y(v1), radiusU * w);
    }
    Inside oval(float uc, float vc, float ru, float rv) const { return ellipse(X(uc), Y(vc), ru * w, rv * h); }
    Inside stick(float u0, float v0, float u1, float v1, float radiusU) const {
        return capsule(X(u0), Y(v0), X(u1), Y(v1), radiusU * w);
    }
    Inside loop(float uc, float vc, float ru, float rv, float thicknessU) const {
        return ring(X(uc), Y(vc), ru * w, rv * h, thicknessU * w);
    }
    Inside poly(const std::vector<UV>& uv) const { return polygon(map(uv)); }
    Box polyBox(const std::vector<UV>& uv) const { return bounds(map(uv)); }
    std::vector<std::pair<float, float>> map(const std::vector<UV>& uv) const {
        std::vector<std::pair<float, float>> out;
        for (const auto& [u, v] : uv) out.emplace_back(X(u), Y(v));
        return out;
    }
};

// Lit cylinder across u in [0, 1]: Lambert from the upper left, a specular stripe (tighter and
// brighter when glossy) and a faint rim light on the right.
Rgb cylinder(const Rgb& base, float u, float gloss) {
    const float t = std::max(-1.f, std::min(1.f, 2.f * u - 1.f));
    const float nz = std::sqrt(std::max(0.f, 1.f - t * t));
    const float diffuse = clamp01(-0.45f * t + 0.89f * nz);
    Rgb c = scaled(base, 0.50f + 0.62f * diffuse);
    const float width = 0.05f + 0.08f * (1.f - gloss);
    const float spec = std::exp(-std::pow((u - 0.3f) / width, 2.f)) * (0.15f + 0.6f * gloss);
    const float rim = std::exp(-std::pow((u - 0.9f) / 0.04f, 2.f)) * 0.12f * gloss;
    return mix(c, kWhite, clamp01(spec + rim));
}

// A face lit from above: brighter at the top.
Rgb face(const Rgb& base, float v, float strength = 0.14f) { return scaled(base, 1.05f - strength * clamp01(v)); }

class Painter {
public:
    Painter(Canvas& canvas, const Product& p)
        : c_(canvas), p_(p), f_(p.placement), body_(hex(namedColours()[static_cast<size_t>(p.colour)].rgb)),
          accent_(hex(namedColours()[static_cast<size_t>(p.accent)].rgb)), s_(p.shape) {}

    void paint() {
        switch (p_.category) {
            case 0: bottle(); break;
            case 1: box(); break;
            case 2: can(); break;
            case 3: shoe(); break;
            case 4: lamp(); break;
            case 5: mug(); break;
            case 6: chair(); break;
            default: device(); break;
        }
    }

private:
    // A part shaded as a cylinder spanning u0..u1.
    void cyl(const Box& b, const Inside& in, const Rgb& col, float u0, float u1, float gloss, float opacity = 1.f) {
        const Frame f = f_;
        c_.fill(b, in, [=](float x, float) { return cylinder(col, (f.U(x) - u0) / (u1 - u0), gloss); }, opacity);
    }
    // A part lit from above, darker towards v = 1 (and slightly towards the right).
    void flat(const Box& b, const Inside& in, const Rgb& col, float strength = 0.14f, float opacity = 1.f) {
        const Frame f = f_;
        c_.fill(b, in, [=](float x, float y) { return scaled(face(col, f.V(y), strength), 1.f - 0.06f * clamp01(f.U(x))); },
                opacity);
    }
    void solid(const Box& b, const Inside& in, const Rgb& col, float opacity = 1.f) { c_.fill(b, in, col, opacity); }

    void bottle() {
        const Frame& f = f_;
        const int sub = p_.subtype;
        const float bodyTop = 0.34f + 0.10f * s_[0];
        const float neckW = 0.34f + 0.12f * s_[1];
        const float capH = 0.09f + 0.05f * s_[2];
        const float neckBottom = capH + 0.07f;
        const float gloss = sub == 0 ? 0.75f : (sub == 1 ? 0.35f : 0.9f);
        const Rgb bodyC = sub == 2 ? mix(body_, kWhite, 0.45f) : body_;
        Inside bodyIn = unite(f.rect(0, bodyTop, 1, 1, 0.14f),
                              intersect(f.oval(0.5f, bodyTop + 0.01f, 0.5f, bodyTop + 0.01f - neckBottom),
                                        f.rect(-0.1f, 0, 1.1f, bodyTop + 0.02f)));
        if (sub == 1)  // grip waist
            bodyIn = subtract(bodyIn, unite(f.oval(-0.03f, 0.70f, 0.08f, 0.12f), f.oval(1.03f, 0.70f, 0.08f, 0.12f)));
        const float nu0 = 0.5f - neckW / 2, nu1 = 0.5f + neckW / 2;
        cyl(f.box(nu0, capH - 0.01f, nu1, neckBottom + 0.03f), f.rect(nu0, capH - 0.01f, nu1, neckBottom + 0.03f),
            sub == 0 ? kSilver : (sub == 2 ? bodyC : scaled(body_, 0.85f)), nu0, nu1, gloss);
        cyl(f.box(0, neckBottom - 0.01f, 1, 1), bodyIn, bodyC, 0, 1, gloss);
        if (sub == 2) {  // the water inside the glass
            const float level = 0.52f + 0.2f * s_[4];
            cyl(f.box(0, level, 1, 1), intersect(bodyIn, f.rect(-0.1f, level, 1.1f, 1.1f)), mix(bodyC, body_, 0.55f), 0, 1,
                gloss, 0.85f);
        }
        if (sub == 1 || s_[3] > 0.35f) {  // label band with a stripe
            const float l0 = bodyTop + 0.10f + 0.08f * s_[4], l1 = l0 + 0.20f;
            const Rgb label = sub == 2 ? mix(kWhite, accent_, 0.1f) : mix(accent_, kWhite, 0.12f);
            cyl(f.box(0, l0, 1, l1), intersect(bodyIn, f.rect(-0.1f, l0, 1.1f, l1)), label, 0, 1, 0.25f);
            cyl(f.box(0, l0 + 0.08f, 1, l0 + 0.12f), intersect(bodyIn, f.rect(-0.1f, l0 + 0.08f, 1.1f, l0 + 0.12f)),
                scaled(body_, 0.8f), 0, 1, 0.25f);
        } else {  // an engraved ring near the bottom
            cyl(f.box(0, 0.88f, 1, 0.9f), intersect(bodyIn, f.rect(-0.1f, 0.885f, 1.1f, 0.9f)), scaled(bodyC, 0.7f), 0, 1, gloss);
        }
        const float cu0 = nu0 - 0.05f, cu1 = nu1 + 0.05f;
        if (sub == 1)  // carry loop on the cap
            solid(f.box(cu1 - 0.1f, -0.02f, cu1 + 0.14f, capH + 0.05f),
                  subtract(f.loop(cu1, capH * 0.5f, 0.11f, capH * 0.75f, 0.045f), f.rect(cu0, 0, cu1, capH)),
                  scaled(accent_, 0.85f));
        cyl(f.box(cu0, 0, cu1, capH), f.rect(cu0, 0, cu1, capH, 0.03f), sub == 2 ? hex(0xA77B4F) : accent_, cu0, cu1, 0.5f);
    }

    void box() {
        const Frame& f = f_;
        const int sub = p_.subtype;
        const float d = 0.20f + 0.08f * s_[0], dv = 0.16f + 0.05f * s_[1];
        const Rgb col = sub == 1 ? mix(body_, kWhite, 0.15f) : body_;
        const std::vector<UV> top = {{0, dv}, {d, 0}, {1, 0}, {1 - d, dv}};
        const std::vector<UV> side = {{1 - d, dv}, {1, 0}, {1, 1 - dv}, {1 - d, 1}};
        flat(f.box(0, dv, 1 - d, 1), f.rect(0, dv, 1 - d, 1), col, 0.12f);
        solid(f.polyBox(top), f.poly(top), mix(col, kWhite, 0.22f));
        flat(f.polyBox(side), f.poly(side), scaled(col, 0.66f), 0.1f);
        const float fc = (1 - d) / 2;  // front centre
        if (sub == 0) {  // gift ribbon and bow
            const Rgb rib = accent_;
            const float rw = 0.05f;
            flat(f.box(fc - rw, dv, fc + rw, 1), f.rect(fc - rw, dv, fc + rw, 1), rib, 0.1f);
            const std::vector<UV> topBand = {{fc - rw, dv}, {fc + rw, dv}, {fc + rw + d, 0}, {fc - rw + d, 0}};
            solid(f.polyBox(topBand), f.poly(topBand), mix(rib, kWhite, 0.2f));
            const std::vector<UV> crossBand = {{d / 2, dv / 2 - 0.02f}, {1 - d / 2, dv / 2 - 0.02f}, {1 - d / 2 - 0.03f, dv / 2 + 0.02f}, {d / 2 - 0.03f, dv / 2 + 0.02f}};
            solid(f.polyBox(crossBand), f.poly(crossBand), mix(rib, kWhite, 0.2f));
            const std::vector<UV> sideBand = {{1 - d / 2 - 0.03f, dv / 2 + 0.015f}, {1 - d / 2 + 0.03f, dv / 2 - 0.015f},
                                              {1 - d / 2 + 0.03f, 1 - dv / 2 - 0.015f}, {1 - d / 2 - 0.03f, 1 - dv / 2 + 0.015f}};
            solid(f.polyBox(sideBand), f.poly(sideBand), scaled(rib, 0.7f));
            const float bx = 0.5f, by = dv / 2;
            cyl(f.box(bx - 0.17f, by - 0.13f, bx, by + 0.02f), f.oval(bx - 0.085f, by - 0.05f, 0.085f, 0.065f), rib,
                bx - 0.17f, bx, 0.4f);
            cyl(f.box(bx, by - 0.13f, bx + 0.17f, by + 0.02f), f.oval(bx + 0.085f, by - 0.05f, 0.085f, 0.065f), rib, bx,
                bx + 0.17f, 0.4f);
            solid(f.box(bx - 0.04f, by - 0.06f, bx + 0.04f, by + 0.02f), f.oval(bx, by - 0.02f, 0.035f, 0.035f), scaled(rib, 0.8f));
        } else if (sub == 1) {  // storage: lid, handle hole
            flat(f.box(0, dv, 1 - d, dv + 0.13f), f.rect(0, dv, 1 - d, dv + 0.13f), accent_, 0.05f);
            const std::vector<UV> lidSide = {{1 - d, dv}, {1, 0}, {1, 0.13f}, {1 - d, dv + 0.13f}};
            solid(f.polyBox(lidSide), f.poly(lidSide), scaled(accent_, 0.66f));
            solid(f.polyBox(top), f.poly(top), mix(accent_, kWhite, 0.2f));
            solid(f.box(0.3f * (1 - d), dv + 0.22f, 0.7f * (1 - d), dv + 0.3f),
                  f.rect(0.3f * (1 - d), dv + 0.22f, 0.7f * (1 - d), dv + 0.3f, 0.04f), scaled(col, 0.35f));
        } else {  // tea set: label, emblem, gold trim
            const Rgb gold = hex(0xC9A24A);
            solid(f.box(0, dv + 0.04f, 1 - d, dv + 0.07f), f.rect(0, dv + 0.04f, 1 - d, dv + 0.07f), gold);
            solid(f.box(0, 0.91f, 1 - d, 0.94f), f.rect(0, 0.91f, 1 - d, 0.94f), gold);
            flat(f.box(0.14f, dv + 0.14f, 1 - d - 0.14f, 0.84f), f.rect(0.14f, dv + 0.14f, 1 - d - 0.14f, 0.84f, 0.02f),
                 mix(accent_, kWhite, 0.25f), 0.08f);
            const float ev = (dv + 0.14f + 0.84f) / 2;
            solid(f.box(fc - 0.15f, ev - 0.3f, fc + 0.15f, ev + 0.3f), f.oval(fc, ev, 0.09f, 0.09f * f.w / f.h), col);
        }
    }

    void can() {
        const Frame& f = f_;
        const int sub = p_.subtype;
        const float top = 0.055f, bottom = 0.955f;
        const Inside bodyIn = unite(f.rect(0, top, 1, bottom), f.oval(0.5f, bottom, 0.5f, 0.045f));
        cyl(f.box(0, top, 1, 1), bodyIn, body_, 0, 1, 0.95f);
        if (sub == 0) {  // a wave band and bubbles
            const float phase = s_[0] * 6.2832f;
            const Frame fr = f;
            const Inside wave = intersect(bodyIn, [fr, phase](float x, float y) {
                const float u = fr.U(x), v = fr.V(y);
                const float edge = 0.48f + 0.06f * std::sin(6.2832f * u * 1.2f + phase);
                return v > edge && v < edge + 0.22f;
            });
            cyl(f.box(0, 0.35f, 1, 0.8f), wave, accent_, 0, 1, 0.8f);
            for (int i = 0; i < 4; ++i) {
                const float u = 0.22f + 0.17f * static_cast<float>(i), v = 0.22f + 0.07f * static_cast<float>(i % 2);
                solid(f.box(u - 0.06f, v - 0.05f, u + 0.06f, v + 0.05f), f.oval(u, v, 0.035f, 0.035f * f.w / f.h),
                      mix(body_, kWhite, 0.6f));
            }
        } else if (sub == 1) {  // coffee: dark lower half and a round logo
            cyl(f.box(0, 0.58f, 1, 1), intersect(bodyIn, f.rect(-0.1f, 0.58f, 1.1f, 1.1f)), accent_, 0, 1, 0.8f);
            solid(f.box(0.25f, 0.2f, 0.75f, 0.5f), f.oval(0.5f, 0.36f, 0.22f, 0.22f * f.w / f.h), mix(kWhite, body_, 0.08f));
            solid(f.box(0.25f, 0.2f, 0.75f, 0.5f), f.oval(0.5f, 0.36f, 0.13f, 0.13f * f.w / f.h), accent_);
        } else {  // energy: diagonal stripes
            const std::vector<UV> s1 = {{0, 0.55f}, {1, 0.30f}, {1, 0.44f}, {0, 0.69f}};
            const std::vector<UV> s2 = {{0, 0.74f}, {1, 0.49f}, {1, 0.53f}, {0, 0.78f}};
            cyl(f.polyBox(s1), intersect(bodyIn, f.poly(s1)), accent_, 0, 1, 0.8f);
            cyl(f.polyBox(s2), intersect(bodyIn, f.poly(s2)), kWhite, 0, 1, 0.8f);
        }
        // lid: silver rim, recessed centre, tab
        c_.fill(f.box(0, 0, 1, 2 * top), f.oval(0.5f, top, 0.5f, top),
                [f](float x, float) { return cylinder(kSilver, f.U(x), 0.6f); });
        solid(f.box(0.05f, 0, 0.95f, 2 * top), f.oval(0.5f, top + 0.006f, 0.41f, top * 0.72f), hex(0xA2A8B0));
        solid(f.box(0.4f, 0.02f, 0.62f, 0.08f), f.rect(0.42f, 0.035f, 0.6f, 0.065f, 0.03f), hex(0x8E949C));
    }

    void shoe() {
        const Frame& f = f_;
        const int sub = p_.subtype;
        std::vector<UV> upper;
        if (sub == 0)
            upper = {{0.02f, 0.82f}, {0.0f, 0.45f}, {0.04f, 0.25f}, {0.20f, 0.18f}, {0.28f, 0.30f},
                     {0.42f, 0.40f}, {0.60f, 0.48f}, {0.80f, 0.56f}, {0.95f, 0.66f}, {1.0f, 0.82f}};
        else if (sub == 1)
            upper = {{0.02f, 0.82f}, {0.01f, 0.42f}, {0.06f, 0.30f}, {0.22f, 0.30f}, {0.30f, 0.40f},
                     {0.46f, 0.46f}, {0.66f, 0.52f}, {0.86f, 0.58f}, {0.98f, 0.68f}, {1.0f, 0.82f}};
        else
            upper = {{0.02f, 0.82f}, {0.03f, 0.06f}, {0.12f, 0.0f}, {0.32f, 0.02f}, {0.35f, 0.38f},
                     {0.55f, 0.46f}, {0.78f, 0.54f}, {0.95f, 0.64f}, {1.0f, 0.82f}};
        const Inside upperIn = unite(f.poly(upper), f.oval(0.86f, 0.72f, 0.14f, 0.14f));
        const Rgb col = body_;
        const Frame fr = f;
        c_.fill(f.box(0, 0, 1, 0.86f), upperIn, [fr, col](float x, float y) {
            const float v = fr.V(y), u = fr.U(x);
            const Rgb base = face(col, v, 0.25f);
            return mix(base, kWhite, 0.18f * std::exp(-std::pow((v - 0.42f) / 0.1f, 2.f)) * (1.f - 0.5f * u));
        });
        const Rgb inner = scaled(col, 0.3f);
        if (sub == 2) {
            const std::vector<UV> heel = {{0.02f, 0.5f}, {0.25f, 0.5f}, {0.3f, 0.82f}, {0.02f, 0.82f}};
            solid(f.polyBox(heel), intersect(upperIn, f.poly(heel)), scaled(col, 0.72f));
            solid(f.box(0.05f, 0, 0.35f, 0.08f), f.oval(0.19f, 0.035f, 0.13f, 0.035f), inner);
            for (int i = 0; i < 4; ++i) {
                const float v = 0.12f + 0.08f * static_cast<float>(i);
                solid(f.box(0.24f, v - 0.03f, 0.42f, v + 0.03f), f.stick(0.27f, v, 0.38f, v + 0.02f, 0.012f), accent_);
            }
        } else {
            solid(f.box(0.02f, 0.15f, 0.26f, 0.34f), f.oval(0.13f, sub == 0 ? 0.24f : 0.33f, 0.1f, 0.045f), inner);
            for (int i = 0; i < 4; ++i) {
                const float u = 0.31f + 0.07f * static_cast<float>(i), v = (sub == 0 ? 0.33f : 0.42f) + 0.045f * static_cast<float>(i);
                solid(f.box(u - 0.03f, v - 0.05f, u + 0.06f, v + 0.03f), f.stick(u, v, u + 0.035f, v - 0.025f, 0.013f),
                      sub == 0 ? kWhite : accent_);
            }
        }
        if (sub == 0) {  // side swoosh
            const std::vector<UV> stripe = {{0.18f, 0.72f}, {0.55f, 0.52f}, {0.86f, 0.56f}, {0.52f, 0.62f}, {0.24f, 0.78f}};
            solid(f.polyBox(stripe), intersect(upperIn, f.poly(stripe)), accent_);
        } else if (sub == 1) {  // toe cap and a foxing line
            solid(f.box(0.75f, 0.6f, 1, 0.84f), intersect(upperIn, f.oval(0.92f, 0.76f, 0.15f, 0.12f)), hex(0xF4F2EC));
            solid(f.box(0, 0.76f, 1, 0.8f), intersect(upperIn, f.rect(0, 0.765f, 1.1f, 0.79f)), accent_);
        }
        // sole
        const Rgb sole = sub == 2 ? hex(0x5A3B22) : hex(0xF2F0EA);
        flat(f.box(0, 0.8f, 1, 1), f.rect(0, 0.8f, 1, 1, 0.06f), sole, 0.3f);
        if (sub == 0) flat(f.box(0, 0.8f, 1, 0.87f), f.rect(0.005f, 0.8f, 0.995f, 0.86f, 0.03f), mix(accent_, kWhite, 0.3f), 0.1f);
        solid(f.box(0, 0.94f, 1, 1), intersect(f.rect(0, 0.8f, 1, 1, 0.06f), f.rect(0, 0.95f, 1, 1.1f)), scaled(sole, 0.6f));
    }

    void lamp() {
        const Frame& f = f_;
        const int sub = p_.subtype;
        const Rgb shade = mix(accent_, kWhite, 0.25f);
        const Rgb metal = body_;
        const Rgb glow = hex(0xFFE7A3);
        if (sub == 0) {  // desk lamp: cone shade on a stem
            const float lean = 0.12f * (s_[0] - 0.5f);
            solid(f.box(0.4f, 0.3f, 0.6f, 0.97f), f.stick(0.5f + lean, 0.36f, 0.5f, 0.94f, 0.028f), scaled(metal, 0.85f));
            cyl(f.box(0.2f, 0.9f, 0.8f, 1), f.rect(0.22f, 0.92f, 0.78f, 1.0f, 0.03f), metal, 0.22f, 0.78f, 0.6f);
            const std::vector<UV> cone = {{0.24f, 0}, {0.76f, 0}, {1.0f, 0.36f}, {0.0f, 0.36f}};
            solid(f.box(0, 0.32f, 1, 0.42f), f.oval(0.5f, 0.36f, 0.48f, 0.04f), glow);
            cyl(f.polyBox(cone), f.poly(cone), shade, 0, 1, 0.3f);
        } else if (sub == 1) {  // floor lamp: drum shade, long stem
            solid(f.box(0.4f, 0.2f, 0.6f, 1), f.stick(0.5f, 0.26f, 0.5f, 0.97f, 0.022f), scaled(metal, 0.85f));
            cyl(f.box(0.2f, 0.95f, 0.8f, 1), f.rect(0.2f, 0.955f, 0.8f, 1.0f, 0.02f), metal, 0.2f, 0.8f, 0.6f);
            const std::vector<UV> drum = {{0.1f, 0}, {0.9f, 0}, {1.0f, 0.26f}, {0.0f, 0.26f}};
            solid(f.box(0, 0.22f, 1, 0.3f), f.oval(0.5f, 0.26f, 0.49f, 0.025f), glow);
            cyl(f.polyBox(drum), f.poly(drum), shade, 0, 1, 0.3f);
        } else {  // bedside: ceramic body, shade
            cyl(f.box(0.3f, 0.92f, 0.7f, 1), f.rect(0.34f, 0.94f, 0.66f, 1.0f, 0.02f), scaled(metal, 0.7f), 0.34f, 0.66f, 0.5f);
            cyl(f.box(0.44f, 0.38f, 0.56f, 0.46f), f.rect(0.46f, 0.38f, 0.54f, 0.46f), kSilver, 0.46f, 0.54f, 0.6f);
            cyl(f.box(0.18f, 0.42f, 0.82f, 0.98f), f.oval(0.5f, 0.70f, 0.31f, 0.27f), metal, 0.19f, 0.81f, 0.7f);
            const std::vector<UV> shadeP = {{0.18f, 0}, {0.82f, 0}, {0.98f, 0.40f}, {0.02f, 0.40f}};
            solid(f.box(0, 0.36f, 1, 0.44f), f.oval(0.5f, 0.40f, 0.47f, 0.03f), glow);
            cyl(f.polyBox(shadeP), f.poly(shadeP), shade, 0, 1, 0.3f);
        }
    }

    void mug() {
        const Frame& f = f_;
        const int sub = p_.subtype;
        const Rgb coffee = hex(0x4A2C1A);
        if (sub == 0) {
            const Inside bodyIn = f.rect(0, 0.07f, 0.76f, 1.0f, 0.05f);
            solid(f.box(0.6f, 0.15f, 1.0f, 0.85f), subtract(f.loop(0.78f, 0.5f, 0.2f, 0.26f, 0.075f), bodyIn), scaled(body_, 0.85f));
            cyl(f.box(0, 0.07f, 0.76f, 1), bodyIn, body_, 0, 0.76f, 0.6f);
            if (s_[0] < 0.5f)
                cyl(f.box(0, 0.38f, 0.76f, 0.52f), f.rect(0, 0.38f, 0.76f, 0.52f), accent_, 0, 0.76f, 0.6f);
            else
                solid(f.box(0.2f, 0.35f, 0.56f, 0.75f), f.oval(0.38f, 0.55f, 0.14f, 0.14f * f.w / f.h), accent_);
            solid(f.box(0, 0, 0.76f, 0.14f), f.oval(0.38f, 0.07f, 0.38f, 0.07f), mix(body_, kWhite, 0.35f));
            solid(f.box(0, 0, 0.76f, 0.14f), f.oval(0.38f, 0.075f, 0.33f, 0.05f), s_[1] < 0.5f ? coffee : scaled(body_, 0.55f));
        } else if (sub == 1) {  // travel mug
            cyl(f.box(0, 0.15f, 1, 1), f.rect(0, 0.15f, 1, 1, 0.08f), body_, 0, 1, 0.7f);
            cyl(f.box(0, 0.45f, 1, 0.75f), f.rect(0, 0.45f, 1, 0.75f), mix(accent_, kDark, 0.2f), 0, 1, 0.15f);
            cyl(f.box(0, 0, 1, 0.18f), f.rect(0, 0, 1, 0.18f, 0.08f), accent_, 0, 1, 0.5f);
            solid(f.box(0.2f, 0.02f, 0.55f, 0.07f), f.rect(0.22f, 0.03f, 0.5f, 0.06f, 0.02f), scaled(accent_, 0.6f));
        } else {  // espresso cup on a saucer
            const Inside cupIn = f.rect(0.2f, 0.16f, 0.72f, 0.9f, 0.12f);
            solid(f.box(0.6f, 0.2f, 0.98f, 0.75f), subtract(f.loop(0.76f, 0.47f, 0.13f, 0.18f, 0.06f), cupIn), scaled(body_, 0.85f));
            c_.fill(f.box(0, 0.86f, 1, 1), f.oval(0.5f, 0.93f, 0.5f, 0.07f), [f](float, float y) {
                return face(hex(0xEEEDE8), (f.V(y) - 0.86f) / 0.14f, 0.3f);
            });
            cyl(f.box(0.2f, 0.16f, 0.72f, 0.9f), cupIn, body_, 0.2f, 0.72f, 0.6f);
            solid(f.box(0.2f, 0.1f, 0.72f, 0.22f), f.oval(0.46f, 0.16f, 0.26f, 0.06f), mix(body_, kWhite, 0.35f));
            solid(f.box(0.2f, 0.1f, 0.72f, 0.22f), f.oval(0.46f, 0.165f, 0.22f, 0.042f), coffee);
            solid(f.box(0.2f, 0.5f, 0.72f, 0.6f), intersect(cupIn, f.rect(0.1f, 0.52f, 0.8f, 0.57f)), accent_);
        }
    }

    void chair() {
        const Frame& f = f_;
        const int sub = p_.subtype;
        const Rgb wood = body_;
        const Rgb back = scaled(wood, 0.72f);
        if (sub == 0) {  // dining chair, three-quarter view
            flat(f.box(0.2f, 0, 0.27f, 0.93f), f.rect(0.2f, 0.02f, 0.26f, 0.93f, 0.01f), back);
            flat(f.box(0.85f, 0, 0.93f, 0.93f), f.rect(0.86f, 0.02f, 0.92f, 0.93f, 0.01f), back);
            flat(f.box(0.2f, 0, 0.93f, 0.1f), f.rect(0.2f, 0.0f, 0.92f, 0.09f, 0.02f), wood, 0.3f);
            if (s_[0] > 0.5f) {
                for (int i = 0; i < 3; ++i) {
                    const float u = 0.38f + 0.14f * static_cast<float>(i);
                    flat(f.box(u, 0.08f, u + 0.06f, 0.5f), f.rect(u, 0.08f, u + 0.055f, 0.5f), back);
                }
            } else {
                flat(f.box(0.26f, 0.08f, 0.86f, 0.44f), f.rect(0.26f, 0.09f, 0.86f, 0.43f, 0.03f), accent_, 0.2f);
            }
            const std::vector<UV> seat = {{0.04f, 0.57f}, {0.20f, 0.47f}, {0.96f, 0.47f}, {0.84f, 0.57f}};
            const bool upholstered = p_.material == 2;
            solid(f.polyBox(seat), f.poly(seat), mix(upholstered ? accent_ : wood, kWhite, 0.15f));
            flat(f.box(0.04f, 0.56f, 0.85f, 0.63f), f.rect(0.04f, 0.565f, 0.84f, 0.625f, 0.01f), scaled(upholstered ? accent_ : wood, 0.8f));
            const std::vector<UV> seatSide = {{0.84f, 0.57f}, {0.96f, 0.47f}, {0.96f, 0.53f}, {0.84f, 0.625f}};
            solid(f.polyBox(seatSide), f.poly(seatSide), scaled(upholstered ? accent_ : wood, 0.6f));
            flat(f.box(0.06f, 0.6f, 0.13f, 1), f.rect(0.06f, 0.62f, 0.12f, 1.0f, 0.01f), wood, 0.2f);
            flat(f.box(0.75f, 0.6f, 0.83f, 1), f.rect(0.76f, 0.62f, 0.82f, 1.0f, 0.01f), wood, 0.2f);
        } else if (sub == 1) {  // office chair
            const Rgb frame = kDark;
            for (const float u : {0.08f, 0.92f, 0.28f, 0.72f}) {
                const float v = (u < 0.2f || u > 0.8f) ? 0.93f : 0.955f;
                solid(f.box(0, 0.8f, 1, 1), f.stick(0.5f, 0.86f, u, v, 0.022f), frame);
                solid(f.box(u - 0.06f, v - 0.06f, u + 0.06f, 1), f.oval(u, v + 0.02f, 0.035f, 0.025f), hex(0x3A3B40));
            }
            cyl(f.box(0.46f, 0.6f, 0.54f, 0.88f), f.rect(0.47f, 0.6f, 0.53f, 0.87f), kSilver, 0.47f, 0.53f, 0.7f);
            solid(f.box(0.46f, 0.38f, 0.54f, 0.54f), f.rect(0.47f, 0.4f, 0.53f, 0.53f), frame);
            const Frame fr = f;
            const Rgb mesh = body_;
            c_.fill(f.box(0.2f, 0, 0.8f, 0.43f), f.rect(0.22f, 0.0f, 0.78f, 0.42f, 0.12f), [fr, mesh](float x, float y) {
                const float u = fr.U(x) * 26.f, v = fr.V(y) * 40.f;
                const bool line = u - std::floor(u) < 0.22f || v - std::floor(v) < 0.22f;
                return scaled(face(mesh, fr.V(y) / 0.42f, 0.2f), line ? 0.8f : 1.f);
            });
            solid(f.box(0.08f, 0.4f, 0.24f, 0.6f), f.stick(0.12f, 0.45f, 0.12f, 0.55f, 0.02f), frame);
            solid(f.box(0.76f, 0.4f, 0.92f, 0.6f), f.stick(0.88f, 0.45f, 0.88f, 0.55f, 0.02f), frame);
            solid(f.box(0.05f, 0.4f, 0.3f, 0.5f), f.stick(0.08f, 0.44f, 0.24f, 0.44f, 0.025f), frame);
            solid(f.box(0.7f, 0.4f, 0.95f, 0.5f), f.stick(0.76f, 0.44f, 0.92f, 0.44f, 0.025f), frame);
            flat(f.box(0.12f, 0.5f, 0.88f, 0.63f), f.rect(0.12f, 0.5f, 0.88f, 0.62f, 0.05f), accent_, 0.35f);
        } else {  // lounge chair
            const Rgb legs = hex(0x8A5A32);
            solid(f.box(0, 0.68f, 1, 1), f.stick(0.16f, 0.7f, 0.08f, 0.985f, 0.025f), legs);
            solid(f.box(0, 0.68f, 1, 1), f.stick(0.84f, 0.7f, 0.92f, 0.985f, 0.025f), legs);
            solid(f.box(0, 0.68f, 1, 1), f.stick(0.32f, 0.7f, 0.35f, 0.94f, 0.02f), scaled(legs, 0.75f));
            solid(f.box(0, 0.68f, 1, 1), f.stick(0.68f, 0.7f, 0.65f, 0.94f, 0.02f), scaled(legs, 0.75f));
            flat(f.box(0.06f, 0.02f, 0.94f, 0.6f), f.rect(0.08f, 0.02f, 0.92f, 0.58f, 0.18f), scaled(body_, 0.9f), 0.2f);
            flat(f.box(0.3f, 0.2f, 0.7f, 0.52f), f.rect(0.34f, 0.24f, 0.66f, 0.5f, 0.08f), accent_, 0.2f);
            flat(f.box(0, 0.46f, 1, 0.76f), f.rect(0.03f, 0.48f, 0.97f, 0.74f, 0.12f), body_, 0.3f);
            flat(f.box(0, 0.34f, 0.16f, 0.74f), f.rect(0.0f, 0.36f, 0.14f, 0.72f, 0.07f), mix(body_, kWhite, 0.1f), 0.3f);
            flat(f.box(0.84f, 0.34f, 1, 0.74f), f.rect(0.86f, 0.36f, 1.0f, 0.72f, 0.07f), scaled(body_, 0.85f), 0.3f);
        }
    }

    void device() {
        const Frame& f = f_;
        const int sub = p_.subtype;
        if (sub == 0) {  // smart speaker: fabric body, top cap, light strip
            const Inside bodyIn = f.rect(0, 0, 1, 1, 0.45f);
            const Frame fr = f;
            const Rgb fabric = body_;
            const float dot = 0.06f;
            c_.fill(f.box(0, 0, 1, 1), bodyIn, [fr, fabric, dot](float x, float y) {
                const float u = fr.U(x), v = fr.V(y) * fr.h / fr.w;
                const float du = u / dot - std::floor(u / dot) - 0.5f, dvv = v / dot - std::floor(v / dot) - 0.5f;
                const bool hole = du * du + dvv * dvv < 0.09f;
                return scaled(cylinder(fabric, u, 0.1f), hole ? 0.8f : 1.f);
            });
            cyl(f.box(0, 0, 1, 0.14f), intersect(bodyIn, f.rect(-0.1f, -0.1f, 1.1f, 0.13f)), scaled(accent_, 0.9f), 0, 1, 0.6f);
            solid(f.box(0.25f, 0.04f, 0.75f, 0.1f), f.rect(0.3f, 0.05f, 0.7f, 0.08f, 0.02f), mix(accent_, kWhite, 0.6f));
        } else {
            const bool tablet = sub == 1;
            const float screenBottom = tablet ? 0.76f : 0.68f;
            const Rgb frameC = mix(body_, kDark, 0.3f);
            if (tablet) {
                const std::vector<UV> stand = {{0.40f, 0.70f}, {0.60f, 0.70f}, {0.68f, 0.96f}, {0.32f, 0.96f}};
                cyl(f.polyBox(stand), f.poly(stand), kSilver, 0.32f, 0.68f, 0.6f);
            } else {
                cyl(f.box(0.44f, 0.6f, 0.56f, 0.95f), f.rect(0.45f, 0.6f, 0.55f, 0.94f), kSilver, 0.45f, 0.55f, 0.6f);
            }
            flat(f.box(0.25f, 0.92f, 0.75f, 1), f.rect(0.26f, 0.93f, 0.74f, 1.0f, 0.03f), kSilver, 0.3f);
            flat(f.box(0, 0, 1, screenBottom), f.rect(0, 0, 1, screenBottom, tablet ? 0.05f : 0.015f), frameC, 0.1f);
            const float m = tablet ? 0.04f : 0.02f;
            const Frame fr = f;
            const Rgb a = accent_, b = mix(accent_, kDark, 0.55f);
            const float phase = s_[2];
            c_.fill(f.box(m, m, 1 - m, screenBottom - m), f.rect(m, m + 0.01f, 1 - m, screenBottom - m - 0.01f, 0.02f),
                    [fr, a, b, phase, screenBottom](float x, float y) {
                        const float u = fr.U(x), v = fr.V(y) / screenBottom;
                        Rgb c = mix(a, b, clamp01(0.3f + 0.7f * v - 0.3f * u));
                        const float du = u - (0.3f + 0.4f * phase), dv = v - 0.4f;
                        if (du * du + dv * dv < 0.06f) c = mix(c, kWhite, 0.35f);
                        return c;
                    });
            const std::vector<UV> glare = {{0.55f, m}, {0.75f, m}, {0.5f, screenBottom - m}, {0.3f, screenBottom - m}};
            solid(f.polyBox(glare), intersect(f.rect(m, m, 1 - m, screenBottom - m), f.poly(glare)), kWhite, 0.12f);
        }
    }

    Canvas& c_;
    const Product& p_;
    Frame f_;
    Rgb body_, accent_;
    std::array<float, 8> s_;
};

}  // namespace

void paintProduct(Canvas& canvas, const Product& product) { Painter(canvas, product).paint(); }

Footprint productFootprint(const Product& p) {
    const auto& pl = p.placement;
    float uc = 0.5f, uw = 1.0f;
    if (p.category == 4) uw = p.subtype == 0 ? 0.56f : (p.subtype == 1 ? 0.6f : 0.32f);
    if (p.category == 5 && p.subtype == 0) uc = 0.38f, uw = 0.76f;
    if (p.category == 7 && p.subtype != 0) uw = 0.48f;
    return {pl.centreX - pl.width / 2 + uc * pl.width, uw * pl.width};
}

}  // namespace adgen::synth
