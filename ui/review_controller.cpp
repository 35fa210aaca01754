#include "review_controller.h"

#include "engine_images.h"

#include "adgen/prechecks.h"
#include "adgen/product_cutout.h"

#include <QImage>
#include <QMetaObject>
#include <QSettings>
#include <QJsonObject>
#include <QUrl>

#include <algorithm>
#include <exception>

namespace {

// Runs the pre-checks of one ad; the flags as the page shows them (spans in QString indices).
// `productPath`: the brief's cut-out when the recipe names one (our generations), so the image
// checks compare the product with it, starting where the engine placed it.
QVariantList runChecks(const QString& copy, const QStringList& sellingPoints, const QString& originalTitle,
                       const QImage& image, const QString& productPath) {
    adgen::PrecheckInput input;
    for (const QString& point : sellingPoints) input.sellingPoints.push_back(point.toStdString());
    input.originalTitle = originalTitle.toStdString();
    const QByteArray copyBytes = copy.toUtf8();
    if (!copy.isEmpty()) input.copy = copyBytes.toStdString();
    if (!image.isNull()) input.image = toRgbImage(image);
    if (!productPath.isEmpty() && input.image) {
        try {
            input.product = adgen::loadProductCutout(productPath.toStdString()).image;
            const auto box = adgen::productPlacement(*input.product, input.maxRatio, input.image->width, input.image->height);
            if (box.width > 0 && box.height > 0) input.productBox = box;
        } catch (const std::exception&) {
            // The cut-out moved or went: the checks that need it are skipped, the others run.
        }
    }

    adgen::PrecheckReport report;
    try {
        report = adgen::runPrechecks(input);
    } catch (const std::exception& e) {
        return {QVariantMap{{QStringLiteral("criterion"), QString()},
                            {QStringLiteral("check"), QStringLiteral("prechecks.failed")},
                            {QStringLiteral("message"), QString::fromUtf8(e.what())},
                            {QStringLiteral("strength"), 0.0},
                            {QStringLiteral("spans"), QVariantList()},
                            {QStringLiteral("regions"), QVariantList()}}};
    }
    std::stable_sort(report.flags.begin(), report.flags.end(),
                     [](const adgen::PrecheckFlag& a, const adgen::PrecheckFlag& b) { return a.strength > b.strength; });
    const auto charIndex = [&copyBytes](size_t byte) {
        return int(QString::fromUtf8(copyBytes.left(qsizetype(std::min<size_t>(byte, size_t(copyBytes.size()))))).size());
    };
    QVariantList flags;
    for (const adgen::PrecheckFlag& flag : report.flags) {
        QVariantList spans;
        for (const adgen::EvidenceSpan& span : flag.spans)
            spans.append(QVariantMap{{QStringLiteral("begin"), charIndex(span.begin)},
                                     {QStringLiteral("end"), charIndex(span.end)},
                                     {QStringLiteral("text"), QString::fromStdString(span.text)}});
        QVariantList regions;
        for (const adgen::EvidenceRegion& region : flag.regions)
            regions.append(QVariantMap{{QStringLiteral("x"), region.x},
                                       {QStringLiteral("y"), region.y},
                                       {QStringLiteral("width"), region.width},
                                       {QStringLiteral("height"), region.height},
                                       {QStringLiteral("label"), QString::fromStdString(region.label)}});
        flags.append(QVariantMap{{QStringLiteral("criterion"), QString::fromStdString(adgen::toString(flag.criterion))},
                                 {QStringLiteral("check"), QString::fromStdString(flag.check)},
                                 {QStringLiteral("message"), QString::fromStdString(flag.message)},
                                 {QStringLiteral("strength"), flag.strength},
                                 {QStringLiteral("spans"), spans},
                                 {QStringLiteral("regions"), regions}});
    }
    return flags;
}

QString nextDecision(const QString& decision) {
    if (decision.isEmpty()) return QStringLiteral("pass");
    if (decision == QLatin1String("pass")) return QStringLiteral("reject");
    if (decision == QLatin1String("reject")) return QStringLiteral("unsure");
    return QString();
}

}  // namespace

