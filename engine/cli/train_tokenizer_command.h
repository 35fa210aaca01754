#pragma once

#include <string>
#include <vector>

namespace adgen::cli {

// adgen train-tokenizer --corpus FILE [--corpus FILE...] --vocab N [--min-frequency F] --out FILE:
// trains a byte-level BPE tokenizer (text/bpe_trainer.h) and writes tokenizer.json. Returns 0 on
// success, 1 when the corpus has no text, 2 for usage errors and unreadable or invalid files.
int trainTokenizerCommand(const std::vector<std::string>& args);

}  // namespace adgen::cli
