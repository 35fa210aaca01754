#pragma once

#include "api/session_support.h"

namespace adgen::api {

// Runs one GenerationRequest on a loaded model, on the calling (engine) thread, reporting
// through `emit`. Errors become an Error event; nothing escapes.
void runGeneration(const model::JanusModel& model, const nn::CodeColourPreview* colours, uint64_t id,
                   const GenerationRequest& request, const JobControl& control, const EventCallback& emit);

// Plain-C++ description of a loaded model.
ModelInfo describe(const model::JanusModel& model, Device device, DType dtype);

}  // namespace adgen::api
