#pragma once

#include "model/weight_store.h"

#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// The building blocks of the LlamaGen/Janus VQ-16 encoder and decoder (model-spec 1.4), as plain
// structs of tensors with functions that call ATen directly. The networks are static, so module
// objects would only add registration, hooks and per-call overhead.

namespace adgen::nn {

// Takes a module's tensors from a WeightStore under one key prefix (`gen_vision_model.`) and
// counts the parameters it took.
class VqWeights {
public:
    VqWeights(model::WeightStore& store, std::string prefix) : store_(store), prefix_(std::move(prefix)) {}

    torch::Tensor take(const std::string& key, const std::vector<int64_t>& shape);
    bool has(const std::string& key) const { return store_.has(prefix_ + key); }
    // A buffer: taken so it is not reported as unexpected, but not counted as a parameter.
    torch::Tensor takeBuffer(const std::string& key, const std::vector<int64_t>& shape) {
        return store_.take(prefix_ + key, shape);
    }
    int64_t parameterCount() const { return parameters_; }

private:
    model::WeightStore& store_;
    std::string prefix_;
    int64_t parameters_ = 0;
};

struct Conv2d {
    torch::Tensor weight;  // [out, in, k, k]
    torch::Tensor bias;    // [out]
    int64_t stride = 1;
    int64_t padding = 0;

    static Conv2d load(VqWeights& w, const std::string& key, int64_t in, int64_t out, int64_t kernel,
                       int64_t stride, int64_t padding);
    torch::Tensor operator()(const torch::Tensor& x) const;
    // The same conv applied to a spatially constant, unbounded field: every tap sees the same
    // value, so the field stays constant and the kernel acts as the 1x1 sum of its taps.
    Conv2d constantField() const;
};

// GroupNorm(32 groups, eps 1e-6, affine) — fixed in the reference for every norm of the network.
struct GroupNorm {
    torch::Tensor weight, bias;  // [channels]

    static GroupNorm load(VqWeights& w, const std::string& key, int64_t channels);
    torch::Tensor operator()(const torch::Tensor& x) const;
};

// norm1 -> swish -> conv3x3 -> norm2 -> swish -> conv3x3, plus the input (through a 1x1
// `nin_shortcut` when the channel count changes). Dropout is 0 at inference.
struct ResnetBlock {
    GroupNorm norm1;
    Conv2d conv1;
    GroupNorm norm2;
    Conv2d conv2;
    std::optional<Conv2d> ninShortcut;

    static ResnetBlock load(VqWeights& w, const std::string& key, int64_t in, int64_t out);
    torch::Tensor operator()(const torch::Tensor& x) const;
    ResnetBlock constantField() const;
};

// Single-head self-attention over all H*W positions with 1x1 q/k/v/proj_out convs and a residual.
// On a constant field every key is the same, so the softmax is uniform and the block reduces to
// the 1x1 case with no change: it needs no constant-field variant.
struct AttnBlock {
    GroupNorm norm;
    Conv2d q, k, v, projOut;

    static AttnBlock load(VqWeights& w, const std::string& key, int64_t channels);
    torch::Tensor operator()(const torch::Tensor& x) const;
};

// x * sigmoid(x) in place: callers pass a fresh activation (a GroupNorm output), so nothing else
// sees it change. Fused in fp32; spelled out as the reference does in 16-bit types.
torch::Tensor swishInPlace(torch::Tensor x);

}  // namespace adgen::nn
