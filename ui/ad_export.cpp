#include "ad_export.h"

#include "png_text_chunk.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QJsonDocument>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>

namespace {

QString tr(const char* text) { return QCoreApplication::translate("AdExport", text); }

bool fail(ExportProblem* out, const QString& problem, const QString& fix) {
    if (out) *out = {problem, fix};
    return false;
}

QString imageName(AdImage image) { return image == AdImage::Fusion ? QStringLiteral("fusion") : QStringLiteral("raw"); }

QString recipeFix() {
    return tr("Export the ad again with AdGen Studio, or open the file with the version of AdGen Studio that wrote it.");
}

// The recipe text of a file, parsed: problems name the file.
std::optional<ExportedRecipe> parseRecipeText(const QByteArray& utf8, const QString& fileName, ExportProblem* problem) {
    QJsonParseError parse;
    const QJsonDocument document = QJsonDocument::fromJson(utf8, &parse);
    if (parse.error != QJsonParseError::NoError || !document.isObject()) {
        const QString why = parse.error != QJsonParseError::NoError
                                ? QStringLiteral("%1 (at character %2)").arg(parse.errorString()).arg(parse.offset)
                                : tr("it is not a JSON object");
        fail(problem, tr("The recipe in %1 is not valid JSON: %2.").arg(fileName, why), recipeFix());
        return std::nullopt;
    }
    QString why;
    auto recipe = exportedRecipeFromJson(document.object(), &why);
    if (!recipe) fail(problem, tr("The recipe in %1 cannot be used: %2.").arg(fileName, why), recipeFix());
    return recipe;
}

bool readFile(const QString& path, QByteArray* bytes, ExportProblem* problem) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(problem, tr("Could not read %1: %2.").arg(QDir::toNativeSeparators(path), file.errorString()),
                    tr("Check that the file still exists and that you may read it."));
    *bytes = file.readAll();
    return true;
}

// A name part without the characters file systems (or shells) refuse; runs of '-' collapse.
QString fileNamePart(const QString& text, const QString& fallback) {
    static const QRegularExpression refused(QStringLiteral(R"([\\/:*?"<>|\s\x00-\x1f]+)"));
    static const QRegularExpression dashes(QStringLiteral("-{2,}"));
    QString part = QString(text).replace(refused, QStringLiteral("-")).replace(dashes, QStringLiteral("-"));
    while (part.startsWith(QLatin1Char('-')) || part.startsWith(QLatin1Char('.'))) part.remove(0, 1);
    while (part.endsWith(QLatin1Char('-')) || part.endsWith(QLatin1Char('.'))) part.chop(1);
    return part.isEmpty() ? fallback : part;
}

}  // namespace

std::optional<quint64> ExportedRecipe::seed() const {
    for (const auto& v : recipe.variants)
        if (v.number == variant) return v.seed;
    if (recipe.variants.isEmpty()) return std::nullopt;
    return recipe.variants.first().seed;
}

QJsonObject exportedRecipeJson(const GenerationRecipe& recipe, int variant, AdImage image) {
    QJsonObject json = recipe.toJson();
    json.insert(QStringLiteral("exported_variant"), variant);
    json.insert(QStringLiteral("image"), imageName(image));
    return json;
}

std::optional<ExportedRecipe> exportedRecipeFromJson(const QJsonObject& json, QString* error) {
    auto recipe = GenerationRecipe::fromJson(json, error);
    if (!recipe) return std::nullopt;
    ExportedRecipe out;
    out.recipe = *recipe;
    out.variant = json.value(QStringLiteral("exported_variant")).toInt(0);
    const QString image = json.value(QStringLiteral("image")).toString(QStringLiteral("raw"));
    if (image != QLatin1String("raw") && image != QLatin1String("fusion")) {
        if (error) *error = QStringLiteral("its image kind \"%1\" is neither raw nor fusion").arg(image);
        return std::nullopt;
    }
    out.image = image == QLatin1String("fusion") ? AdImage::Fusion : AdImage::Raw;
    if (out.variant > 0) {
        const bool listed = std::any_of(out.recipe.variants.begin(), out.recipe.variants.end(),
                                        [&](const GenerationRecipe::Variant& v) { return v.number == out.variant; });
        if (!listed) {
            if (error) *error = QStringLiteral("it names variant %1, which its variants do not list").arg(out.variant);
            return std::nullopt;
        }
    }
    return out;
}

bool saveAtomically(const QString& path, const QByteArray& bytes, ExportProblem* problem) {
    QSaveFile file(path);
    const QString shown = QDir::toNativeSeparators(path);
    if (!file.open(QIODevice::WriteOnly))
        return fail(problem, tr("Could not write %1: %2.").arg(shown, file.errorString()),
                    tr("Choose a folder you can write to."));
    if (file.write(bytes) != bytes.size() || !file.commit())
        return fail(problem, tr("Could not write %1: %2.").arg(shown, file.errorString()),
                    tr("Check that the disk has free space and that the folder is writable, then export again."));
    return true;
}

bool writePngWithRecipe(const QString& path, const QImage& image, const QJsonObject& recipe, ExportProblem* problem) {
    if (image.isNull())
        return fail(problem, tr("There is no picture to export."), tr("Wait for the variant to finish, then export it."));
    QByteArray encoded;
    QBuffer buffer(&encoded);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "png");
    if (!writer.write(image))
        return fail(problem, tr("The picture could not be encoded as PNG: %1.").arg(writer.errorString()),
                    tr("Export it as JPEG instead."));
    QString why;
    const QByteArray withRecipe =
        withItxtChunk(encoded, kRecipeKeyword, QString::fromUtf8(QJsonDocument(recipe).toJson(QJsonDocument::Compact)), &why);
    if (withRecipe.isEmpty())
        return fail(problem, tr("The recipe could not be added to the PNG: %1.").arg(why), tr("Export it as JPEG instead."));
    return saveAtomically(path, withRecipe, problem);
}

