#include "export_controller.h"

#include "brief_controller.h"
#include "contact_sheet.h"
#include "generation_controller.h"
#include "product_controller.h"

#include <QClipboard>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>

#include <algorithm>

namespace {

// `path` with `suffix` unless it already ends in one of `accepted` (case-insensitive).
QString withSuffix(const QString& path, const QString& suffix, const QStringList& accepted) {
    return accepted.contains(QFileInfo(path).suffix().toLower()) ? path : path + QLatin1Char('.') + suffix;
}

QString shown(const QString& path) { return QDir::toNativeSeparators(path); }

}  // namespace

ExportController::ExportController(BriefController* brief, GenerationController* generation, QObject* parent)
    : QObject(parent), brief_(brief), generation_(generation) {
    connect(brief_, &BriefController::workingFolderChanged, this, [this] {
        if (lastFolder_.isEmpty()) Q_EMIT exportFolderChanged();
    });
}

ExportController::~ExportController() = default;

QUrl ExportController::exportFolder() const {
    if (!lastFolder_.isEmpty() && QFileInfo(lastFolder_).isDir()) return QUrl::fromLocalFile(lastFolder_);
    return brief_->workingFolder();
}

QString ExportController::suggestedFileName(int variant, bool fusion, const QString& suffix) const {
    return QStringLiteral("%1-v%2%3.%4")
        .arg(exportBaseName(generation_->recipe()))
        .arg(variant + 1)
        .arg(fusion ? QStringLiteral("-fusion") : QString(), suffix.isEmpty() ? QStringLiteral("png") : suffix);
}

ExportVariant ExportController::variantAt(int row) const {
    const VariantsModel& variants = *generation_->variants();
    return {row + 1, variants.seed(row), variants.title(row), variants.image(row), variants.fusionImage(row)};
}

std::optional<ExportVariant> ExportController::finishedVariant(int row) {
    const VariantsModel& variants = *generation_->variants();
    if (row < 0 || row >= variants.rowCount()) {
        setError(tr("There is no variant %1 to export.").arg(row + 1), tr("Generate ads first, then export one of their variants."));
        return std::nullopt;
    }
    if (variants.state(row) != VariantsModel::State::Done) {
        setError(tr("Variant %1 is not finished, so it has no final picture to export.").arg(row + 1),
                 tr("Wait for it to finish, or export a finished variant."));
        return std::nullopt;
    }
    return variantAt(row);
}

QList<ExportVariant> ExportController::finishedVariants() const {
    QList<ExportVariant> out;
    const VariantsModel& variants = *generation_->variants();
    for (int row = 0; row < variants.rowCount(); ++row)
        if (variants.state(row) == VariantsModel::State::Done) out.append(variantAt(row));
    return out;
}

bool ExportController::exportOne(int variant, const QString& pathOrUrl, bool fusion, const QString& suffix) {
    const QString given = localPathFrom(pathOrUrl);
    if (given.isEmpty()) return setError(tr("No file was given to export to."), tr("Choose where to save the picture."));
    const auto v = finishedVariant(variant);
    if (!v) return false;
    const AdImage image = fusion ? AdImage::Fusion : AdImage::Raw;
    const QJsonObject recipe = exportedRecipeJson(generation_->recipe(), v->number, image);
    ExportProblem problem;
    QStringList files;
    if (suffix == QLatin1String("png")) {
        const QString path = withSuffix(given, suffix, {QStringLiteral("png")});
        if (!writePngWithRecipe(path, v->picture(image), recipe, &problem)) return setError(problem);
        files << path;
    } else {
        const QString path = withSuffix(given, suffix, {QStringLiteral("jpg"), QStringLiteral("jpeg")});
        if (!writeJpegWithSidecar(path, v->picture(image), recipe, &problem)) return setError(problem);
        files << path << sidecarPathFor(path);
    }
    succeeded(files.size() == 1 ? tr("Exported %1").arg(shown(files[0]))
                                : tr("Exported %1 and its recipe %2").arg(shown(files[0]), QFileInfo(files[1]).fileName()),
              files);
    return true;
}

bool ExportController::exportPng(int variant, const QString& pathOrUrl, bool fusion) {
    return exportOne(variant, pathOrUrl, fusion, QStringLiteral("png"));
}

bool ExportController::exportJpeg(int variant, const QString& pathOrUrl, bool fusion) {
    return exportOne(variant, pathOrUrl, fusion, QStringLiteral("jpg"));
}

bool ExportController::exportContactSheet(const QString& pathOrUrl, const QVariantList& variants, bool fusion) {
    const QString given = localPathFrom(pathOrUrl);
    if (given.isEmpty()) return setError(tr("No file was given to export to."), tr("Choose where to save the contact sheet."));
    QList<ExportVariant> chosen;
    QList<int> rows;
    for (const QVariant& item : variants) {
        bool ok = false;
        const int row = item.toInt(&ok);
        if (!ok) return setError(tr("\"%1\" is not a variant number.").arg(item.toString()), tr("Select the variants to print again."));
        if (rows.contains(row)) continue;
        rows << row;
        const auto v = finishedVariant(row);
        if (!v) return false;
        chosen.append(*v);
    }
    if (variants.isEmpty()) chosen = finishedVariants();
    if (chosen.isEmpty())
        return setError(tr("There is no finished variant to put on a contact sheet."), tr("Generate ads and wait for a variant to finish."));
    const QString path = withSuffix(given, QStringLiteral("pdf"), {QStringLiteral("pdf")});
    ExportProblem problem;
    if (!writeContactSheet(path, generation_->recipe(), chosen, fusion ? AdImage::Fusion : AdImage::Raw, &problem))
        return setError(problem);
    succeeded(tr("Exported a contact sheet of %n variant(s) to %1", nullptr, static_cast<int>(chosen.size())).arg(shown(path)), {path});
    return true;
}

