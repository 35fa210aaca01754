#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QPointer>
#include <QString>

#include "review_batch_summary.h"
#include "review_store.h"  // complete: a Q_PROPERTY type

// The review batches as the review lane lists them, newest first, with the progress and the
// available rate of `reviewer` (all reviewers' judgements pooled when empty; review_statistics.h).
// It follows the store: batches are inserted, removed and changed in place, and a verdict updates
// its batch's counts at once.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ReviewBatchesModel : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewBatchesModel)
    Q_PROPERTY(ReviewStore* store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(QString reviewer READ reviewer WRITE setReviewer NOTIFY reviewerChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        BatchIdRole = Qt::UserRole + 1,
        NameRole,
        CreatedRole,     // QDateTime, local time
        SourceKindRole,  // "studio" or "import"
        SourceRole,      // the generation id, or the imported folder / list file
        ItemCountRole,
        ReviewedCountRole,  // items accepted or rejected (by anyone when no reviewer is set)
        AcceptedCountRole,  // accepted judgements
        RejectedCountRole,  // rejected judgements
        AvailableRateRole,  // accepted / (accepted + rejected), 0..1; undefined while none is
                            // decided
    };

    struct Row {
        ReviewBatchSummary batch;
        int reviewed = 0;
        int accepted = 0;
        int rejected = 0;
        std::optional<double> rate;
        bool operator==(const Row& other) const {
            return batch == other.batch && reviewed == other.reviewed &&
                   accepted == other.accepted && rejected == other.rejected && rate == other.rate;
        }
    };

    explicit ReviewBatchesModel(QObject* parent = nullptr);
    ~ReviewBatchesModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    ReviewStore* store() const { return store_; }
    void setStore(ReviewStore* store);
    QString reviewer() const { return reviewer_; }
    void setReviewer(const QString& reviewer);

    // Reads the store again (done automatically after the store changes).
    Q_INVOKABLE void refresh();
    Q_INVOKABLE int rowOf(qint64 batchId) const;
    Q_INVOKABLE qint64 idAt(int row) const;

Q_SIGNALS:
    void storeChanged();
    void reviewerChanged();
    void countChanged();

private:
    void apply(const QList<Row>& rows);
    Row rowFor(const ReviewBatchSummary& batch, const ReviewData& data) const;
    void updateBatch(qint64 batchId, const QString& reviewer);

    QPointer<ReviewStore> store_;
    QString reviewer_;
    QList<Row> rows_;
};
