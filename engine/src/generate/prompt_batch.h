#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace adgen::generate {

// Token rows of different lengths, left-padded to one length so they run as one batch:
// ids [rows, T] int64 and valid [rows, T] bool (false on the padding).
struct PaddedIds {
    torch::Tensor ids;
    torch::Tensor valid;
};

// Decoder inputs as embeddings: embeds [rows, T, hidden], valid [rows, T] bool (false on padding).
struct PromptEmbeddings {
    torch::Tensor embeds;
    torch::Tensor valid;
};

PaddedIds leftPad(const std::vector<std::vector<int64_t>>& rows, int64_t padId);

// Janus' unconditional prompt for CFG (model-spec 1.7): the conditional ids with everything
// between the first token (BOS) and the last (<begin_of_image>) replaced by the pad token. Pads
// are attended, as in the reference.
std::vector<int64_t> unconditionalIds(const std::vector<int64_t>& conditional, int64_t padId);

}  // namespace adgen::generate