bool ExportController::exportAll(const QString& folderOrUrl) {
    const QString folder = localPathFrom(folderOrUrl);
    if (folder.isEmpty()) return setError(tr("No folder was given to export to."), tr("Choose a folder for the pictures."));
    ExportProblem problem;
    const QStringList files = exportVariants(folder, generation_->recipe(), finishedVariants(), &problem);
    if (files.isEmpty()) return setError(problem);
    succeeded(tr("Exported %n file(s) to %1", nullptr, static_cast<int>(files.size())).arg(shown(folder)), files);
    return true;
}

bool ExportController::copyText(int variant) {
    const VariantsModel& variants = *generation_->variants();
    if (variant < 0 || variant >= variants.rowCount())
        return setError(tr("There is no variant %1 to copy.").arg(variant + 1), tr("Generate ads first, then copy one of their texts."));
    const QString title = variants.title(variant).trimmed();
    if (title.isEmpty())
        return setError(tr("Variant %1 has no copy yet.").arg(variant + 1), tr("Wait until its copy is written, then copy it."));
    QGuiApplication::clipboard()->setText(title);
    succeeded(tr("Copied the copy of variant %1").arg(variant + 1), {});
    return true;
}

namespace {

// The recipe of an exported PNG, or of a JPEG export (its sidecar) or the sidecar itself.
std::optional<ExportedRecipe> readExported(const QString& path, ExportProblem* problem) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("json")) return readExportedRecipeFromJson(path, problem);
    if ((suffix == QLatin1String("jpg") || suffix == QLatin1String("jpeg")) && QFileInfo::exists(sidecarPathFor(path)))
        return readExportedRecipeFromJson(sidecarPathFor(path), problem);
    return readExportedRecipeFromPng(path, problem);
}

}  // namespace

bool ExportController::hasRecipe(const QString& pathOrUrl) const {
    const QString path = localPathFrom(pathOrUrl);
    return !path.isEmpty() && readExported(path, nullptr).has_value();
}

bool ExportController::restoreFromPng(const QString& pathOrUrl) {
    const QString path = localPathFrom(pathOrUrl);
    if (path.isEmpty()) return setError(tr("No file was given to restore from."), tr("Drop a PNG exported by AdGen Studio."));
    ExportProblem problem;
    // Everything is read and checked before anything changes.
    const auto exported = readExported(path, &problem);
    if (!exported) return setError(problem);
    const GenerationRecipe& r = exported->recipe;

    // The brief, as a new unsaved one: saving must not overwrite the brief file that was open.
    brief_->newBrief();
    QString productProblem;
    if (!r.productPath.isEmpty()) {
        if (!QFileInfo::exists(r.productPath)) {
            productProblem = tr("The product picture %1 of this ad no longer exists; the rest of its brief and settings were restored.")
                                 .arg(shown(r.productPath));
            brief_->product()->setMissing(r.productPath, tr("%1 no longer exists.").arg(shown(r.productPath)),
                                          tr("Put the file back, or load the product's cut-out again."));
        } else if (!brief_->loadProduct(r.productPath)) {
            productProblem = tr("The product picture %1 of this ad could not be loaded (%2); the rest of its brief and settings were restored.")
                                 .arg(shown(r.productPath), brief_->product()->error());
        }
    }
    for (const QString& point : r.sellingPoints) brief_->sellingPoints()->append(point);
    brief_->setOriginalTitle(r.originalTitle);
    brief_->setDescription(r.description);

    // The settings; the seed makes the exported variant again as the next first variant.
    generation_->setVariantCount(std::max(1, static_cast<int>(r.variants.size())));
    if (const auto seed = exported->seed()) {
        generation_->setRandomSeeds(false);
        generation_->setBaseSeed(QString::number(*seed));
    }
    generation_->setTitleTemperature(r.titleTemperature);
    generation_->setImageTemperature(r.imageTemperature);
    generation_->setCfgWeight(r.cfgWeight);
    generation_->setFactualCopy(r.factualCopy);
    generation_->setHistoryLength(r.historyLength);
    generation_->setSampling(r.sampling);

    restoredProfileId_ = r.profileId;
    restoredShopperName_ = r.shopperName;
    Q_EMIT restored();

    succeeded(tr("Restored the brief and settings of %1").arg(QFileInfo(path).fileName()), {});
    if (!productProblem.isEmpty())
        setError(productProblem, tr("Put the file back at %1, or load the product's cut-out again.").arg(shown(r.productPath)));
    return true;
}

void ExportController::succeeded(const QString& status, const QStringList& files) {
    clearError();
    exportedFiles_ = files;
    status_ = status;
    Q_EMIT statusChanged();
    if (!files.isEmpty()) {
        const QString folder = QFileInfo(files.first()).absolutePath();
        if (folder != lastFolder_) {
            lastFolder_ = folder;
            Q_EMIT exportFolderChanged();
        }
    }
}

bool ExportController::setError(const QString& problem, const QString& fix) {
    if (problem != error_ || fix != errorFix_) {
        error_ = problem;
        errorFix_ = fix;
        Q_EMIT errorChanged();
    }
    return false;
}

void ExportController::clearError() { setError({}, {}); }
