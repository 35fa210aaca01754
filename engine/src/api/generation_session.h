#pragma once

#include "adgen/engine.h"
#include "model/janus_model.h"
#include "nn/code_colour_preview.h"

#include <atomic>
#include <memory>

namespace adgen::api {

// Cancellation flags of one job, shared between the caller's thread and the engine thread.
struct JobControl {
    std::atomic<bool> cancelled{false};
    std::atomic<uint32_t> cancelledVariants{0};  // bit v: variant v
};

// Runs one GenerationRequest on a loaded model, on the calling (engine) thread, reporting
// through `emit`. Errors become an Error event; nothing escapes.
void runGeneration(const model::JanusModel& model, const nn::CodeColourPreview* colours, uint64_t id,
                   const GenerationRequest& request, const JobControl& control, const EventCallback& emit);

// Plain-C++ description of a loaded model.
ModelInfo describe(const model::JanusModel& model, Device device, DType dtype);

}  // namespace adgen::api
