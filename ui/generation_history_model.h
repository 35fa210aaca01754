#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>

#include "generation_history_store.h"  // complete: a Q_PROPERTY type
#include "generation_summary.h"
#include "keyed_rows_model.h"

// The generation history as the History panel lists it, newest first, filtered by `query`
// (product, shopper or any variant's copy; case-insensitive) and `starredOnly`. It follows the
// store: after any change the rows are updated in place (inserted, removed, changed), so a list
// view keeps its place while a generation is being recorded.
// Actions go through the store and report failures in `error`/`errorFix`.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class GenerationHistoryModel : public KeyedRowsModel<GenerationSummary> {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GenerationHistoryModel)
    Q_PROPERTY(GenerationHistoryStore* store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(bool starredOnly READ starredOnly WRITE setStarredOnly NOTIFY starredOnlyChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    enum Role {
        GenerationIdRole = Qt::UserRole + 1,
        CreatedRole,         // QDateTime, local time
        ProductNameRole,
        ShopperNameRole,     // empty: not personalized
        ModelNameRole,
        VariantCountRole,    // variants asked for
        FinishedCountRole,   // variants done, with pictures
        StarredRole,
        StateRole,           // "running", "finished" or "interrupted"
        FirstVariantIdRole,  // a variant with a picture, for the thumbnail; -1: none has one
        TitlesRole,          // QStringList: the variants' copy, by variant number
    };

    explicit GenerationHistoryModel(QObject* parent = nullptr);
    ~GenerationHistoryModel() override;

    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    GenerationHistoryStore* store() const { return store_; }
    void setStore(GenerationHistoryStore* store);
    QString query() const { return query_; }
    void setQuery(const QString& query);
    bool starredOnly() const { return starredOnly_; }
    void setStarredOnly(bool starredOnly);
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // Reads the store again (done automatically after the store changes).
    Q_INVOKABLE void refresh();
    // The row of a generation, -1 when it is not listed (e.g. filtered out).
    Q_INVOKABLE int rowOf(qint64 generationId) const;
    Q_INVOKABLE qint64 idAt(int row) const;

    // The store's actions; false on failure, with `error` set.
    Q_INVOKABLE bool star(qint64 generationId, bool starred);
    Q_INVOKABLE bool remove(qint64 generationId);
    Q_INVOKABLE void clearError();

    QList<GenerationSummary> generations() const { return rows_; }

Q_SIGNALS:
    void storeChanged();
    void queryChanged();
    void starredOnlyChanged();
    void countChanged();
    void errorChanged();

private:
    void apply(const QList<GenerationSummary>& rows);
    // After a store action: the store's error (or none) becomes ours.
    bool takeStoreResult(bool ok);
    void setError(const QString& problem, const QString& fix);

    QPointer<GenerationHistoryStore> store_;
    QString query_;
    bool starredOnly_ = false;
    QString error_;
    QString errorFix_;
};
