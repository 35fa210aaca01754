#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Reads the data files jieba ships as Python source (finalseg/prob_start.py, prob_trans.py,
// prob_emit.py: `P={...}`), so the engine uses the installed tables without Python. Only the
// literal shape those files have is understood: dicts (nested to any depth) with string keys and
// number values.
namespace adgen::metrics {

struct PythonLiteral {
    bool isDict = false;
    double number = 0;                                            // when !isDict
    std::vector<std::pair<std::u32string, PythonLiteral>> items;  // when isDict, in file order

    const PythonLiteral* find(std::u32string_view key) const;
};

// The value assigned to `name` at the start of a line (`P={...}` or `P = {...}`). Anything else
// the file holds (imports, comments) is skipped. A missing assignment or a malformed literal is
// an adgen::Error naming `where` and the offset.
PythonLiteral parsePythonAssignment(std::string_view source, std::string_view name,
                                    const std::string& where);

}  // namespace adgen::metrics
