#pragma once

// Collects the events of engine generations (they arrive on the engine thread) for assertions.

#include "adgen/engine.h"

#include <mutex>
#include <vector>

namespace adgen::testing {

struct EventRecorder {
    std::mutex mutex;
    std::vector<GenerationEvent> events;
    void operator()(const GenerationEvent& e) {
        std::lock_guard<std::mutex> lock(mutex);
        events.push_back(e);
    }
    // Events of one type, of one variant (-2: any).
    std::vector<GenerationEvent> of(GenerationEvent::Type type, int variant = -2) {
        std::lock_guard<std::mutex> lock(mutex);
        std::vector<GenerationEvent> out;
        for (const auto& e : events)
            if (e.type == type && (variant == -2 || e.variant == variant)) out.push_back(e);
        return out;
    }
};

}  // namespace adgen::testing
