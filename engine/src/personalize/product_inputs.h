#pragma once

// The pixel inputs of Uni-AdGen built from a product cut-out and from history images, exactly as
// the reference data loader builds them (model-spec 2.3, 2.6(a), 2.9): Pillow-compatible 8-bit
// steps (image/), then torch tensors.

#include "image/image8.h"

#include <torch/torch.h>

namespace adgen::personalize {

// Uni-AdGen's adjust_online_trans: re-centres a transparent product cut-out on its own canvas.
// The box of pixels with alpha > 50 (right/bottom edge exclusive, as the reference crops it) is
// cut out; if its larger relative side exceeds maxRatio it is scaled (bicubic, Pillow) so that side
// is int(maxRatio * canvas side); it is pasted, alpha included, on a transparent canvas of the
// original size with its centre at the old box centre (int() truncation of the top-left corner).
// A product whose only opaque pixel is a single one has an empty box and leaves an empty canvas,
// as in the reference. Errors (adgen::Error): not RGBA, no pixel with alpha > 50 ("fully
// transparent"), maxRatio not a positive number, or scaling that would leave a side of 0 pixels
// (a product one pixel thin; the reference fails there too).
image::Image8 recentreProduct(const image::Image8& rgba, double maxRatio);

struct ProductInputs {
    torch::Tensor control;     // [3, S, S] float32 in [-1, 1]: the product on white (DINOv2 input)
    torch::Tensor transAlpha;  // [4, S, S] float32 in [0, 1]: straight RGBA, for the fusion image
    image::Image8 recentred;   // RGBA at the source size, for display
};

// control = recentre -> alpha_composite over opaque white -> RGB -> 512x512 (Pillow bicubic) ->
// /255 -> Normalize(0.5, 0.5) -> modelSize (bilinear, antialias, as torchvision's Resize);
// transAlpha = recentre -> 512x512 (Pillow bicubic, premultiplied) -> /255 -> modelSize.
// An image without an alpha channel is an adgen::Error.
ProductInputs prepareProduct(const image::Image8& rgba, double maxRatio, int modelSize = 384);

// One history image as the preference encoder sees it: Pillow resize to 512x512 in the image's own
// mode (bicubic; RGBA premultiplied) -> RGB (alpha dropped, grey copied) -> Janus's VLMImageProcessor
// at processorSize (Pillow bicubic, x/255 in double then float, (x - 0.5) / 0.5) ->
// [3, processorSize, processorSize] float32 in [-1, 1]. processorSize is at least 14 (the
// processor's minimum side).
torch::Tensor prepareHistoryImage(const image::Image8& image, int processorSize = 128);

// The fusion image of the reference's validation(): the product (transAlpha, from prepareProduct)
// composited over the generated image in [-1, 1] space with straight alpha, then denormalised
// ((clamp(x, -1, 1) + 1) / 2) and cast to bytes the way ToPILImage does (x * 255, truncated).
// generated is [3, S, S] in [-1, 1] with S the transAlpha size. Returns RGB.
image::Image8 fuseProduct(const torch::Tensor& generated, const torch::Tensor& transAlpha);

// A generated image [3, H, W] in [-1, 1] as RGB bytes with the same denormalise-and-truncate rule.
image::Image8 toRgb8(const torch::Tensor& image);

// torchvision's Resize((size, size)) on a float CHW tensor: bilinear, antialiased, half-pixel
// centres. Exposed for the parity tests.
torch::Tensor resizeBilinearAntialias(const torch::Tensor& chw, int size);

}  // namespace adgen::personalize
