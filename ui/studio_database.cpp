#include "studio_database.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QThread>

#include <atomic>
#include <optional>

#include "adgen/error.h"
#include "sql_statement.h"

namespace {

[[noreturn]] void fail(const QString& problem, const QString& fix) {
    throw adgen::Error(problem.toStdString(), fix.toStdString());
}

}  // namespace

StudioDatabase::StudioDatabase(QString component, int schemaVersion, QString connectionPrefix,
                               StudioDatabaseTexts texts)
    : component_(std::move(component)),
      schemaVersion_(schemaVersion),
      connectionPrefix_(std::move(connectionPrefix)),
      texts_(std::move(texts)) {}

StudioDatabase::~StudioDatabase() {
    close();
}

// Each store (and each read on another thread) needs its own Qt SQL connection name.
QString StudioDatabase::uniqueConnectionName(const char* what) const {
    static std::atomic<quint64> counter{0};
    return QStringLiteral("%1-%2-%3").arg(connectionPrefix_, QLatin1String(what)).arg(++counter);
}

QSqlDatabase StudioDatabase::connection() const {
    return QSqlDatabase::database(connectionName_, false);
}

void StudioDatabase::open(const QString& path, const std::function<void()>& createTables,
                          const std::function<void()>& afterSchema, bool durableCommits) {
    close();
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        fail(texts_.driverMissing,
             tr("Install the package libqt6sql6-sqlite (scripts/setup does)."));
    const QString absolute = QFileInfo(path).absoluteFilePath();
    if (!QDir().mkpath(QFileInfo(absolute).absolutePath()))
        fail(texts_.folderUncreatable.arg(absolute),
             tr("Check that you may write to %1.").arg(QFileInfo(absolute).absolutePath()));
    const QString name = uniqueConnectionName("main");
    std::optional<adgen::Error> failure;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(absolute);
        // The other stores (their own connections) or a thumbnail reader may hold the write lock
        // for a moment.
        db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
        if (!db.open()) {
            failure.emplace(
                texts_.cannotOpen.arg(absolute, db.lastError().text()).toStdString(),
                tr("Check that the file and its folder may be read and written.").toStdString());
        } else {
            connectionName_ = name;
            path_ = absolute;
            try {
                setUp(durableCommits, createTables, afterSchema);
            } catch (const adgen::Error& e) {
                failure.emplace(texts_.unusable.arg(absolute, QString::fromStdString(e.problem()))
                                    .toStdString(),
                                e.fix());
                connectionName_.clear();
                path_.clear();
                db.close();
            }
        }
    }
    if (failure) {
        QSqlDatabase::removeDatabase(name);
        throw *failure;
    }
}

void StudioDatabase::setUp(bool durableCommits, const std::function<void()>& createTables,
                           const std::function<void()>& afterSchema) {
    // The first statement reads the file: a file that is not a database fails here.
    QString mode;
    {
        // Scoped: a statement with a pending row would block the schema's commit.
        QSqlQuery query =
            SqlStatement(*this, QStringLiteral("PRAGMA journal_mode=WAL"), tr("switch to WAL mode"))
                .run();
        if (query.next())
            mode = query.value(0).toString();
    }
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        qWarning(texts_.notWal, qPrintable(path_));
    // FULL: in WAL mode every commit syncs the log, so a write whose call returned survives a
    // power cut too, not only a killed studio (NORMAL would be enough there).
    if (durableCommits)
        SqlStatement(*this, QStringLiteral("PRAGMA synchronous=FULL"), tr("make commits durable"))
            .run();
    SqlStatement(*this, QStringLiteral("PRAGMA foreign_keys=ON"), tr("turn on foreign keys")).run();
    createSchema(createTables);
    if (afterSchema)
        afterSchema();
}

void StudioDatabase::createSchema(const std::function<void()>& createTables) {
    QSqlDatabase db = connection();
    if (!db.transaction())
        fail(texts_.schemaCannotStart, tr("Try again."));
    try {
        // One version per component, so the stores sharing the file change their tables on
        // their own schedule.
        SqlStatement(*this,
                     QStringLiteral("CREATE TABLE IF NOT EXISTS schema_versions "
                                    "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)"),
                     tr("create its version table"))
            .run();
        std::optional<int> found;
        {
            // Scoped: an unfinished SELECT would keep the commit below from happening.
            QSqlQuery version =
                SqlStatement(
                    *this,
                    QStringLiteral("SELECT version FROM schema_versions WHERE component = ?"),
                    tr("read its version"))
                    .bind(component_)
                    .run();
            if (version.next())
                found = version.value(0).toInt();
        }
        if (found) {
            // A file written by a newer studio is refused, not damaged.
            if (*found > schemaVersion_)
                fail(texts_.newerSchema.arg(*found).arg(schemaVersion_), texts_.newerSchemaFix);
        } else {
            createTables();
            SqlStatement(
                *this,
                QStringLiteral("INSERT INTO schema_versions (component, version) VALUES (?, ?)"),
                tr("record its version"))
                .bind(component_)
                .bind(schemaVersion_)
                .run();
        }
    } catch (...) {
        db.rollback();
        throw;
    }
    if (!db.commit())
        fail(texts_.schemaCannotSave.arg(db.lastError().text()),
             tr("Check that the disk is not full and that the file may be written."));
}

void StudioDatabase::close() {
    if (connectionName_.isEmpty())
        return;
    const QString name = connectionName_;
    {
        QSqlDatabase db = connection();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    connectionName_.clear();
    path_.clear();
}

void StudioDatabase::transaction(const std::function<void()>& write) const {
    QSqlDatabase db = connection();
    if (!db.transaction())
        fail(texts_.changeCannotStart.arg(path_, db.lastError().text()),
             tr("Another program may be writing to it; try again."));
    try {
        write();
        if (!db.commit())
            fail(texts_.changeCannotSave.arg(path_, db.lastError().text()),
                 tr("Check that the disk is not full and that the file may be written."));
    } catch (...) {
        db.rollback();
        throw;
    }
}

QByteArray StudioDatabase::readFromAnyThread(
    const QThread* owner, const std::function<QByteArray(const QSqlDatabase&)>& read) const {
    if (QThread::currentThread() == owner)
        return isOpen() ? read(connection()) : QByteArray();
    const QString file = path_;
    if (file.isEmpty())
        return {};
    QByteArray bytes;
    const QString name = uniqueConnectionName("reader");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(file);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"));
        if (db.open())
            bytes = read(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return bytes;
}

std::optional<adgen::Error> failureOf(const std::function<void()>& step) {
    try {
        step();
    } catch (const adgen::Error& e) {
        return e;
    }
    return std::nullopt;
}
