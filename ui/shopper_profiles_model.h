#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>

#include "profile_store.h"  // complete: a Q_PROPERTY type
#include "profile_summary.h"
#include "keyed_rows_model.h"

// The shopper profiles of the library as the profile list shows them, filtered by `query`
// (name, notes or any click title; case-insensitive). It follows the store: after any change
// the rows are updated in place where possible (inserted, removed, changed), so a list view
// keeps its place; only a reordering resets the model.
// Actions go through the store and report failures in `error`/`errorFix`.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ShopperProfilesModel : public KeyedRowsModel<ProfileSummary> {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ShopperProfilesModel)
    Q_PROPERTY(ProfileStore* store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        NameRole,
        NotesRole,
        ClickCountRole,
        ThumbnailClickIdRole,  // -1: the profile has no clicks
        ModifiedRole,          // QDateTime, local time
    };

    explicit ShopperProfilesModel(QObject* parent = nullptr);
    ~ShopperProfilesModel() override;

    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    ProfileStore* store() const { return store_; }
    void setStore(ProfileStore* store);
    QString query() const { return query_; }
    void setQuery(const QString& query);
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // Reads the store again (done automatically after the store changes).
    Q_INVOKABLE void refresh();
    // The row of a profile, -1 when it is not listed (e.g. filtered out by the query).
    Q_INVOKABLE int rowOf(qint64 profileId) const;
    Q_INVOKABLE qint64 idAt(int row) const;

    // The store's actions; false / -1 on failure, with `error` set.
    Q_INVOKABLE qint64 createProfile(const QString& name, const QString& notes = {});
    Q_INVOKABLE bool rename(qint64 profileId, const QString& name);
    Q_INVOKABLE bool setNotes(qint64 profileId, const QString& notes);
    Q_INVOKABLE bool remove(qint64 profileId);
    // The number of profiles imported (0: the file has no histories, with `error` saying so), or -1.
    Q_INVOKABLE int importPad1m(const QString& pathOrUrl);
    Q_INVOKABLE qint64 importShopperHistory(const QString& pathOrUrl);
    Q_INVOKABLE void clearError();

    QList<ProfileSummary> profiles() const { return rows_; }

Q_SIGNALS:
    void storeChanged();
    void queryChanged();
    void countChanged();
    void errorChanged();

private:
    void apply(const QList<ProfileSummary>& rows);
    // After a store action: the store's error (or none) becomes ours.
    bool takeStoreResult(bool ok);
    void setError(const QString& problem, const QString& fix);

    QPointer<ProfileStore> store_;
    QString query_;
    QString error_;
    QString errorFix_;
};
