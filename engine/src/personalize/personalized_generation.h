#pragma once

#include "generate/image_generation.h"
#include "generate/sampler.h"
#include "personalize/preference_embedding.h"
#include "personalize/uniadgen_model.h"

#include <torch/torch.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace adgen::personalize {

// One personalized ad request for one product and one shopper, in model inputs (model-spec 2.2).
struct PersonalizedRequest {
    BriefText brief;
    // [3, 16 grid, 16 grid] white-background product in [-1, 1] (prepareProduct). Called once, when
    // stage 2 starts: the first title token does not wait for the product's preparation.
    std::function<torch::Tensor()> control;
    HistoryFeatures history;       // the selected history (encodeHistory)
    Stage2Mode stage2Mode = Stage2Mode::Released;
    std::vector<uint64_t> seeds;   // one per variant
    double cfgWeight = 5.0;
    generate::SamplingParams titleSampling;  // default: T 1, top-k 50 (transformers' generate defaults)
    generate::SamplingParams imageSampling;  // default: T 1, full softmax
    int64_t maxTitleTokens = 512;
    // Stage 1 is skipped for variants given a title here ("<prompt>" + title + "</prompt>" is quoted).
    std::vector<std::optional<std::string>> fixedTitles;
    // Factual copy: the titles stage 1 writes may only use words of brief.wordList (as text
    // generation's factual mode; fixed titles are taken as given). A title cut off by
    // maxTitleTokens is trimmed back to whole words and closed.
    bool factualCopy = false;
    int64_t maxImageSteps = 0;     // 0 = the whole grid (fewer: benchmarks)
};

struct PersonalizedCallbacks {
    std::function<void(int variant, int64_t token)> onTitleToken;  // stage 1, as drawn
    std::function<void()> onTitlesDone;                             // before stage 2 starts
    std::function<void(const generate::ImageStep&)> onImageStep;   // stage 2
    generate::VariantStopped stopped;                               // asked before every token
};

struct PersonalizedVariant {
    std::vector<int64_t> titleIds;   // stage-1 tokens (without the stop token; factual copy: whole words when cut off)
    std::string titleSection;        // "<prompt>TITLE</prompt>" as stage 2 quoted it
    std::string title;               // TITLE
    torch::Tensor imageTokens;       // [grid^2] int64 on the CPU; -1 where stopped
    PreferenceTrace stage1Trace;     // which history tokens each stage's masks kept
    PreferenceTrace stage2Trace;
};

// The two stages of Uni-AdGen for every variant: the title streamed from the personalized prompt,
// then the image tokens with CFG against the negative prompt and the foreground condition added
// before every `layer_interval`-th decoder layer of each image step, on both CFG rows. Each
// variant's randomness (Gumbel masks, title and image sampling) comes from its own seed only.
std::vector<PersonalizedVariant> generatePersonalized(const UniAdGenModel& model, const PersonalizedRequest& request,
                                                      const PersonalizedCallbacks& callbacks);

// The foreground condition of one product: per condition layer, strength x condition_layers[k]
// (cap_proj(adapter_mlp(DINOv2(control)))), [grid^2, D] each. Computed once per generation.
std::vector<torch::Tensor> foregroundInjections(const UniAdGenModel& model, const torch::Tensor& control);

}  // namespace adgen::personalize
