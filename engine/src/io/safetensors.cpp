#include "io/safetensors.h"

#include "adgen/error.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <fstream>

namespace adgen::io {
namespace {

using nlohmann::json;

const std::string kFixCorrupt =
    "Re-create or re-convert the weights (tools/convert_janus_checkpoint.py), or point the app at "
    "another model directory.";

struct DtypeInfo {
    const char* name;
    torch::ScalarType type;
};

const DtypeInfo kDtypes[] = {
    {"F32", torch::kFloat32}, {"F16", torch::kFloat16}, {"BF16", torch::kBFloat16},
    {"F64", torch::kFloat64}, {"I64", torch::kInt64},   {"I32", torch::kInt32},
    {"I16", torch::kInt16},   {"I8", torch::kInt8},     {"U8", torch::kUInt8},
    {"BOOL", torch::kBool},
};

Error corrupt(const std::filesystem::path& path, const std::string& what) {
    return Error("The weights file " + path.string() + " is not a valid safetensors file: " + what + ".",
                 kFixCorrupt);
}

}  // namespace

std::string shapeString(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

std::string safetensorsDtypeName(torch::ScalarType dtype) {
    for (const auto& d : kDtypes)
        if (d.type == dtype) return d.name;
    throw Error(std::string("Tensors of type ") + c10::toString(dtype) + " cannot be stored in safetensors here.",
                "Convert the tensor to F32, F16 or BF16 first.");
}

torch::ScalarType safetensorsDtype(const std::string& name, const std::filesystem::path& file) {
    for (const auto& d : kDtypes)
        if (name == d.name) return d.type;
    throw Error("The weights file " + file.string() + " stores a tensor as " + name +
                    ", which AdGen cannot read (it reads F32, F16, BF16 and integer tensors).",
                "Convert the checkpoint to F32, F16 or BF16 safetensors.");
}

std::shared_ptr<SafetensorsFile> SafetensorsFile::open(const std::filesystem::path& path) {
    std::shared_ptr<SafetensorsFile> file(new SafetensorsFile());
    file->path_ = path;
    file->self_ = file;

    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error("The weights file " + path.string() + " cannot be opened: " + std::strerror(errno) + ".",
                    "Check that the model directory is complete and readable.");
    struct stat st {};
    ::fstat(fd, &st);
    const auto size = static_cast<size_t>(st.st_size);
    if (size < 8) {
        ::close(fd);
        throw corrupt(path, "it is only " + std::to_string(size) + " bytes long");
    }
    // Private and writable: tensors that share these pages can be modified in place (a LoRA
    // merge, say) without touching the file; only touched pages get copied.
    void* mapping = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (mapping == MAP_FAILED)
        throw Error("The weights file " + path.string() + " cannot be mapped into memory: " + std::strerror(errno) + ".",
                    "Free some memory or address space and try again.");
    file->mapping_ = mapping;
    file->mappingSize_ = size;

    const auto* bytes = static_cast<const uint8_t*>(mapping);
    uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i) headerSize = (headerSize << 8) | bytes[i];
    if (headerSize > size - 8) throw corrupt(path, "its header length is larger than the file (truncated?)");
    const std::string headerText(reinterpret_cast<const char*>(bytes + 8), headerSize);
    json header;
    try {
        header = json::parse(headerText);
    } catch (const json::exception& e) {
        throw corrupt(path, std::string("its JSON header does not parse (") + e.what() + ")");
    }
    if (!header.is_object()) throw corrupt(path, "its header is not a JSON object");
    file->data_ = bytes + 8 + headerSize;
    const uint64_t dataSize = size - 8 - headerSize;

    for (const auto& [name, value] : header.items()) {
        if (name == "__metadata__") {
            if (value.is_object())
                for (const auto& [k, v] : value.items())
                    if (v.is_string()) file->metadata_[k] = v.get<std::string>();
            continue;
        }
        try {
            SafetensorsEntry entry;
            entry.name = name;
            entry.dtype = value.at("dtype").get<std::string>();
            entry.shape = value.at("shape").get<std::vector<int64_t>>();
            const auto offsets = value.at("data_offsets").get<std::vector<uint64_t>>();
            if (offsets.size() != 2) throw corrupt(path, "tensor '" + name + "' has malformed data_offsets");
            entry.begin = offsets[0];
            entry.end = offsets[1];
            const auto type = safetensorsDtype(entry.dtype, path);
            // Sizes are checked for overflow: a shape whose byte count wraps around (to 0, say) would
            // otherwise pass the offsets check and hand out a tensor larger than the file.
            uint64_t count = 1;
            uint64_t expected = 0;
            for (auto d : entry.shape) {
                if (d < 0) throw corrupt(path, "tensor '" + name + "' has a negative dimension");
                if (__builtin_mul_overflow(count, static_cast<uint64_t>(d), &count))
                    throw corrupt(path, "tensor '" + name + "' has a shape " + shapeString(entry.shape) +
                                            " too large for any file");
            }
            if (__builtin_mul_overflow(count, static_cast<uint64_t>(c10::elementSize(type)), &expected))
                throw corrupt(path, "tensor '" + name + "' has a shape " + shapeString(entry.shape) +
                                        " too large for any file");
            if (entry.end < entry.begin || entry.end > dataSize || entry.end - entry.begin != expected)
                throw corrupt(path, "tensor '" + name + "' (" + entry.dtype + " " + shapeString(entry.shape) +
                                        ") has data offsets that do not fit its shape or the file (truncated?)");
            file->index_[name] = file->entries_.size();
            file->entries_.push_back(std::move(entry));
        } catch (const json::exception& e) {
            throw corrupt(path, "tensor '" + name + "' has a malformed header entry (" + e.what() + ")");
        }
    }
    return file;
}

SafetensorsFile::~SafetensorsFile() {
    if (mapping_) ::munmap(mapping_, mappingSize_);
}

const SafetensorsEntry* SafetensorsFile::find(const std::string& name) const {
    const auto it = index_.find(name);
    return it == index_.end() ? nullptr : &entries_[it->second];
}

torch::Tensor SafetensorsFile::read(const SafetensorsEntry& entry, torch::ScalarType dtype) const {
    const auto stored = safetensorsDtype(entry.dtype, path_);
    auto* ptr = const_cast<uint8_t*>(data_ + entry.begin);
    const bool aligned = reinterpret_cast<uintptr_t>(ptr) % c10::elementSize(stored) == 0;
    torch::Tensor tensor;
    if (aligned) {
        // Keep the mapping alive as long as any tensor views it.
        auto keepAlive = self_.lock();
        tensor = torch::from_blob(ptr, entry.shape, [keepAlive](void*) {}, torch::TensorOptions().dtype(stored));
    } else {
        tensor = torch::empty(entry.shape, torch::TensorOptions().dtype(stored));
        std::memcpy(tensor.data_ptr(), ptr, entry.end - entry.begin);
    }
    const bool floating = c10::isFloatingType(stored);
    if (floating && stored != dtype) return tensor.to(dtype);
    return tensor;
}

void saveSafetensors(const std::filesystem::path& path,
                     const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                     const std::map<std::string, std::string>& metadata) {
    json header = json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::vector<torch::Tensor> contiguous;
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        auto t = tensor.detach().to(torch::kCPU).contiguous();
        const uint64_t bytes = static_cast<uint64_t>(t.numel()) * t.element_size();
        header[name] = {{"dtype", safetensorsDtypeName(t.scalar_type())},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        contiguous.push_back(std::move(t));
    }
    std::string headerText = header.dump();
    // The format recommends padding the header with spaces to an 8-byte boundary so that every
    // tensor can be viewed in place.
    while (headerText.size() % 8) headerText.push_back(' ');

    auto tmp = path;
    tmp += ".partial";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out)
            throw Error("Cannot write " + tmp.string() + ".", "Check that the folder exists and is writable.");
        uint8_t len[8];
        uint64_t n = headerText.size();
        for (int i = 0; i < 8; ++i) len[i] = static_cast<uint8_t>(n >> (8 * i));
        out.write(reinterpret_cast<const char*>(len), 8);
        out.write(headerText.data(), static_cast<std::streamsize>(headerText.size()));
        for (const auto& t : contiguous)
            out.write(static_cast<const char*>(t.data_ptr()), static_cast<std::streamsize>(t.numel() * t.element_size()));
        if (!out) throw Error("Writing " + tmp.string() + " failed (disk full?).", "Free some disk space and try again.");
    }
    std::filesystem::rename(tmp, path);
}

}  // namespace adgen::io
