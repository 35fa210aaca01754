#pragma once

#include <torch/torch.h>

namespace adgen::nn {

// project(x, weight, bias): x [..., in] times weight [out, in] transposed, plus bias. Decoding multiplies 1 to 4 rows by
// big weight matrices, which is bound by reading the weights: on the CPU, OpenBLAS' GEMM reads
// them at about 10 GB/s for 2 rows while one matrix-vector product per row runs at about
// 25 GB/s (measured on the 2-core build machine), so few rows go row by row.
torch::Tensor project(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias = {});

}  // namespace adgen::nn
