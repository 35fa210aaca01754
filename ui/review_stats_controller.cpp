#include "review_stats_controller.h"

#include <QLocale>
#include <QMap>

#include <algorithm>

#include "generation_history_store.h"
#include "review_exporter.h"
#include "review_statistics.h"

namespace {

QString rateText(const ReviewRate& rate) {
    const auto value = rate.rate();
    if (!value) return QStringLiteral("\u2014");
    return QStringLiteral("%1 % (%2/%3)")
        .arg(QLocale().toString(*value * 100.0, 'f', 1))
        .arg(rate.accepted)
        .arg(rate.accepted + rate.rejected);
}

QVariantMap rateRow(const ReviewRate& rate, const QString& label) {
    const auto value = rate.rate();
    return {{QStringLiteral("key"), rate.key},
            {QStringLiteral("label"), label},
            {QStringLiteral("items"), rate.items},
            {QStringLiteral("accepted"), rate.accepted},
            {QStringLiteral("rejected"), rate.rejected},
            {QStringLiteral("open"), rate.open},
            {QStringLiteral("decided"), rate.accepted + rate.rejected},
            {QStringLiteral("rate"), value ? *value : -1.0},
            {QStringLiteral("rateText"), rateText(rate)}};
}

QVariantMap notReviewed() {
    return {{QStringLiteral("reviewed"), false},
            {QStringLiteral("state"), QStringLiteral("not-reviewed")},
            {QStringLiteral("criterion"), QString()},
            {QStringLiteral("criterionTitle"), QString()},
            {QStringLiteral("reviewer"), QString()},
            {QStringLiteral("itemId"), -1}};
}

}  // namespace

ReviewStatsController::ReviewStatsController(QObject* parent) : QObject(parent) {}

ReviewStatsController::~ReviewStatsController() = default;

ReviewStore* ReviewStatsController::store() const { return store_; }

ReviewStore* ReviewStatsController::activeStore() const {
    if (store_) return store_;
    return ownStore_ && ownStore_->isOpen() ? ownStore_ : nullptr;
}

void ReviewStatsController::connectStore(ReviewStore* store) {
    if (!store) return;
    connect(store, &ReviewStore::batchesChanged, this, &ReviewStatsController::refresh);
    connect(store, &ReviewStore::verdictsChanged, this, &ReviewStatsController::refresh);
    connect(store, &ReviewStore::openChanged, this, &ReviewStatsController::refresh);
}

void ReviewStatsController::setStore(ReviewStore* store) {
    if (store_ == store) return;
    if (store_) disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    connectStore(store);
    Q_EMIT storeChanged();
    refresh();
}

void ReviewStatsController::setDatabasePath(const QString& path) {
    if (databasePath_ == path) return;
    databasePath_ = path;
    if (!ownStore_) {
        ownStore_ = new ReviewStore(this);
        connectStore(ownStore_);
    }
    if (!path.isEmpty()) ownStore_->open(path);
    Q_EMIT storeChanged();
    refresh();
}

GenerationHistoryStore* ReviewStatsController::historyStore() const { return history_; }

void ReviewStatsController::setHistoryStore(GenerationHistoryStore* store) {
    if (history_ == store) return;
    history_ = store;
    Q_EMIT storeChanged();
}

void ReviewStatsController::setBatchIds(const QVariantList& ids) {
    if (batchIds_ == ids) return;
    batchIds_ = ids;
    Q_EMIT selectionChanged();
    refresh();
}

void ReviewStatsController::setReviewer(const QString& reviewer) {
    if (reviewer_ == reviewer) return;
    reviewer_ = reviewer;
    Q_EMIT selectionChanged();
    refresh();
}

void ReviewStatsController::setReviewerA(const QString& reviewer) {
    if (reviewerA_ == reviewer) return;
    reviewerA_ = reviewer;
    Q_EMIT selectionChanged();
    refresh();
}

