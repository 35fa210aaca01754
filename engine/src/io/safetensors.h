#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace adgen::io {

// One tensor's entry in a safetensors header.
struct SafetensorsEntry {
    std::string name;
    std::string dtype;  // as spelled in the file: "F32", "F16", "BF16", "I64", ...
    std::vector<int64_t> shape;
    uint64_t begin = 0;  // byte offsets into the data section
    uint64_t end = 0;
};

// A memory-mapped .safetensors file (8-byte little-endian header length, JSON header, raw
// little-endian data). Tensors are read straight from the mapping: a tensor whose dtype already
// matches what the caller wants shares the mapped pages (copy-on-write), so loading a big model
// costs no extra copy.
class SafetensorsFile {
public:
    static std::shared_ptr<SafetensorsFile> open(const std::filesystem::path& path);
    ~SafetensorsFile();

    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::filesystem::path& path() const { return path_; }
    const std::vector<SafetensorsEntry>& entries() const { return entries_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const SafetensorsEntry* find(const std::string& name) const;

    // The tensor converted to `dtype` on the CPU. Integer tensors keep their own dtype.
    torch::Tensor read(const SafetensorsEntry& entry, torch::ScalarType dtype) const;

private:
    SafetensorsFile() = default;

    std::filesystem::path path_;
    void* mapping_ = nullptr;
    size_t mappingSize_ = 0;
    const uint8_t* data_ = nullptr;  // start of the data section
    std::vector<SafetensorsEntry> entries_;
    std::map<std::string, size_t> index_;
    std::map<std::string, std::string> metadata_;
    std::weak_ptr<SafetensorsFile> self_;
};

// Writes tensors (any CPU or CUDA tensor of a supported dtype) in the same format, atomically
// (a temporary file renamed into place).
void saveSafetensors(const std::filesystem::path& path,
                     const std::vector<std::pair<std::string, torch::Tensor>>& tensors,
                     const std::map<std::string, std::string>& metadata = {});

// "F32" etc. for a torch dtype, and back. Throws adgen::Error for dtypes we do not read.
std::string safetensorsDtypeName(torch::ScalarType dtype);
torch::ScalarType safetensorsDtype(const std::string& name, const std::filesystem::path& file);

std::string shapeString(const std::vector<int64_t>& shape);

}  // namespace adgen::io
