#pragma once

#include "generate/image_generation.h"
#include "generate/prompt_batch.h"
#include "generate/sampler.h"
#include "model/janus_model.h"

#include <torch/torch.h>

#include <functional>
#include <vector>

namespace adgen::generate {

// Restricts which tokens a variant may draw next (factual copy mode); told every accepted token.
class TokenConstraint {
public:
    virtual ~TokenConstraint() = default;
    // [vocab] bool: tokens variant `variant` may draw now.
    virtual torch::Tensor allowed(int variant) const = 0;
    virtual void accept(int variant, int64_t token) = 0;
};

struct TextGenerationOptions {
    SamplingParams sampling;
    int64_t maxNewTokens = 64;
    std::vector<int64_t> stopIds;  // end of text (EOS); the stop token itself is not returned
    std::vector<uint64_t> seeds;   // one per variant (= prompt row)
    TokenConstraint* constraint = nullptr;
    std::function<void(int64_t step)> onStep;  // after each decoding step (all variants advance together)
};

// Autoregressive text: prefill the (left-padded) prompts, then lm_head on the last position,
// sampling per variant with its own generator, until every variant has drawn a stop token, hit
// maxNewTokens or been stopped. onToken sees every new token as it is drawn.
std::vector<std::vector<int64_t>> generateText(const model::JanusModel& model, const PaddedIds& prompt,
                                               const TextGenerationOptions& options,
                                               const std::function<void(int variant, int64_t token)>& onToken,
                                               const VariantStopped& stopped);
// The same from prompt embeddings (Uni-AdGen's stage 1, whose history slots are not token
// embeddings): embeds [rows, T, hidden], valid [rows, T] bool.
std::vector<std::vector<int64_t>> generateText(const model::JanusModel& model, const PromptEmbeddings& prompt,
                                               const TextGenerationOptions& options,
                                               const std::function<void(int variant, int64_t token)>& onToken,
                                               const VariantStopped& stopped);

}  // namespace adgen::generate
