// adgen: the headless command line of AdGen Studio.
#include <cstdio>
#include <cstring>
#include <functional>
#include <map>
#include <string>

#include "adgen/model_commands.h"
#include "cli/commands.h"
#include "../engine/cli/train_tokenizer_command.h"  // in adgen_model_cli, also in the engine-only build

namespace {

struct Command {
    std::function<int(const adgen::cli::Args&)> run;
    const char* summary;
};

const std::map<std::string, Command>& commands() {
    static const std::map<std::string, Command> table = {
#ifdef ADGEN_WITH_IMAGING
        {"inspect-image", {adgen::cli::inspectImageCommand,
                           "[--json] FILE...        size, alpha, product box and coverage of product images"}},
        {"personalize", {adgen::cli::personalizeCommand,
                         "--model DIR --product FILE --selling-points \"A;B\" [--history FILE] ...\n"
                         "                         a personalized ad: title streamed, raw + fusion PNGs, JSON recipe"}},
        {"train", {adgen::cli::trainCommand,
                   "vq|model --data TRAIN.json --config CONFIG.json --out DIR [--resume] ...\n"
                   "                         train the demo model: the VQ image tokenizer, then the Uni-AdGen model"}},
        {"eval", {adgen::cli::evalCommand,
                  "--model DIR --data PAD1M.json --out DIR [--limit N] [--pbs-model DIR]\n"
                  "                         validation() outputs for a PAd1M file, then BLEU-4/ROUGE-L/PBS"}},
        {"metrics", {adgen::cli::metricsCommand, "--predictions P.json --references R.json [--pbs-model DIR] [--out F] [--table]\n                         BLEU-4, ROUGE-L, BGS, SP-only share and PBS of ads against the ground truth"}},
        {"precheck", {adgen::cli::precheckCommand, "--brief FILE.adgen.json [--copy TEXT] [--image FILE] [--max-ratio R]\n                         pre-checks of an ad's copy and image against the reject criteria, as JSON"}},
        {"synth", {adgen::cli::synthCommand, "--out DIR [--seed N] [--shoppers N] [--clicks 10-20] [--noise 0.2] ...\n                         a deterministic synthetic shopping world in the PAd1M format"}},
#endif
        {"version", {adgen::cli::versionCommand, "                       version, libtorch, CUDA and BLAS in use"}},
        {"generate", {adgen::cli::generateCommand,
                      "--model DIR --prompt TEXT [--mode image|text] [--variants N] [--seed S,..] ...\n"
                      "                         text-to-image or text, streamed; images to PREFIX-N.png"}},
        {"inspect-model", {adgen::cli::inspectModelCommand,
                           "[--json] DIR            config, parameters, dtypes, missing/unexpected keys"}},
        {"forward", {adgen::cli::forwardCommand,
                     "--model DIR --ids 1,2,3 [--dump FILE]   logits of one forward pass (parity checks)"}},
        {"bench", {adgen::cli::benchCommand,
                   "[--preset janus-pro-1b|--model DIR] [--variants 1,4] [--steps N] [--json]\n"
                   "                         ms per image-token step, full image, text tokens/s, memory;\n"
                   "                         a Uni-AdGen DIR [--runs N]: time to first copy token and full ad"}},
        {"train-tokenizer", {adgen::cli::trainTokenizerCommand, "--corpus FILE [--corpus FILE...] --vocab N [--min-frequency F] --out tokenizer.json\n                         a byte-level BPE tokenizer trained on catalog text (.json strings or text lines)"}},
        {"init-random-model", {adgen::cli::initRandomModelCommand,
                               "(--preset NAME | --config FILE) --out DIR   random weights at any shape"}},
    };
    return table;
}

int usage(std::FILE* out) {
    std::fprintf(out, "usage: adgen COMMAND [ARGS]\n\ncommands:\n");
    for (const auto& [name, command] : commands()) std::fprintf(out, "  %s %s\n", name.c_str(), command.summary);
    std::fprintf(out, "\n  --version, --help\n");
    return out == stdout ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage(stderr);
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") return usage(stdout);
    if (name == "--version") return adgen::cli::versionCommand({});
    const auto found = commands().find(name);
    if (found == commands().end()) {
        std::fprintf(stderr, "adgen: unknown command '%s'\n\n", name.c_str());
        return usage(stderr);
    }
    return found->second.run(adgen::cli::Args(argv + 2, argv + argc));
}
