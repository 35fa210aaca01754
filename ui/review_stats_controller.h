#pragma once

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QVariantList>
#include <QVariantMap>

#include "review_store.h"  // complete: a Q_PROPERTY type

class GenerationHistoryStore;
Q_MOC_INCLUDE("generation_history_store.h")

// The review statistics (review_statistics.h) as QVariant tables for QML: the available rate
// of the chosen batches (all when none is chosen) for one reviewer (or all pooled), overall and
// per batch, model, profile and criterion, with counts; and Cohen's kappa of two reviewers per
// criterion and overall, with the number of items both judged. Recomputed when the store's
// batches or verdicts change.
//
// Each rate row is a map: key, label, items, accepted, rejected, open, decided (accepted +
// rejected), rate (0..1, or -1 while nothing is decided), rateText ("67 % (2/3)" or "—").
// Each agreement row: criterion (id or "overall"), label, items (judged by both), observed,
// expected, kappa (or -1), enough (items >= minSharedItems and kappa defined), kappaText.
//
// It also answers the presentation view's verdict badges: verdictForGeneration finds the review
// item of a history generation's variant (a batch made from that generation) and its verdict.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class ReviewStatsController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewStatsController)
    Q_PROPERTY(ReviewStore* store READ store WRITE setStore NOTIFY storeChanged)
    // Where to open a review store of its own when `store` is not set (the studio database:
    // ProfileStore's databasePath).
    Q_PROPERTY(QString databasePath READ databasePath WRITE setDatabasePath NOTIFY storeChanged)
    Q_PROPERTY(GenerationHistoryStore* historyStore READ historyStore WRITE setHistoryStore NOTIFY storeChanged)
    // The batches the statistics cover (ids); empty: every batch.
    Q_PROPERTY(QVariantList batchIds READ batchIds WRITE setBatchIds NOTIFY selectionChanged)
    // Whose verdicts the rates count; "": every reviewer pooled.
    Q_PROPERTY(QString reviewer READ reviewer WRITE setReviewer NOTIFY selectionChanged)
    Q_PROPERTY(QString reviewerA READ reviewerA WRITE setReviewerA NOTIFY selectionChanged)
    Q_PROPERTY(QString reviewerB READ reviewerB WRITE setReviewerB NOTIFY selectionChanged)
    // Below this many shared items a kappa is "not enough shared items".
    Q_PROPERTY(int minSharedItems READ minSharedItems WRITE setMinSharedItems NOTIFY selectionChanged)

    // {id, name, itemCount} of every batch, newest first.
    Q_PROPERTY(QVariantList batches READ batches NOTIFY statisticsChanged)
    // The reviewers with verdicts in the chosen batches.
    Q_PROPERTY(QStringList reviewers READ reviewers NOTIFY statisticsChanged)
    Q_PROPERTY(QVariantMap overall READ overall NOTIFY statisticsChanged)
    Q_PROPERTY(QVariantList perBatch READ perBatch NOTIFY statisticsChanged)
    Q_PROPERTY(QVariantList perModel READ perModel NOTIFY statisticsChanged)
    Q_PROPERTY(QVariantList perProfile READ perProfile NOTIFY statisticsChanged)
    Q_PROPERTY(QVariantList perCriterion READ perCriterion NOTIFY statisticsChanged)
    Q_PROPERTY(QVariantList agreement READ agreement NOTIFY statisticsChanged)
    // The last export's failure (ReviewExporter's problem and fix); "" after a success.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    explicit ReviewStatsController(QObject* parent = nullptr);
    ~ReviewStatsController() override;

    ReviewStore* store() const;
    void setStore(ReviewStore* store);
    QString databasePath() const { return databasePath_; }
    void setDatabasePath(const QString& path);
    GenerationHistoryStore* historyStore() const;
    void setHistoryStore(GenerationHistoryStore* store);

    QVariantList batchIds() const { return batchIds_; }
    void setBatchIds(const QVariantList& ids);
    QString reviewer() const { return reviewer_; }
    void setReviewer(const QString& reviewer);
    QString reviewerA() const { return reviewerA_; }
    void setReviewerA(const QString& reviewer);
    QString reviewerB() const { return reviewerB_; }
    void setReviewerB(const QString& reviewer);
    int minSharedItems() const { return minSharedItems_; }
    void setMinSharedItems(int items);

    QVariantList batches() const { return batches_; }
    QStringList reviewers() const { return reviewers_; }
    QVariantMap overall() const { return overall_; }
    QVariantList perBatch() const { return perBatch_; }
    QVariantList perModel() const { return perModel_; }
    QVariantList perProfile() const { return perProfile_; }
    QVariantList perCriterion() const { return perCriterion_; }
    QVariantList agreement() const { return agreement_; }

    // Recomputes everything from the store.
    Q_INVOKABLE void refresh();

    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }
    Q_INVOKABLE void clearError();
    // Through ReviewExporter, by the file's suffix (.csv or .json): the statistics (rates and
    // agreement of every reviewer) or the verdicts of the chosen batch when exactly one is
    // chosen, else of every batch.
    Q_INVOKABLE bool exportStatistics(const QString& pathOrUrl);
    Q_INVOKABLE bool exportVerdicts(const QString& pathOrUrl);

    // The verdict of `reviewer` ("" : the first reviewer by name who judged it) on variant
    // `variantNumber` of history generation `generationId`, from the newest review batch made
    // from that generation: {reviewed: bool, state: "accepted" | "rejected" | "open" |
    // "not-reviewed", criterion: the first rejected criterion's id, criterionTitle, reviewer,
    // itemId}.
    Q_INVOKABLE QVariantMap verdictForGeneration(qint64 generationId, int variantNumber,
                                                 const QString& reviewer = {}) const;
    // The same for a variant the studio shows: its generation found in the history by its copy
    // (newest generation holding that copy with a review batch), then verdictForGeneration.
    Q_INVOKABLE QVariantMap verdictForVariant(int variantNumber, const QString& copy,
                                              const QString& reviewer = {}) const;
    // The verdict of a review item itself (for a batch's items shown in presentation mode).
    Q_INVOKABLE QVariantMap verdictForItem(qint64 itemId, const QString& reviewer = {}) const;

Q_SIGNALS:
    void storeChanged();
    void selectionChanged();
    void statisticsChanged();
    void errorChanged();

private:
    ReviewStore* activeStore() const;
    void connectStore(ReviewStore* store);
    qint64 exportBatch() const;
    template <typename Export>
    bool runExport(const Export& action);

    QPointer<ReviewStore> store_;
    ReviewStore* ownStore_ = nullptr;  // opened at databasePath_ when no store is given
    QPointer<GenerationHistoryStore> history_;
    QString databasePath_;
    QVariantList batchIds_;
    QString reviewer_;
    QString reviewerA_;
    QString reviewerB_;
    int minSharedItems_ = 2;

    QVariantList batches_;
    QStringList reviewers_;
    QVariantMap overall_;
    QVariantList perBatch_;
    QVariantList perModel_;
    QVariantList perProfile_;
    QVariantList perCriterion_;
    QVariantList agreement_;
    QString error_;
    QString errorFix_;
};
