// adgen forward: the logits of one forward pass, dumped for parity checks against other
// implementations (transformers, the reference Janus code).

#include "adgen/model_commands.h"
#include "cli/cli_args.h"
#include "io/safetensors.h"
#include "model/janus_model.h"

#include <cstdio>

namespace adgen::cli {

int forwardCommand(const std::vector<std::string>& argv) {
    try {
        const CliArgs args(argv, {"model", "ids", "dump", "dtype"}, {});
        const auto dir = args.value("model");
        const auto idsText = args.value("ids");
        if (!dir || !idsText) {
            std::fputs("usage: adgen forward --model DIR --ids 1,2,3[;4,5,6] [--dump FILE.safetensors] [--dtype float32]\n"
                       "  rows separated by ';' must have the same length; full causal pass from position 0\n",
                       stderr);
            return 2;
        }
        std::vector<std::vector<int64_t>> rows;
        size_t start = 0;
        for (;;) {
            const auto end = idsText->find(';', start);
            rows.push_back(parseIntegerList(idsText->substr(start, end == std::string::npos ? std::string::npos : end - start), "--ids"));
            if (end == std::string::npos) break;
            start = end + 1;
        }
        for (const auto& r : rows)
            if (r.size() != rows[0].size()) throw UsageError("Every --ids row must have the same length.");

        model::JanusModel::LoadOptions options;
        const auto dtype = args.value("dtype", "float32");
        options.dtype = dtype == "bfloat16" ? torch::kBFloat16 : dtype == "float16" ? torch::kFloat16 : torch::kFloat32;
        torch::NoGradGuard noGrad;
        const auto model = model::JanusModel::load(*dir, options);
        const auto vocab = model->config().language.vocabSize;
        auto ids = torch::empty({static_cast<int64_t>(rows.size()), static_cast<int64_t>(rows[0].size())}, torch::kInt64);
        for (size_t r = 0; r < rows.size(); ++r)
            for (size_t t = 0; t < rows[r].size(); ++t) {
                if (rows[r][t] < 0 || rows[r][t] >= vocab)
                    throw UsageError("Token id " + std::to_string(rows[r][t]) + " is outside the vocabulary (0.." +
                                     std::to_string(vocab - 1) + ").");
                ids[static_cast<int64_t>(r)][static_cast<int64_t>(t)] = rows[r][t];
            }
        const auto& d = model->decoder();
        auto cache = d.makeCache(ids.size(0), ids.size(1));
        const auto hidden = d.forward(d.embed(ids.to(model->device())), cache, torch::ones_like(ids, torch::kBool).to(model->device()));
        const auto logits = d.textLogits(hidden).to(torch::kCPU);
        const auto imageLogits = model->adapters().imageLogits(hidden).to(torch::kCPU);

        for (int64_t r = 0; r < logits.size(0); ++r) {
            const auto last = logits[r][logits.size(1) - 1];
            const auto [values, indices] = last.topk(5);
            std::printf("row %lld: last-position top-5 text ids", static_cast<long long>(r));
            for (int k = 0; k < 5; ++k)
                std::printf(" %lld (%.4f)", static_cast<long long>(indices[k].item<int64_t>()), values[k].item<double>());
            std::printf("\n");
        }
        if (const auto dump = args.value("dump")) {
            io::saveSafetensors(*dump, {{"input_ids", ids},
                                        {"hidden", hidden.to(torch::kCPU, torch::kFloat32)},
                                        {"logits", logits},
                                        {"image_logits", imageLogits}},
                                {{"model", model->directory().string()}, {"dtype", dtype}});
            std::printf("wrote input_ids, hidden, logits %s, image_logits to %s\n",
                        io::shapeString(logits.sizes().vec()).c_str(), dump->c_str());
        }
        return 0;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen forward: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
