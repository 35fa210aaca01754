#pragma once

#include "generation_recipe.h"

#include <QImage>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Files of finished ads, each carrying the recipe that made it: PNG with the recipe in an iTXt
// chunk, JPEG with the recipe in a JSON file beside it, and every variant of a generation into
// a folder. Writes are atomic (a temporary file renamed into place), so a failed export never
// leaves half a file, nor replaces a good one. docs/formats.md, "Exported ads".

// Which picture of a variant a file holds.
enum class AdImage {
    Raw,     // the image the model generated
    Fusion,  // the product cut-out composited back at its place
};

// One finished variant as the exports take it.
struct ExportVariant {
    int number = 1;  // 1-based, as the designer and the recipe name it
    quint64 seed = 0;
    QString title;   // the copy
    QImage image;    // raw
    QImage fusion;
    const QImage& picture(AdImage which) const { return which == AdImage::Fusion ? fusion : image; }
};

// A recipe as an exported file carries it: the generation's recipe plus which variant and which
// picture the file is.
struct ExportedRecipe {
    GenerationRecipe recipe;
    int variant = 0;  // 1-based; 0 when the file does not say
    AdImage image = AdImage::Raw;
    // The seed of `variant` (else of the first variant); nothing when the recipe has no variants.
    std::optional<quint64> seed() const;
};

// What went wrong and what the designer can do about it, for the window's error line.
struct ExportProblem {
    QString problem;
    QString fix;
};

// The PNG text keyword the recipe is stored under.
inline constexpr char kRecipeKeyword[] = "adgen-recipe";
inline constexpr int kJpegQuality = 92;

// GenerationRecipe::toJson plus "exported_variant" (1-based) and "image" ("raw" or "fusion").
QJsonObject exportedRecipeJson(const GenerationRecipe& recipe, int variant, AdImage image);
std::optional<ExportedRecipe> exportedRecipeFromJson(const QJsonObject& json, QString* error = nullptr);

// Writes `image` as a PNG holding `recipe` (compact UTF-8 JSON) in one iTXt chunk.
bool writePngWithRecipe(const QString& path, const QImage& image, const QJsonObject& recipe, ExportProblem* problem = nullptr);
// The recipe in a PNG written by writePngWithRecipe; nothing, and why in `error`, when the file
// cannot be read, is not a PNG, has no recipe or holds a damaged one.
std::optional<GenerationRecipe> readRecipeFromPng(const QString& path, QString* error = nullptr);
std::optional<ExportedRecipe> readExportedRecipeFromPng(const QString& path, ExportProblem* problem = nullptr);
// The same from a JPEG export's sidecar JSON file.
std::optional<ExportedRecipe> readExportedRecipeFromJson(const QString& path, ExportProblem* problem = nullptr);

// "ad-v1.jpg" -> "ad-v1.json".
QString sidecarPathFor(const QString& imagePath);
// Writes `image` as a JPEG (quality 92; alpha flattened onto white) and `recipe` (indented
// JSON) to sidecarPathFor(path).
bool writeJpegWithSidecar(const QString& path, const QImage& image, const QJsonObject& recipe, ExportProblem* problem = nullptr);

// "<product>-<shopper>" for file names: the product file's base name and the shopper's name,
// with characters that file systems refuse replaced by '-' ("ad" and "anyone" when unknown).
QString exportBaseName(const GenerationRecipe& recipe);

// Writes every variant into `folder` (created when missing) as <product>-<shopper>-v<N>.png and,
// when it has one, its fusion picture as <product>-<shopper>-v<N>-fusion.png, each with its
// recipe. Existing files are never replaced: a taken name gets -2, -3, ... (the same for both
// pictures of a variant, so they stay a pair). All or nothing: on a failure the files written so
// far are removed. Returns the files written.
QStringList exportVariants(const QString& folder, const GenerationRecipe& recipe, const QList<ExportVariant>& variants,
                           ExportProblem* problem = nullptr);

// Writes `bytes` to `path` through a temporary file renamed into place.
bool saveAtomically(const QString& path, const QByteArray& bytes, ExportProblem* problem = nullptr);
