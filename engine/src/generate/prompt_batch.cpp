#include "generate/prompt_batch.h"

#include <algorithm>

namespace adgen::generate {

PaddedIds leftPad(const std::vector<std::vector<int64_t>>& rows, int64_t padId) {
    size_t longest = 0;
    for (const auto& r : rows) longest = std::max(longest, r.size());
    const auto n = static_cast<int64_t>(rows.size());
    const auto T = static_cast<int64_t>(longest);
    PaddedIds out{torch::full({n, T}, padId, torch::kInt64), torch::zeros({n, T}, torch::kBool)};
    auto ids = out.ids.accessor<int64_t, 2>();
    auto valid = out.valid.accessor<bool, 2>();
    for (int64_t r = 0; r < n; ++r) {
        const auto& row = rows[static_cast<size_t>(r)];
        const auto offset = T - static_cast<int64_t>(row.size());
        for (size_t i = 0; i < row.size(); ++i) {
            ids[r][offset + static_cast<int64_t>(i)] = row[i];
            valid[r][offset + static_cast<int64_t>(i)] = true;
        }
    }
    return out;
}

std::vector<int64_t> unconditionalIds(const std::vector<int64_t>& conditional, int64_t padId) {
    auto out = conditional;
    for (size_t i = 1; i + 1 < out.size(); ++i) out[i] = padId;
    return out;
}

}  // namespace adgen::generate
