#pragma once

#include "personalize/uniadgen_model.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace adgen::personalize {

// A shopper's selected history as model inputs: what prepare_inputs_embeds starts from
// (model-spec 2.6 a, c), computed once per generation and shared by both stages and all variants.
struct HistoryFeatures {
    torch::Tensor imageTokens;  // [N, historyImageTokens, D]: gen_aligner(gen_embed(VQ codes))
    torch::Tensor titleTokens;  // [N, historyTitleTokens, D]: embed_tokens of the title slots
    torch::Tensor imageCodes;   // [N, historyImageTokens] int64, for display and tests
    int64_t count() const { return imageTokens.defined() ? imageTokens.size(0) : 0; }
};

// Neither function below turns gradients off: training differentiates through them (the VQ
// encoder's code choice is never differentiable); inference callers hold a torch::NoGradGuard.
//
// `images`: [N, 3, S, S] prepared history images in [-1, 1] (S = historyImageSize; see
// prepareHistoryImage), `titles`: the N titles in the same order.
HistoryFeatures encodeHistory(const UniAdGenModel& model, const torch::Tensor& images,
                              const std::vector<std::string>& titles);

// Diagnostics of one preference pass: which history tokens the similarity masks kept.
struct PreferenceTrace {
    torch::Tensor keptImageTokens;  // [N, historyImageTokens] bool
    torch::Tensor keptTitleTokens;  // [N, historyTitleTokens] bool
};

// The embeddings of one prompt row [T, D]: embed_tokens of `ids`, then the title slots and image
// slots (in order) replaced by the fused preference tokens. Each call draws fresh Gumbel noise
// from `generator` (visual mask first, then titles), as each of the reference's two stages does.
torch::Tensor promptEmbeddings(const UniAdGenModel& model, const std::vector<int64_t>& ids,
                               const HistoryFeatures& history, at::Generator generator,
                               PreferenceTrace* trace = nullptr);

}  // namespace adgen::personalize
