// adgen train-tokenizer: a byte-level BPE tokenizer.json trained on catalog text (English and
// Chinese product titles, selling points, descriptions), for models trained from scratch.

#include "cli/train_tokenizer_command.h"

#include "cli/cli_args.h"
#include "text/bpe_trainer.h"

#include <cstdio>
#include <string>
#include <vector>

namespace adgen::cli {

namespace {

const char* kUsage =
    "usage: adgen train-tokenizer --corpus FILE [--corpus FILE...] --vocab N [--min-frequency F]\n"
    "                             --out tokenizer.json\n"
    "  FILE: .json (every string value in it is a text, e.g. a catalog.json or a PAd1M file),\n"
    "        .jsonl (the same, one JSON value a line) or UTF-8 text (one text a line).\n"
    "  N: all ids, the 256 byte tokens and the special tokens included (the model's vocab_size).\n"
    "  F: merge only pairs seen at least F times (default 2).\n";

int64_t positiveInteger(const CliArgs& args, const std::string& name, int64_t fallback) {
    const auto text = args.value(name);
    if (!text) return fallback;
    try {
        size_t used = 0;
        const long long value = std::stoll(*text, &used);
        if (used == text->size() && value > 0 && value <= 10000000) return value;
    } catch (const std::exception&) {
    }
    throw UsageError("--" + name + " expects a positive whole number, got '" + *text + "'.");
}

}  // namespace

int trainTokenizerCommand(const std::vector<std::string>& argv) {
    try {
        // --corpus may repeat; CliArgs keeps one value per option, so take them out first.
        std::vector<std::string> corpora;
        std::vector<std::string> rest;
        for (size_t i = 0; i < argv.size(); ++i) {
            if (argv[i] == "--corpus") {
                if (i + 1 >= argv.size()) throw UsageError("The option --corpus needs a value.");
                corpora.push_back(argv[++i]);
            } else {
                rest.push_back(argv[i]);
            }
        }
        const CliArgs args(rest, {"vocab", "min-frequency", "out"}, {"help"});
        if (args.flag("help")) {
            std::fputs(kUsage, stdout);
            return 0;
        }
        if (!args.positional().empty()) throw UsageError("Unexpected argument '" + args.positional().front() + "'.");
        if (corpora.empty() || !args.value("vocab") || !args.value("out")) {
            std::fputs(kUsage, stderr);
            std::fprintf(stderr, "adgen train-tokenizer: %s is required.\n",
                         corpora.empty() ? "--corpus FILE" : !args.value("vocab") ? "--vocab N" : "--out FILE");
            return 2;
        }
        text::BpeTrainingOptions options;
        options.vocabSize = static_cast<int>(positiveInteger(args, "vocab", 0));
        options.minFrequency = static_cast<int>(positiveInteger(args, "min-frequency", options.minFrequency));
        const int smallest = 256 + static_cast<int>(options.specialTokens.size());
        if (options.vocabSize < smallest) {
            throw UsageError("--vocab " + std::to_string(options.vocabSize) + " is too small: the 256 byte tokens and the " +
                             std::to_string(options.specialTokens.size()) + " special tokens alone take " +
                             std::to_string(smallest) + " ids.");
        }

        std::vector<std::string> texts;
        for (const std::string& corpus : corpora) {
            const size_t added = text::appendCorpusTexts(corpus, texts);
            std::printf("%s: %zu texts\n", corpus.c_str(), added);
        }
        if (texts.empty()) {
            std::fprintf(stderr, "adgen train-tokenizer: the corpus has no text (no non-empty lines or strings). "
                                 "Check that the files are the catalog text.\n");
            return 1;
        }

        text::BpeTrainingStats stats;
        const auto tokenizer = text::trainByteLevelBpe(texts, options, &stats);
        text::saveTokenizerJson(tokenizer, *args.value("out"));
        std::printf("trained on %lld texts (%.2f MB, %lld pieces, %lld distinct) in %.2f s: %d merges\n",
                    static_cast<long long>(stats.texts), static_cast<double>(stats.bytes) / 1e6,
                    static_cast<long long>(stats.pieces), static_cast<long long>(stats.distinctPieces),
                    stats.seconds, stats.merges);
        std::printf("vocabulary: %d base tokens (256 bytes + %d learned) + %zu special = %d ids\n", stats.baseVocab,
                    stats.baseVocab - 256, options.specialTokens.size(), stats.size);
        if (!stats.reachedVocabSize) {
            std::fprintf(stderr,
                         "adgen train-tokenizer: note: %s, so the tokenizer has %d ids, not the %d asked for. "
                         "Use %d as the model's vocab_size, or a larger corpus / a smaller --min-frequency.\n",
                         stats.stopReason.c_str(), stats.size, options.vocabSize, stats.size);
        }
        std::printf("wrote %s\n", args.value("out")->c_str());
        return 0;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "adgen train-tokenizer: %s\n", e.what());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "adgen train-tokenizer: %s\n", e.what());
        return 2;
    }
}

}  // namespace adgen::cli