ReviewController::ReviewController(ReviewStore* store, GenerationHistoryStore* history, QObject* parent)
    : QObject(parent), store_(store), history_(history) {
    items_.setObjectName(QStringLiteral("reviewItems"));
    pool_.setMaxThreadCount(1);
    items_.setStore(store);
    items_.setReviewer(QSettings().value(QLatin1String(kReviewerKey)).toString());
    connect(&items_, &QAbstractItemModel::modelReset, this, &ReviewController::onRowsChanged);
    connect(&items_, &QAbstractItemModel::rowsInserted, this, &ReviewController::onRowsChanged);
    connect(&items_, &QAbstractItemModel::rowsRemoved, this, &ReviewController::onRowsChanged);
    connect(&items_, &QAbstractItemModel::dataChanged, this, [this] {
        Q_EMIT currentChanged();
        Q_EMIT progressChanged();
    });
    connect(&items_, &ReviewItemsModel::errorChanged, this, [this] {
        if (!items_.error().isEmpty()) setError(items_.error(), items_.errorFix());
    });
    // The batch the reviewer had open last time, when it still exists.
    if (store_ && store_->isOpen()) {
        const qint64 last = QSettings().value(QLatin1String(kBatchKey), -1).toLongLong();
        if (last >= 0 && store_->batch(last)) setBatchId(last);
    }
}

ReviewController::~ReviewController() {
    // Workers post their results to this object: none may be left running. Events already
    // posted are discarded by ~QObject.
    pool_.clear();
    pool_.waitForDone();
}

void ReviewController::setReviewer(const QString& reviewer) {
    const QString name = reviewer.trimmed();
    if (name == items_.reviewer()) return;
    items_.setReviewer(name);
    QSettings().setValue(QLatin1String(kReviewerKey), name);
    Q_EMIT reviewerChanged();
    Q_EMIT currentChanged();
    Q_EMIT progressChanged();
}

void ReviewController::setBatchId(qint64 batchId) {
    if (batchId == items_.batchId()) return;
    items_.setBatchId(batchId);
    if (batchId >= 0) QSettings().setValue(QLatin1String(kBatchKey), batchId);
    Q_EMIT batchIdChanged();
    onRowsChanged();
    setCurrentRow(items_.rowCount() > 0 ? 0 : -1);
}

QString ReviewController::batchName() const {
    if (!store_ || items_.batchId() < 0) return {};
    const auto batch = store_->batch(items_.batchId());
    return batch ? batch->name : QString();
}

void ReviewController::setCurrentRow(int row) {
    if (row < -1 || row >= items_.rowCount()) return;
    if (row == currentRow_) return;
    currentRow_ = row;
    Q_EMIT currentChanged();
    requestPrechecks();
}

qint64 ReviewController::currentItemId() const {
    return currentRow_ >= 0 ? items_.idAt(currentRow_) : -1;
}

QVariantMap ReviewController::rowData(int row) const {
    QVariantMap data;
    if (row < 0 || row >= items_.rowCount()) return data;
    const QModelIndex index = items_.index(row);
    const auto roles = items_.roleNames();
    for (auto it = roles.cbegin(); it != roles.cend(); ++it)
        data.insert(QString::fromLatin1(it.value()), items_.data(index, it.key()));
    return data;
}

QVariantList ReviewController::prechecks() const {
    return prechecks_.value(currentItemId());
}

bool ReviewController::prechecksReady() const {
    return prechecks_.contains(currentItemId());
}

