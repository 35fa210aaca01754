#include "shopper_profiles_model.h"

#include <QSet>

#include "profile_store.h"

ShopperProfilesModel::ShopperProfilesModel(QObject* parent) : KeyedRowsModel(parent) {}

ShopperProfilesModel::~ShopperProfilesModel() = default;

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
    if (applyRows(rows)) Q_EMIT countChanged();
}

int ShopperProfilesModel::rowOf(qint64 profileId) const { return rowOfId(profileId); }

qint64 ShopperProfilesModel::idAt(int row) const { return idAtRow(row); }

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
