#pragma once

// Image resizing that reproduces Pillow's Image.resize (Pillow 9.4 to 10.2, the versions of our
// fixtures and of the Uni-AdGen reference) byte for byte on 8-bit L, RGB and RGBA images, because
// the model was trained on tensors Pillow produced: a resampling that differs by one grey level
// shifts every pixel the VQ tokenizer and the preference encoder see.

#include "image/image8.h"

namespace adgen::image {

enum class ResampleFilter {
    Nearest,   // PIL NEAREST: pixel centres mapped through the affine scale, no blending
    Bilinear,  // PIL BILINEAR: triangle filter, widened when shrinking (antialiased)
    Bicubic,   // PIL BICUBIC (a = -0.5), widened when shrinking; Image.resize's default
    Lanczos    // PIL LANCZOS (3 lobes), widened when shrinking
};

// The filter Image.resize uses when none is given, for the 8-bit modes we handle (L, RGB, RGBA).
inline constexpr ResampleFilter kPillowDefaultResizeFilter = ResampleFilter::Bicubic;

// Image.resize((width, height), filter) with Pillow's defaults (no box, reducing_gap=None):
// * the same size returns a copy;
// * NEAREST copies pixels picked by Pillow's scale-affine walk (double accumulation);
// * the others run Pillow's two passes, horizontal first, with filter weights rounded to 22-bit
//   fixed point and each pass rounded and clipped to 8 bits;
// * RGBA (not NEAREST) is resized premultiplied, as Pillow converts RGBA -> RGBa -> RGBA.
// Throws adgen::Error for a target size below 1x1 or an image without pixels.
Image8 pillowResize(const Image8& source, int width, int height, ResampleFilter filter);

}  // namespace adgen::image