void ReviewStatsController::setReviewerB(const QString& reviewer) {
    if (reviewerB_ == reviewer) return;
    reviewerB_ = reviewer;
    Q_EMIT selectionChanged();
    refresh();
}

void ReviewStatsController::setMinSharedItems(int items) {
    items = std::max(1, items);
    if (minSharedItems_ == items) return;
    minSharedItems_ = items;
    Q_EMIT selectionChanged();
    refresh();
}

void ReviewStatsController::refresh() {
    batches_.clear();
    reviewers_.clear();
    overall_.clear();
    perBatch_.clear();
    perModel_.clear();
    perProfile_.clear();
    perCriterion_.clear();
    agreement_.clear();

    ReviewStore* store = activeStore();
    if (store) {
        for (const ReviewBatchSummary& batch : store->batches())
            batches_.append(QVariantMap{{QStringLiteral("id"), batch.id},
                                        {QStringLiteral("name"), batch.name},
                                        {QStringLiteral("itemCount"), batch.itemCount}});
        QList<qint64> ids;
        for (const QVariant& id : std::as_const(batchIds_)) ids.append(id.toLongLong());
        const ReviewData data = store->reviewData(ids);
        reviewers_ = reviewersOf(data);

        overall_ = rateRow(reviewRate(data, reviewer_), tr("All items"));
        // Groups in the order the data first names them (batches newest first as read).
        QList<qint64> batchOrder;
        QMap<qint64, QString> batchNames;
        QStringList models;
        QStringList shoppers;
        for (const ReviewData::Item& item : data.items) {
            if (!batchNames.contains(item.batchId)) {
                batchOrder.append(item.batchId);
                batchNames.insert(item.batchId, item.batchName);
            }
            if (!models.contains(item.modelName)) models.append(item.modelName);
            if (!shoppers.contains(item.shopperName)) shoppers.append(item.shopperName);
        }
        std::sort(models.begin(), models.end());
        std::sort(shoppers.begin(), shoppers.end());
        for (qint64 batchId : std::as_const(batchOrder))
            perBatch_.append(rateRow(reviewRate(data, reviewer_, ReviewScope::Batch, QString::number(batchId)),
                                     batchNames.value(batchId)));
        for (const QString& model : std::as_const(models))
            perModel_.append(rateRow(reviewRate(data, reviewer_, ReviewScope::Model, model),
                                     model.isEmpty() ? tr("(unknown model)") : model));
        for (const QString& shopper : std::as_const(shoppers))
            perProfile_.append(rateRow(reviewRate(data, reviewer_, ReviewScope::Profile, shopper),
                                       shopper.isEmpty() ? tr("(no shopper)") : shopper));
        for (ReviewCriterion criterion : reviewCriteria())
            perCriterion_.append(rateRow(
                reviewRate(data, reviewer_, ReviewScope::Criterion, criterionId(criterion)),
                criterionTitle(criterion)));

        if (!reviewerA_.isEmpty() && !reviewerB_.isEmpty() && reviewerA_ != reviewerB_) {
            for (const ReviewAgreement& agreement : reviewAgreement(data, reviewerA_, reviewerB_)) {
                const auto criterion = parseReviewCriterion(agreement.criterion);
                const CohenKappa& k = agreement.kappa;
                const bool enough = k.items >= minSharedItems_ && k.kappa.has_value();
                QString text;
                if (k.items < minSharedItems_)
                    text = tr("not enough shared items");
                else if (!k.kappa)
                    text = tr("undefined (no variation)");
                else
                    text = QLocale().toString(*k.kappa, 'f', 2);
                agreement_.append(QVariantMap{
                    {QStringLiteral("criterion"), agreement.criterion},
                    {QStringLiteral("label"), criterion ? criterionTitle(*criterion) : tr("Overall")},
                    {QStringLiteral("items"), k.items},
                    {QStringLiteral("observed"), k.observed},
                    {QStringLiteral("expected"), k.expected},
                    {QStringLiteral("kappa"), k.kappa ? *k.kappa : -1.0},
                    {QStringLiteral("enough"), enough},
                    {QStringLiteral("kappaText"), text}});
            }
        }
    }
    Q_EMIT statisticsChanged();
}