QString ReviewController::currentCopyHtml() const {
    const QString copy = rowData(currentRow_).value(QStringLiteral("copy")).toString();
    QList<QPair<int, int>> ranges;
    for (const QVariant& flag : prechecks())
        for (const QVariant& span : flag.toMap().value(QStringLiteral("spans")).toList()) {
            const QVariantMap s = span.toMap();
            const int begin = std::clamp(s.value(QStringLiteral("begin")).toInt(), 0, int(copy.size()));
            const int end = std::clamp(s.value(QStringLiteral("end")).toInt(), begin, int(copy.size()));
            if (end > begin) ranges.append({begin, end});
        }
    std::sort(ranges.begin(), ranges.end());
    QString html;
    int at = 0;
    for (const auto& [begin, end] : ranges) {
        if (end <= at) continue;
        const int from = std::max(begin, at);
        html += copy.mid(at, from - at).toHtmlEscaped();
        html += QStringLiteral("<span style=\"background-color:#ffe066;\">") + copy.mid(from, end - from).toHtmlEscaped() +
                QStringLiteral("</span>");
        at = end;
    }
    html += copy.mid(at).toHtmlEscaped();
    return html;
}

int ReviewController::judgedCount() const {
    int n = 0;
    for (int row = 0; row < items_.rowCount(); ++row) {
        const QModelIndex index = items_.index(row);
        if (items_.data(index, ReviewItemsModel::JudgedCountRole).toInt() == kReviewCriterionCount ||
            items_.data(index, ReviewItemsModel::OverallRole).toString() == QLatin1String("rejected"))
            ++n;
    }
    return n;
}

int ReviewController::acceptedCount() const {
    int n = 0;
    for (int row = 0; row < items_.rowCount(); ++row)
        if (items_.data(items_.index(row), ReviewItemsModel::OverallRole).toString() == QLatin1String("accepted")) ++n;
    return n;
}

int ReviewController::rejectedCount() const {
    int n = 0;
    for (int row = 0; row < items_.rowCount(); ++row)
        if (items_.data(items_.index(row), ReviewItemsModel::OverallRole).toString() == QLatin1String("rejected")) ++n;
    return n;
}

double ReviewController::availableRate() const {
    const int accepted = acceptedCount();
    const int decided = accepted + rejectedCount();
    return decided > 0 ? double(accepted) / decided : -1.0;
}

bool ReviewController::next() {
    if (currentRow_ + 1 >= items_.rowCount()) return false;
    setCurrentRow(currentRow_ + 1);
    return true;
}

bool ReviewController::previous() {
    if (currentRow_ <= 0) return false;
    setCurrentRow(currentRow_ - 1);
    return true;
}

bool ReviewController::setDecision(const QString& criterion, const QString& decision) {
    if (!requireCurrent()) return false;
    return take(items_.setDecision(currentRow_, criterion, decision));
}

bool ReviewController::toggle(const QString& criterion) {
    if (!requireCurrent()) return false;
    const QString now = items_.data(items_.index(currentRow_), ReviewItemsModel::DecisionsRole)
                            .toMap()
                            .value(criterion)
                            .toString();
    return take(items_.setDecision(currentRow_, criterion, nextDecision(now)));
}

bool ReviewController::toggleAt(int index) {
    const QVariantList list = criteria();
    if (index < 0 || index >= list.size()) return false;
    return toggle(list.at(index).toMap().value(QStringLiteral("id")).toString());
}

bool ReviewController::acceptAll() {
    if (!requireCurrent()) return false;
    return take(items_.acceptAll(currentRow_));
}

bool ReviewController::rejectWithReason(const QString& criterion, const QString& note) {
    if (!requireCurrent()) return false;
    return take(items_.rejectWithReason(currentRow_, criterion, note));
}

bool ReviewController::setNote(const QString& criterion, const QString& note) {
    if (!requireCurrent()) return false;
    return take(items_.setNote(currentRow_, criterion, note));
}

bool ReviewController::applyToSelection(const QVariantList& rows, const QString& criterion, const QString& decision) {
    if (items_.reviewer().isEmpty()) {
        setError(tr("No reviewer name is set."), tr("Type your name in the reviewer field first."));
        return false;
    }
    return take(items_.applyToRows(rows, criterion, decision));
}

