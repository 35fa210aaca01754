#pragma once

#include "personalize/uniadgen_config.h"

#include <string>

namespace adgen::personalize {

// What a designer should see of a title while stage 1 writes it. The prompt ends with the opening
// marker ("<prompt>"), so the model writes TITLE</prompt>: the stream shows the text before the
// closing marker, without leading spaces. Text that might still turn into the marker is held back
// until it cannot, so a delta is never taken back; everything after the marker is dropped. The
// final title (titleFromSection) is also stripped at its end, and is empty when the model never
// closed the marker, so the streamed text is a preview and VariantDone's title is the result.
class TitleStream {
public:
    explicit TitleStream(const UniAdGenConfig& config) : close_(config.titleClose) {}
    // Appends decoded text; returns the newly visible part (possibly empty).
    std::string push(const std::string& decoded);

private:
    std::string visible() const;

    std::string close_;
    std::string raw_;
    size_t shown_ = 0;
};

}  // namespace adgen::personalize
