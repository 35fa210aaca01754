#include "nn/attention.h"

#include <torch/version.h>

#include <cmath>
#include <limits>

namespace adgen::nn {
namespace {

torch::Tensor expandKvHeads(const torch::Tensor& kv, int64_t heads) {
    const auto kvHeads = kv.size(1);
    if (kvHeads == heads) return kv;
    const auto rep = heads / kvHeads;
    return kv.unsqueeze(2)
        .expand({kv.size(0), kvHeads, rep, kv.size(2), kv.size(3)})
        .reshape({kv.size(0), heads, kv.size(2), kv.size(3)});
}

}  // namespace

torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& keep) {
    const auto heads = q.size(1);
    const auto keys = expandKvHeads(k, heads);
    const auto values = expandKvHeads(v, heads);
#if TORCH_VERSION_MAJOR >= 2
    const double lowest = q.scalar_type() == torch::kFloat32 ? std::numeric_limits<float>::lowest() : -65504.0;
    const auto bias = torch::zeros(keep.sizes(), q.options()).masked_fill(keep.logical_not(), lowest);
    return at::scaled_dot_product_attention(q, keys, values, bias);
#else
    const double scale = 1.0 / std::sqrt(static_cast<double>(q.size(-1)));
    auto scores = torch::matmul(q, keys.transpose(-1, -2)).to(torch::kFloat32) * scale;
    scores.masked_fill_(keep.logical_not(), std::numeric_limits<float>::lowest());
    const auto probs = torch::softmax(scores, -1).to(q.scalar_type());
    return torch::matmul(probs, values);
#endif
}

}  // namespace adgen::nn