qint64 ReviewController::createBatchFromHistory(qint64 generationId) {
    if (!store_ || !history_) {
        setError(tr("The generation history is not available."), tr("Restart the studio."));
        return -1;
    }
    const qint64 id = store_->createBatchFromHistory(history_, generationId);
    if (id < 0) {
        setError(store_->error(), store_->errorFix());
        return -1;
    }
    setBatchId(id);
    return id;
}

qint64 ReviewController::createBatchFromLatestGeneration() {
    if (!history_ || history_->generationCount() == 0) {
        setError(tr("There is no generation to review yet."), tr("Generate variants first (Ctrl+Return)."));
        return -1;
    }
    return createBatchFromHistory(history_->generations().constFirst().id);
}

qint64 ReviewController::importFolder(const QString& pathOrUrl) {
    if (!store_) return -1;
    const qint64 id = store_->importFolder(pathOrUrl);
    if (id < 0) {
        setError(store_->error(), store_->errorFix());
        return -1;
    }
    setBatchId(id);
    return id;
}

void ReviewController::clearError() {
    if (error_.isEmpty()) return;
    error_.clear();
    errorFix_.clear();
    items_.clearError();
    Q_EMIT errorChanged();
}

void ReviewController::onRowsChanged() {
    if (currentRow_ >= items_.rowCount()) {
        currentRow_ = items_.rowCount() - 1;
        requestPrechecks();
    } else if (currentRow_ < 0 && items_.rowCount() > 0) {
        currentRow_ = 0;
        requestPrechecks();
    }
    Q_EMIT currentChanged();
    Q_EMIT progressChanged();
    Q_EMIT prechecksChanged();
}

void ReviewController::requestPrechecks() {
    Q_EMIT prechecksChanged();
    const qint64 itemId = currentItemId();
    if (itemId < 0 || prechecks_.contains(itemId) || !store_) return;
    // Only the item in view matters: checks queued for items already left are dropped.
    pool_.clear();
    const QVariantMap row = rowData(currentRow_);
    const QString copy = row.value(QStringLiteral("copy")).toString();
    const QStringList sellingPoints = row.value(QStringLiteral("sellingPoints")).toStringList();
    const auto item = store_->item(itemId);
    const QJsonObject brief = item ? item->recipe.value(QStringLiteral("brief")).toObject() : QJsonObject();
    const QString originalTitle = brief.value(QStringLiteral("original_title")).toString();
    const QString productPath = brief.value(QStringLiteral("product")).toString();
    ReviewStore* store = store_;
    pool_.start([this, store, itemId, copy, sellingPoints, originalTitle, productPath] {
        const QImage image = store->thumbnail(itemId, 0, ReviewStore::Picture::Raw);
        const QVariantList flags = runChecks(copy, sellingPoints, originalTitle, image, productPath);
        QMetaObject::invokeMethod(this, [this, itemId, flags] { prechecksDone(itemId, flags); }, Qt::QueuedConnection);
    });
}

void ReviewController::prechecksDone(qint64 itemId, const QVariantList& flags) {
    prechecks_.insert(itemId, flags);
    if (itemId == currentItemId()) Q_EMIT prechecksChanged();
}

bool ReviewController::requireCurrent() {
    if (currentItemId() < 0) {
        setError(tr("No ad is open for review."), tr("Pick a batch with ads in it."));
        return false;
    }
    if (items_.reviewer().isEmpty()) {
        setError(tr("No reviewer name is set."), tr("Type your name in the reviewer field first."));
        return false;
    }
    return true;
}

bool ReviewController::take(bool ok) {
    if (ok && !error_.isEmpty()) clearError();
    if (!ok && error_.isEmpty()) setError(items_.error(), items_.errorFix());
    return ok;
}

void ReviewController::setError(const QString& problem, const QString& fix) {
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
