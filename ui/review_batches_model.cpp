#include "review_batches_model.h"

#include <QSet>

#include "review_statistics.h"

ReviewBatchesModel::ReviewBatchesModel(QObject* parent) : QAbstractListModel(parent) {}

ReviewBatchesModel::~ReviewBatchesModel() = default;

int ReviewBatchesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ReviewBatchesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rows_.at(index.row());
    switch (role) {
        case BatchIdRole:
            return row.batch.id;
        case Qt::DisplayRole:
        case NameRole:
            return row.batch.name;
        case CreatedRole:
            return row.batch.created.toLocalTime();
        case SourceKindRole:
            return row.batch.sourceKind;
        case SourceRole:
            return row.batch.source;
        case ItemCountRole:
            return row.batch.itemCount;
        case ReviewedCountRole:
            return row.reviewed;
        case AcceptedCountRole:
            return row.accepted;
        case RejectedCountRole:
            return row.rejected;
        case AvailableRateRole:
            return row.rate ? QVariant(*row.rate) : QVariant();
        default:
            return {};
    }
}

QHash<int, QByteArray> ReviewBatchesModel::roleNames() const {
    return {{BatchIdRole, "batchId"},
            {NameRole, "name"},
            {CreatedRole, "created"},
            {SourceKindRole, "sourceKind"},
            {SourceRole, "source"},
            {ItemCountRole, "itemCount"},
            {ReviewedCountRole, "reviewedCount"},
            {AcceptedCountRole, "acceptedCount"},
            {RejectedCountRole, "rejectedCount"},
            {AvailableRateRole, "availableRate"}};
}

void ReviewBatchesModel::setStore(ReviewStore* store) {
    if (store == store_)
        return;
    if (store_)
        disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    if (store_) {
        connect(store_, &ReviewStore::batchesChanged, this, &ReviewBatchesModel::refresh);
        connect(store_, &ReviewStore::verdictsChanged, this,
                [this](qint64 batchId, const QList<qint64>&, const QString& reviewer) {
                    updateBatch(batchId, reviewer);
                });
        connect(store_, &QObject::destroyed, this, [this] { apply({}); });
    }
    refresh();
    Q_EMIT storeChanged();
}

void ReviewBatchesModel::setReviewer(const QString& reviewer) {
    const QString name = reviewer.trimmed();
    if (name == reviewer_)
        return;
    reviewer_ = name;
    refresh();
    Q_EMIT reviewerChanged();
}

ReviewBatchesModel::Row ReviewBatchesModel::rowFor(const ReviewBatchSummary& batch,
                                                   const ReviewData& data) const {
    const ReviewRate rate =
        reviewRate(data, reviewer_, ReviewScope::Batch, QString::number(batch.id));
    return {batch, rate.decidedItems, rate.accepted, rate.rejected, rate.rate()};
}

void ReviewBatchesModel::refresh() {
    QList<Row> rows;
    if (store_) {
        const ReviewData data = store_->reviewData();
        for (const ReviewBatchSummary& batch : store_->batches())
            rows.append(rowFor(batch, data));
    }
    apply(rows);
}

void ReviewBatchesModel::updateBatch(qint64 batchId, const QString& reviewer) {
    if (!reviewer_.isEmpty() && reviewer != reviewer_)
        return;
    const int row = rowOf(batchId);
    if (row < 0 || !store_)
        return;
    const Row updated = rowFor(rows_.at(row).batch, store_->reviewData({batchId}));
    if (updated == rows_.at(row))
        return;
    rows_[row] = updated;
    Q_EMIT dataChanged(index(row), index(row));
}

void ReviewBatchesModel::apply(const QList<Row>& rows) {
    const int countBefore = int(rows_.size());
    QSet<qint64> wanted;
    for (const Row& row : rows)
        wanted.insert(row.batch.id);
    for (int i = int(rows_.size()) - 1; i >= 0; --i) {
        if (wanted.contains(rows_.at(i).batch.id))
            continue;
        beginRemoveRows({}, i, i);
        rows_.removeAt(i);
        endRemoveRows();
    }
    // Both lists are newest first, so the rows left are in order: insert the new ones between.
    for (int i = 0; i < rows.size(); ++i) {
        if (i < rows_.size() && rows_.at(i).batch.id == rows.at(i).batch.id) {
            if (!(rows_.at(i) == rows.at(i))) {
                rows_[i] = rows.at(i);
                Q_EMIT dataChanged(index(i), index(i));
            }
            continue;
        }
        beginInsertRows({}, i, i);
        rows_.insert(i, rows.at(i));
        endInsertRows();
    }
    if (rows_.size() != countBefore)
        Q_EMIT countChanged();
}

int ReviewBatchesModel::rowOf(qint64 batchId) const {
    for (int i = 0; i < rows_.size(); ++i) {
        if (rows_.at(i).batch.id == batchId)
            return i;
    }
    return -1;
}

qint64 ReviewBatchesModel::idAt(int row) const {
    return row >= 0 && row < rows_.size() ? rows_.at(row).batch.id : -1;
}
