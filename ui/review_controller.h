#pragma once

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThreadPool>
#include <QVariantList>
#include <QVariantMap>

#include "generation_history_store.h"  // complete: a Q_PROPERTY type
#include "review_items_model.h"
#include "review_store.h"

// The reviewer's lane as the review page drives it (issue 7): who reviews (kept in QSettings,
// "review/reviewer"), the open batch and its current item, the keyboard's actions on that item
// (next / previous, toggle a criterion pass -> reject -> unsure -> cleared, accept all, reject
// with a reason, bulk apply to a selection) and the automatic pre-checks of the current item.
//
// Every verdict goes through ReviewItemsModel to the store, which commits it before returning.
// Pre-checks (adgen::runPrechecks) run on a worker thread of the controller's own pool, so the UI
// never waits for them; their flags are cached per item. Flags are evidence, never verdicts.
// Not `final`: the QML type registration derives from it (QQmlPrivate::QQmlElement).
class ReviewController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewController)
    Q_PROPERTY(ReviewStore* store READ store CONSTANT)
    Q_PROPERTY(ReviewItemsModel* items READ items CONSTANT)
    Q_PROPERTY(QString reviewer READ reviewer WRITE setReviewer NOTIFY reviewerChanged)
    Q_PROPERTY(qint64 batchId READ batchId WRITE setBatchId NOTIFY batchIdChanged)
    Q_PROPERTY(QString batchName READ batchName NOTIFY batchIdChanged)
    Q_PROPERTY(int currentRow READ currentRow WRITE setCurrentRow NOTIFY currentChanged)
    Q_PROPERTY(qint64 currentItemId READ currentItemId NOTIFY currentChanged)
    // The current row's roles by name (ReviewItemsModel::roleNames), empty when there is none.
    Q_PROPERTY(QVariantMap current READ current NOTIFY currentChanged)
    // The current copy as rich text with the pre-checks' evidence words highlighted.
    Q_PROPERTY(QString currentCopyHtml READ currentCopyHtml NOTIFY prechecksChanged)
    // [{criterion, check, message, strength, spans: [{begin, end, text}] (QString indices),
    //   regions: [{x, y, width, height, label}] (image pixels)}], strongest first.
    Q_PROPERTY(QVariantList prechecks READ prechecks NOTIFY prechecksChanged)
    Q_PROPERTY(bool prechecksReady READ prechecksReady NOTIFY prechecksChanged)
    Q_PROPERTY(int itemCount READ itemCount NOTIFY progressChanged)
    // Items with every criterion decided, or rejected.
    Q_PROPERTY(int judgedCount READ judgedCount NOTIFY progressChanged)
    Q_PROPERTY(int acceptedCount READ acceptedCount NOTIFY progressChanged)
    Q_PROPERTY(int rejectedCount READ rejectedCount NOTIFY progressChanged)
    // accepted / (accepted + rejected); -1 while none is decided.
    Q_PROPERTY(double availableRate READ availableRate NOTIFY progressChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    static constexpr const char* kReviewerKey = "review/reviewer";
    static constexpr const char* kBatchKey = "review/batch";

    explicit ReviewController(ReviewStore* store, GenerationHistoryStore* history = nullptr,
                              QObject* parent = nullptr);
    ~ReviewController() override;

    ReviewStore* store() const { return store_; }
    ReviewItemsModel* items() { return &items_; }
    QString reviewer() const { return items_.reviewer(); }
    void setReviewer(const QString& reviewer);
    qint64 batchId() const { return items_.batchId(); }
    void setBatchId(qint64 batchId);
    QString batchName() const;
    int currentRow() const { return currentRow_; }
    void setCurrentRow(int row);
    qint64 currentItemId() const;
    QVariantMap current() const { return rowData(currentRow_); }
    QString currentCopyHtml() const;
    QVariantList prechecks() const;
    bool prechecksReady() const;
    int itemCount() const { return items_.rowCount(); }
    int judgedCount() const;
    int acceptedCount() const;
    int rejectedCount() const;
    double availableRate() const;
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // The criteria for the checklist: [{id, title, definition, image}].
    Q_INVOKABLE static QVariantList criteria() { return ReviewItemsModel::criteria(); }
    // A row's roles by name.
    Q_INVOKABLE QVariantMap rowData(int row) const;

    // Keyboard actions on the current item. False (and `error`) when there is none, or no
    // reviewer, or the store refused.
    Q_INVOKABLE bool next();
    Q_INVOKABLE bool previous();
    Q_INVOKABLE bool setDecision(const QString& criterion, const QString& decision);
    // "" -> pass -> reject -> unsure -> "" on one criterion; by its 0-based checklist index too.
    Q_INVOKABLE bool toggle(const QString& criterion);
    Q_INVOKABLE bool toggleAt(int index);
    Q_INVOKABLE bool acceptAll();
    Q_INVOKABLE bool rejectWithReason(const QString& criterion, const QString& note);
    Q_INVOKABLE bool setNote(const QString& criterion, const QString& note);
    // The same decision on one criterion of several rows (row numbers), in one transaction.
    Q_INVOKABLE bool applyToSelection(const QVariantList& rows, const QString& criterion,
                                      const QString& decision);

    // A batch of a generation of the history, opened; its id or -1.
    Q_INVOKABLE qint64 createBatchFromHistory(qint64 generationId);
    // The same for the newest generation of the history.
    Q_INVOKABLE qint64 createBatchFromLatestGeneration();
    // A folder of ads made elsewhere (path or file URL), opened; its id or -1.
    Q_INVOKABLE qint64 importFolder(const QString& pathOrUrl);
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void reviewerChanged();
    void batchIdChanged();
    void currentChanged();
    void prechecksChanged();
    void progressChanged();
    void errorChanged();

private:
    void onRowsChanged();
    void requestPrechecks();
    void prechecksDone(qint64 itemId, const QVariantList& flags);
    bool requireCurrent();
    bool take(bool ok);
    void setError(const QString& problem, const QString& fix);

    QPointer<ReviewStore> store_;
    QPointer<GenerationHistoryStore> history_;
    ReviewItemsModel items_;
    int currentRow_ = -1;
    QHash<qint64, QVariantList> prechecks_;  // by item id
    QThreadPool pool_;                       // one worker: the pre-checks of one item at a time
    QString error_;
    QString errorFix_;
};
