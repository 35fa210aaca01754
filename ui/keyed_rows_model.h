#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QSet>
#include <QtGlobal>

// A list model whose rows are records with a unique `id` (a profile, a generation), refreshed
// from a store by handing it the new list: rows that went away are removed, new ones inserted
// and changed ones announced in place, so views keep their scroll position and selection. A new
// order of the rows that stay (a rename re-sorting them) resets the model instead.
// `Row` needs `qint64 id` and operator!=. No Q_OBJECT here: the concrete models declare it.
template <typename Row>
class KeyedRowsModel : public QAbstractListModel {
public:
    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : int(rows_.size()); }

protected:
    // Shows `rows`; returns whether the number of rows changed.
    bool applyRows(const QList<Row>& rows) {
        const qsizetype countBefore = rows_.size();
        QSet<qint64> wanted;
        for (const Row& row : rows) wanted.insert(row.id);
        for (int i = int(rows_.size()) - 1; i >= 0; --i) {
            if (wanted.contains(rows_.at(i).id)) continue;
            beginRemoveRows({}, i, i);
            rows_.removeAt(i);
            endRemoveRows();
        }
        QSet<qint64> kept;
        for (const Row& row : rows_) kept.insert(row.id);
        QList<qint64> keptInNewOrder;
        for (const Row& row : rows)
            if (kept.contains(row.id)) keptInNewOrder.append(row.id);
        bool sameOrder = keptInNewOrder.size() == rows_.size();
        for (int i = 0; sameOrder && i < rows_.size(); ++i) sameOrder = rows_.at(i).id == keptInNewOrder.at(i);
        if (!sameOrder) {
            beginResetModel();
            rows_ = rows;
            endResetModel();
        } else {
            for (int i = 0; i < rows.size(); ++i) {
                if (i < rows_.size() && rows_.at(i).id == rows.at(i).id) {
                    if (rows_.at(i) != rows.at(i)) {
                        rows_[i] = rows.at(i);
                        Q_EMIT dataChanged(index(i), index(i));
                    }
                    continue;
                }
                beginInsertRows({}, i, i);
                rows_.insert(i, rows.at(i));
                endInsertRows();
            }
        }
        return rows_.size() != countBefore;
    }

    int rowOfId(qint64 id) const {
        for (int i = 0; i < rows_.size(); ++i)
            if (rows_.at(i).id == id) return i;
        return -1;
    }
    qint64 idAtRow(int row) const { return row >= 0 && row < rows_.size() ? rows_.at(row).id : -1; }

    QList<Row> rows_;
};
