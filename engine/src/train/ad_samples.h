#pragma once

// From data-set records to training samples (issue 5). What does not change between epochs (the
// product's control image, the history pictures, the ground-truth ad's VQ codes) is prepared once
// per record; each epoch then draws a sample: which clicks condition it (PSS, with a history length
// that may vary so one model serves every length), which ground-truth title it writes, and
// whether it is an unconditional (CFG-dropout) sample.

#include "image/image8.h"
#include "nn/vq_model.h"
#include "personalize/prompt_layout.h"
#include "train/uniadgen_trainer.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace adgen::train {

// One record's pictures and text, decoded (PAd1M: f_path_trans, history_images, f_path ...).
struct AdRecordPixels {
    image::Image8 product;                   // RGBA cut-out
    double maxRatio = 1.0;
    std::vector<image::Image8> historyImages;
    std::vector<std::string> historyTitles;
    std::vector<double> similarity;          // empty: computed from the titles
    personalize::BriefText brief;
    std::vector<std::string> titles;         // ground-truth titles (gt_title_cn split)
    image::Image8 adImage;                   // the ground-truth ad (RGB)
};

struct PreparedAdRecord {
    torch::Tensor control;                   // [3, 16 grid, 16 grid]
    torch::Tensor historyImages;             // [n, 3, S, S]
    std::vector<std::string> historyTitles;
    std::vector<double> similarity;
    std::string productTitle;
    personalize::BriefText brief;
    std::vector<std::string> titles;
    torch::Tensor imageCodes;                // [grid^2] int64
};

// A ground-truth ad as the VQ reads it for training: Pillow bicubic to size x size, [-1, 1], [3, size, size].
torch::Tensor adPicture(const image::Image8& ad, int size);

// The model's sizes: control at grid x 16 px, history pictures at history_image_size, the ad at
// grid x VQ downsampling (adPicture) through the frozen VQ.
PreparedAdRecord prepareAdRecord(const AdRecordPixels& record, const model::ModelConfig& config,
                                 const personalize::UniAdGenConfig& uniadgen, const nn::VqModel& vq);

struct SampleDraw {
    int historyLength = 10;     // clicks to pick (PSS, as at inference); 0: none
    uint64_t seed = 0;          // PSS and title choice
    bool unconditional = false;
};

// The sample for one epoch. Titles equal to a ground-truth title are not picked as history (the
// reference's duplicate filter); the title written is titles[seed % count].
AdSample drawAdSample(const PreparedAdRecord& record, const SampleDraw& draw);

}  // namespace adgen::train
