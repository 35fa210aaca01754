#pragma once

#include <QImage>
#include <QList>
#include <QObject>
#include <QString>

#include <optional>

#include "generation_recipe.h"
#include "generation_summary.h"
#include "saved_generation.h"
#include "studio_database.h"


// The generation history: every generation the studio runs, its recipe and each variant's copy,
// seed, state and pictures (raw and fusion, as PNG), in the studio's SQLite file next to the
// profile library (its own tables and its own row in schema_versions).
//
// Nothing a generation made is lost to a crash: the generation's row is written when it starts,
// and each variant is committed in its own transaction the moment it finishes. Generations still
// marked running when the file is opened were cut short (the studio was killed or crashed):
// open() marks them interrupted, with every variant saved before that.
//
// Writes are all-or-nothing. Failures return false / -1 / nothing and set `error` and
// `errorFix`, naming the problem and what to do; success clears them. `changed` follows every
// successful write, for the list model.
//
// WAL mode: readers (the history list, a thumbnail) never wait for the writer. The store belongs
// to its thread, except thumbnail(), which any thread may call (a QML image provider runs on its own).
// Not `final`: the QML type registration derives from it (QQmlPrivate::QQmlElement).
class GenerationHistoryStore : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GenerationHistoryStore)
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY openChanged)
    Q_PROPERTY(QString databasePath READ databasePath NOTIFY openChanged)
    Q_PROPERTY(int generationCount READ generationCount NOTIFY changed)
    Q_PROPERTY(int interruptedAtOpen READ interruptedAtOpen NOTIFY openChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    // The version of the history tables this code reads and writes (table schema_versions,
    // component "generations"). A history written by a newer studio is refused, not damaged.
    static constexpr int kSchemaVersion = 1;

    // Which of a variant's pictures.
    enum class Picture {
        Raw,     // the generated image
        Fusion,  // the product composited back (the ad); the raw image when there is none
    };

    explicit GenerationHistoryStore(QObject* parent = nullptr);
    ~GenerationHistoryStore() override;

    // Opens (or creates, with its folder) the history in the studio file at `path` (the profile
    // library's file: ProfileStore::defaultDatabasePath()); a history already open is closed
    // first. Generations left running become interrupted. False, with `error` set, when the file
    // cannot be opened or is not a studio database.
    Q_INVOKABLE bool open(const QString& path);
    void close();
    bool isOpen() const { return database_.isOpen(); }
    QString databasePath() const { return database_.path(); }
    // How many generations open() found cut short (0 when none, or nothing is open).
    int interruptedAtOpen() const { return interruptedAtOpen_; }

    // --- Recording a generation, as it runs ---
    // A new generation in state running, from its recipe as it starts; its id, or -1.
    qint64 startGeneration(const GenerationRecipe& recipe);
    // Saves (or replaces) variant `number` (1-based) of the generation in one transaction.
    // `state` is "done", "cancelled", "failed" or "running"; null images are stored as none.
    // With `recipeSoFar`, the generation's recipe is updated in the same transaction (the history
    // used and the other variants' copy), so an interrupted generation keeps what was known.
    bool saveVariant(qint64 generationId, int number, quint64 seed, const QString& title, const QString& state,
                     const QImage& image, const QImage& fusionImage, const GenerationRecipe* recipeSoFar = nullptr);
    // The generation ended: its final recipe (every variant's copy and state) replaces the one
    // saved, variants not saved yet (cancelled, failed) get a row with their copy and no
    // pictures, saved ones take the recipe's copy and state, and the generation is finished.
    bool finishGeneration(qint64 generationId, const GenerationRecipe& recipe);

    // --- Reading ---
    // All generations, newest first.
    QList<GenerationSummary> generations() const;
    // The generations whose product, shopper or any variant's copy contain `query`
    // (case-insensitive, any script; surrounding white space ignored), newest first; only
    // starred ones with `starredOnly`. An empty query gives all of them.
    QList<GenerationSummary> search(const QString& query, bool starredOnly = false) const;
    std::optional<GenerationSummary> generation(qint64 generationId) const;
    int generationCount() const;
    // One generation with its recipe and its saved variants' pictures; nothing (and `error`)
    // when there is no such generation or its recipe cannot be read.
    std::optional<SavedGeneration> load(qint64 generationId);
    // One variant's picture, scaled down to fit `maxSide` when that is positive; a null image
    // when there is no such variant or it has no picture. Safe to call from any thread.
    QImage thumbnail(qint64 variantId, int maxSide = 0, Picture picture = Picture::Fusion) const;

    // --- Editing ---
    Q_INVOKABLE bool setStarred(qint64 generationId, bool starred);
    // Deletes the generation and its variants. A running generation cannot be deleted.
    Q_INVOKABLE bool deleteGeneration(qint64 generationId);

    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void openChanged();
    // Generations were added, finished, starred or deleted, or a variant was saved.
    void changed();
    // One generation's row or variants changed (not emitted for a deletion).
    void generationChanged(qint64 generationId);
    void errorChanged();

private:
    // The generation tables of a new file (in the schema's transaction).
    void createTables();
    int markInterrupted();
    void updateRecipe(qint64 generationId, const GenerationRecipe& recipe, const char* state);
    QList<GenerationSummary> summaries(qint64 onlyId) const;
    // Runs `write` in a transaction; true when it committed. Errors (adgen::Error) roll back and
    // become `error`/`errorFix`.
    template <typename Write>
    bool transaction(const Write& write);
    // Sets `error` from `failure`, or clears it; true when there was none.
    bool settle(const std::optional<adgen::Error>& failure);
    bool requireOpen();
    void setError(const QString& problem, const QString& fix);

    StudioDatabase database_;
    int interruptedAtOpen_ = 0;
    QString error_;
    QString errorFix_;
};
