#pragma once

// What the generation sessions (plain Janus generations, personalized ads) share: events, seeds,
// throughput and ETA, cancellation, and the per-token image reporting with progressive previews.

#include "adgen/engine.h"
#include "generate/image_generation.h"
#include "model/janus_model.h"
#include "nn/code_colour_preview.h"

#include <torch/torch.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <vector>

namespace adgen::api {

// Cancellation flags of one job, shared between the caller's thread and the engine thread.
struct JobControl {
    std::atomic<bool> cancelled{false};
    std::atomic<uint32_t> cancelledVariants{0};  // bit v: variant v
};

using Clock = std::chrono::steady_clock;
double msSince(Clock::time_point t);

GenerationEvent event(GenerationEvent::Type type, uint64_t id, int variant = -1);
GenerationEvent phaseEvent(uint64_t id, Phase phase);

// Runs a generation's body with autograd off and ends it with exactly one closing event: Done
// (after Phase Finished), Cancelled (-1) when the whole job was cancelled, or Error for any
// exception (adgen::Error's problem and fix; anything else with a generic fix). Nothing escapes.
void runReportingErrors(uint64_t id, const JobControl& control, const EventCallback& emit,
                        const std::function<void()>& body);

// [H, W, 3] uint8 (any device) as an RgbImage.
RgbImage toImage(const torch::Tensor& rgb8);

// `given` extended with random seeds (or cut) to `count`.
std::vector<uint64_t> completeSeeds(const std::vector<uint64_t>& given, int count);

// Throughput and ETA of one generation, reported as Stats events.
class Meter {
public:
    explicit Meter(int64_t totalSteps) : total_(totalSteps), start_(Clock::now()) {}
    void step();
    double secondsPerStep() const;
    GenerationEvent stats(uint64_t id) const;

private:
    int64_t total_;
    int64_t done_ = 0;
    Clock::time_point start_;
    Clock::time_point firstToken_;
    double ttftMs_ = 0;
};

// Answers the generation loops' "is this variant stopped?" from the job's cancel flags, and
// reports each cancelled variant once.
class CancelWatch {
public:
    CancelWatch(const JobControl& control, uint64_t id, int variants, const EventCallback& emit)
        : control_(control), id_(id), reported_(static_cast<size_t>(variants), false), emit_(emit) {}
    bool operator()(int v);

private:
    const JobControl& control_;
    uint64_t id_;
    std::vector<bool> reported_;
    const EventCallback& emit_;
};

// Turns each image step into ImageToken events (code, position, preview colour), Stats, the
// Image phase at the first step, and decoded previews every few finished rows: every k rows, or
// automatically as often as keeps preview decoding under a tenth of the time (a full decode costs
// seconds on a CPU, milliseconds on a GPU).
class ImageStepReporter {
public:
    ImageStepReporter(const model::JanusModel& model, const nn::CodeColourPreview* colours, uint64_t id, int variants,
                      int previewEveryRows, const EventCallback& emit);
    void operator()(const generate::ImageStep& step);

private:
    bool previewDue(int64_t rowsDone) const;

    const model::JanusModel& model_;
    const nn::CodeColourPreview* colours_;
    uint64_t id_;
    int previewEveryRows_;
    const EventCallback& emit_;
    int64_t grid_;
    torch::Tensor drawn_;  // [variants, grid^2] codes so far, for partial decodes
    Meter meter_;
    int64_t lastPreviewRow_ = 0;
    double lastPreviewSeconds_ = -1;  // < 0: none yet (the first row measures what one costs)
};

}  // namespace adgen::api
