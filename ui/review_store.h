#pragma once

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

#include "review_batch_summary.h"
#include "review_criterion.h"
#include "review_data.h"
#include "review_decision.h"
#include "review_item.h"
#include "review_verdict.h"
#include "studio_database.h"

class GenerationHistoryStore;
Q_MOC_INCLUDE("generation_history_store.h")
struct SavedGeneration;

// The reviewer's lane, kept in the studio's SQLite file next to the profiles and the history
// (its own tables and its own row in schema_versions, component "review"; docs/formats.md,
// "Review tables"): review batches (a generation of the history, or a folder of ads made
// elsewhere), their items (pictures as PNG, copy, selling points, recipe, model, shopper) and
// the reviewers' verdicts, one per item, reviewer and criterion.
//
// Verdicts are never lost: each call that makes verdicts commits them in its own transaction
// before it returns (synchronous=FULL: the commit is on disk, so a kill, a crash or a power cut
// right after the call keeps them). A bulk call (accept all, apply to a selection) is one
// transaction: all of it or none.
//
// Writes are all-or-nothing. Failures return false / -1 / nothing and set `error` and
// `errorFix`, naming the problem and what to do; success clears them. `batchesChanged` follows
// writes to batches and items, `verdictsChanged` writes to verdicts, for the list models.
//
// WAL mode: readers never wait for the writer. The store belongs to its thread, except
// thumbnail(), which any thread may call (a QML image provider runs on its own).
// Not `final`: the QML type registration derives from it (QQmlPrivate::QQmlElement).
class ReviewStore : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ReviewStore)
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY openChanged)
    Q_PROPERTY(QString databasePath READ databasePath NOTIFY openChanged)
    Q_PROPERTY(int batchCount READ batchCount NOTIFY batchesChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    // The version of the review tables this code reads and writes (table schema_versions,
    // component "review"). Review tables written by a newer studio are refused, not damaged.
    static constexpr int kSchemaVersion = 1;

    // Which of an item's pictures.
    enum class Picture {
        Raw,     // the generated image
        Fusion,  // the product composited back; the raw image when the item has none
    };

    explicit ReviewStore(QObject* parent = nullptr);
    ~ReviewStore() override;

    // Opens (or creates, with its folder) the review tables in the studio file at `path`
    // (ProfileStore::defaultDatabasePath()); a file already open is closed first. False, with
    // `error` set, when the file cannot be opened or is not a studio database.
    Q_INVOKABLE bool open(const QString& path);
    void close();
    bool isOpen() const { return database_.isOpen(); }
    QString databasePath() const { return database_.path(); }

    // --- Batches ---
    // A batch of `items` (their ids and batch ids are ignored; positions as given), in one
    // transaction. `sourceKind` is "studio" or "import". Every item needs a picture. Its id, or -1.
    qint64 createBatch(const QString& name, const QString& sourceKind, const QString& source,
                       const QList<ReviewItem>& items);
    // One item per finished variant (done, with a picture) of a generation of the history, with
    // the generation's recipe; named after the product and shopper unless `name` is given.
    qint64 createBatchFromGeneration(qint64 generationId, const SavedGeneration& generation,
                                     const QString& name = {});
    Q_INVOKABLE qint64 createBatchFromHistory(GenerationHistoryStore* history, qint64 generationId,
                                              const QString& name = {});
    // A folder of ads made elsewhere (review_folder_import.h: the validation() layout, or pictures
    // listed in JSON / CSV), all or nothing; named after the folder unless `name` is given;
    // `modelName` for ads that do not say which model made them (default: the folder's name).
    Q_INVOKABLE qint64 importFolder(const QString& pathOrUrl, const QString& name = {},
                                    const QString& modelName = {});
    Q_INVOKABLE bool renameBatch(qint64 batchId, const QString& name);
    // Deletes the batch, its items and their verdicts.
    Q_INVOKABLE bool deleteBatch(qint64 batchId);

    // All batches, newest first.
    QList<ReviewBatchSummary> batches() const;
    std::optional<ReviewBatchSummary> batch(qint64 batchId) const;
    int batchCount() const;
    // The batch's items by position, without pictures.
    QList<ReviewItem> items(qint64 batchId) const;
    // One item, with its pictures' PNG bytes when `withPictures`.
    std::optional<ReviewItem> item(qint64 itemId, bool withPictures = false) const;
    // One item's picture, scaled down to fit `maxSide` when that is positive; a null image when
    // there is no such item. Safe to call from any thread.
    QImage thumbnail(qint64 itemId, int maxSide = 0, Picture picture = Picture::Fusion) const;

    // --- Verdicts (each call committed before it returns) ---
    // Sets `reviewer`'s decision on one criterion of an item. A null `note` keeps the verdict's
    // note (a new verdict gets none); any other text replaces it ("" clears it).
    bool setVerdict(qint64 itemId, const QString& reviewer, ReviewCriterion criterion,
                    ReviewDecision decision, const QString& note = QString());
    // The same decision on one criterion of several items (a selection), in one transaction.
    bool setVerdicts(const QList<qint64>& itemIds, const QString& reviewer,
                     ReviewCriterion criterion, ReviewDecision decision);
    // Several criteria of one item at once (e.g. accept all: every criterion pass), in one
    // transaction; notes kept.
    bool setItemVerdicts(qint64 itemId, const QString& reviewer,
                         const QList<QPair<ReviewCriterion, ReviewDecision>>& decisions);
    bool acceptAll(qint64 itemId, const QString& reviewer);
    // The note of an existing verdict.
    bool setNote(qint64 itemId, const QString& reviewer, ReviewCriterion criterion,
                 const QString& note);
    // Removes the reviewer's verdict on one criterion (no verdict there is not an error).
    bool clearVerdict(qint64 itemId, const QString& reviewer, ReviewCriterion criterion);
    // Removes all of the reviewer's verdicts on the item.
    bool clearItemVerdicts(qint64 itemId, const QString& reviewer);

    // The item's verdicts by the reviewer (all reviewers when empty), by reviewer and criterion.
    QList<ReviewVerdict> verdicts(qint64 itemId, const QString& reviewer = {}) const;
    // The reviewer's overall decision on the item (review_verdict.h: overallDecision).
    ReviewOverall overall(qint64 itemId, const QString& reviewer) const;
    // The reviewers with verdicts in the batch (all batches when -1), by name.
    QStringList reviewers(qint64 batchId = -1) const;
    // The items (without pictures) and all verdicts of the given batches (all when empty), for
    // statistics and exports.
    ReviewData reviewData(const QList<qint64>& batchIds = {}) const;

    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void openChanged();
    // Batches were created, renamed or deleted.
    void batchesChanged();
    // Verdicts of `reviewer` on these items of the batch were set, changed or cleared.
    void verdictsChanged(qint64 batchId, const QList<qint64>& itemIds, const QString& reviewer);
    void errorChanged();

private:
    // The review tables of a new file (in the schema's transaction).
    void createTables();
    // Inserts or updates one verdict inside the current transaction; a null note keeps the old one.
    void upsertVerdict(qint64 itemId, const QString& reviewer, ReviewCriterion criterion,
                       ReviewDecision decision, const QString& note, const QString& time);
    qint64 batchOfItem(qint64 itemId) const;
    // The trimmed reviewer name; throws when blank.
    QString reviewerName(const QString& reviewer) const;
    // After a verdict write: verdictsChanged per batch of the items.
    void announceVerdicts(const QList<qint64>& itemIds, const QString& reviewer);
    // Runs `write` in a transaction; true when it committed. Errors (adgen::Error) roll back and
    // become `error`/`errorFix`.
    template <typename Write>
    bool transaction(const Write& write);
    // Sets `error` from `failure`, or clears it; true when there was none.
    bool settle(const std::optional<adgen::Error>& failure);
    bool requireOpen();
    void setError(const QString& problem, const QString& fix);

    StudioDatabase database_;
    QString error_;
    QString errorFix_;
};
