#include "shopper_profiles_model.h"

#include <QSet>

#include "profile_store.h"

ShopperProfilesModel::ShopperProfilesModel(QObject* parent) : QAbstractListModel(parent) {}

ShopperProfilesModel::~ShopperProfilesModel() = default;

int ShopperProfilesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(rows_.size()); }

QVariant ShopperProfilesModel::data(const QModelIndex& index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const ProfileSummary& row = rows_.at(index.row());
    switch (role) {
        case IdRole: return row.id;
        case Qt::DisplayRole:
        case NameRole: return row.name;
        case NotesRole: return row.notes;
        case ClickCountRole: return row.clickCount;
        case ThumbnailClickIdRole: return row.thumbnailClickId;
        case ModifiedRole: return row.modified.toLocalTime();
        default: return {};
    }
}

QHash<int, QByteArray> ShopperProfilesModel::roleNames() const {
    return {{IdRole, "profileId"},           {NameRole, "name"},
            {NotesRole, "notes"},            {ClickCountRole, "clickCount"},
            {ThumbnailClickIdRole, "thumbnailClickId"}, {ModifiedRole, "modified"}};
}

void ShopperProfilesModel::setStore(ProfileStore* store) {
    if (store == store_) return;
    if (store_) disconnect(store_, nullptr, this, nullptr);
    store_ = store;
    if (store_) {
        connect(store_, &ProfileStore::changed, this, &ShopperProfilesModel::refresh);
        connect(store_, &QObject::destroyed, this, [this] { apply({}); });
    }
    refresh();
    Q_EMIT storeChanged();
}

void ShopperProfilesModel::setQuery(const QString& query) {
    if (query == query_) return;
    query_ = query;
    refresh();
    Q_EMIT queryChanged();
}

void ShopperProfilesModel::refresh() { apply(store_ ? store_->search(query_) : QList<ProfileSummary>{}); }

void ShopperProfilesModel::apply(const QList<ProfileSummary>& rows) {
    const int countBefore = int(rows_.size());
    QSet<qint64> wanted;
    for (const ProfileSummary& row : rows) wanted.insert(row.id);
    // Rows that went away (deleted, or filtered out by the query).
    for (int i = int(rows_.size()) - 1; i >= 0; --i) {
        if (wanted.contains(rows_.at(i).id)) continue;
        beginRemoveRows({}, i, i);
        rows_.removeAt(i);
        endRemoveRows();
    }
    // The rows left must come in the new order (a rename can move a profile); else start over.
    QSet<qint64> kept;
    for (const ProfileSummary& row : rows_) kept.insert(row.id);
    QList<qint64> keptInNewOrder;
    for (const ProfileSummary& row : rows) {
        if (kept.contains(row.id)) keptInNewOrder.append(row.id);
    }
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
    if (rows_.size() != countBefore) Q_EMIT countChanged();
}

int ShopperProfilesModel::rowOf(qint64 profileId) const {
    for (int i = 0; i < rows_.size(); ++i) {
        if (rows_.at(i).id == profileId) return i;
    }
    return -1;
}

qint64 ShopperProfilesModel::idAt(int row) const { return row >= 0 && row < rows_.size() ? rows_.at(row).id : -1; }

bool ShopperProfilesModel::takeStoreResult(bool ok) {
    if (ok) {
        clearError();
    } else if (store_) {
        setError(store_->error(), store_->errorFix());
    } else {
        setError(tr("There is no profile library."), tr("The studio opens one at start; restart it."));
    }
    return ok;
}

qint64 ShopperProfilesModel::createProfile(const QString& name, const QString& notes) {
    const qint64 id = store_ ? store_->createProfile(name, notes) : -1;
    takeStoreResult(id >= 0);
    return id;
}

bool ShopperProfilesModel::rename(qint64 profileId, const QString& name) {
    return takeStoreResult(store_ && store_->renameProfile(profileId, name));
}

bool ShopperProfilesModel::setNotes(qint64 profileId, const QString& notes) {
    return takeStoreResult(store_ && store_->setNotes(profileId, notes));
}

bool ShopperProfilesModel::remove(qint64 profileId) { return takeStoreResult(store_ && store_->deleteProfile(profileId)); }

int ShopperProfilesModel::importPad1m(const QString& pathOrUrl) {
    const int imported = store_ ? store_->importPad1m(pathOrUrl) : -1;
    // 0 imported is no failure of the store, but it says why (the file has no histories).
    takeStoreResult(imported > 0);
    return imported;
}

qint64 ShopperProfilesModel::importShopperHistory(const QString& pathOrUrl) {
    const qint64 id = store_ ? store_->importShopperHistory(pathOrUrl) : -1;
    takeStoreResult(id >= 0);
    return id;
}

void ShopperProfilesModel::clearError() { setError({}, {}); }

void ShopperProfilesModel::setError(const QString& problem, const QString& fix) {
    if (problem == error_ && fix == errorFix_) return;
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}
