#include "review/image_thresholds.h"

#include "adgen/error.h"
#include "review/precheck_data.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace adgen::review {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFileName = "image_thresholds.json";

// Reads `key` of `section` into `value` when present; a present key of the wrong type is an error
// naming it, so a typo in the data file does not silently fall back to the default.
template <typename T>
void read(const json& section, const char* sectionName, const char* key, T& value, const std::string& path) {
    if (!section.contains(key)) return;
    try {
        value = section.at(key).get<T>();
    } catch (const json::exception&) {
        throw Error(path + ": \"" + sectionName + "." + key + "\" has the wrong type (" +
                        section.at(key).dump() + ").",
                    "Write it like the default in resources/prechecks/image_thresholds.json.");
    }
}

// The data folder's thresholds file; empty when there is no data folder or no such file in it
// (the built-in values then apply, which are the file's values).
std::string findThresholdsFile() {
    try {
        const fs::path file = fs::path(precheckDataDirectory()) / kFileName;
        std::error_code ec;
        return fs::is_regular_file(file, ec) ? file.string() : std::string();
    } catch (const Error&) {
        return {};
    }
}

}  // namespace

ImageThresholds loadImageThresholds(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw Error("Cannot read the image pre-check thresholds " + path + ".",
                    "Check the file exists and is readable, or remove it to use the built-in values.");
    }
    json doc;
    try {
        doc = json::parse(in, nullptr, true, /*ignore_comments=*/true);
    } catch (const json::parse_error& e) {
        throw Error(path + " is not valid JSON: " + e.what() + ".", "Fix the file or restore it from git.");
    }
    if (!doc.is_object()) throw Error(path + " is not a JSON object.", "Fix the file or restore it from git.");
    ImageThresholds t;
    const auto section = [&](const char* name) -> json {
        if (!doc.contains(name)) return json::object();
        if (!doc.at(name).is_object()) {
            throw Error(path + ": \"" + name + "\" is not an object.", "Fix the file or restore it from git.");
        }
        return doc.at(name);
    };
    {
        const json s = section("locate");
        read(s, "locate", "search_side", t.locate.searchSide, path);
        read(s, "locate", "min_scale", t.locate.minScale, path);
        read(s, "locate", "max_scale", t.locate.maxScale, path);
        read(s, "locate", "scale_step", t.locate.scaleStep, path);
        read(s, "locate", "placement_preference", t.locate.placementPreference, path);
    }
    {
        const json s = section("size");
        read(s, "size", "max_area_share", t.size.maxAreaShare, path);
        read(s, "size", "min_area_share", t.size.minAreaShare, path);
        read(s, "size", "max_ratio_margin", t.size.maxRatioMargin, path);
        read(s, "size", "min_placement_scale", t.size.minPlacementScale, path);
        read(s, "size", "max_placement_scale", t.size.maxPlacementScale, path);
    }
    {
        const json s = section("shape");
        read(s, "shape", "ring_share", t.shape.ringShare, path);
        read(s, "shape", "foreign_delta_e", t.shape.foreignDeltaE, path);
        read(s, "shape", "attach_reach_share", t.shape.attachReachShare, path);
        read(s, "shape", "rare_colour_share", t.shape.rareColourShare, path);
        read(s, "shape", "presence_delta_e", t.shape.presenceDeltaE, path);
        read(s, "shape", "min_blob_share", t.shape.minBlobShare, path);
        read(s, "shape", "min_hole_share", t.shape.minHoleShare, path);
        read(s, "shape", "hole_delta_e", t.shape.holeDeltaE, path);
        read(s, "shape", "hollow_filled_share", t.shape.hollowFilledShare, path);
        read(s, "shape", "max_mismatch_share", t.shape.maxMismatchShare, path);
        read(s, "shape", "mismatch_delta_e", t.shape.mismatchDeltaE, path);
    }
    {
        const json s = section("space");
        read(s, "space", "contact_share", t.space.contactShare, path);
        read(s, "space", "min_shadow_drop", t.space.minShadowDrop, path);
        read(s, "space", "detached_margin", t.space.detachedMargin, path);
        read(s, "space", "min_contact_delta_e", t.space.minContactDeltaE, path);
        read(s, "space", "min_blur_share", t.space.minBlurShare, path);
    }
    {
        const json s = section("perception");
        read(s, "perception", "band_share", t.perception.bandShare, path);
        read(s, "perception", "edge_delta_e", t.perception.edgeDeltaE, path);
        read(s, "perception", "min_contour_delta_e", t.perception.minContourDeltaE, path);
        read(s, "perception", "min_mean_delta_e", t.perception.minMeanDeltaE, path);
        read(s, "perception", "canny_low", t.perception.cannyLow, path);
        read(s, "perception", "canny_high", t.perception.cannyHigh, path);
        read(s, "perception", "max_ring_edge_density", t.perception.maxRingEdgeDensity, path);
        read(s, "perception", "ring_share", t.perception.ringShare, path);
    }
    {
        const json s = section("people");
        read(s, "people", "cascades", t.people.cascades, path);
        read(s, "people", "cascade_dirs", t.people.cascadeDirs, path);
        read(s, "people", "scale_factor", t.people.scaleFactor, path);
        read(s, "people", "min_neighbors", t.people.minNeighbors, path);
        read(s, "people", "min_face_share", t.people.minFaceShare, path);
        read(s, "people", "equalize", t.people.equalize, path);
    }
    return t;
}

std::string imageThresholdsPath() {
    static const std::string path = findThresholdsFile();
    return path;
}

const ImageThresholds& imageThresholds() {
    static const ImageThresholds thresholds = [] {
        const std::string path = imageThresholdsPath();
        return path.empty() ? ImageThresholds{} : loadImageThresholds(path);
    }();
    return thresholds;
}

}  // namespace adgen::review
