#include "selling_points_model.h"

#include "adgen/brief.h"

SellingPointsModel::SellingPointsModel(QObject* parent) : QAbstractListModel(parent) {}

int SellingPointsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(points_.size());
}

QVariant SellingPointsModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    if (role == TextRole || role == Qt::DisplayRole || role == Qt::EditRole) return points_.at(index.row());
    return {};
}

bool SellingPointsModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (role != TextRole && role != Qt::EditRole) return false;
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return false;
    return setText(index.row(), value.toString());
}

Qt::ItemFlags SellingPointsModel::flags(const QModelIndex& index) const {
    // Only real rows are editable; the root index must not claim to be.
    if (!index.isValid()) return QAbstractListModel::flags(index);
    return QAbstractListModel::flags(index) | Qt::ItemIsEditable;
}

QHash<int, QByteArray> SellingPointsModel::roleNames() const { return {{TextRole, "text"}}; }

bool SellingPointsModel::contains(const QString& text, int exceptRow) const {
    for (int row = 0; row < points_.size(); ++row) {
        if (row != exceptRow && points_.at(row) == text) return true;
    }
    return false;
}

bool SellingPointsModel::insertAtEnd(const QString& text) {
    const QString point = text.trimmed();
    if (point.isEmpty() || contains(point)) return false;
    const int row = int(points_.size());
    beginInsertRows({}, row, row);
    points_.append(point);
    endInsertRows();
    Q_EMIT countChanged();
    return true;
}

bool SellingPointsModel::append(const QString& text) {
    if (!insertAtEnd(text)) return false;
    Q_EMIT edited(Edit::Added);
    return true;
}

int SellingPointsModel::appendFromText(const QString& text) {
    int added = 0;
    // One splitter for the studio and the CLI: the engine's.
    for (const std::string& item : adgen::splitSellingPoints(text.toStdString())) {
        if (insertAtEnd(QString::fromStdString(item))) ++added;
    }
    if (added > 0) Q_EMIT edited(added == 1 ? Edit::Added : Edit::AddedList);
    return added;
}

bool SellingPointsModel::setText(int row, const QString& text) {
    const QString point = text.trimmed();
    if (row < 0 || row >= points_.size() || point.isEmpty() || contains(point, row)) return false;
    if (points_.at(row) == point) return true;
    points_[row] = point;
    const QModelIndex changed = index(row);
    Q_EMIT dataChanged(changed, changed, {TextRole, Qt::DisplayRole, Qt::EditRole});
    Q_EMIT edited(Edit::Changed);
    return true;
}

bool SellingPointsModel::remove(int row) {
    if (row < 0 || row >= points_.size()) return false;
    beginRemoveRows({}, row, row);
    points_.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
    Q_EMIT edited(Edit::Removed);
    return true;
}

bool SellingPointsModel::move(int from, int to) {
    const int size = int(points_.size());
    if (from < 0 || from >= size || to < 0 || to >= size || from == to) return false;
    // beginMoveRows takes the destination *before* which the row is placed.
    const int destination = to > from ? to + 1 : to;
    beginMoveRows({}, from, from, {}, destination);
    points_.move(from, to);
    endMoveRows();
    Q_EMIT edited(Edit::Moved);
    return true;
}

QString SellingPointsModel::textAt(int row) const {
    return row >= 0 && row < points_.size() ? points_.at(row) : QString();
}

void SellingPointsModel::setPoints(const QStringList& points) {
    beginResetModel();
    points_.clear();
    for (const QString& text : points) {
        const QString point = text.trimmed();
        if (!point.isEmpty() && !contains(point)) points_.append(point);
    }
    endResetModel();
    Q_EMIT countChanged();
}
