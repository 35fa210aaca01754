#pragma once

#include <torch/torch.h>

namespace adgen::nn {

// softmax(q k^T / sqrt(d)) v over the slots `keep` allows.
// q [rows, heads, T, d]; k, v [rows, kvHeads, S, d] with heads a multiple of kvHeads (grouped-query
// attention shares each kv head among heads / kvHeads query heads); keep [rows, 1, T, S] bool.
// Uses scaled_dot_product_attention on libtorch 2.x and a matmul-softmax path on 1.13, which has
// no public SDPA. Masked scores get the lowest finite value rather than -inf, so a query that may
// see nothing (a left-padding slot) yields finite garbage instead of NaN that would leak into the
// cache.
torch::Tensor attend(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const torch::Tensor& keep);

}  // namespace adgen::nn
