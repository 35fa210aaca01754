#pragma once

#include "api/history_picture_cache.h"
#include "api/session_support.h"
#include "personalize/uniadgen_model.h"

namespace adgen::api {

// Runs one AdRequest (a personalized ad: history selection, stage-1 title, stage-2 image, fusion
// image) on the calling (engine) thread, reporting through `emit`: HistorySelected, Phase
// (Prefill, Text, Image, Decoding, Finished), TextDelta (the title between its markers),
// ImageToken, Preview, Stats, VariantDone, then Done; Error or Cancelled end it early.
// `pictures` keeps the clicks' prepared pictures between generations (history_picture_cache.h).
void runAdGeneration(const personalize::UniAdGenModel& model, const nn::CodeColourPreview* colours,
                     HistoryPictureCache& pictures, uint64_t id, const AdRequest& request, const JobControl& control,
                     const EventCallback& emit);

// Adds what a Uni-AdGen model adds to its Janus model's description.
void describePersonalization(const personalize::UniAdGenModel& model, ModelInfo& info);

}  // namespace adgen::api