std::optional<ExportedRecipe> readExportedRecipeFromPng(const QString& path, ExportProblem* problem) {
    QByteArray bytes;
    if (!readFile(path, &bytes, problem)) return std::nullopt;
    const QString name = QFileInfo(path).fileName();
    QString text, why;
    switch (readItxtChunk(bytes, kRecipeKeyword, &text, &why)) {
        case PngTextLookup::Found:
            return parseRecipeText(text.toUtf8(), name, problem);
        case PngTextLookup::NotFound:
            fail(problem, tr("%1 holds no AdGen recipe.").arg(name),
                 tr("Drop a PNG exported by AdGen Studio (Export PNG or Export all); other pictures carry no brief or settings."));
            break;
        case PngTextLookup::NotPng:
            fail(problem, tr("%1 is not a PNG picture.").arg(name),
                 tr("Drop a PNG exported by AdGen Studio; a JPEG export keeps its recipe in the .json file beside it."));
            break;
        case PngTextLookup::Damaged:
            fail(problem, tr("The recipe in %1 is damaged: %2.").arg(name, why), recipeFix());
            break;
    }
    return std::nullopt;
}

std::optional<GenerationRecipe> readRecipeFromPng(const QString& path, QString* error) {
    ExportProblem problem;
    const auto exported = readExportedRecipeFromPng(path, &problem);
    if (!exported) {
        if (error) *error = problem.problem;
        return std::nullopt;
    }
    return exported->recipe;
}

std::optional<ExportedRecipe> readExportedRecipeFromJson(const QString& path, ExportProblem* problem) {
    QByteArray bytes;
    if (!readFile(path, &bytes, problem)) return std::nullopt;
    return parseRecipeText(bytes, QFileInfo(path).fileName(), problem);
}

QString sidecarPathFor(const QString& imagePath) {
    const QFileInfo info(imagePath);
    const QString suffix = info.suffix();
    QString path = imagePath;
    if (!suffix.isEmpty()) path.chop(suffix.size() + 1);
    return path + QStringLiteral(".json");
}

bool writeJpegWithSidecar(const QString& path, const QImage& image, const QJsonObject& recipe, ExportProblem* problem) {
    if (image.isNull())
        return fail(problem, tr("There is no picture to export."), tr("Wait for the variant to finish, then export it."));
    // JPEG has no alpha: what is transparent shows as white, as on a page.
    QImage opaque(image.size(), QImage::Format_RGB32);
    opaque.fill(Qt::white);
    {
        QPainter painter(&opaque);
        painter.drawImage(0, 0, image);
    }
    QByteArray encoded;
    QBuffer buffer(&encoded);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter writer(&buffer, "jpeg");
    writer.setQuality(kJpegQuality);
    if (!writer.write(opaque))
        return fail(problem, tr("The picture could not be encoded as JPEG: %1.").arg(writer.errorString()),
                    tr("Export it as PNG instead."));
    // The recipe first: a JPEG is never left without its recipe beside it.
    return saveAtomically(sidecarPathFor(path), QJsonDocument(recipe).toJson(QJsonDocument::Indented), problem) &&
           saveAtomically(path, encoded, problem);
}

QString exportBaseName(const GenerationRecipe& recipe) {
    return fileNamePart(QFileInfo(recipe.productPath).completeBaseName(), QStringLiteral("ad")) + QLatin1Char('-') +
           fileNamePart(recipe.shopperName, QStringLiteral("anyone"));
}

QStringList exportVariants(const QString& folder, const GenerationRecipe& recipe, const QList<ExportVariant>& variants,
                           ExportProblem* problem) {
    const QString shownFolder = QDir::toNativeSeparators(folder);
    if (variants.isEmpty()) {
        fail(problem, tr("There is no finished variant to export."), tr("Generate ads and wait for a variant to finish."));
        return {};
    }
    const QDir dir(folder);
    const bool created = !dir.exists();
    if (created && !QDir().mkpath(folder)) {
        fail(problem, tr("The folder %1 could not be created.").arg(shownFolder), tr("Choose a folder you can write to."));
        return {};
    }
    const QFileInfo folderInfo(folder);
    if (!folderInfo.isDir() || !folderInfo.isWritable()) {
        fail(problem, tr("The folder %1 is not writable.").arg(shownFolder), tr("Choose a folder you can write to."));
        return {};
    }

    QStringList written;
    const auto undo = [&] {
        for (const QString& file : written) QFile::remove(file);
        if (created) QDir().rmdir(folder);
        written.clear();
    };
    const QString base = exportBaseName(recipe);
    for (const ExportVariant& v : variants) {
        // The first stem whose files are all free; QSaveFile below would replace a file that
        // appeared since, which only another program racing us could cause.
        QString stem;
        for (int n = 1;; ++n) {
            stem = dir.filePath(QStringLiteral("%1-v%2").arg(base).arg(v.number) + (n > 1 ? QStringLiteral("-%1").arg(n) : QString()));
            if (!QFileInfo::exists(stem + QStringLiteral(".png")) && !QFileInfo::exists(stem + QStringLiteral("-fusion.png"))) break;
        }
        const QList<std::pair<AdImage, QString>> files{{AdImage::Raw, stem + QStringLiteral(".png")},
                                                        {AdImage::Fusion, stem + QStringLiteral("-fusion.png")}};
        for (const auto& [image, path] : files) {
            if (v.picture(image).isNull()) continue;
            if (!writePngWithRecipe(path, v.picture(image), exportedRecipeJson(recipe, v.number, image), problem)) {
                undo();
                return {};
            }
            written << path;
        }
    }
    return written;
}
