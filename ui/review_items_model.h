#pragma once

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QString>
#include <QVariantList>

#include "review_item.h"
#include "review_store.h"  // complete: a Q_PROPERTY type
#include "review_verdict.h"

// The ads of one review batch with one reviewer's checklist, for the review lane. Decisions are
// criterion ids ("size-mismatch", ... see review_criterion.h) and "pass" / "reject" / "unsure"
// ("" : not judged). Every action goes to the store, which commits it before returning, and the
// row follows the store (also when another view of the same batch changed it).
// Actions report failures in `error`/`errorFix` and return false.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ReviewItemsModel : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewItemsModel)
    Q_PROPERTY(ReviewStore* store READ store WRITE setStore NOTIFY storeChanged)
    Q_PROPERTY(qint64 batchId READ batchId WRITE setBatchId NOTIFY batchIdChanged)
    Q_PROPERTY(QString reviewer READ reviewer WRITE setReviewer NOTIFY reviewerChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    // The image providers the thumbnail sources name (registered by the studio with
    // ReviewStore::thumbnail): the fusion picture (the raw one when there is none), the raw one.
    static constexpr const char* kImageProviderId = "review";
    static constexpr const char* kRawImageProviderId = "review-raw";

    enum Role {
        ItemIdRole = Qt::UserRole + 1,
        PositionRole,  // 1-based
        CopyRole,
        SellingPointsRole,  // QStringList
        ModelNameRole,
        ShopperNameRole,
        SourcePathRole,  // the imported file; empty for the studio's ads
        HasFusionRole,
        HasRecipeRole,
        ThumbnailSourceRole,     // image://review/<itemId>
        RawThumbnailSourceRole,  // image://review-raw/<itemId>
        SizeMismatchRole,        // the decision on each criterion: "pass", "reject", "unsure" or ""
        ShapeHallucinationRole,
        SpaceMismatchRole,
        VisualPerceptionRole,
        FactualityRole,
        ReadabilityRole,
        DecisionsRole,    // QVariantMap: criterion id -> decision, judged criteria only
        NotesRole,        // QVariantMap: criterion id -> note, criteria with a note only
        NoteRole,         // the notes as one text, a line "<Criterion>: <note>" each
        JudgedCountRole,  // criteria with a decision, 0..6
        OverallRole,      // "open", "accepted" or "rejected"
    };

    explicit ReviewItemsModel(QObject* parent = nullptr);
    ~ReviewItemsModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    ReviewStore* store() const { return store_; }
    void setStore(ReviewStore* store);
    qint64 batchId() const { return batchId_; }
    void setBatchId(qint64 batchId);
    QString reviewer() const { return reviewer_; }
    void setReviewer(const QString& reviewer);
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // The criteria for the checklist, in order: [{id, title, definition, image (bool)}].
    Q_INVOKABLE static QVariantList criteria();

    // The reviewer's actions on rows. `decision` "" clears the criterion's verdict.
    Q_INVOKABLE bool setDecision(int row, const QString& criterion, const QString& decision);
    // Every criterion pass (notes kept).
    Q_INVOKABLE bool acceptAll(int row);
    // The criterion rejected with `note` saying why.
    Q_INVOKABLE bool rejectWithReason(int row, const QString& criterion, const QString& note);
    // The note of a criterion already decided.
    Q_INVOKABLE bool setNote(int row, const QString& criterion, const QString& note);
    // The same decision on one criterion of several rows (a selection: a list of row numbers),
    // in one transaction.
    Q_INVOKABLE bool applyToRows(const QVariantList& rows, const QString& criterion,
                                 const QString& decision);
    // Every verdict of the row by this reviewer removed.
    Q_INVOKABLE bool clearRow(int row);

    Q_INVOKABLE void refresh();
    Q_INVOKABLE int rowOf(qint64 itemId) const;
    Q_INVOKABLE qint64 idAt(int row) const;
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void storeChanged();
    void batchIdChanged();
    void reviewerChanged();
    void countChanged();
    void errorChanged();

private:
    struct Row {
        ReviewItem item;
        QList<ReviewVerdict> verdicts;  // this reviewer's
    };
    QList<ReviewVerdict> verdictsOf(qint64 itemId) const;
    void onVerdictsChanged(qint64 batchId, const QList<qint64>& itemIds, const QString& reviewer);
    // Checks the row, the criterion and the decision named by QML; false with `error` set.
    bool checkRow(int row);
    std::optional<ReviewCriterion> checkCriterion(const QString& criterion);
    bool takeStoreResult(bool ok);
    void setError(const QString& problem, const QString& fix);

    QPointer<ReviewStore> store_;
    qint64 batchId_ = -1;
    QString reviewer_;
    QList<Row> rows_;
    QString error_;
    QString errorFix_;
};
