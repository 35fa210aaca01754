#include "review_exporter.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>

#include "product_controller.h"  // localPathFrom
#include "review_export.h"

ReviewExporter::ReviewExporter(QObject* parent) : QObject(parent) {}

ReviewExporter::~ReviewExporter() = default;

void ReviewExporter::setStore(ReviewStore* store) {
    if (store == store_)
        return;
    store_ = store;
    Q_EMIT storeChanged();
}

QString ReviewExporter::agreementPathFor(const QString& ratesPath) {
    const QFileInfo info(ratesPath);
    return info.dir().filePath(info.completeBaseName() + QStringLiteral("-agreement.csv"));
}

QString ReviewExporter::formatOf(const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("csv") || suffix == QLatin1String("json"))
        return suffix;
    setError(tr("%1 is neither a .csv nor a .json file.").arg(QFileInfo(path).fileName()),
             tr("Name the file with .csv (for spreadsheets) or .json."));
    return {};
}

bool ReviewExporter::requireStore() {
    if (store_ && store_->isOpen())
        return true;
    setError(tr("No review store is open."), tr("Open the review lane from the studio."));
    return false;
}

bool ReviewExporter::finish(bool ok, const ExportProblem& problem) {
    if (ok)
        clearError();
    else
        setError(problem.problem, problem.fix);
    return ok;
}

bool ReviewExporter::exportVerdicts(const QString& pathOrUrl, qint64 batchId) {
    if (!requireStore())
        return false;
    const QString path = localPathFrom(pathOrUrl);
    const QString format = formatOf(path);
    if (format.isEmpty())
        return false;
    const ReviewData data =
        store_->reviewData(batchId >= 0 ? QList<qint64>{batchId} : QList<qint64>{});
    const QByteArray bytes =
        format == QLatin1String("csv")
            ? reviewVerdictsCsv(data)
            : QJsonDocument(reviewVerdictsJson(data)).toJson(QJsonDocument::Indented);
    ExportProblem problem;
    return finish(saveAtomically(path, bytes, &problem), problem);
}

bool ReviewExporter::exportStatistics(const QString& pathOrUrl, qint64 batchId) {
    if (!requireStore())
        return false;
    const QString path = localPathFrom(pathOrUrl);
    const QString format = formatOf(path);
    if (format.isEmpty())
        return false;
    const ReviewData data =
        store_->reviewData(batchId >= 0 ? QList<qint64>{batchId} : QList<qint64>{});
    ExportProblem problem;
    if (format == QLatin1String("json"))
        return finish(
            saveAtomically(
                path, QJsonDocument(reviewStatisticsJson(data)).toJson(QJsonDocument::Indented),
                &problem),
            problem);
    return finish(saveAtomically(path, reviewRatesCsv(reviewRates(data)), &problem) &&
                      saveAtomically(agreementPathFor(path),
                                     reviewAgreementCsv(reviewAgreements(data)), &problem),
                  problem);
}

bool ReviewExporter::exportReviewedPng(qint64 itemId, const QString& reviewer,
                                       const QString& pathOrUrl, bool fusion) {
    if (!requireStore())
        return false;
    const std::optional<ReviewItem> item = store_->item(itemId, true);
    if (!item) {
        setError(tr("There is no review item %1; its batch may have been deleted.").arg(itemId),
                 tr("Choose the ad from the list again."));
        return false;
    }
    const std::optional<ReviewBatchSummary> batch = store_->batch(item->batchId);
    const QJsonObject review =
        reviewJson(*item, batch ? batch->name : QString(), reviewer.trimmed(),
                   store_->verdicts(itemId, reviewer.trimmed()));
    ExportProblem problem;
    return finish(writeReviewedPng(localPathFrom(pathOrUrl), *item,
                                   fusion ? AdImage::Fusion : AdImage::Raw, review, &problem),
                  problem);
}

void ReviewExporter::clearError() {
    setError({}, {});
}

void ReviewExporter::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_)
        return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
