#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

#include <functional>
#include <optional>

#include "adgen/error.h"

// Qt SQL stays out of the stores' headers: adgen_ui links it privately.
class QSqlDatabase;
class QThread;

// What a store's database errors say, translated in the store's own context (its tr()), so the
// profile library, the generation history and the review store keep their own words.
struct StudioDatabaseTexts {
    QString driverMissing;      // Qt's SQLite driver is not installed
    QString folderUncreatable;  // %1: the file whose folder cannot be made
    QString cannotOpen;         // %1: the file, %2: SQLite's error
    QString unusable;           // %1: the file, %2: why (the problem that stopped the opening)
    const char* notWal;         // qWarning format; %s: the file
    QString statementFailed;    // %1: what was being done, %2: SQLite's error
    QString statementFix;
    QString schemaCannotStart;  // the schema's transaction did not start
    QString newerSchema;        // %1: the file's table version, %2: this code's
    QString newerSchemaFix;
    QString schemaCannotSave;   // %1: SQLite's error
    QString changeCannotStart;  // %1: the file, %2: SQLite's error
    QString changeCannotSave;   // %1: the file, %2: SQLite's error
};

// One store's tables in the studio's SQLite file (profiles, generations, review: one file, a
// connection each). Owns the plumbing the stores share: opening in WAL mode with foreign keys,
// the per-component schema version, transactions, and reads from other threads. Failures throw
// adgen::Error with the store's texts; the store turns them into its `error`/`errorFix`.
class StudioDatabase {
    // The texts every store shares (statement descriptions, fixes) have one context.
    Q_DECLARE_TR_FUNCTIONS(StudioDatabase)

public:
    // `component` names the store's row in schema_versions; `connectionPrefix` its Qt SQL
    // connection names (each connection needs its own).
    StudioDatabase(QString component, int schemaVersion, QString connectionPrefix,
                   StudioDatabaseTexts texts);
    ~StudioDatabase();
    StudioDatabase(const StudioDatabase&) = delete;
    StudioDatabase& operator=(const StudioDatabase&) = delete;

    // Opens (or creates, with its folder) the file at `path`, closing any open one first.
    // `createTables` runs in the schema's transaction when the file has no version row for the
    // component (a new file, or one written by the other stores only); `afterSchema`, when set,
    // runs before the opening counts as done (a failure there refuses the file too).
    // `durableCommits`: every commit also syncs in WAL mode (PRAGMA synchronous=FULL).
    // Throws adgen::Error; the database is closed then.
    void open(const QString& path, const std::function<void()>& createTables,
              const std::function<void()>& afterSchema = {}, bool durableCommits = false);
    void close();
    bool isOpen() const { return !connectionName_.isEmpty(); }
    // The absolute path of the open file; empty when closed.
    QString path() const { return path_; }
    QSqlDatabase connection() const;
    const StudioDatabaseTexts& texts() const { return texts_; }

    // Runs `write` in one transaction: it commits completely or rolls back and rethrows.
    void transaction(const std::function<void()>& write) const;

    // `read` on this connection when called on `owner` (the thread that opened it); on any other
    // thread on a short-lived read-only connection of its own, since Qt SQL connections belong to
    // the thread that made them (WAL: it never waits for the writer). Empty when closed.
    QByteArray readFromAnyThread(const QThread* owner,
                                 const std::function<QByteArray(const QSqlDatabase&)>& read) const;

private:
    QString uniqueConnectionName(const char* what) const;
    void setUp(bool durableCommits, const std::function<void()>& createTables,
               const std::function<void()>& afterSchema);
    void createSchema(const std::function<void()>& createTables);

    QString component_;
    int schemaVersion_;
    QString connectionPrefix_;
    StudioDatabaseTexts texts_;
    QString connectionName_;
    QString path_;
};

// Runs `step`; the adgen::Error it threw, or nothing when it succeeded. The stores turn the
// answer into their `error`/`errorFix` in one place.
std::optional<adgen::Error> failureOf(const std::function<void()>& step);
