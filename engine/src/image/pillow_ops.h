#pragma once

// Pillow's geometric and compositing operations on 8-bit images, with Pillow's edge rules and
// integer arithmetic, for the product re-centring and control-image steps of Uni-AdGen.

#include "image/image8.h"

namespace adgen::image {

// Image.crop((left, top, right, bottom)): right and bottom are exclusive; parts of the box
// outside the image come out as zeros (transparent black for RGBA). right < left or
// bottom < top is an adgen::Error, as in Pillow; an empty box gives an empty image.
Image8 pillowCrop(const Image8& image, int left, int top, int right, int bottom);

// canvas.paste(image, (left, top)) without a mask: the pixels, alpha included, replace the
// canvas's; whatever falls outside the canvas is dropped. Both images need the same channels.
void pillowPaste(Image8& canvas, const Image8& image, int left, int top);

// Image.alpha_composite(background, foreground): the foreground over the background, both RGBA
// and the same size, with Pillow's fixed-point formula (AlphaComposite.c).
Image8 pillowAlphaComposite(const Image8& background, const Image8& foreground);

}  // namespace adgen::image
