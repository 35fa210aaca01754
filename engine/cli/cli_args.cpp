#include "cli/cli_args.h"

#include <cstdlib>

namespace adgen::cli {

std::vector<int64_t> parseIntegerList(const std::string& text, const std::string& what) {
    std::vector<int64_t> out;
    size_t start = 0;
    while (start <= text.size()) {
        const auto end = text.find(',', start);
        const auto item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        char* stop = nullptr;
        const auto v = std::strtoll(item.c_str(), &stop, 10);
        if (item.empty() || *stop != '\0') throw UsageError(what + " expects integers separated by commas, got '" + text + "'.");
        out.push_back(v);
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

LoadRequest modelLoadRequest(const CliArgs& args) {
    LoadRequest load;
    const auto directory = args.value("model");
    if (!directory) throw UsageError("--model DIR is required.");
    load.modelDirectory = *directory;
    const auto device = parseDevice(args.value("device", "cpu"));
    const auto dtype = parseDType(args.value("dtype", "float32"));
    if (!device || !dtype) throw UsageError("--device is cpu or cuda; --dtype is float32, bfloat16 or float16.");
    load.device = *device;
    load.dtype = *dtype;
    load.threads = static_cast<int>(args.integer("threads", 0));
    return load;
}

CliArgs::CliArgs(const std::vector<std::string>& args, const std::set<std::string>& valueOptions,
                 const std::set<std::string>& flags) {
    for (size_t i = 0; i < args.size(); ++i) {
        const auto& a = args[i];
        if (a.rfind("--", 0) != 0 || a == "--") {
            positional_.push_back(a);
            continue;
        }
        const auto name = a.substr(2);
        if (flags.count(name)) {
            flags_.insert(name);
        } else if (valueOptions.count(name)) {
            if (i + 1 >= args.size()) throw UsageError("The option --" + name + " needs a value.");
            values_[name] = args[++i];
        } else {
            throw UsageError("Unknown option " + a + ".");
        }
    }
}

std::optional<std::string> CliArgs::value(const std::string& name) const {
    const auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
}

std::string CliArgs::value(const std::string& name, const std::string& fallback) const {
    return value(name).value_or(fallback);
}

std::optional<double> CliArgs::optionalNumber(const std::string& name) const {
    const auto v = value(name);
    if (!v) return std::nullopt;
    char* stop = nullptr;
    const double d = std::strtod(v->c_str(), &stop);
    if (v->empty() || *stop != '\0') throw UsageError("--" + name + " expects a number, got '" + *v + "'.");
    return d;
}

double CliArgs::number(const std::string& name, double fallback) const { return optionalNumber(name).value_or(fallback); }

int64_t CliArgs::integer(const std::string& name, int64_t fallback) const {
    const auto v = value(name);
    if (!v) return fallback;
    const auto list = parseIntegerList(*v, "--" + name);
    if (list.size() != 1) throw UsageError("--" + name + " expects one integer, got '" + *v + "'.");
    return list[0];
}

std::vector<int64_t> CliArgs::integers(const std::string& name, std::vector<int64_t> fallback) const {
    const auto v = value(name);
    return v ? parseIntegerList(*v, "--" + name) : fallback;
}

}  // namespace adgen::cli
