#pragma once

// Where the pre-checks' data files live (word lists, thresholds: resources/prechecks/ in the source
// tree, share/adgen-studio/prechecks/ when installed) and how a word list file is read. Shared by the
// text and the image pre-checks; docs/formats.md, "Pre-check word lists".

#include <string>
#include <vector>

namespace adgen::review {

// The folder of the pre-checks' data files, the first of: $ADGEN_PRECHECKS_DIR (when set, it must
// exist), share/adgen-studio/prechecks next to the running executable (an installed or relocated
// package), the source tree's resources/prechecks, the install prefix's share/adgen-studio/prechecks.
// Throws adgen::Error listing the places looked at when none exists.
std::string precheckDataDirectory();

// `directory`/`name`, as a path string.
std::string precheckDataFile(const std::string& directory, const std::string& name);

// The entries of a word list file: one per line, surrounding whitespace trimmed, lines empty or
// starting with '#' skipped, a UTF-8 byte-order mark ignored. Throws adgen::Error naming the file
// when it is missing or unreadable, or a line is not valid UTF-8.
std::vector<std::string> readWordList(const std::string& path);

}  // namespace adgen::review
