#pragma once

#include "model/weight_store.h"
#include "nn/vq_coder.h"
#include "nn/vq_config.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace adgen::nn {

// The LlamaGen/Janus VQ-16 image tokenizer (`gen_vision_model`, model-spec 1.4): images to code
// grids and back. Weights live in the WeightStore's dtype and device; inputs are moved there.
class VqModel {
public:
    // Takes every tensor under `prefix` with its exact shape (a wrong one throws adgen::Error
    // naming the key and both shapes). Throws adgen::Error for a config that cannot be built.
    VqModel(model::WeightStore& weights, const VqConfig& config, const std::string& prefix = "gen_vision_model.");

    const VqConfig& config() const { return config_; }
    int64_t parameterCount() const { return parameterCount_; }

    // Images [B,3,H,W] in [-1,1] -> code indices int64 [B,H/f,W/f] (f = downsampleFactor, sizes
    // rounded down as the reference's padded stride-2 convs do): nearest codebook row to each
    // latent vector, both L2-normalised, by squared distance.
    torch::Tensor encode(const torch::Tensor& images) const;

    // Codes int64 [B,h,w] -> images float [B,3,h*f,w*f], nominally in [-1,1] and not clamped (as
    // the reference). The dtype is the weights' dtype.
    torch::Tensor decode(const torch::Tensor& codes) const;

    // Progressive preview: the first `knownCount` codes of each grid in raster order are real, the
    // rest are made up, then the whole grid is decoded. Once a row is complete, every unknown
    // position takes the code of the last complete row in its column (the picture continues the
    // latest row downwards). Before that, unknown positions take the mean of the known positions'
    // code vectors (the normalised codebook rows the decoder sees), or of the whole codebook when
    // nothing is known: post_quant_conv is linear, so this is the average of what the decoder
    // would see at the known positions, and no single arbitrary code colours the canvas.
    // knownCount == h*w gives decode(codes).
    torch::Tensor decodePartial(const torch::Tensor& codes, int64_t knownCount) const;

    // The colour of an unbounded field of each code: codes int64 [N] -> float32 [N,3] (float64
    // for a float64 model) in the decoder's [-1,1] range. Every layer maps a constant field to a
    // constant field (3x3 taps add up, attention is uniform, nearest upsampling copies), so the
    // decoder runs on 1x1 fields with summed kernels, `batch` codes at a time. This is what the
    // reference decoder gives for a field of one code with wrap-around padding. With the real zero
    // padding a finite field differs at its borders, and through GroupNorm statistics and
    // attention a little everywhere; a code's look inside a real image depends on its neighbours
    // anyway, so this is a preview colour.
    torch::Tensor constantFieldColours(const torch::Tensor& codes, int64_t batch = 4096) const;

    // Janus's post-processing: float [B,3,H,W] -> uint8 [B,H,W,3] on the same device,
    // clip((x + 1) / 2 * 255, 0, 255) computed in fp32 and truncated (NaN becomes 0).
    static torch::Tensor toRgb8(const torch::Tensor& decoded);

    // One training forward pass with the straight-through estimator LlamaGen trains with:
    // `latent` is the (normalised) encoder output and `quantised` its nearest codebook rows, both
    // [B*h*w, codeDim]; `reconstruction` [B,3,H,W] is decoded from latent + (quantised - latent)
    // with the difference detached, so the decoder's gradient reaches the encoder. Differentiable
    // when the weights require gradients (see train/vq_trainer.h).
    struct TrainingPass {
        torch::Tensor reconstruction;
        torch::Tensor latent;
        torch::Tensor quantised;
        torch::Tensor codes;  // [B*h*w] int64
    };
    TrainingPass trainingPass(const torch::Tensor& images) const;

    // The normalised codebook rows the decoder looks codes up in, [codebookSize, codeDim].
    const torch::Tensor& codebook() const { return codebook_; }

private:
    torch::Tensor checkedCodes(const torch::Tensor& codes, const char* what) const;
    torch::Tensor lookup(const torch::Tensor& codes) const;  // [B,h,w] -> [B,codeDim,h,w]
    torch::Tensor decodeLatent(const torch::Tensor& quantised) const;
    torch::Tensor checkedImages(const torch::Tensor& images) const;
    torch::Tensor latentGrid(const torch::Tensor& x) const;    // [B, h, w, codeDim], normalised when configured
    torch::Tensor nearestCodes(const torch::Tensor& rows) const;  // [N] int64

    VqConfig config_;
    VqEncoder encoder_;
    Conv2d quantConv_;
    torch::Tensor codebook_;
    Conv2d postQuantConv_;
    VqDecoder decoder_;
    int64_t parameterCount_ = 0;
};

}  // namespace adgen::nn