QVariantMap ReviewStatsController::verdictForItem(qint64 itemId, const QString& reviewer) const {
    QVariantMap result = notReviewed();
    ReviewStore* store = activeStore();
    if (!store || itemId < 0) return result;
    result.insert(QStringLiteral("itemId"), itemId);
    QString who = reviewer.trimmed();
    if (who.isEmpty()) {
        QStringList names;
        for (const ReviewVerdict& v : store->verdicts(itemId))
            if (!names.contains(v.reviewer)) names.append(v.reviewer);
        std::sort(names.begin(), names.end());
        if (names.isEmpty()) return result;
        who = names.constFirst();
    }
    const QList<ReviewVerdict> verdicts = store->verdicts(itemId, who);
    if (verdicts.isEmpty()) return result;
    const ReviewOverall overall = overallDecision(verdicts);
    result.insert(QStringLiteral("reviewed"), overall != ReviewOverall::Open);
    result.insert(QStringLiteral("state"), overallId(overall));
    result.insert(QStringLiteral("reviewer"), who);
    for (ReviewCriterion criterion : reviewCriteria()) {
        for (const ReviewVerdict& v : verdicts) {
            if (v.criterion == criterion && v.decision == ReviewDecision::Reject) {
                result.insert(QStringLiteral("criterion"), criterionId(criterion));
                result.insert(QStringLiteral("criterionTitle"), criterionTitle(criterion));
                return result;
            }
        }
    }
    return result;
}

QVariantMap ReviewStatsController::verdictForGeneration(qint64 generationId, int variantNumber,
                                                        const QString& reviewer) const {
    ReviewStore* store = activeStore();
    if (!store || generationId < 0) return notReviewed();
    const QString source = QString::number(generationId);
    for (const ReviewBatchSummary& batch : store->batches()) {  // newest first
        if (batch.sourceKind != QLatin1String("studio") || batch.source != source) continue;
        for (const ReviewItem& item : store->items(batch.id))
            if (item.variantNumber == variantNumber) return verdictForItem(item.id, reviewer);
    }
    return notReviewed();
}

QVariantMap ReviewStatsController::verdictForVariant(int variantNumber, const QString& copy,
                                                     const QString& reviewer) const {
    if (!history_ || copy.trimmed().isEmpty() || !activeStore()) return notReviewed();
    for (const GenerationSummary& generation : history_->search(copy)) {
        const QVariantMap verdict = verdictForGeneration(generation.id, variantNumber, reviewer);
        if (verdict.value(QStringLiteral("itemId")).toLongLong() >= 0) return verdict;
    }
    return notReviewed();
}

void ReviewStatsController::clearError() {
    if (error_.isEmpty() && errorFix_.isEmpty()) return;
    error_.clear();
    errorFix_.clear();
    Q_EMIT errorChanged();
}

qint64 ReviewStatsController::exportBatch() const {
    return batchIds_.size() == 1 ? batchIds_.constFirst().toLongLong() : -1;
}

template <typename Export>
bool ReviewStatsController::runExport(const Export& action) {
    ReviewExporter exporter;
    exporter.setStore(activeStore());
    const bool ok = activeStore() && action(exporter);
    error_ = ok ? QString() : (activeStore() ? exporter.error() : tr("No review data is open."));
    errorFix_ = ok ? QString() : (activeStore() ? exporter.errorFix() : tr("Open the studio's database first."));
    Q_EMIT errorChanged();
    return ok;
}

bool ReviewStatsController::exportStatistics(const QString& pathOrUrl) {
    return runExport([&](ReviewExporter& e) { return e.exportStatistics(pathOrUrl, exportBatch()); });
}

bool ReviewStatsController::exportVerdicts(const QString& pathOrUrl) {
    return runExport([&](ReviewExporter& e) { return e.exportVerdicts(pathOrUrl, exportBatch()); });
}
