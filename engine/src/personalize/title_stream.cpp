#include "personalize/title_stream.h"

#include <algorithm>

namespace adgen::personalize {
namespace {

// The length of the longest end of `text` that is a proper beginning of `marker`.
size_t partialMarkerAtEnd(const std::string& text, const std::string& marker) {
    if (marker.empty()) return 0;
    for (size_t n = std::min(text.size(), marker.size() - 1); n > 0; --n)
        if (text.compare(text.size() - n, n, marker, 0, n) == 0) return n;
    return 0;
}

}  // namespace

std::string TitleStream::visible() const {
    const auto start = raw_.find_first_not_of(" \t\r\n");
    if (start == std::string::npos) return {};
    const auto body = raw_.substr(start);
    if (const auto end = close_.empty() ? std::string::npos : body.find(close_); end != std::string::npos)
        return body.substr(0, end);
    return body.substr(0, body.size() - partialMarkerAtEnd(body, close_));
}

std::string TitleStream::push(const std::string& decoded) {
    raw_ += decoded;
    const auto now = visible();
    if (now.size() <= shown_) return {};
    auto delta = now.substr(shown_);
    shown_ = now.size();
    return delta;
}

}  // namespace adgen::personalize
