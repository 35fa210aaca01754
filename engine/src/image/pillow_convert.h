#pragma once

// Pillow's 8-bit mode conversions that the product and history pipelines go through, with
// Pillow's integer rounding (Convert.c).

#include "image/image8.h"

namespace adgen::image {

// RGBA -> RGBa: colour channels multiplied by alpha, rounded as Pillow's MULDIV255.
Image8 premultiplyAlpha(const Image8& rgba);

// RGBa -> RGBA: colour * 255 / alpha, truncated and clipped; alpha 0 and 255 keep the colour.
Image8 unpremultiplyAlpha(const Image8& premultiplied);

// convert('RGB'): RGBA drops alpha (no compositing), L copies grey into R, G and B, RGB is copied.
Image8 convertToRgb(const Image8& image);

}  // namespace adgen::image
