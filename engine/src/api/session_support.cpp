#include "api/session_support.h"

#include "adgen/error.h"

#include <random>

namespace adgen::api {

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

GenerationEvent event(GenerationEvent::Type type, uint64_t id, int variant) {
    GenerationEvent e;
    e.type = type;
    e.generation = id;
    e.variant = variant;
    return e;
}

GenerationEvent phaseEvent(uint64_t id, Phase phase) {
    auto e = event(GenerationEvent::Type::Phase, id);
    e.phase = phase;
    return e;
}

void runReportingErrors(uint64_t id, const JobControl& control, const EventCallback& emit,
                        const std::function<void()>& body) {
    try {
        torch::NoGradGuard noGrad;
        body();
        if (control.cancelled.load())
            emit(event(GenerationEvent::Type::Cancelled, id, -1));
        else {
            emit(phaseEvent(id, Phase::Finished));
            emit(event(GenerationEvent::Type::Done, id));
        }
    } catch (const Error& e) {
        auto ev = event(GenerationEvent::Type::Error, id);
        ev.error = e.problem();
        ev.errorFix = e.fix();
        emit(ev);
    } catch (const std::exception& e) {
        auto ev = event(GenerationEvent::Type::Error, id);
        ev.error = std::string("The generation failed: ") + e.what();
        ev.errorFix = "Try again with fewer variants or a shorter prompt; if it persists, report it with the model used.";
        emit(ev);
    }
}

RgbImage toImage(const torch::Tensor& rgb8) {
    const auto t = rgb8.contiguous().to(torch::kCPU);
    RgbImage img;
    img.height = static_cast<int>(t.size(0));
    img.width = static_cast<int>(t.size(1));
    const auto* p = t.data_ptr<uint8_t>();
    img.pixels.assign(p, p + t.numel());
    return img;
}

std::vector<uint64_t> completeSeeds(const std::vector<uint64_t>& given, int count) {
    std::vector<uint64_t> seeds = given;
    std::random_device device;
    while (static_cast<int>(seeds.size()) < count) seeds.push_back((static_cast<uint64_t>(device()) << 32) ^ device());
    seeds.resize(static_cast<size_t>(count));
    return seeds;
}

void Meter::step() {
    if (done_ == 0) {
        firstToken_ = Clock::now();
        ttftMs_ = msSince(start_);
    }
    ++done_;
}

double Meter::secondsPerStep() const {
    return done_ > 1 ? msSince(firstToken_) / 1000.0 / static_cast<double>(done_ - 1) : 0.0;
}

GenerationEvent Meter::stats(uint64_t id) const {
    auto e = event(GenerationEvent::Type::Stats, id);
    e.stepsDone = done_;
    e.stepsTotal = total_;
    e.timeToFirstTokenMs = ttftMs_;
    const double seconds = done_ > 1 ? msSince(firstToken_) / 1000.0 : 0.0;
    e.tokensPerSecond = seconds > 0 ? static_cast<double>(done_ - 1) / seconds : 0.0;
    e.etaSeconds = e.tokensPerSecond > 0 ? static_cast<double>(total_ - done_) / e.tokensPerSecond : 0.0;
    return e;
}

bool CancelWatch::operator()(int v) {
    if (!control_.cancelled.load() && !(control_.cancelledVariants.load() >> v & 1u)) return false;
    if (!reported_[static_cast<size_t>(v)]) {
        reported_[static_cast<size_t>(v)] = true;
        emit_(event(GenerationEvent::Type::Cancelled, id_, v));
    }
    return true;
}

ImageStepReporter::ImageStepReporter(const model::JanusModel& model, const nn::CodeColourPreview* colours, uint64_t id,
                                     int variants, int previewEveryRows, const EventCallback& emit)
    : model_(model),
      colours_(colours),
      id_(id),
      previewEveryRows_(previewEveryRows),
      emit_(emit),
      grid_(model.config().generation.gridSize),
      drawn_(torch::zeros({variants, grid_ * grid_}, torch::kInt64)),
      meter_(grid_ * grid_) {}

bool ImageStepReporter::previewDue(int64_t rowsDone) const {
    if (previewEveryRows_ < 0) return false;
    if (previewEveryRows_ > 0) return rowsDone % previewEveryRows_ == 0;
    if (lastPreviewSeconds_ < 0) return true;
    const double secondsPerRow = meter_.secondsPerStep() * static_cast<double>(grid_);
    return static_cast<double>(rowsDone - lastPreviewRow_) * secondsPerRow * 0.1 >= lastPreviewSeconds_;
}

void ImageStepReporter::operator()(const generate::ImageStep& s) {
    if (s.step == 0) emit_(phaseEvent(id_, Phase::Image));
    meter_.step();
    const auto tokens = s.tokens.to(torch::kCPU);
    for (size_t i = 0; i < s.variants.size(); ++i) {
        const int v = s.variants[i];
        const auto code = tokens[static_cast<int64_t>(i)].item<int64_t>();
        drawn_[v][s.step] = code;
        auto e = event(GenerationEvent::Type::ImageToken, id_, v);
        e.row = static_cast<int>(s.step / grid_);
        e.col = static_cast<int>(s.step % grid_);
        e.code = code;
        if (colours_) {
            const auto* rgb = colours_->table().data_ptr<uint8_t>() + 3 * code;
            std::copy(rgb, rgb + 3, e.colour);
        }
        emit_(e);
    }
    emit_(meter_.stats(id_));

    const auto* vq = model_.vq();
    const bool rowDone = (s.step + 1) % grid_ == 0;
    const auto rowsDone = (s.step + 1) / grid_;
    if (!vq || !rowDone || rowsDone >= grid_ || !previewDue(rowsDone)) return;
    const auto start = Clock::now();
    for (const int v : s.variants) {
        const auto codes = drawn_[v].view({1, grid_, grid_}).to(model_.device());
        auto e = event(GenerationEvent::Type::Preview, id_, v);
        e.image = toImage(nn::VqModel::toRgb8(vq->decodePartial(codes, s.step + 1))[0]);
        emit_(e);
    }
    lastPreviewRow_ = rowsDone;
    lastPreviewSeconds_ = msSince(start) / 1000.0;
}

}  // namespace adgen::api
