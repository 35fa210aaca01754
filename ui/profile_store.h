#pragma once

#include <QList>
#include <QObject>
#include <QString>

#include <optional>

#include "profile_click.h"
#include "profile_summary.h"
#include "studio_database.h"

// The shopper profile library: profiles (name, notes) and their ordered clicks (title, picture),
// in an SQLite file through Qt SQL. The pictures' bytes are stored (PNG, scaled down to
// kMaxClickImageSide) so a profile survives its source files moving or disappearing.
//
// Every write runs in one transaction: it happens completely or not at all (an import whose
// tenth picture is unreadable adds nothing). Failures return false / -1 and set `error` and
// `errorFix`, naming the problem and what to do; success clears them. `changed` follows every
// successful write, for the list models.
//
// The database is opened in WAL mode, so a reader (a thumbnail for the list) never waits for a
// writer. It belongs to this object's thread, except thumbnail(), which any thread may call (a
// QML image provider runs on its own).
// Not `final`: the QML type registration derives from it (QQmlPrivate::QQmlElement).
class ProfileStore : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProfileStore)
    Q_PROPERTY(bool isOpen READ isOpen NOTIFY openChanged)
    Q_PROPERTY(QString databasePath READ databasePath NOTIFY openChanged)
    Q_PROPERTY(int profileCount READ profileCount NOTIFY changed)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    // The version of the profile tables this code reads and writes (table schema_versions,
    // component "profiles"). A library written by a newer studio is refused, not damaged.
    static constexpr int kSchemaVersion = 1;

    explicit ProfileStore(QObject* parent = nullptr);
    ~ProfileStore() override;

    // Where the studio keeps its library: QStandardPaths::AppDataLocation + "/studio.sqlite".
    static QString defaultDatabasePath();

    // Opens (or creates, with its folder) the library at `path`; a library already open is
    // closed first. False, with `error` set, when the file cannot be opened or is not a library.
    Q_INVOKABLE bool open(const QString& path);
    void close();
    bool isOpen() const { return database_.isOpen(); }
    QString databasePath() const { return database_.path(); }

    // --- Profiles ---
    // A new empty profile; its id, or -1. The name is trimmed and may not be blank.
    Q_INVOKABLE qint64 createProfile(const QString& name, const QString& notes = {});
    Q_INVOKABLE bool renameProfile(qint64 profileId, const QString& name);
    Q_INVOKABLE bool setNotes(qint64 profileId, const QString& notes);
    // Deletes the profile and its clicks.
    Q_INVOKABLE bool deleteProfile(qint64 profileId);
    // Replaces the profile's clicks by `clicks`, in this order (their `id`s are ignored: the
    // clicks get new ids). Every click needs a title and a picture.
    bool setClicks(qint64 profileId, const QList<ProfileClick>& clicks);

    // All profiles, by name (case-insensitive), with their click counts.
    QList<ProfileSummary> profiles() const;
    // The profiles whose name, notes or any click title contain `query` (case-insensitive, any
    // script; surrounding white space ignored). An empty query gives all profiles.
    QList<ProfileSummary> search(const QString& query) const;
    std::optional<ProfileSummary> profile(qint64 profileId) const;
    int profileCount() const;
    // The profile's clicks in order, pictures decoded (Format_RGBA8888).
    QList<ProfileClick> clicks(qint64 profileId) const;
    // One click's picture (as stored: longer side at most kMaxClickImageSide), scaled down to fit
    // `maxSide` when that is positive; a null image when there is no such click. Safe to call from
    // any thread.
    QImage thumbnail(qint64 clickId, int maxSide = 0) const;

    // --- Imports ---
    // One profile per distinct click history of a PAd1M JSON file (records with the same
    // history are one shopper), named "<file name> #<record>" after the first record that has
    // it, the notes saying where it came from. Returns the number of profiles added, -1 on
    // failure (nothing added).
    Q_INVOKABLE int importPad1m(const QString& pathOrUrl);
    // A shopper history file (both JSON forms of `adgen personalize --history`) as a new profile,
    // named `name` or else after the file. Returns its id, or -1 (nothing added).
    Q_INVOKABLE qint64 importShopperHistory(const QString& pathOrUrl, const QString& name = {});
    // The sample shoppers of `folder`/samples.json (resources/samples), named by their id with
    // their taste as notes, when the library has no profiles and has never been seeded: a user
    // who deleted the samples does not get them back. Returns the number added (0 when not
    // seeded), -1 on failure.
    Q_INVOKABLE int seedFromSamples(const QString& folder);

    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void openChanged();
    // Profiles were added, deleted, renamed or edited (names, notes or clicks).
    void changed();
    // One profile's name, notes or clicks changed (not emitted for a deletion).
    void profileChanged(qint64 profileId);
    void errorChanged();

private:
    // The profile tables of a new library (in the schema's transaction).
    void createTables();
    qint64 insertProfile(const QString& name, const QString& notes);
    void insertClicks(qint64 profileId, const QList<ProfileClick>& clicks);
    void touch(qint64 profileId);
    bool updateProfileText(qint64 profileId, const char* column, const QString& value);
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
